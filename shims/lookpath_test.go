package shims

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/nvmgo/nvmgo/internal/store"
)

// linkedShimHome makes a home whose shims/node links to its bin/nvmgo-shim, as
// reshim does on unix, and returns the shim binary's path.
func linkedShimHome(t *testing.T, h store.Home) string {
	t.Helper()
	bin := ShimBinary(h, runtime.GOOS)
	writeFile(t, bin, "#!/bin/sh\n")
	os.Chmod(bin, 0o755)
	if err := os.MkdirAll(h.ShimsDir(), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(bin, filepath.Join(h.ShimsDir(), "node")); err != nil {
		t.Fatal(err)
	}
	return bin
}

func pathEnv(path ...string) func(string) string {
	p := strings.Join(path, string(os.PathListSeparator))
	return func(k string) string {
		if k == "PATH" {
			return p
		}
		return ""
	}
}

// A PATH entry that is a link to the shims folder is the shims folder: with
// no version selected the system node runs, not the shim again (issue 11.11).
func TestLookPathOutsideSkipsLinkedShimsDir(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("unix links")
	}
	root := t.TempDir()
	h := store.Home{Root: filepath.Join(root, "home")}
	linkedShimHome(t, h)
	link := filepath.Join(root, "linked-shims")
	if err := os.Symlink(h.ShimsDir(), link); err != nil {
		t.Fatal(err)
	}
	sys := filepath.Join(root, "sys")
	writeFile(t, filepath.Join(sys, "node"), "#!/bin/sh\n")
	os.Chmod(filepath.Join(sys, "node"), 0o755)
	// Self names no real file: only the folder's identity can tell.
	e := Env{Getenv: pathEnv(link, sys), Home: h, GOOS: runtime.GOOS, Self: filepath.Join(root, "none")}
	if got := LookPathOutside(e, "node"); got != filepath.Join(sys, "node") {
		t.Fatalf("LookPathOutside = %q; want the system node %s", got, filepath.Join(sys, "node"))
	}
	sel, err := Resolve(Env{Getenv: e.Getenv, Cwd: root, Home: h, GOOS: runtime.GOOS, Self: e.Self})
	if err != nil || !sel.System || sel.Dir != sys {
		t.Fatalf("Resolve = %+v, %v; want the system node in %s", sel, err, sys)
	}
}

// A shim of another NVMGO_HOME (the one the running binary belongs to) is
// not a system node; with nothing installed the error says so rather than
// looping (issue 12.15).
func TestResolveEmptyHomeSaysNothingInstalled(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("unix links")
	}
	root := t.TempDir()
	real := store.Home{Root: filepath.Join(root, "real")}
	self := linkedShimHome(t, real)
	empty := store.Home{Root: filepath.Join(root, "empty")}
	e := Env{Getenv: pathEnv(real.ShimsDir()), Cwd: root, Home: empty, GOOS: runtime.GOOS, Self: self}
	if got := LookPathOutside(e, "node"); got != "" {
		t.Fatalf("LookPathOutside = %q; want nothing (it is a shim)", got)
	}
	_, err := Resolve(e)
	var nie *NothingInstalledError
	if !errors.As(err, &nie) || !errors.Is(err, ErrNoVersion) || !strings.Contains(err.Error(), "no node version is installed in NVMGO_HOME ("+empty.Root+")") {
		t.Fatalf("Resolve error = %v; want one saying nothing is installed in %s", err, empty.Root)
	}
	// With a version installed, the plain message stays.
	fakeInstall(t, empty, "v22.12.0", "")
	if _, err := systemSelection(e, Selection{Source: "system"}); !errors.Is(err, ErrNoVersion) || errors.As(err, &nie) {
		t.Fatalf("with an install: %v; want ErrNoVersion", err)
	}
}

// A backslash is a plain character in a unix path: a home under /srv/a\b
// must work (issue 11.10; a Windows-only rewrite turned it into a slash).
func TestBackslashInUnixHome(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("a backslash is the separator there")
	}
	root := t.TempDir()
	h := store.Home{Root: filepath.Join(root, `a\b`, "home")}
	fakeInstall(t, h, "v22.12.0", "")
	writeFile(t, filepath.Join(root, "proj", ".nvmrc"), "22\n")
	sel, err := Resolve(Env{Getenv: pathEnv(), Cwd: filepath.Join(root, "proj"), Home: h, GOOS: runtime.GOOS})
	if err != nil || sel.Version != "v22.12.0" {
		t.Fatalf("Resolve = %+v, %v", sel, err)
	}
	cmd, ok := Target(runtime.GOOS, sel.Dir, "node", []string{"-v"})
	if want := filepath.Join(h.VersionDir("v22.12.0"), "bin", "node"); !ok || cmd.Path != want {
		t.Fatalf("Target = %+v, %v; want %s", cmd, ok, want)
	}
}

func TestIsSelf(t *testing.T) {
	for name, want := range map[string]bool{
		"nvmgo": true, "nvmgo-shim": true, "nvmgo-hi": false, "nvmgoose": false, "node": false, "nvmgo-shim2": false,
	} {
		if IsSelf(name) != want {
			t.Errorf("IsSelf(%q) = %v", name, !want)
		}
	}
}
