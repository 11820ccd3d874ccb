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
	if runtime.GOOS == "windows" {
		t.Skip("exec bits")
	}
	root := t.TempDir()
	a, b, c := filepath.Join(root, "a"), filepath.Join(root, "b"), filepath.Join(root, "c")
	writeFile(t, filepath.Join(a, "tool"), "not executable")
	writeFile(t, filepath.Join(b, "tool"), "#!/bin/sh\n")
	writeFile(t, filepath.Join(c, "tool"), "#!/bin/sh\n")
	os.Chmod(filepath.Join(b, "tool"), 0o755)
	os.Chmod(filepath.Join(c, "tool"), 0o755)
	os.MkdirAll(filepath.Join(a, "dir"), 0o755)
	for _, tc := range []struct {
		name, cmd string
		dirs      []string
		skip      func(dir, p string) bool
		want      string
	}{
		{"first executable", "tool", []string{a, b, c}, nil, filepath.Join(b, "tool")},
		{"order", "tool", []string{c, b}, nil, filepath.Join(c, "tool")},
		{"skipped", "tool", []string{a, b, c}, func(dir, _ string) bool { return dir == b }, filepath.Join(c, "tool")},
		{"empty entry", "tool", []string{"", c}, nil, filepath.Join(c, "tool")},
		{"not executable", "tool", []string{a}, nil, ""},
		{"folder", "dir", []string{a}, nil, ""},
		{"missing", "none", []string{a, b, c}, nil, ""},
	} {
		if got := FindIn(tc.cmd, tc.dirs, tc.skip); got != tc.want {
			t.Errorf("%s: FindIn(%q) = %q; want %q", tc.name, tc.cmd, got, tc.want)
		}
	}
}
