package main

import (
	"os"
	"path/filepath"

	"github.com/nvmgo/nvmgo/internal/fsx"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/shims"
)

// shimSource is the binary the shims run: nvmgo-shim beside this executable
// when it was installed (smaller, starts faster), else nvmgo itself.
func shimSource(goos string) (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	if r, err := filepath.EvalSymlinks(self); err == nil {
		self = r
	}
	if small := filepath.Join(filepath.Dir(self), shims.ExeName(goos, "nvmgo-shim")); small != self {
		if fi, err := os.Stat(small); err == nil && fi.Mode().IsRegular() {
			return small, nil
		}
	}
	return self, nil
}

// recordSelf writes this binary's path where shims find it for auto-install.
func recordSelf(h store.Home) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	if r, err := filepath.EvalSymlinks(self); err == nil {
		self = r
	}
	path := filepath.Join(h.SelfDir(), "nvmgo.path")
	if b, err := os.ReadFile(path); err == nil && string(b) == self+"\n" {
		return nil // unchanged: a read-only home stays usable
	}
	return fsx.WriteFile(path, []byte(self+"\n"), 0o644)
}
