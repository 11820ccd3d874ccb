package shims

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/nvmgo/nvmgo/internal/store"
)

// BenchmarkResolve is the shim's resolution in process, in the folders
// bench-shim times end to end: plain (the default alias), ten levels below
// a package.json and an .nvmrc, and there with engines.node beside it (a
// range checked against the pin). A whole shim run adds exec and start-up.
func BenchmarkResolve(b *testing.B) {
	if runtime.GOOS == "windows" {
		b.Skip("unix layout")
	}
	root := b.TempDir()
	h := store.Home{Root: filepath.Join(root, "home")}
	for _, v := range []string{"v18.20.8", "v20.18.1", "v22.12.0"} {
		dir := h.VersionDir(v)
		if err := os.MkdirAll(filepath.Join(dir, "bin"), 0o755); err != nil {
			b.Fatal(err)
		}
		// a version counts only with a regular, non-empty, executable bin/node
		if err := os.WriteFile(filepath.Join(dir, "bin", "node"), []byte("#!/bin/sh\n"), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := store.WriteMeta(dir, store.Meta{Version: v}); err != nil {
			b.Fatal(err)
		}
	}
	if err := h.WriteAlias(store.DefaultAlias, "22"); err != nil {
		b.Fatal(err)
	}
	proj := filepath.Join(root, "proj")
	deep := filepath.Join(proj, strings.Repeat("level/", 10))
	ranged := filepath.Join(proj, strings.Repeat("level/", 9), "ranged")
	for p, data := range map[string]string{
		filepath.Join(proj, ".nvmrc"):         "22.12.0\n",
		filepath.Join(proj, "package.json"):   `{"name":"x","engines":{"node":">=18"}}`,
		filepath.Join(deep, ".keep"):          "",
		filepath.Join(ranged, "package.json"): `{"name":"k","engines":{"node":">=18"}}`,
		filepath.Join(root, "plain", ".keep"): "",
	} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	getenv := func(string) string { return "" }
	for _, bc := range []struct{ name, cwd string }{
		{"plain", filepath.Join(root, "plain")}, {"nvmrc-10-up", deep}, {"engines-below", ranged},
	} {
		b.Run(bc.name, func(b *testing.B) {
			e := Env{Getenv: getenv, Cwd: bc.cwd, Home: h, GOOS: runtime.GOOS}
			for b.Loop() {
				if sel, err := Resolve(e); err != nil || sel.Version != "v22.12.0" {
					b.Fatal(sel.Version, err)
				}
			}
		})
	}
}
