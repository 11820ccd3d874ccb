package extract

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/nvmgo/nvmgo/download/extract/archivetest"
)

// pack returns the entries in format f.
func pack(f Format, es []archivetest.Entry) []byte {
	switch f {
	case TarGZ:
		return archivetest.TarGz(es)
	case TarXZ:
		return archivetest.TarXz(es)
	}
	return archivetest.Zip(es)
}

// newDest returns an empty dest folder inside a parent folder of its own,
// so tests can check that nothing appeared next to it.
func newDest(t *testing.T) (parent, dest string) {
	parent = t.TempDir()
	dest = filepath.Join(parent, "dest")
	if err := os.Mkdir(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	return parent, dest
}

func extractBytes(t *testing.T, f Format, data []byte, dest string) (Stats, error) {
	t.Helper()
	return Extract(context.Background(), bytes.NewReader(data), f, dest, Options{Reserved: testReserved})
}

// testReserved is what nvmgo reserves (store.ReservedNames; extract does not
// import internal/store).
var testReserved = []string{".nvmgo.json"}

// checkTree compares dest with the entries under top: contents, exec bits,
// symlink targets, and that dest holds nothing else.
func checkTree(t *testing.T, dest, top string, es []archivetest.Entry) {
	t.Helper()
	want := map[string]bool{}
	for _, e := range es {
		rel := strings.TrimSuffix(strings.TrimPrefix(e.Name, top+"/"), "/")
		if rel == "" || rel == top {
			continue
		}
		for d := path.Dir(rel); d != "."; d = path.Dir(d) {
			want[d] = true
		}
		want[rel] = true
		p := filepath.Join(dest, filepath.FromSlash(rel))
		fi, err := os.Lstat(p)
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			continue
		}
		switch {
		case e.Link != "":
			got, err := os.Readlink(p)
			if err != nil || got != e.Link {
				t.Errorf("%s: link %q, %v; want %q", rel, got, err, e.Link)
			}
		case strings.HasSuffix(e.Name, "/"):
			if !fi.IsDir() {
				t.Errorf("%s: mode %v, want a folder", rel, fi.Mode())
			}
		default:
			got, err := os.ReadFile(p)
			if err != nil || !bytes.Equal(got, e.Body) {
				t.Errorf("%s: content differs (%v)", rel, err)
			}
			if runtime.GOOS != "windows" && fi.Mode().Perm()&0o111 != e.Mode&0o111 {
				t.Errorf("%s: mode %v, want exec bits of %v", rel, fi.Mode(), e.Mode)
			}
		}
	}
	filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(dest, p)
		if rel != "." && !want[filepath.ToSlash(rel)] {
			t.Errorf("unexpected %s", rel)
		}
		return err
	})
}

func TestNodeLinuxRoundTrip(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks are not extracted on Windows")
	}
	const top = "node-v24.19.0-linux-x64"
	es := archivetest.NodeLinux(top)
	for _, f := range []Format{TarGZ, TarXZ, Zip} {
		t.Run(string(f), func(t *testing.T) {
			_, dest := newDest(t)
			st, err := extractBytes(t, f, pack(f, es), dest)
			if err != nil {
				t.Fatal(err)
			}
			checkTree(t, dest, top, es)
			if want := (Stats{Files: 14, Dirs: 16, Symlinks: 3, Bytes: 187}); st != want {
				t.Errorf("stats %+v, want %+v", st, want)
			}
			// bin/npm must resolve to npm-cli.js through a relative link.
			fi, err := os.Stat(filepath.Join(dest, "bin", "npm"))
			if err != nil || fi.Mode().Perm() != 0o755 {
				t.Errorf("bin/npm does not resolve to an executable: %v %v", fi, err)
			}
		})
	}
}

func TestNodeWindowsRoundTrip(t *testing.T) {
	const top = "node-v24.19.0-win-x64"
	es := archivetest.NodeWindows(top)
	for _, f := range []Format{Zip, TarGZ} {
		t.Run(string(f), func(t *testing.T) {
			_, dest := newDest(t)
			st, err := extractBytes(t, f, pack(f, es), dest)
			if err != nil {
				t.Fatal(err)
			}
			checkTree(t, dest, top, es)
			if st.Files != 15 || st.Symlinks != 0 || st.Dirs != 5 {
				t.Errorf("stats %+v", st)
			}
		})
	}
}

// TestShapes covers names with "./", repeated folders, no folder entries,
// a file big enough to be streamed, and a hard link.
func TestShapes(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789abcdef"), 3*smallFile/16+5)
	es := []archivetest.Entry{
		{Name: "./top/"},
		{Name: "./top/a/b/c.txt", Body: []byte("c")},
		{Name: "top/a/"},
		{Name: "top/a/", Mode: 0o700},
		{Name: "top//a/./big.bin", Body: big, Mode: 0o755},
		{Name: "top/a/hard", Hardlink: "top/a/b/c.txt"},
		{Name: "top/empty", Body: nil},
	}
	for _, f := range []Format{TarGZ, TarXZ} {
		t.Run(string(f), func(t *testing.T) {
			_, dest := newDest(t)
			st, err := extractBytes(t, f, pack(f, es), dest)
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join(dest, "a", "big.bin"))
			if err != nil || !bytes.Equal(got, big) {
				t.Errorf("big.bin differs: %v", err)
			}
			a, _ := os.Stat(filepath.Join(dest, "a", "hard"))
			c, _ := os.Stat(filepath.Join(dest, "a", "b", "c.txt"))
			if a == nil || c == nil || !os.SameFile(a, c) {
				t.Errorf("a/hard is not a hard link to a/b/c.txt")
			}
			want := Stats{Files: 4, Dirs: 2, Bytes: int64(len(big)) + 1}
			if st != want {
				t.Errorf("stats %+v, want %+v", st, want)
			}
		})
	}
}

func TestWorkers(t *testing.T) {
	es := shaped("top", 300, 3<<20)
	data := archivetest.TarGz(es)
	for _, n := range []int{1, 2, 64} {
		_, dest := newDest(t)
		st, err := Extract(context.Background(), bytes.NewReader(data), TarGZ, dest, Options{Workers: n})
		if err != nil || st.Files != 301 {
			t.Fatalf("workers %d: %+v %v", n, st, err)
		}
	}
}

// onlyReader hides every method but Read, so Extract must spool a zip.
type onlyReader struct{ io.Reader }

func TestZipSources(t *testing.T) {
	es := archivetest.NodeWindows("top")
	data := archivetest.Zip(es)
	file := filepath.Join(t.TempDir(), "a.zip")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for name, r := range map[string]io.Reader{"file": f, "spooled": onlyReader{bytes.NewReader(data)}} {
		t.Run(name, func(t *testing.T) {
			parent, dest := newDest(t)
			if _, err := Extract(context.Background(), r, Zip, dest, Options{}); err != nil {
				t.Fatal(err)
			}
			checkTree(t, dest, "top", es)
			checkOnlyDest(t, parent)
		})
	}
}

func TestFormatOf(t *testing.T) {
	for name, want := range map[string]Format{
		"node-v24.1.0-linux-x64.tar.xz": TarXZ,
		"node-v24.1.0-linux-x64.tar.gz": TarGZ,
		"node-v24.1.0-win-x64.zip":      Zip,
		"NODE.TAR.GZ":                   TarGZ,
	} {
		if got, err := FormatOf(name); got != want || err != nil {
			t.Errorf("FormatOf(%q) = %q, %v", name, got, err)
		}
	}
	for _, name := range []string{"node.7z", "node.tar", "node.msi", "xz"} {
		if _, err := FormatOf(name); !errors.Is(err, errors.ErrUnsupported) {
			t.Errorf("FormatOf(%q) error %v", name, err)
		}
	}
}

func TestDestMustBeEmpty(t *testing.T) {
	_, dest := newDest(t)
	os.WriteFile(filepath.Join(dest, "x"), nil, 0o644)
	data := archivetest.TarGz(archivetest.NodeWindows("top"))
	if _, err := extractBytes(t, TarGZ, data, dest); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("non-empty dest: %v", err)
	}
	if _, err := extractBytes(t, TarGZ, data, filepath.Join(dest, "missing")); err == nil {
		t.Errorf("missing dest: no error")
	}
}

// checkOnlyDest fails unless parent holds exactly the dest folder.
func checkOnlyDest(t *testing.T, parent string) {
	t.Helper()
	ents, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"dest"}) {
		t.Errorf("parent holds %q, want only dest", names)
	}
}

// shaped returns archivetest.NodeShaped without its symlinks on Windows,
// where Extract refuses them.
func shaped(top string, files, bigSize int) []archivetest.Entry {
	es := archivetest.NodeShaped(top, files, bigSize)
	if runtime.GOOS == "windows" {
		es = slices.DeleteFunc(es, func(e archivetest.Entry) bool { return e.Link != "" })
	}
	return es
}
