package shims

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Where hard links fail (FAT32, exFAT, some network shares), a Windows shim
// is a copy; a refresh leaves an identical copy alone and replaces a stale
// one, moving the old file aside as a running shim needs. The Windows branch
// is plain file work, so it runs on every OS here.
func TestWindowsShimCopyFallback(t *testing.T) {
	defer func(f func(string, string) error) { linkFile = f }(linkFile)
	links := 0
	linkFile = func(string, string) error { links++; return errors.New("hard links are not supported") }

	dir := t.TempDir()
	target := filepath.Join(dir, "nvmgo-shim.exe")
	shim := filepath.Join(dir, "node.exe")
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(target, []byte(s), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	read := func(p string) string {
		t.Helper()
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	write("shim v1")
	created, err := ensureShim("windows", target, "", shim, false)
	if err != nil || !created {
		t.Fatalf("first shim: created=%v err=%v", created, err)
	}
	if links != 1 || read(shim) != "shim v1" {
		t.Fatalf("after a failed link: %d link attempts, shim holds %q", links, read(shim))
	}
	a, _ := os.Stat(shim)
	b, _ := os.Stat(target)
	if os.SameFile(a, b) {
		t.Fatal("the shim is the target itself, not a copy")
	}

	// Same bytes: nothing to do, not even a link attempt.
	if created, err := ensureShim("windows", target, "", shim, true); err != nil || created || links != 1 {
		t.Fatalf("refresh of an identical copy: created=%v err=%v links=%d", created, err, links)
	}

	// A new nvmgo-shim: the copy is replaced, the old one set aside.
	write("shim v2, longer")
	if created, err := ensureShim("windows", target, "", shim, true); err != nil || created {
		t.Fatalf("refresh of a stale copy: created=%v err=%v", created, err)
	}
	if got := read(shim); got != "shim v2, longer" {
		t.Errorf("shim holds %q after the refresh", got)
	}
	if got := read(shim + ".old"); got != "shim v1" {
		t.Errorf("the old shim was not set aside: %q", got)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(m) > 0 {
		t.Errorf("temporary files left: %v", m)
	}
}
