package shims

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"
)

func TestPathFirst(t *testing.T) {
	sep := string(os.PathListSeparator)
	lowerPath := []string{"Path=/v" + sep + "/b", "A=1"} // Windows spells it in any case
	if runtime.GOOS != "windows" {
		lowerPath = []string{"Path=/b", "A=1", "PATH=/v"} // unix: Path is another variable
	}
	for _, c := range []struct {
		name string
		in   []string
		want []string
	}{
		{"first", []string{"A=1", "PATH=/usr/bin" + sep + "/bin"}, []string{"A=1", "PATH=/v" + sep + "/usr/bin" + sep + "/bin"}},
		{"empty PATH", []string{"PATH="}, []string{"PATH=/v" + sep}},
		{"no PATH", []string{"A=1"}, []string{"A=1", "PATH=/v"}},
		{"nothing", nil, []string{"PATH=/v"}},
		{"other case", []string{"Path=/b", "A=1"}, lowerPath},
		{"PATHEXT untouched", []string{"PATHEXT=.EXE", "PATH=/b"}, []string{"PATHEXT=.EXE", "PATH=/v" + sep + "/b"}},
	} {
		in := append([]string(nil), c.in...)
		if got := PathFirst(c.in, "/v"); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: PathFirst(%q) = %q; want %q", c.name, c.in, got, c.want)
		}
		if !reflect.DeepEqual(in, c.in) {
			t.Errorf("%s: PathFirst changed its input to %q", c.name, c.in)
		}
	}
}

func TestFindIn(t *testing.T) {
	root := t.TempDir()
	a, b, c := filepath.Join(root, "a"), filepath.Join(root, "b"), filepath.Join(root, "c")
	// runnable writes a program: executable on unix, an .exe on Windows.
	runnable := func(dir string) string {
		p := filepath.Join(dir, "tool")
		if runtime.GOOS == "windows" {
			p += ".exe"
		}
		writeFile(t, p, "#!/bin/sh\n")
		if err := os.Chmod(p, 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// a holds a tool that does not run: no exec bit, or no PATHEXT extension.
	writeFile(t, filepath.Join(a, "tool"), "not a program")
	if err := os.MkdirAll(filepath.Join(a, "dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	inB, inC := runnable(b), runnable(c)
	for _, tc := range []struct {
		name, cmd string
		dirs      []string
		skip      func(dir, p string) bool
		want      string
	}{
		{"first runnable", "tool", []string{a, b, c}, nil, inB},
		{"order", "tool", []string{c, b}, nil, inC},
		{"skipped", "tool", []string{a, b, c}, func(dir, _ string) bool { return dir == b }, inC},
		{"empty entry", "tool", []string{"", c}, nil, inC},
		{"not runnable", "tool", []string{a}, nil, ""},
		{"folder", "dir", []string{a}, nil, ""},
		{"missing", "none", []string{a, b, c}, nil, ""},
	} {
		if got := FindIn(tc.cmd, tc.dirs, tc.skip); got != tc.want {
			t.Errorf("%s: FindIn(%q) = %q; want %q", tc.name, tc.cmd, got, tc.want)
		}
	}
}
