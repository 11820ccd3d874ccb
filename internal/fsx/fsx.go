// Package fsx replaces files so that a reader, or a crash, finds the old
// content or the new one, never a part of it.
package fsx

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// WriteFile replaces path with data (see WriteTemp), renames it into place
// and syncs the folder, so the new name survives a crash too. A symlink at
// path is replaced, never written through.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	tmp, err := WriteTemp(path, data, perm)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	SyncDir(filepath.Dir(path))
	return nil
}

// WriteTemp writes data to a new file beside path, with perm, synced to the
// disk, and returns its name for the caller to rename into place (or
// remove). The name is fresh and opened with O_EXCL (os.CreateTemp), so a
// file or link planted there is refused, never written through; beside
// path, so the rename stays on one file system; with a leading dot, so
// listings of the folder pass over a leftover.
func WriteTemp(path string, data []byte, perm fs.FileMode) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".nvmgo-*")
	if err != nil {
		return "", err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(perm)
	}
	if err == nil {
		// Without it a crash soon after the rename can leave path empty.
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return "", err
	}
	return tmp, nil
}

// SyncDir makes the renames in dir durable. It is best effort: the rename
// has happened either way, and some file systems refuse to sync a folder.
// Windows has no folder sync (NTFS journals the rename).
func SyncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
