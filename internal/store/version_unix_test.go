//go:build unix

package store

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A FIFO at the metadata name is refused without blocking the reader.
func TestCheckVersionFIFO(t *testing.T) {
	h := Home{Root: t.TempDir()}
	dir := makeVersion(t, h, "v20.1.0", "")
	p := filepath.Join(dir, MetaName)
	must(t, os.Remove(p))
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skip("mkfifo:", err)
	}
	if err := CheckVersion(dir); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("CheckVersion = %v, want not a regular file", err)
	}
}
