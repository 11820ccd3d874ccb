package store

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestJudge(t *testing.T) {
	const me, other, staff = 1000, 1001, 50
	dir := fs.ModeDir
	private := func(uid, gid uint32) bool { return uid == me && gid == me } // me's own group is gid 1000
	tests := []struct {
		name     string
		euid     int
		o        owner
		ancestor bool
		want     string // "" ok, else a substring of the reason
	}{
		{"mine 0755", me, owner{dir | 0o755, me, me, true}, false, ""},
		{"mine 0700", me, owner{dir | 0o700, me, me, true}, false, ""},
		{"root's 0755", me, owner{dir | 0o755, 0, 0, true}, false, ""},
		{"other user's", me, owner{dir | 0o755, other, other, true}, false, "owned by uid 1001"},
		{"other user's, as root", 0, owner{dir | 0o700, other, other, true}, false, "owned by uid 1001, not by you (uid 0)"},
		{"root's, as root", 0, owner{dir | 0o755, 0, 0, true}, false, ""},
		{"world-writable", me, owner{dir | 0o777, me, me, true}, false, "writable by every user"},
		{"world-writable sticky own folder", me, owner{dir | fs.ModeSticky | 0o777, me, me, true}, false, "writable by every user"},
		{"sticky ancestor like /tmp", me, owner{dir | fs.ModeSticky | 0o777, 0, 0, true}, true, ""},
		{"world-writable ancestor", me, owner{dir | 0o777, 0, 0, true}, true, "writable by every user"},
		{"private group umask 002", me, owner{dir | 0o775, me, me, true}, false, ""},
		{"shared group", me, owner{dir | 0o775, me, staff, true}, false, "writable by group 50"},
		{"shared group ancestor", me, owner{dir | 0o2775, 0, staff, true}, true, "writable by group 50"},
		{"group read only", me, owner{dir | 0o750, me, staff, true}, false, ""},
		{"a file: writes fail, not a safety matter", me, owner{0o644, other, other, true}, false, ""},
		{"windows: no owners", -1, owner{dir | 0o777, 0, 0, false}, false, ""},
	}
	for _, tt := range tests {
		c := checker{euid: tt.euid, private: private}
		got := c.judge(tt.o, tt.ancestor)
		if tt.want == "" && got != "" || tt.want != "" && !strings.Contains(got, tt.want) {
			t.Errorf("%s: judge = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// fakeFS is a file system of owners by path, with links resolved by a map.
type fakeFS struct {
	owners map[string]owner
	links  map[string]string // resolved path of a path through a link
}

func (f fakeFS) checker(euid int) checker {
	return checker{
		euid: euid,
		stat: func(p string) (owner, error) {
			if o, ok := f.owners[filepath.ToSlash(p)]; ok {
				return o, nil
			}
			return owner{}, fs.ErrNotExist
		},
		resolve: func(p string) (string, error) {
			if r, ok := f.links[filepath.ToSlash(p)]; ok {
				return filepath.FromSlash(r), nil
			}
			return p, nil
		},
		private: func(uid, gid uint32) bool { return false },
	}
}

func TestFolderChain(t *testing.T) {
	if filepath.Separator != '/' {
		t.Skip("unix paths")
	}
	dir := fs.ModeDir
	base := map[string]owner{
		"/":            {dir | 0o755, 0, 0, true},
		"/tmp":         {dir | fs.ModeSticky | 0o777, 0, 0, true},
		"/home":        {dir | 0o755, 0, 0, true},
		"/home/me":     {dir | 0o755, 1000, 1000, true},
		"/home/me/h":   {dir | 0o700, 1000, 1000, true},
		"/tmp/mine":    {dir | 0o700, 1000, 1000, true},
		"/tmp/theirs":  {dir | 0o777, 1001, 1001, true},
		"/srv":         {dir | 0o777, 0, 0, true},
		"/srv/h":       {dir | 0o700, 1000, 1000, true},
		"/home/me/ln":  {dir | 0o777, 1001, 1001, true}, // stat follows the link
		"/opt":         {dir | 0o755, 0, 0, true},
		"/opt/shared":  {dir | 0o755, 0, 0, true},
		"/home/other":  {dir | 0o700, 1001, 1001, true},
		"/home/me/via": {dir | 0o700, 1000, 1000, true},
	}
	tests := []struct {
		path string
		euid int
		want string // "" ok, else the folder named
	}{
		{"/home/me/h", 1000, ""},
		{"/home/me/h/missing/deeper", 1000, ""},
		{"/tmp/mine", 1000, ""},
		{"/tmp/theirs/cache", 1000, "/tmp/theirs"},
		{"/tmp/nvmgo-cache", 1000, ""}, // not there yet: made by nvmgo, 0700
		{"/srv/h", 1000, "/srv"},       // a parent anyone can rename things in
		{"/home/me/h", 0, "/home/me"},  // root must not trust a user's folders
		{"/opt/shared", 1000, ""},      // root's read-only home
		{"/home/me/ln", 1000, "/home/me/ln"},
		{"/home/me/via", 1000, "/home/other"}, // resolved through a link into another user's folder
	}
	f := fakeFS{owners: base, links: map[string]string{"/home/me/via": "/home/other/x"}}
	for _, tt := range tests {
		err := f.checker(tt.euid).folder(tt.path)
		var ue *UnsafeError
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("folder(%s) as %d = %v, want ok", tt.path, tt.euid, err)
		case tt.want != "" && (!errors.As(err, &ue) || ue.Path != tt.want):
			t.Errorf("folder(%s) as %d = %v, want %s named", tt.path, tt.euid, err, tt.want)
		}
	}
}

func TestHomeCheckSubfolders(t *testing.T) {
	if filepath.Separator != '/' {
		t.Skip("unix paths")
	}
	dir := fs.ModeDir
	f := fakeFS{owners: map[string]owner{
		"/":                {dir | 0o755, 0, 0, true},
		"/h":               {dir | 0o700, 1000, 1000, true},
		"/h/versions":      {dir | 0o700, 1000, 1000, true},
		"/h/shims":         {dir | 0o777, 1000, 1000, true},
		"/h/tmp":           {dir | 0o700, 1000, 1000, true},
		"/h/versions/v1.0": {dir | 0o777, 1000, 1000, true}, // version contents are not the home's folders
	}}
	err := Home{Root: "/h"}.check(f.checker(1000))
	var ue *UnsafeError
	if !errors.As(err, &ue) || ue.Path != "/h/shims" {
		t.Errorf("check = %v, want /h/shims named", err)
	}
	f.owners["/h/shims"] = owner{dir | 0o755, 1000, 1000, true}
	if err := (Home{Root: "/h"}).check(f.checker(1000)); err != nil {
		t.Errorf("check = %v, want ok", err)
	}
}

func TestMkdirPrivate(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a", "b")
	if err := MkdirPrivate(p); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{p, filepath.Dir(p)} {
		fi, err := os.Stat(d)
		if err != nil {
			t.Fatal(err)
		}
		if perm := fi.Mode().Perm(); filepath.Separator == '/' && perm != 0o700 {
			t.Errorf("%s mode %04o, want 0700", d, perm)
		}
	}
}
