package staging

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/nvmgo/nvmgo/internal/store"
)

// Remove takes versions out whole: a complete install, a link (not what it
// points at), a broken entry; a version not there is no error.
func TestRemove(t *testing.T) {
	s := stageInstaller(t.TempDir())
	h := s.Home
	if _, err := s.Stage(context.Background(), stageRelease(t), fillWith(func(string) error { return nil })); err != nil {
		t.Fatal(err)
	}
	target := t.TempDir()
	if err := os.WriteFile(filepath.Join(target, "keep"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	linked := runtime.GOOS != "windows"
	if linked {
		if err := os.Symlink(target, h.VersionDir("v18.0.0")); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(h.VersionDir("v16.0.0"), "bin"), 0o700); err != nil { // broken
		t.Fatal(err)
	}
	for _, v := range []string{"v20.1.0", "v18.0.0", "v16.0.0", "v14.0.0"} {
		if err := Remove(context.Background(), h, v); err != nil {
			t.Errorf("Remove(%s) = %v", v, err)
		}
		if _, err := os.Lstat(h.VersionDir(v)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s is still there: %v", v, err)
		}
	}
	if b, err := os.ReadFile(filepath.Join(target, "keep")); linked && (err != nil || string(b) != "x") {
		t.Errorf("the link's target was harmed: %q, %v", b, err)
	}
	if left, _ := os.ReadDir(h.TmpDir()); len(left) > 0 {
		t.Errorf("tmp/ holds %v after Remove", left)
	}
}

// RemovePM and SetAside move under the same lock as installs.
func TestRemovePMAndSetAside(t *testing.T) {
	s := stageInstaller(t.TempDir())
	h := s.Home
	if _, err := s.StagePM(context.Background(), "pnpm", "9.12.0", func(context.Context, string, string) (store.PMMeta, error) {
		return store.PMMeta{}, nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := RemovePM(context.Background(), h, "pnpm", "9.12.0"); err != nil {
		t.Fatal(err)
	}
	if err := RemovePM(context.Background(), h, "pnpm", "9.12.0"); err != nil {
		t.Errorf("removing it again: %v", err)
	}
	if _, err := os.Lstat(h.PMVersionDir("pnpm", "9.12.0")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("pnpm 9.12.0 is still there: %v", err)
	}
	if aside, err := SetAside(context.Background(), h, "v20.1.0"); aside != "" || err != nil {
		t.Errorf("SetAside of a version not installed = %q, %v", aside, err)
	}
	res, err := s.Stage(context.Background(), stageRelease(t), fillWith(func(string) error { return nil }))
	if err != nil {
		t.Fatal(err)
	}
	aside, err := SetAside(context.Background(), h, "v20.1.0")
	if m, merr := store.ReadMeta(aside); err != nil || merr != nil || m.Version != "v20.1.0" {
		t.Fatalf("SetAside = %q, %v; want the install moved whole", aside, err)
	}
	if _, err := os.Lstat(res.Dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("versions/v20.1.0 is still there: %v", err)
	}
	sweep(h, "v20.1.0", s.Now().Add(48*time.Hour))
	if _, err := os.Stat(aside); err != nil {
		t.Errorf("the sweep removed what a reinstall set aside: %v", err)
	}
}

// A removal waiting for the lock of an install running elsewhere stops
// when its context does (Ctrl-C), and the version stays whole.
func TestRemoveWaitEndsWithContext(t *testing.T) {
	s := stageInstaller(t.TempDir())
	h := s.Home
	res, err := s.Stage(context.Background(), stageRelease(t), fillWith(func(string) error { return nil }))
	if err != nil {
		t.Fatal(err)
	}
	held := lockOf(h, "v20.1.0")
	if err := held.Lock(); err != nil {
		t.Fatal(err)
	}
	defer held.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Remove(ctx, h, "v20.1.0") }()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Remove with the lock held and ctx cancelled = %v, want context.Canceled", err)
	}
	if m, err := store.ReadMeta(res.Dir); err != nil || m.Version != "v20.1.0" {
		t.Errorf("versions/v20.1.0 after the cancelled removal: %v", err)
	}
}
