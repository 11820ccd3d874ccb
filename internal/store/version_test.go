package store

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/nvmgo/nvmgo/versions"
)

// makeVersion writes a complete install of ver under h, laid out for goos.
func makeVersion(t *testing.T, h Home, ver, platform string) string {
	t.Helper()
	dir := h.VersionDir(ver)
	node := NodeExe(dir, LayoutOS(platform))
	if err := os.MkdirAll(filepath.Dir(node), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(node, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WriteMeta(dir, Meta{Version: ver, Platform: platform}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestCheckVersion(t *testing.T) {
	unixOnly := runtime.GOOS == "windows" // symlinks and exec bits
	tests := []struct {
		name  string
		spoil func(t *testing.T, dir, outside string)
		want  string // "" ok, else a substring of the reason
		unix  bool
	}{
		{"complete", func(*testing.T, string, string) {}, "", false},
		{"no metadata", func(t *testing.T, d, _ string) { must(t, os.Remove(filepath.Join(d, MetaName))) }, "has no .nvmgo.json", false},
		{"metadata not JSON", func(t *testing.T, d, _ string) {
			must(t, os.WriteFile(filepath.Join(d, MetaName), []byte("{"), 0o644))
		}, "unreadable", false},
		{"metadata of another version", func(t *testing.T, d, _ string) {
			must(t, os.WriteFile(filepath.Join(d, MetaName), []byte(`{"version":"v1.0.0"}`), 0o644))
		}, `names version "v1.0.0"`, false},
		{"metadata is a folder", func(t *testing.T, d, _ string) {
			p := filepath.Join(d, MetaName)
			must(t, os.Remove(p))
			must(t, os.Mkdir(p, 0o755))
		}, "not a regular file", false},
		{"metadata is a link", func(t *testing.T, d, out string) {
			p := filepath.Join(d, MetaName)
			b, _ := os.ReadFile(p)
			must(t, os.WriteFile(filepath.Join(out, "m.json"), b, 0o644))
			must(t, os.Remove(p))
			must(t, os.Symlink(filepath.Join(out, "m.json"), p))
		}, "symlink", true},
		{"node missing", func(t *testing.T, d, _ string) { must(t, os.Remove(NodeExe(d, runtime.GOOS))) }, "has no", false},
		{"node empty", func(t *testing.T, d, _ string) { must(t, os.WriteFile(NodeExe(d, runtime.GOOS), nil, 0o755)) }, "empty file", false},
		{"node a folder", func(t *testing.T, d, _ string) {
			n := NodeExe(d, runtime.GOOS)
			must(t, os.Remove(n))
			must(t, os.Mkdir(n, 0o755))
		}, "not a regular file", false},
		{"node a link out", func(t *testing.T, d, out string) {
			n := NodeExe(d, runtime.GOOS)
			must(t, os.WriteFile(filepath.Join(out, "node"), []byte("x"), 0o755))
			must(t, os.Remove(n))
			must(t, os.Symlink(filepath.Join(out, "node"), n))
		}, "symlink", true},
		{"node not executable", func(t *testing.T, d, _ string) { must(t, os.Chmod(NodeExe(d, runtime.GOOS), 0o644)) }, "not executable", true},
		{"bin a link", func(t *testing.T, d, out string) {
			bin := filepath.Join(d, "bin")
			must(t, os.Rename(bin, filepath.Join(out, "bin")))
			must(t, os.Symlink(filepath.Join(out, "bin"), bin))
		}, "bin/ is not a real folder", true},
		{"folder is a link", func(t *testing.T, d, out string) {
			must(t, os.Rename(d, filepath.Join(out, "v")))
			must(t, os.Symlink(filepath.Join(out, "v"), d))
		}, "symlink, not a folder", true},
		{"folder is a file", func(t *testing.T, d, _ string) {
			must(t, os.RemoveAll(d))
			must(t, os.WriteFile(d, []byte("x"), 0o644))
		}, "not a folder", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.unix && unixOnly {
				t.Skip("unix")
			}
			h := Home{Root: t.TempDir()}
			out := t.TempDir()
			dir := makeVersion(t, h, "v20.1.0", "")
			tt.spoil(t, dir, out)
			err := CheckVersion(dir)
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("CheckVersion = %v, want %q", err, tt.want)
			}
			list, broken, lerr := h.ListAll()
			if lerr != nil {
				t.Fatal(lerr)
			}
			if ok := tt.want == ""; ok != (len(list) == 1) || ok == (len(broken) == 1) {
				t.Errorf("ListAll = %v, %v; want the version listed: %v", list, broken, ok)
			}
			spec, _ := versions.ParseSpec("20")
			if _, err := h.Select(spec); (err == nil) != (tt.want == "") {
				t.Errorf("Select(20) = %v; want it found: %v", err, tt.want == "")
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// The layout follows the installed platform, not the machine: a Windows
// build installed on linux (NVMGO_OS=windows) has node.exe at its top.
func TestCheckVersionLayouts(t *testing.T) {
	h := Home{Root: t.TempDir()}
	for ver, p := range map[string]string{"v20.1.0": "win-x64", "v20.2.0": "darwin-arm64", "v20.3.0": "linux-x64-musl"} {
		makeVersion(t, h, ver, p)
	}
	list, broken, err := h.ListAll()
	if err != nil || len(list) != 3 || len(broken) != 0 {
		t.Errorf("ListAll = %v, %v, %v; want 3 complete", list, broken, err)
	}
}

// Select passes over a broken newest version for the next complete one.
func TestSelectSkipsBroken(t *testing.T) {
	h := Home{Root: t.TempDir()}
	makeVersion(t, h, "v20.1.0", "")
	newest := makeVersion(t, h, "v20.2.0", "")
	must(t, os.WriteFile(NodeExe(newest, runtime.GOOS), nil, 0o755))
	spec, _ := versions.ParseSpec("20")
	in, err := h.Select(spec)
	if err != nil || in.Version.String() != "v20.1.0" {
		t.Errorf("Select(20) = %v, %v; want v20.1.0", in.Version, err)
	}
}

// WriteMeta never writes through what an archive put at its name.
func TestWriteMetaReplacesLink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks")
	}
	dir := t.TempDir()
	victim := filepath.Join(dir, "bin", "node")
	must(t, os.MkdirAll(filepath.Dir(victim), 0o755))
	must(t, os.WriteFile(victim, []byte("ELF"), 0o755))
	must(t, os.Symlink("bin/node", filepath.Join(dir, MetaName)))
	if err := WriteMeta(dir, Meta{Version: "v1.0.0"}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "ELF" {
		t.Errorf("bin/node now holds %q", b)
	}
	if m, err := ReadMeta(dir); err != nil || m.Version != "v1.0.0" {
		t.Errorf("ReadMeta = %+v, %v", m, err)
	}
}
