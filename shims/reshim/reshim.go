// Package reshim writes what the shims read: the shim binary, the shims
// folder and the package manager defaults. Only nvmgo imports it, so the
// shim binary (cmd/nvmgo-shim) links none of it; the shim itself only
// relinks (shims.Relink) after a global install.
package reshim

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"

	"github.com/nvmgo/nvmgo/internal/fsx"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/shims"
)

// Reshim installs src as the shim binary ("" keeps the current one), then
// makes the shims folder hold exactly one shim per command (shims.Relink).
func Reshim(h store.Home, goos, src string) (added, removed []string, err error) {
	target := shims.ShimBinary(h, goos)
	if err := store.MkdirPrivate(filepath.Dir(target)); err != nil {
		return nil, nil, err
	}
	if src != "" {
		if err := installBinary(src, target); err != nil {
			return nil, nil, err
		}
	}
	return shims.Relink(h, goos, src != "")
}

// installBinary copies src to dst when their contents differ.
func installBinary(src, dst string) error {
	a, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if b, err := os.ReadFile(dst); err == nil && bytes.Equal(a, b) {
		return nil
	}
	tmp, err := fsx.WriteTemp(dst, a, 0o755)
	if err != nil {
		return err
	}
	if runtime.GOOS == "windows" {
		// A running .exe cannot be replaced, but it can be renamed away. On
		// unix the rename below replaces dst atomically, so a shim started
		// meanwhile never finds it missing.
		if _, err := os.Stat(dst); err == nil {
			old := dst + ".old"
			os.Remove(old)
			_ = os.Rename(dst, old)
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return err
	}
	fsx.SyncDir(filepath.Dir(dst))
	return nil
}
