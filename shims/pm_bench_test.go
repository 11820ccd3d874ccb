package shims

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/nvmgo/nvmgo/internal/store"
)

// pmBenchHome is a home with node v20.18.1 (the default) and pnpm 9.15.0
// and 12.25.1 (with a native binary) installed, and a project that pins
// pnpm@ver ten levels above cwd when deep, else beside it.
func pmBenchHome(b *testing.B, ver string, deep bool) Env {
	b.Helper()
	root := b.TempDir()
	h := store.Home{Root: filepath.Join(root, "home")}
	node := h.VersionDir("v20.18.1")
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(node, "bin"), 0o755))
	must(os.WriteFile(filepath.Join(node, "bin", "node"), []byte("#!/bin/sh\n"), 0o755))
	must(store.WriteMeta(node, store.Meta{Version: "v20.18.1"}))
	must(h.WriteAlias(store.DefaultAlias, "v20.18.1"))
	for _, v := range []string{"9.15.0", "12.25.1"} {
		dir := h.PMVersionDir("pnpm", v)
		must(os.MkdirAll(filepath.Join(dir, "bin"), 0o755))
		m := store.PMMeta{Name: "pnpm", Version: v, Hash: "sha512.00",
			Hashes: map[string]string{"sha1": "00", "sha224": "00", "sha256": "00", "sha384": "00", "sha512": "00"},
			Bin:    map[string]string{"pnpm": "bin/pnpm.cjs", "pnpx": "bin/pnpx.cjs"}}
		if v == "12.25.1" {
			m.Native = "pnpm-native"
			must(os.WriteFile(filepath.Join(dir, "pnpm-native"), []byte("#!/bin/sh\n"), 0o755))
		}
		must(store.WritePMMeta(dir, m))
	}
	proj := filepath.Join(root, "proj")
	cwd := proj
	if deep {
		cwd = filepath.Join(proj, strings.Repeat("level/", 10))
	}
	must(os.MkdirAll(cwd, 0o755))
	must(os.WriteFile(filepath.Join(proj, "package.json"), []byte(`{"name":"x","packageManager":"pnpm@`+ver+`"}`), 0o644))
	return Env{Getenv: func(string) string { return "" }, Cwd: cwd, Home: h, GOOS: runtime.GOOS}
}

// BenchmarkPMShim is a pm shim's whole run in process, up to the exec:
// the node resolution, the walk to the package.json that pins pnpm, the
// installed version's metadata and the command (bench-pm times whole
// runs, with process start and exec).
func BenchmarkPMShim(b *testing.B) {
	if runtime.GOOS == "windows" {
		b.Skip("unix layout")
	}
	for _, bc := range []struct {
		name, ver string
		deep      bool
	}{{"script-beside", "9.15.0", false}, {"native-beside", "12.25.1", false}, {"native-10-up", "12.25.1", true}} {
		b.Run(bc.name, func(b *testing.B) {
			e := pmBenchHome(b, bc.ver, bc.deep)
			for b.Loop() {
				sel, err := Resolve(e)
				if err != nil {
					b.Fatal(err)
				}
				cmd, code, err := command(e, sel, "pnpm", []string{"--version"}, io.Discard)
				if err != nil || code != 0 || !strings.Contains(cmd.Path, filepath.Join("pnpm", bc.ver)) && !strings.HasSuffix(cmd.Path, "node") {
					b.Fatal(cmd, code, err)
				}
			}
		})
	}
}
