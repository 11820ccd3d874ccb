package staging

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/store"
)

// Remove takes an installed (or broken) version out of versions/ in one
// rename under its lock, so nothing half-removed is ever visible there,
// then deletes it from tmp/. A link there is moved and deleted itself;
// what it points at is never touched. A version already gone is no error
// (another uninstall won the race). Waiting for the lock ends when ctx
// does (Ctrl-C), with nothing moved.
func Remove(ctx context.Context, h store.Home, ver string) error {
	// Its lock and the folder set aside go into the home too: nothing is
	// written into a home another user can change, as for install.
	if err := h.Check(); err != nil {
		return h.Untrusted(err, "removed")
	}
	aside, err := moveAside(ctx, h, ver, h.VersionDir(ver), func(err error) error {
		if errors.Is(err, syscall.EROFS) || errors.Is(err, os.ErrPermission) {
			return hint.With(fmt.Errorf("remove %s: %w", ver, err), h.Root+" is not writable; fix its permissions or point NVMGO_HOME at a writable folder")
		}
		return hint.With(fmt.Errorf("remove %s: %w", ver, err), "a running node of this version may hold it open; stop it and try again")
	})
	if err != nil {
		return err
	}
	if aside == "" {
		return nil
	}
	if err := os.RemoveAll(aside); err != nil {
		return fmt.Errorf("remove %s: moved out of versions/ but not deleted (%s): %w", ver, aside, err)
	}
	return nil
}

// RemovePM takes one package manager version out of pm/ the way Remove
// does a node version.
func RemovePM(ctx context.Context, h store.Home, name, version string) error {
	aside, err := moveAside(ctx, h, store.PMKey(name, version), h.PMVersionDir(name, version), func(err error) error { return err })
	if err != nil || aside == "" {
		return err
	}
	return os.RemoveAll(aside)
}

// moveAside renames dir to a KEY-removing-DIGITS folder in tmp/ under the
// lock of key, and returns where it went; "" when dir is not there.
// explain words a failed rename.
func moveAside(ctx context.Context, h store.Home, key, dir string, explain func(error) error) (string, error) {
	for _, d := range []string{h.LocksDir(), h.TmpDir()} {
		if err := store.MkdirPrivate(d); err != nil {
			return "", err
		}
	}
	lock := lockOf(h, key)
	if _, err := lock.TryLockContext(ctx, 50*time.Millisecond); err != nil {
		return "", err
	}
	defer lock.Unlock()
	aside := h.Aside(key, store.Removing)
	if err := os.Rename(dir, aside); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", nil
		}
		return "", explain(err)
	}
	return aside, nil
}

// SetAside moves installed version ver out of versions/ under its lock,
// waiting for the lock as long as ctx allows, into a tmp/ folder no sweep
// touches; the caller puts it back or deletes it. It returns "" when ver
// is not installed.
func SetAside(ctx context.Context, h store.Home, ver string) (string, error) {
	dir := h.VersionDir(ver)
	if _, err := os.Lstat(dir); errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err := store.MkdirPrivate(h.LocksDir()); err != nil {
		return "", h.WriteErr(err)
	}
	lock := lockOf(h, ver)
	if _, err := lock.TryLockContext(ctx, 50*time.Millisecond); err != nil {
		return "", err
	}
	defer lock.Unlock()
	aside := h.ReinstallAside(ver)
	if err := store.MkdirPrivate(h.TmpDir()); err != nil {
		return "", h.WriteErr(err)
	}
	if err := os.Rename(dir, aside); err != nil {
		return "", h.WriteErr(err)
	}
	return aside, nil
}
