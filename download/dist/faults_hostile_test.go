package dist

import (
	"runtime"
	"strings"
	"testing"

	"github.com/nvmgo/nvmgo/download/extract/archivetest"
	"github.com/nvmgo/nvmgo/internal/faulttest"
	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/testmirror"
)

// A release archive that matches its SHASUMS256.txt but is no usable Node
// (issue 11, items 6 and 7), through the whole install: refused, nothing
// installed, and the error says whether the sha256 it matched was signed.
func TestFaultHostileReleaseArchive(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks")
	}
	edit := func(tree []archivetest.Entry, name string, e *archivetest.Entry) []archivetest.Entry {
		out := make([]archivetest.Entry, 0, len(tree)+1)
		for _, x := range tree {
			if !strings.HasSuffix(x.Name, "/"+name) {
				out = append(out, x)
			}
		}
		if e != nil {
			out = append(out, *e)
		}
		return out
	}
	tests := []struct {
		name  string
		spoil func(top string, tree []archivetest.Entry) []archivetest.Entry
		want  string
	}{
		{"metadata name linked to bin/node", func(top string, tree []archivetest.Entry) []archivetest.Entry {
			return append(tree, archivetest.Entry{Name: top + "/.nvmgo.json", Link: "bin/node"})
		}, "reserved for nvmgo's own files"},
		{"metadata name as a file", func(top string, tree []archivetest.Entry) []archivetest.Entry {
			return append(tree, archivetest.Entry{Name: top + "/.nvmgo.json", Body: []byte(`{"version":"v20.18.1"}`)})
		}, "reserved for nvmgo's own files"},
		{"bin/node empty", func(top string, tree []archivetest.Entry) []archivetest.Entry {
			return edit(tree, "bin/node", &archivetest.Entry{Name: top + "/bin/node", Mode: 0o755})
		}, "bin/node is an empty file"},
		{"bin/node a folder", func(top string, tree []archivetest.Entry) []archivetest.Entry {
			return edit(tree, "bin/node", &archivetest.Entry{Name: top + "/bin/node/"})
		}, "bin/node is not a regular file"},
		{"bin/node a link", func(top string, tree []archivetest.Entry) []archivetest.Entry {
			return edit(tree, "bin/node", &archivetest.Entry{Name: top + "/bin/node", Link: "../README.md"})
		}, "bin/node is a symlink"},
		{"no bin/node", func(top string, tree []archivetest.Entry) []archivetest.Entry {
			return edit(tree, "bin/node", nil)
		}, "has no bin/node"},
	}
	for _, tt := range tests {
		for _, signed := range []bool{true, false} {
			name := tt.name + map[bool]string{true: "/signed", false: "/unsigned"}[signed]
			t.Run(name, func(t *testing.T) {
				r := newRig(t, "linux")
				top := "node-" + faultVersion + "-" + r.art.Tag
				r.art.FileName, r.art.Alternatives = top+".tar.gz", nil
				tree := tt.spoil(top, testmirror.UnixTree(top, r.rel, "/bin/false"))
				if err := faulttest.SetArchive(r.m, faultVersion, r.art.FileName, archivetest.TarGz(tree)); err != nil {
					t.Fatal(err)
				}
				if !signed {
					r.m.Set(faultVersion+"/SHASUMS256.txt.asc", nil)
					r.in.AllowUnsigned = true
				}
				err := r.mustFail(t, tt.want, "nothing was installed")
				reserved := strings.Contains(tt.want, "nvmgo")
				switch {
				case reserved && signed && !strings.Contains(hint.Text(err), "matches its signed sha256"):
					t.Errorf("signed: %v", err)
				case reserved && !signed && (strings.Contains(hint.Text(err), "signed sha256") || !strings.Contains(hint.Text(err), "unsigned SHASUMS256.txt")):
					t.Errorf("unsigned: the error claims what was not true: %v", err)
				}
			})
		}
	}
}
