package platform

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/nvmgo/nvmgo/versions"
)

// gridVersions are real releases on both sides of every point where the
// index starts or stops listing a build or a format (the grid below shows
// which).
var gridVersions = []string{
	"v0.12.18", "v4.9.1", "v10.24.1", "v15.14.0", "v16.0.0", "v18.20.8",
	"v19.8.1", "v19.9.0", "v22.23.2", "v23.11.1", "v24.20.0", "v26.8.1",
}

// Each grid cell is the expected archive name after "node-<version>-":
// a plain name is a native build; "~name" is a fallback that carries a
// note; "?name" comes from the unofficial mirror (with a note); "!tags" is
// a *NoBuildError for those tags.
var grid = []struct {
	p     Platform
	cells []string
}{
	{Platform{OS: "linux", Arch: "amd64"}, []string{
		"linux-x64.tar.xz", "linux-x64.tar.xz", "linux-x64.tar.xz", "linux-x64.tar.xz",
		"linux-x64.tar.xz", "linux-x64.tar.xz", "linux-x64.tar.xz", "linux-x64.tar.xz",
		"linux-x64.tar.xz", "linux-x64.tar.xz", "linux-x64.tar.xz", "linux-x64.tar.xz"}},
	{Platform{OS: "linux", Arch: "arm64"}, []string{
		"!linux-arm64", "linux-arm64.tar.xz", "linux-arm64.tar.xz", "linux-arm64.tar.xz",
		"linux-arm64.tar.xz", "linux-arm64.tar.xz", "linux-arm64.tar.xz", "linux-arm64.tar.xz",
		"linux-arm64.tar.xz", "linux-arm64.tar.xz", "linux-arm64.tar.xz", "linux-arm64.tar.xz"}},
	{Platform{OS: "linux", Arch: "arm"}, []string{
		"!linux-armv7l", "linux-armv7l.tar.xz", "linux-armv7l.tar.xz", "linux-armv7l.tar.xz",
		"linux-armv7l.tar.xz", "linux-armv7l.tar.xz", "linux-armv7l.tar.xz", "linux-armv7l.tar.xz",
		"linux-armv7l.tar.xz", "linux-armv7l.tar.xz", "!linux-armv7l", "!linux-armv7l"}},
	{Platform{OS: "linux", Arch: "ppc64le"}, []string{
		"!linux-ppc64le", "linux-ppc64le.tar.xz", "linux-ppc64le.tar.xz", "linux-ppc64le.tar.xz",
		"linux-ppc64le.tar.xz", "linux-ppc64le.tar.xz", "linux-ppc64le.tar.xz", "linux-ppc64le.tar.xz",
		"linux-ppc64le.tar.xz", "linux-ppc64le.tar.xz", "linux-ppc64le.tar.xz", "linux-ppc64le.tar.xz"}},
	{Platform{OS: "linux", Arch: "s390x"}, []string{
		"!linux-s390x", "!linux-s390x", "linux-s390x.tar.xz", "linux-s390x.tar.xz",
		"linux-s390x.tar.xz", "linux-s390x.tar.xz", "linux-s390x.tar.xz", "linux-s390x.tar.xz",
		"linux-s390x.tar.xz", "linux-s390x.tar.xz", "linux-s390x.tar.xz", "linux-s390x.tar.xz"}},
	{Platform{OS: "linux", Arch: "386"}, []string{
		"linux-x86.tar.xz", "linux-x86.tar.xz", "!linux-x86", "!linux-x86",
		"!linux-x86", "!linux-x86", "!linux-x86", "!linux-x86",
		"!linux-x86", "!linux-x86", "!linux-x86", "!linux-x86"}},
	{Platform{OS: "darwin", Arch: "amd64"}, []string{
		"darwin-x64.tar.xz", "darwin-x64.tar.xz", "darwin-x64.tar.xz", "darwin-x64.tar.xz",
		"darwin-x64.tar.xz", "darwin-x64.tar.xz", "darwin-x64.tar.xz", "darwin-x64.tar.xz",
		"darwin-x64.tar.xz", "darwin-x64.tar.xz", "darwin-x64.tar.xz", "darwin-x64.tar.xz"}},
	{Platform{OS: "darwin", Arch: "arm64"}, []string{
		"~darwin-x64.tar.xz", "~darwin-x64.tar.xz", "~darwin-x64.tar.xz", "~darwin-x64.tar.xz",
		"darwin-arm64.tar.xz", "darwin-arm64.tar.xz", "darwin-arm64.tar.xz", "darwin-arm64.tar.xz",
		"darwin-arm64.tar.xz", "darwin-arm64.tar.xz", "darwin-arm64.tar.xz", "darwin-arm64.tar.xz"}},
	{Platform{OS: "windows", Arch: "amd64"}, []string{
		"!win-x64", "win-x64.zip", "win-x64.zip", "win-x64.zip",
		"win-x64.zip", "win-x64.zip", "win-x64.zip", "win-x64.zip",
		"win-x64.zip", "win-x64.zip", "win-x64.zip", "win-x64.zip"}},
	{Platform{OS: "windows", Arch: "arm64"}, []string{
		"!win-arm64 or win-x64", "~win-x64.zip", "~win-x64.zip", "~win-x64.zip",
		"~win-x64.zip", "~win-x64.zip", "~win-x64.zip", "win-arm64.zip",
		"win-arm64.zip", "win-arm64.zip", "win-arm64.zip", "win-arm64.zip"}},
	{Platform{OS: "windows", Arch: "386"}, []string{
		"!win-x86", "win-x86.zip", "win-x86.zip", "win-x86.zip",
		"win-x86.zip", "win-x86.zip", "win-x86.zip", "win-x86.zip",
		"win-x86.zip", "!win-x86", "!win-x86", "!win-x86"}},
	{Platform{OS: "linux", Arch: "amd64", Libc: Musl}, []string{
		"?linux-x64-musl.tar.xz", "?linux-x64-musl.tar.xz", "?linux-x64-musl.tar.xz", "?linux-x64-musl.tar.xz",
		"?linux-x64-musl.tar.xz", "?linux-x64-musl.tar.xz", "?linux-x64-musl.tar.xz", "?linux-x64-musl.tar.xz",
		"?linux-x64-musl.tar.xz", "?linux-x64-musl.tar.xz", "linux-x64-musl.tar.xz", "linux-x64-musl.tar.xz"}},
}

func TestSelectGrid(t *testing.T) {
	idx := loadIndex(t)
	for _, row := range grid {
		if len(row.cells) != len(gridVersions) {
			t.Fatalf("%v: %d cells for %d versions", row.p, len(row.cells), len(gridVersions))
		}
		for i, ver := range gridVersions {
			t.Run(row.p.String()+"@"+ver, func(t *testing.T) {
				checkCell(t, row.p, release(t, idx, ver), row.cells[i])
			})
		}
	}
}

func checkCell(t *testing.T, p Platform, r versions.Release, cell string) {
	t.Helper()
	a, err := Select(p, r, PreferXZ)
	if tags, ok := strings.CutPrefix(cell, "!"); ok {
		want := "node " + r.Version + " has no build for " + tags + "; pick another version or another --arch"
		var nb *NoBuildError
		if !errors.As(err, &nb) || err.Error() != want {
			t.Fatalf("Select = %+v, %v; want error %q", a, err, want)
		}
		return
	}
	if err != nil {
		t.Fatalf("Select: %v", err)
	}
	fallback := strings.HasPrefix(cell, "~")
	unofficial := strings.HasPrefix(cell, "?")
	name := strings.TrimLeft(cell, "~?")
	tag, ext, _ := strings.Cut(name, ".")
	ext = "." + ext
	dir := "node-" + r.Version + "-" + tag
	if a.FileName != "node-"+r.Version+"-"+name || a.Tag != tag || a.Dir != dir || a.Ext != ext {
		t.Errorf("got file %q tag %q dir %q ext %q; want %q %q %q %q",
			a.FileName, a.Tag, a.Dir, a.Ext, "node-"+r.Version+"-"+name, tag, dir, ext)
	}
	if (a.Note != "") != (fallback || unofficial) {
		t.Errorf("note %q; want one: %v", a.Note, fallback || unofficial)
	}
	if a.Unofficial != unofficial {
		t.Errorf("Unofficial = %v; want %v", a.Unofficial, unofficial)
	}
	if unofficial != (a.IndexID == "") || (!unofficial && !r.HasFile(a.IndexID)) {
		t.Errorf("IndexID %q not in files %v", a.IndexID, r.Files)
	}
	var wantAlt []string
	if ext == ".tar.xz" {
		wantAlt = []string{dir + ".tar.gz"}
	}
	if !slices.Equal(a.Alternatives, wantAlt) {
		t.Errorf("Alternatives = %q; want %q", a.Alternatives, wantAlt)
	}
}

func TestSelectCompression(t *testing.T) {
	idx := loadIndex(t)
	tests := []struct {
		ver    string
		p      Platform
		prefer Prefer
		file   string
		alts   []string
	}{
		{"v0.10.41", linuxX64, PreferXZ, "node-v0.10.41-linux-x64.tar.gz", nil},
		{"v0.10.42", linuxX64, PreferXZ, "node-v0.10.42-linux-x64.tar.xz", []string{"node-v0.10.42-linux-x64.tar.gz"}},
		{"v0.11.16", linuxX64, PreferXZ, "node-v0.11.16-linux-x64.tar.gz", nil},
		{"v0.12.9", linuxX64, PreferXZ, "node-v0.12.9-linux-x64.tar.gz", nil},
		{"v0.12.10", linuxX64, PreferXZ, "node-v0.12.10-linux-x64.tar.xz", []string{"node-v0.12.10-linux-x64.tar.gz"}},
		{"v0.12.10", Platform{OS: "darwin", Arch: "arm64"}, PreferXZ, "node-v0.12.10-darwin-x64.tar.xz", []string{"node-v0.12.10-darwin-x64.tar.gz"}},
		{"v4.0.0", linuxX64, PreferXZ, "node-v4.0.0-linux-x64.tar.xz", []string{"node-v4.0.0-linux-x64.tar.gz"}},
		{"v22.23.2", linuxX64, PreferGZ, "node-v22.23.2-linux-x64.tar.gz", nil},
		{"v22.23.2", Platform{OS: "windows", Arch: "amd64"}, PreferGZ, "node-v22.23.2-win-x64.zip", nil},
	}
	for _, tt := range tests {
		a, err := Select(tt.p, release(t, idx, tt.ver), tt.prefer)
		if err != nil {
			t.Errorf("%s %v: %v", tt.ver, tt.p, err)
			continue
		}
		if a.FileName != tt.file || !slices.Equal(a.Alternatives, tt.alts) {
			t.Errorf("%s %v prefer %d: got %q %q; want %q %q", tt.ver, tt.p, tt.prefer, a.FileName, a.Alternatives, tt.file, tt.alts)
		}
		if !strings.HasSuffix(a.FileName, a.Ext) {
			t.Errorf("%s: does not end in its ext %q", a.FileName, a.Ext)
		}
	}
}

var linuxX64 = Platform{OS: "linux", Arch: "amd64"}

func TestSelectErrors(t *testing.T) {
	idx := loadIndex(t)
	tests := []struct {
		p    Platform
		ver  string
		want string // after Explain
	}{
		{Platform{OS: "linux", Arch: "arm"}, "v24.20.0",
			"node v24.20.0 has no build for linux-armv7l (the last one is v23.11.1); pick an older version or another --arch"},
		{Platform{OS: "linux", Arch: "386"}, "v10.0.0",
			"node v10.0.0 has no build for linux-x86 (the last one is v9.11.2); pick an older version or another --arch"},
		{Platform{OS: "windows", Arch: "386"}, "v23.11.1",
			"node v23.11.1 has no build for win-x86 (the last one is v22.23.2); pick an older version or another --arch"},
		{Platform{OS: "linux", Arch: "s390x"}, "v4.9.1",
			"node v4.9.1 has no build for linux-s390x (the first one is v6.6.0); pick a newer version or another --arch"},
		{Platform{OS: "windows", Arch: "amd64"}, "v5.12.0",
			"node v5.12.0 has no build for win-x64 (the nearest are v4.9.1 and v6.2.1); pick one of those or another --arch"},
		{Platform{OS: "windows", Arch: "arm64"}, "v0.12.18",
			"node v0.12.18 has no build for win-arm64 or win-x64 (the first one is v4.5.0); pick a newer version or another --arch"},
		{Platform{OS: "linux", Arch: "arm64", Libc: Musl}, "v22.23.2",
			"node v22.23.2 has no build for linux-arm64-musl (musl builds exist only for x64; use a glibc system)"},
		{Platform{OS: "darwin", Arch: "386"}, "v22.23.2",
			"node has no builds for darwin/386; pick another --arch (x64, arm64)"},
		{Platform{OS: "linux", Arch: "riscv64"}, "v22.23.2",
			"node has no builds for linux/riscv64; pick another --arch (x64, arm64, armv7l, ppc64le, s390x, x86)"},
		{Platform{OS: "freebsd", Arch: "amd64"}, "v22.23.2",
			"node has no builds for freebsd; nvmgo supports linux, darwin and windows"},
	}
	for _, tt := range tests {
		_, err := Select(tt.p, release(t, idx, tt.ver), PreferXZ)
		if err == nil {
			t.Errorf("%v %s: no error", tt.p, tt.ver)
			continue
		}
		if got := Explain(err, idx).Error(); got != tt.want {
			t.Errorf("%v %s:\n got %s\nwant %s", tt.p, tt.ver, got, tt.want)
		}
	}
}

func TestExplainNoRelease(t *testing.T) {
	r := versions.Release{Version: "v1.0.0", Files: []string{"linux-x64"}}
	_, err := Select(Platform{OS: "linux", Arch: "arm64"}, r, PreferXZ)
	want := "node v1.0.0 has no build for linux-arm64 in any release; pick another --arch"
	if got := Explain(err, []versions.Release{r}).Error(); got != want {
		t.Errorf("got %q; want %q", got, want)
	}
	other := errors.New("boom")
	if Explain(other, nil) != other {
		t.Error("Explain changed an unrelated error")
	}
}

func TestSelectMuslNotes(t *testing.T) {
	idx := loadIndex(t)
	musl := Platform{OS: "linux", Arch: "amd64", Libc: Musl}
	a, err := Select(musl, release(t, idx, "v26.7.0"), PreferXZ)
	if err != nil || !a.Unofficial || !strings.Contains(a.Note, "not signed") {
		t.Errorf("v26.7.0 musl = %+v, %v; want unofficial with an unsigned note", a, err)
	}
	a, err = Select(musl, release(t, idx, "v26.8.0"), PreferXZ)
	if err != nil || a.Unofficial || a.IndexID != "linux-x64-musl" || a.Note != "" {
		t.Errorf("v26.8.0 musl = %+v, %v; want the official build", a, err)
	}
	// Libc only matters on Linux.
	a, err = Select(Platform{OS: "darwin", Arch: "amd64", Libc: Musl}, release(t, idx, "v26.8.0"), PreferXZ)
	if err != nil || a.Tag != "darwin-x64" {
		t.Errorf("darwin with Libc set = %+v, %v", a, err)
	}
}
