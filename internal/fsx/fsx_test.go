package fsx

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	for _, c := range []struct {
		data string
		perm os.FileMode
	}{{"one\n", 0o600}, {"two, longer\n", 0o644}, {"", 0o755}} {
		if err := WriteFile(p, []byte(c.data), c.perm); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(p)
		if err != nil || string(b) != c.data {
			t.Fatalf("content = %q, %v; want %q", b, err, c.data)
		}
		if fi, _ := os.Stat(p); runtime.GOOS != "windows" && fi.Mode().Perm() != c.perm {
			t.Errorf("mode = %v; want %v", fi.Mode().Perm(), c.perm)
		}
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("folder holds %d entries; want only f (no temporary file left)", len(ents))
	}
}

// A link at path is replaced by the file; what it pointed at is untouched.
func TestWriteFileReplacesLink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks need admin rights")
	}
	dir := t.TempDir()
	victim, p := filepath.Join(dir, "victim"), filepath.Join(dir, "f")
	if err := os.WriteFile(victim, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, p); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(p, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep" {
		t.Errorf("victim = %q; want it untouched", b)
	}
	if fi, err := os.Lstat(p); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("path is %v, %v; want a regular file", fi, err)
	}
}

// A failed write leaves neither a temporary file nor a changed target.
func TestWriteFileFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A folder at the target makes the rename fail after the write.
	if err := os.Mkdir(filepath.Join(dir, "d"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "d", "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(filepath.Join(dir, "d"), []byte("new"), 0o644); err == nil {
		t.Fatal("WriteFile over a non-empty folder succeeded")
	}
	if err := WriteFile(filepath.Join(dir, "missing", "f"), []byte("new"), 0o644); err == nil {
		t.Fatal("WriteFile into a missing folder succeeded")
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left %s behind", e.Name())
		}
	}
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Errorf("f = %q; want old", b)
	}
}
