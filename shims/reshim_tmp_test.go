package shims

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// installBinary's staging name can be guessed (pid and a counter); a link
// planted there is refused, never written through.
func TestInstallBinaryRefusesPlantedLink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks")
	}
	dir := t.TempDir()
	src, dst, victim := filepath.Join(dir, "src"), filepath.Join(dir, "bin", "nvmgo-shim"), filepath.Join(dir, "victim")
	for p, b := range map[string]string{src: "new shim", victim: "keep"} {
		if err := os.WriteFile(p, []byte(b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Dir(dst), 0o700); err != nil {
		t.Fatal(err)
	}
	next := filepath.Join(filepath.Dir(dst), fmt.Sprintf(".%s.%d.%d.tmp", filepath.Base(dst), os.Getpid(), tmpSeq.Load()+1))
	if err := os.Symlink(victim, next); err != nil {
		t.Fatal(err)
	}
	if err := installBinary(src, dst); err == nil {
		t.Error("installBinary wrote through a planted staging link")
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep" {
		t.Errorf("victim now holds %q", b)
	}
	if err := installBinary(src, dst); err != nil { // the next name is free
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(dst); string(b) != "new shim" {
		t.Errorf("dst holds %q", b)
	}
}
