package shims

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/nvmgo/nvmgo/internal/store"
)

// BenchmarkPMPinned is what a pm shim does beyond the node resolution
// (BenchmarkResolve): the walk to the nearest package.json that pins a
// package manager, here ten levels up, and the installed version's
// metadata. bench-pm times whole runs.
func BenchmarkPMPinned(b *testing.B) {
	if runtime.GOOS == "windows" {
		b.Skip("unix layout")
	}
	root := b.TempDir()
	h := store.Home{Root: filepath.Join(root, "home")}
	dir := h.PMVersionDir("pnpm", "9.15.0")
	if err := os.MkdirAll(filepath.Join(dir, "bin"), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := store.WritePMMeta(dir, store.PMMeta{Name: "pnpm", Version: "9.15.0", Hash: "sha512.00",
		Bin: map[string]string{"pnpm": "bin/pnpm.cjs", "pnpx": "bin/pnpx.cjs"}}); err != nil {
		b.Fatal(err)
	}
	proj := filepath.Join(root, "proj")
	deep := filepath.Join(proj, strings.Repeat("level/", 10))
	if err := os.MkdirAll(deep, 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(proj, "package.json"), []byte(`{"name":"x","packageManager":"pnpm@9.15.0"}`), 0o644); err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct{ name, cwd string }{{"beside", proj}, {"10-up", deep}} {
		b.Run(bc.name, func(b *testing.B) {
			e := Env{Getenv: func(string) string { return "" }, Cwd: bc.cwd, Home: h, GOOS: runtime.GOOS}
			for b.Loop() {
				if run, ok, err := PMPinned(e, "pnpm", nil, nil); err != nil || !ok || run.Dir != dir {
					b.Fatal(run, ok, err)
				}
			}
		})
	}
}
