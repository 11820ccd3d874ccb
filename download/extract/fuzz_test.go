package extract

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"

	"github.com/nvmgo/nvmgo/download/extract/archivetest"
)

// FuzzExtractTar feeds random tar bytes (gzipped here, so the fuzzer
// mutates the tar itself) to Extract: it must not panic, must write nothing
// next to dest, and must leave no symlink that points out of dest.
func FuzzExtractTar(f *testing.F) {
	for _, h := range hostiles {
		if strings.Contains(h.bad, `\x00`) {
			continue // tar cannot carry it
		}
		f.Add(archivetest.Tar(h.entries("/victim")))
	}
	f.Add(archivetest.Tar(archivetest.NodeLinux("node-v1")))
	f.Add(archivetest.Tar([]archivetest.Entry{
		{Name: "t/"}, {Name: "t/d/"}, {Name: "t/d/l", Link: "../x"}, {Name: "t/x", Body: []byte("x")},
		{Name: "t/h", Hardlink: "t/x"},
	}))
	f.Fuzz(func(t *testing.T, tarball []byte) {
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestSpeed)
		zw.Write(tarball)
		zw.Close()
		parent := t.TempDir()
		dest := filepath.Join(parent, "dest")
		if err := os.Mkdir(dest, 0o755); err != nil {
			t.Fatal(err)
		}
		Extract(context.Background(), &gz, TarGZ, dest, Options{Workers: 2})
		if ents, _ := os.ReadDir(parent); len(ents) != 1 {
			t.Fatalf("parent holds %v", ents)
		}
		checkLinksInside(t, dest)
	})
}

// checkLinksInside resolves every symlink under dest lexically, treating
// the links it passes through as folders, and fails if one leaves dest.
func checkLinksInside(t *testing.T, dest string) {
	realDest, err := filepath.EvalSymlinks(dest)
	if err != nil {
		t.Fatal(err)
	}
	filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.Type()&fs.ModeSymlink == 0 {
			return err
		}
		target, err := os.Readlink(p)
		if err != nil {
			t.Fatal(err)
		}
		abs := filepath.Join(filepath.Dir(p), target)
		if filepath.IsAbs(target) || !strings.HasPrefix(abs+"/", dest+"/") {
			t.Fatalf("%s -> %s leaves dest", p, target)
		}
		if resolved, err := filepath.EvalSymlinks(p); err == nil && !strings.HasPrefix(resolved+"/", realDest+"/") {
			t.Fatalf("%s resolves to %s, outside dest", p, resolved)
		}
		return nil
	})
}
