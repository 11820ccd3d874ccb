package store

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gofrs/flock"

	"github.com/nvmgo/nvmgo/internal/hint"
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
	return Stager{Home: Home{Root: root}, GOOS: runtime.GOOS,
		Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }}
}

// fillWith returns a fill that writes a good node and then runs spoil.
func fillWith(spoil func(dest string) error) Fill {
	return func(_ context.Context, dest, _ string) (Meta, error) {
		node := NodeExe(dest, runtime.GOOS)
		if err := os.MkdirAll(filepath.Dir(node), 0o755); err != nil {
			return Meta{}, err
		}
		if err := os.WriteFile(node, []byte("#!/bin/sh\necho node\n"), 0o755); err != nil {
			return Meta{}, err
		}
		return Meta{File: "node-v20.1.0.tar.xz", SHA256: strings.Repeat("a", 64), Verified: "test"}, spoil(dest)
	}
}

// Stage applies the version rule before the rename: a fill whose node is
// not a runnable regular file, or that holds a name nvmgo writes itself, is
// refused and nothing appears in versions/; the file the metadata name
// pointed at is never written.
func TestStageRefusesUnusableTrees(t *testing.T) {
	node := func(dest string) string { return NodeExe(dest, runtime.GOOS) }
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
			return os.Symlink(filepath.Join("bin", "node"), filepath.Join(d, MetaName))
		}, `holds ".nvmgo.json"`, true},
		{"metadata name as file", func(d string) error {
			return os.WriteFile(filepath.Join(d, MetaName), []byte(`{"version":"v20.1.0"}`), 0o644)
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
			_, err := in.Stage(context.Background(), stageRelease(t), func(ctx context.Context, dest, staging string) (Meta, error) {
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
	if err := CheckVersion(res.Dir); err != nil {
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

func TestWriteErr(t *testing.T) {
	h := Home{Root: "/h"}
	tests := []struct {
		err  error
		want string // a substring of the hint, or "" for no hint
	}{
		{&fs.PathError{Op: "write", Path: "/h/tmp/x", Err: syscall.ENOSPC}, "free some space"},
		{&fs.PathError{Op: "mkdir", Path: "/h/versions", Err: syscall.EROFS}, "NVMGO_HOME at a writable folder"},
		{&fs.PathError{Op: "open", Path: "/h/locks/x", Err: syscall.EACCES}, "fix its permissions"},
		{errors.New("other"), ""},
	}
	for _, tt := range tests {
		err := h.WriteErr(tt.err)
		if got := hint.Of(err); tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
			t.Errorf("WriteErr(%v) = %q, want a hint with %q", tt.err, hint.Text(err), tt.want)
		}
		if !errors.Is(err, tt.err) {
			t.Errorf("WriteErr(%v) lost the error", tt.err)
		}
		if IsDiskErr(tt.err) != (tt.want != "") {
			t.Errorf("IsDiskErr(%v) = %v", tt.err, !(tt.want != ""))
		}
	}
}

// An install sweeps what killed runs left in tmp/, for every version whose
// lock is free, and leaves live work and unknown names alone.
func TestSweepStale(t *testing.T) {
	h := Home{Root: t.TempDir()}
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	for _, d := range []string{h.TmpDir(), h.LocksDir()} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	entries := map[string]bool{ // name -> swept
		"v20.18.1-123456":       true,  // this version's staging
		"v20.18.1-incomplete-1": true,  // this version, moved aside
		"v22.12.0-987654":       true,  // another version, lock free
		"v22.12.0-removing-5":   true,  // an uninstall killed before its delete
		"v18.20.8-555":          false, // another version being installed now
		"verify-old":            true,  // scratch older than a day
		"verify-new":            false, // scratch of a verify that may be running
		"doctor-old":            true,
		"notes.txt":             false, // not ours
		"vacation-photos":       false, // not a version
		"v-":                    false,
		// Package manager installs share the sweep (and the name rules).
		"pm-pnpm@9.12.0-77":        true,  // lock free
		"pm-npm@10.9.0-removing-3": false, // being removed now
		"reinstall-v20.18.1-9":     false, // a reinstall decides about it
	}
	for name := range entries {
		p := filepath.Join(h.TmpDir(), name)
		if err := os.MkdirAll(filepath.Join(p, "node", "bin"), 0o755); err != nil {
			t.Fatal(err)
		}
		age := time.Hour
		if strings.HasSuffix(name, "-old") {
			age = 25 * time.Hour
		}
		if err := os.Chtimes(p, now.Add(-age), now.Add(-age)); err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range []string{"v18.20.8", "v20.18.1-rc.1", "pm-npm@10.9.0"} {
		busy := flock.New(filepath.Join(h.LocksDir(), v+".lock"))
		if ok, err := busy.TryLock(); !ok || err != nil {
			t.Fatalf("lock: %v %v", ok, err)
		}
		defer busy.Unlock()
	}

	h.sweep("v20.18.1", now)
	for name, swept := range entries {
		_, err := os.Stat(filepath.Join(h.TmpDir(), name))
		if gone := errors.Is(err, os.ErrNotExist); gone != swept {
			t.Errorf("%s: removed=%v, want %v", name, gone, swept)
		}
	}
	// The locks it took are released: another install can take them.
	l := flock.New(filepath.Join(h.LocksDir(), "v22.12.0.lock"))
	if ok, err := l.TryLock(); !ok || err != nil {
		t.Errorf("v22.12.0's lock is still held after the sweep (%v, %v)", ok, err)
	}
	l.Unlock()
}

// tmpKey reads the lock key back from every tmp/ name an install or a
// removal makes, node versions and package managers alike, and nothing
// else.
func TestTmpKey(t *testing.T) {
	for _, tt := range []struct{ name, want string }{
		{"v20.18.1-4265747002", "v20.18.1"},
		{"v20.18.1-incomplete-17", "v20.18.1"},
		{"v20.18.1-removing-17", "v20.18.1"},
		{"v24.0.0-rc.1-123", "v24.0.0-rc.1"},
		{"v24.0.0-rc.1-incomplete-9", "v24.0.0-rc.1"},
		{"v24.0.0-nightly20240101abc-5", "v24.0.0-nightly20240101abc"},
		{"v20.18.1", ""},     // no suffix
		{"v20.18.1-", ""},    // empty suffix
		{"v20.18.1-abc", ""}, // not digits
		{"20.18.1-5", ""},    // not the canonical name
		{"v020.18.1-5", ""},  // not a version
		{"verify-123", ""},
		{"doctor-5", ""},
		{"v20.18.1-incomplete-removing-1", "v20.18.1-incomplete"}, // a prerelease named "incomplete"
		{"v20.18.1-" + strings.Repeat("9", 30), ""},               // more digits than a time has
		{"reinstall-v20.18.1-5", ""},                              // a reinstall decides about it
		{"pm-pnpm@9.12.0-123", "pm-pnpm@9.12.0"},
		{"pm-yarn@4.0.0-rc.1-incomplete-99", "pm-yarn@4.0.0-rc.1"},
		{"pm-npm@10.9.0-removing-5", "pm-npm@10.9.0"},
		{"pm-pnpm@9.12.0-abc", ""},
		{"pm-bun@1.0.0-1", ""},    // not a package manager nvmgo installs
		{"pm-pnpm@v9.12.0-1", ""}, // not the canonical name
		{"pm-pnpm-1", ""},         // no version
	} {
		got, ok := tmpKey(tt.name)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("tmpKey(%q) = %q, %v; want %q", tt.name, got, ok, tt.want)
		}
	}
}

// TestStagePM: a failed fill leaves nothing; leftovers of killed runs are
// swept unless their install is running; a success appears whole.
func TestStagePM(t *testing.T) {
	h := Home{Root: t.TempDir()}
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
	_, err := in.StagePM(context.Background(), "pnpm", "9.12.0", func(ctx context.Context, dest, staging string) (PMMeta, error) {
		return PMMeta{}, boom
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
	res, err := in.StagePM(context.Background(), "pnpm", "9.12.0", func(ctx context.Context, dest, staging string) (PMMeta, error) {
		if err := os.MkdirAll(filepath.Join(dest, "bin"), 0o755); err != nil {
			return PMMeta{}, err
		}
		return PMMeta{Bin: map[string]string{"pnpm": "bin/pnpm.cjs"}}, os.WriteFile(filepath.Join(dest, "bin", "pnpm.cjs"), nil, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if m, err := ReadPMMeta(res.Dir); err != nil || m.Name != "pnpm" || m.Version != "9.12.0" {
		t.Fatalf("meta %+v %v", m, err)
	}
	// an entry script the package lacks fails the install
	_, err = in.StagePM(context.Background(), "pnpm", "9.15.0", func(ctx context.Context, dest, staging string) (PMMeta, error) {
		return PMMeta{Bin: map[string]string{"pnpm": "bin/pnpm.cjs"}}, nil
	})
	if err == nil {
		t.Fatal("an install without its entry script succeeded")
	}
	if again, err := in.StagePM(context.Background(), "pnpm", "9.12.0", nil); err != nil || !again.Already {
		t.Fatalf("second install: %+v %v", again, err)
	}
}
