package staging

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gofrs/flock"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/versions"
)

func stageRelease(t *testing.T) versions.Release {
	t.Helper()
	v, err := versions.ParseVersion("v20.1.0")
	if err != nil {
		t.Fatal(err)
	}
	return versions.Release{Version: "v20.1.0", V: v}
}

func stageInstaller(root string) Stager {
	return Stager{Home: store.Home{Root: root}, GOOS: runtime.GOOS,
		Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }}
}

// fillWith returns a fill that writes a good node and then runs spoil.
func fillWith(spoil func(dest string) error) Fill {
	return func(_ context.Context, dest, _ string) (store.Meta, error) {
		node := store.NodeExe(dest, runtime.GOOS)
		if err := os.MkdirAll(filepath.Dir(node), 0o755); err != nil {
			return store.Meta{}, err
		}
		if err := os.WriteFile(node, []byte("#!/bin/sh\necho node\n"), 0o755); err != nil {
			return store.Meta{}, err
		}
		return store.Meta{File: "node-v20.1.0.tar.xz", SHA256: strings.Repeat("a", 64), Verified: "test"}, spoil(dest)
	}
}

// Stage applies the version rule before the rename: a fill whose node is
// not a runnable regular file, or that holds a name nvmgo writes itself, is
// refused and nothing appears in versions/; the file the metadata name
// pointed at is never written.
func TestStageRefusesUnusableTrees(t *testing.T) {
	node := func(dest string) string { return store.NodeExe(dest, runtime.GOOS) }
	tests := []struct {
		name  string
		spoil func(dest string) error
		want  string
		unix  bool
	}{
		{"no node", func(d string) error { return os.Remove(node(d)) }, "has no", false},
		{"node empty", func(d string) error { return os.WriteFile(node(d), nil, 0o755) }, "empty file", false},
		{"node a folder", func(d string) error {
			if err := os.Remove(node(d)); err != nil {
				return err
			}
			return os.Mkdir(node(d), 0o755)
		}, "not a regular file", false},
		{"node a link out", func(d string) error {
			if err := os.Remove(node(d)); err != nil {
				return err
			}
			return os.Symlink("/bin/sh", node(d))
		}, "symlink", true},
		{"node not executable", func(d string) error { return os.Chmod(node(d), 0o644) }, "not executable", true},
		{"metadata name as link to node", func(d string) error {
			return os.Symlink(filepath.Join("bin", "node"), filepath.Join(d, store.MetaName))
		}, `holds ".nvmgo.json"`, true},
		{"metadata name as file", func(d string) error {
			return os.WriteFile(filepath.Join(d, store.MetaName), []byte(`{"version":"v20.1.0"}`), 0o644)
		}, `holds ".nvmgo.json"`, false},
		{"metadata name in other case", func(d string) error {
			return os.WriteFile(filepath.Join(d, ".NVMGO.json"), nil, 0o644)
		}, `holds ".NVMGO.json"`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.unix && runtime.GOOS == "windows" {
				t.Skip("unix")
			}
			in := stageInstaller(t.TempDir())
			var staged string
			_, err := in.Stage(context.Background(), stageRelease(t), func(ctx context.Context, dest, staging string) (store.Meta, error) {
				staged = dest
				return fillWith(tt.spoil)(ctx, dest, staging)
			})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "nothing was installed") {
				t.Fatalf("Stage = %v, want %q", err, tt.want)
			}
			if ents, _ := os.ReadDir(in.Home.VersionsDir()); len(ents) > 0 {
				t.Errorf("versions/ holds %v", ents)
			}
			if _, err := os.Stat(staged); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("staging %s left behind", staged)
			}
		})
	}
}

// A versions/vX that is a link is not "already installed": it is moved
// aside (the link, not what it points at) and the release is installed.
func TestStageReplacesVersionLink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks")
	}
	elsewhere := stageInstaller(t.TempDir())
	res, err := elsewhere.Stage(context.Background(), stageRelease(t), fillWith(func(string) error { return nil }))
	if err != nil {
		t.Fatal(err)
	}
	in := stageInstaller(t.TempDir())
	if err := os.MkdirAll(in.Home.VersionsDir(), 0o700); err != nil {
		t.Fatal(err)
	}
	link := in.Home.VersionDir("v20.1.0")
	if err := os.Symlink(res.Dir, link); err != nil {
		t.Fatal(err)
	}
	got, err := in.Stage(context.Background(), stageRelease(t), fillWith(func(string) error { return nil }))
	if err != nil || got.Already {
		t.Fatalf("Stage over a link = %+v, %v; want a fresh install", got, err)
	}
	if fi, err := os.Lstat(link); err != nil || !fi.IsDir() {
		t.Errorf("versions/v20.1.0 is %v, %v; want a real folder", fi.Mode(), err)
	}
	if err := store.CheckVersion(res.Dir); err != nil {
		t.Errorf("the link's target was harmed: %v", err)
	}
	again, err := in.Stage(context.Background(), stageRelease(t), nil)
	if err != nil || !again.Already {
		t.Errorf("second Stage = %+v, %v; want already installed", again, err)
	}
}

// Folders Stage makes are its user's alone.
func TestStageFolderModes(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("unix modes")
	}
	in := stageInstaller(filepath.Join(t.TempDir(), "home"))
	if _, err := in.Stage(context.Background(), stageRelease(t), fillWith(func(string) error { return nil })); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{in.Home.Root, in.Home.VersionsDir(), in.Home.TmpDir(), in.Home.LocksDir()} {
		if fi, err := os.Stat(d); err != nil || fi.Mode().Perm() != 0o700 {
			t.Errorf("%s: %v, %v; want 0700", d, fi.Mode(), err)
		}
	}
}

// TestStagePM: a failed fill leaves nothing; leftovers of killed runs are
// swept unless their install is running; a success appears whole.
func TestStagePM(t *testing.T) {
	h := store.Home{Root: t.TempDir()}
	in := Stager{Home: h, Now: func() time.Time { return time.Unix(0, 0) }}
	for _, d := range []string{h.TmpDir(), h.LocksDir()} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	stale := filepath.Join(h.TmpDir(), "pm-yarn@1.22.22-777")
	busy := filepath.Join(h.TmpDir(), "pm-npm@10.9.0-888")
	other := filepath.Join(h.TmpDir(), "somebody-else")
	for _, d := range []string{stale, busy, other} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	lock := flock.New(filepath.Join(h.LocksDir(), "pm-npm@10.9.0.lock"))
	if ok, err := lock.TryLock(); !ok || err != nil {
		t.Fatal(ok, err)
	}
	defer lock.Unlock()
	boom := errors.New("boom")
	_, err := in.StagePM(context.Background(), "pnpm", "9.12.0", func(ctx context.Context, dest, staging string) (store.PMMeta, error) {
		return store.PMMeta{}, boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(h.PMVersionDir("pnpm", "9.12.0")); !os.IsNotExist(err) {
		t.Fatalf("a failed install left %v", err)
	}
	for d, want := range map[string]bool{stale: false, busy: true, other: true} {
		if _, err := os.Stat(d); (err == nil) != want {
			t.Errorf("%s exists: %v, want %v", filepath.Base(d), err == nil, want)
		}
	}
	res, err := in.StagePM(context.Background(), "pnpm", "9.12.0", func(ctx context.Context, dest, staging string) (store.PMMeta, error) {
		if err := os.MkdirAll(filepath.Join(dest, "bin"), 0o755); err != nil {
			return store.PMMeta{}, err
		}
		return store.PMMeta{Bin: map[string]string{"pnpm": "bin/pnpm.cjs"}}, os.WriteFile(filepath.Join(dest, "bin", "pnpm.cjs"), nil, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if m, err := store.ReadPMMeta(res.Dir); err != nil || m.Name != "pnpm" || m.Version != "9.12.0" {
		t.Fatalf("meta %+v %v", m, err)
	}
	// an entry script the package lacks fails the install
	_, err = in.StagePM(context.Background(), "pnpm", "9.15.0", func(ctx context.Context, dest, staging string) (store.PMMeta, error) {
		return store.PMMeta{Bin: map[string]string{"pnpm": "bin/pnpm.cjs"}}, nil
	})
	if err == nil {
		t.Fatal("an install without its entry script succeeded")
	}
	if again, err := in.StagePM(context.Background(), "pnpm", "9.12.0", nil); err != nil || !again.Already {
		t.Fatalf("second install: %+v %v", again, err)
	}
}
