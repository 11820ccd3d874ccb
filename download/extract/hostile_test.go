package extract

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/nvmgo/nvmgo/download/extract/archivetest"
)

type hostile struct {
	name string
	// entries builds the archive; victim is an absolute folder next to dest.
	entries func(victim string) []archivetest.Entry
	bad     string // the entry the error must name
	notZip  bool   // hard links and special files do not exist in zip
	plain   bool   // refused, but not as ErrUnsafePath
}

func file(name string) archivetest.Entry {
	return archivetest.Entry{Name: name, Body: []byte("pwned")}
}

func link(name, target string) archivetest.Entry {
	return archivetest.Entry{Name: name, Link: target}
}

func fixed(es ...archivetest.Entry) func(string) []archivetest.Entry {
	return func(string) []archivetest.Entry { return es }
}

var hostiles = []hostile{
	{name: "dotdot", entries: fixed(file("top/a"), file("top/../../victim/x")), bad: "top/../../victim/x"},
	{name: "dotdot inside", entries: fixed(file("top/a/../b")), bad: "top/a/../b"},
	{name: "dotdot only", entries: fixed(file("../victim/x")), bad: "../victim/x"},
	{name: "absolute", entries: func(v string) []archivetest.Entry {
		return []archivetest.Entry{file(filepath.ToSlash(v) + "/x")}
	}, bad: "/x"},
	{name: "drive letter", entries: fixed(file("top/a"), file(`C:\victim\x`)), bad: `C:\\victim`},
	{name: "drive slash", entries: fixed(file("C:/victim/x")), bad: "C:/victim/x"},
	{name: "unc", entries: fixed(file(`\\server\share\x`)), bad: `server`},
	{name: "backslash dotdot", entries: fixed(file("top/a"), file(`top\..\..\victim\x`)), bad: `victim`},
	{name: "backslash", entries: fixed(file(`top/a\b`)), bad: `top/a\\b`},
	{name: "colon stream", entries: fixed(file("top/a:stream")), bad: "top/a:stream"},
	{name: "nul", entries: fixed(file("top/a\x00b")), bad: `top/a\x00b`},
	{name: "symlink absolute", entries: func(v string) []archivetest.Entry {
		return []archivetest.Entry{link("top/a", v), file("top/a/x")}
	}, bad: "top/a"},
	{name: "symlink up", entries: fixed(link("top/a", ".."), file("top/a/x")), bad: "top/a"},
	{name: "symlink up deep", entries: fixed(link("top/bin/a", "../../victim")), bad: "top/bin/a"},
	{name: "symlink windows abs", entries: fixed(link("top/a", `C:\victim`)), bad: "top/a"},
	{name: "symlink dotdot after name", entries: fixed(link("top/a", "b/../../victim")), bad: "top/a"},
	{name: "symlink chain", entries: fixed(
		archivetest.Entry{Name: "top/sub/"}, link("top/sub/up", ".."), link("top/l", "sub/up/../victim"),
	), bad: "top/l"},
	{name: "write through inner symlink", entries: fixed(
		archivetest.Entry{Name: "top/d/"}, link("top/a", "d"), file("top/a/x"),
	), bad: "top/a/x"},
	{name: "dir through symlink", entries: fixed(
		archivetest.Entry{Name: "top/d/"}, link("top/a", "d"), archivetest.Entry{Name: "top/a/e/"},
	), bad: "top/a/e/"},
	{name: "file over symlink", entries: fixed(
		file("top/d"), link("top/a", "d"), file("top/a"),
	), bad: "top/a"},
	{name: "duplicate file", entries: fixed(file("top/a"), file("top/a")), bad: "top/a"},
	{name: "file over dir", entries: fixed(archivetest.Entry{Name: "top/a/"}, file("top/a")), bad: "top/a"},
	{name: "dir over file", entries: fixed(file("top/a"), archivetest.Entry{Name: "top/a/b/"}), bad: "top/a/b/", plain: true},
	{name: "hardlink outside", entries: fixed(file("top/a"), archivetest.Entry{Name: "top/h", Hardlink: "../victim/x"}),
		bad: "top/h", notZip: true},
	{name: "hardlink absolute", entries: fixed(file("top/a"), archivetest.Entry{Name: "top/h", Hardlink: "/etc/passwd"}),
		bad: "top/h", notZip: true},
	{name: "hardlink ahead", entries: fixed(archivetest.Entry{Name: "top/h", Hardlink: "top/a"}, file("top/a")),
		bad: "top/h", notZip: true},
	{name: "hardlink to dir", entries: fixed(archivetest.Entry{Name: "top/d/"}, archivetest.Entry{Name: "top/h", Hardlink: "top/d"}),
		bad: "top/h", notZip: true},
	{name: "hardlink to symlink", entries: fixed(file("top/a"), link("top/l", "a"), archivetest.Entry{Name: "top/h", Hardlink: "top/l"}),
		bad: "top/h", notZip: true},
	{name: "char device", entries: fixed(archivetest.Entry{Name: "top/c", Type: tar.TypeChar}), bad: "top/c", notZip: true},
	{name: "block device", entries: fixed(archivetest.Entry{Name: "top/b", Type: tar.TypeBlock}), bad: "top/b", notZip: true},
	{name: "fifo", entries: fixed(archivetest.Entry{Name: "top/f", Type: tar.TypeFifo}), bad: "top/f", notZip: true},
	{name: "reserved name", entries: fixed(file("top/a"), file("top/.nvmgo.json")), bad: "top/.nvmgo.json"},
	{name: "reserved name other case", entries: fixed(file("top/.NVMGO.JSON")), bad: "top/.NVMGO.JSON"},
	{name: "reserved name as link to node", entries: fixed(
		file("top/bin/node"), link("top/.nvmgo.json", "bin/node"),
	), bad: "top/.nvmgo.json"},
	{name: "reserved name as folder", entries: fixed(archivetest.Entry{Name: "top/.nvmgo.json/"}), bad: "top/.nvmgo.json/"},
	{name: "under a reserved name", entries: fixed(file("top/.nvmgo.json/x")), bad: "top/.nvmgo.json/x"},
	{name: "reserved name as hard link", entries: fixed(
		file("top/bin/node"), archivetest.Entry{Name: "top/.nvmgo.json", Hardlink: "top/bin/node"},
	), bad: "top/.nvmgo.json", notZip: true},
	{name: "two tops", entries: fixed(file("top/a"), file("other/b")), bad: "other", plain: true},
	{name: "file at top", entries: fixed(file("README")), bad: "README", plain: true},
	{name: "symlink at top", entries: fixed(link("top", "x")), bad: "top", plain: true},
}

// TestHostile checks that every hostile archive is refused with an error
// naming the entry, and that nothing appears outside dest.
func TestHostile(t *testing.T) {
	for _, h := range hostiles {
		for _, f := range []Format{TarGZ, Zip} {
			if f == Zip && h.notZip || f == TarGZ && strings.Contains(h.bad, `\x00`) {
				continue // tar headers cannot carry NUL in a name
			}
			t.Run(h.name+string(f), func(t *testing.T) {
				parent, dest := newDest(t)
				victim := filepath.Join(parent, "victim")
				if err := os.Mkdir(victim, 0o755); err != nil {
					t.Fatal(err)
				}
				_, err := extractBytes(t, f, pack(f, h.entries(victim)), dest)
				switch {
				case err == nil:
					t.Fatal("extracted without error")
				case isWindowsSymlink(err):
					// Refused at the first symlink, before the entry under test.
				case !h.plain && !errors.Is(err, ErrUnsafePath):
					t.Errorf("error does not wrap ErrUnsafePath: %v", err)
				case !strings.Contains(err.Error(), h.bad):
					t.Errorf("error does not name %q: %v", h.bad, err)
				}
				checkOnlyDestAndVictim(t, parent)
				checkLinksInside(t, dest)
			})
		}
	}
}

func isWindowsSymlink(err error) bool {
	return runtime.GOOS == "windows" && errors.Is(err, errors.ErrUnsupported)
}

// checkOnlyDestAndVictim fails unless parent holds dest and an empty victim.
func checkOnlyDestAndVictim(t *testing.T, parent string) {
	t.Helper()
	ents, _ := os.ReadDir(parent)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"dest", "victim"}) {
		t.Errorf("parent holds %q", names)
	}
	if v, _ := os.ReadDir(filepath.Join(parent, "victim")); len(v) > 0 {
		t.Errorf("victim holds %v", v)
	}
}

// A reserved name is only reserved at the top of dest: node_modules may
// hold a file of that name without harm.
func TestReservedOnlyAtTop(t *testing.T) {
	_, dest := newDest(t)
	es := []archivetest.Entry{file("top/lib/.nvmgo.json"), file("top/bin/node")}
	if _, err := extractBytes(t, TarGZ, pack(TarGZ, es), dest); err != nil {
		t.Fatalf("nested reserved name refused: %v", err)
	}
}

func TestCheckLinkTarget(t *testing.T) {
	for _, c := range []struct {
		rel, target string
		ok          bool
	}{
		{"bin/npm", "../lib/node_modules/npm/bin/npm-cli.js", true},
		{"bin/npm", "./../lib/./x", true},
		{"a", "b", true},
		{"a", ".", true},
		{"a/b/c", "../../x", true},
		{"a/b/c", "../../../x", false},
		{"a", "../x", false},
		{"a", "/etc", false},
		{"a", "", false},
		{"a", "b/../c", false},
		{"a", `b\c`, false},
		{"a", "c:x", false},
	} {
		err := checkLinkTarget("n", c.rel, c.target)
		if (err == nil) != c.ok {
			t.Errorf("checkLinkTarget(%q, %q) = %v", c.rel, c.target, err)
		}
	}
}

func Example_hostileError() {
	es := []archivetest.Entry{{Name: "top/../../x", Body: []byte("pwned")}}
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	_, err := Extract(context.Background(), bytes.NewReader(archivetest.TarGz(es)), TarGZ, dir, Options{})
	fmt.Println(strings.ReplaceAll(err.Error(), dir, "DEST"))
	// Output: extract to DEST: unsafe archive entry "top/../../x": path contains ..
}
