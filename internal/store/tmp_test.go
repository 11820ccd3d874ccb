package store

import (
	"io/fs"
	"strings"
	"testing"
	"time"
)

// TmpKey reads the lock key back from every tmp/ name an install or a
// removal makes, node versions and package managers alike, and nothing
// else.
func TestTmpKey(t *testing.T) {
	for _, tt := range []struct{ name, want string }{
		{"v20.18.1-4265747002", "v20.18.1"},
		{"v20.18.1-incomplete-17", "v20.18.1"},
		{"v20.18.1-removing-17", "v20.18.1"},
		{"v24.0.0-rc.1-123", "v24.0.0-rc.1"},
		{"v24.0.0-rc.1-incomplete-9", "v24.0.0-rc.1"},
		{"v24.0.0-nightly20240101abc-5", "v24.0.0-nightly20240101abc"},
		{"v20.18.1", ""},     // no suffix
		{"v20.18.1-", ""},    // empty suffix
		{"v20.18.1-abc", ""}, // not digits
		{"20.18.1-5", ""},    // not the canonical name
		{"v020.18.1-5", ""},  // not a version
		{"verify-123", ""},
		{"doctor-5", ""},
		{"v20.18.1-incomplete-removing-1", "v20.18.1-incomplete"}, // a prerelease named "incomplete"
		{"v20.18.1-" + strings.Repeat("9", 30), ""},               // more digits than a time has
		{"reinstall-v20.18.1-5", ""},                              // a reinstall decides about it
		{"pm-pnpm@9.12.0-123", "pm-pnpm@9.12.0"},
		{"pm-yarn@4.0.0-rc.1-incomplete-99", "pm-yarn@4.0.0-rc.1"},
		{"pm-npm@10.9.0-removing-5", "pm-npm@10.9.0"},
		{"pm-pnpm@9.12.0-abc", ""},
		{"pm-bun@1.0.0-1", ""},    // not a package manager nvmgo installs
		{"pm-pnpm@v9.12.0-1", ""}, // not the canonical name
		{"pm-pnpm-1", ""},         // no version
	} {
		got, ok := TmpKey(tt.name)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("TmpKey(%q) = %q, %v; want %q", tt.name, got, ok, tt.want)
		}
	}
}

// fakeEntry is a tmp/ entry last changed at mod.
type fakeEntry struct {
	fs.DirEntry
	name string
	mod  time.Time
}

func (e fakeEntry) Name() string               { return e.name }
func (e fakeEntry) Info() (fs.FileInfo, error) { return fakeInfo(e), nil }

type fakeInfo fakeEntry

func (i fakeInfo) Name() string       { return i.name }
func (i fakeInfo) Size() int64        { return 0 }
func (i fakeInfo) Mode() fs.FileMode  { return fs.ModeDir }
func (i fakeInfo) ModTime() time.Time { return i.mod }
func (i fakeInfo) IsDir() bool        { return true }
func (i fakeInfo) Sys() any           { return nil }

// StaleScratch: only verify and doctor scratch, only once a day old.
func TestStaleScratch(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name string
		age  time.Duration
		want bool
	}{
		{"verify-123", 25 * time.Hour, true},
		{"doctor-123", 25 * time.Hour, true},
		{"verify-123", 23 * time.Hour, false},
		{"doctor-9", time.Hour, false},
		{"v20.1.0-123", 48 * time.Hour, false}, // a key's: its lock decides
		{"verifying-1", 48 * time.Hour, false},
		{"notes.txt", 48 * time.Hour, false},
	} {
		if got := StaleScratch(fakeEntry{name: tt.name, mod: now.Add(-tt.age)}, now); got != tt.want {
			t.Errorf("StaleScratch(%s, %v old) = %v, want %v", tt.name, tt.age, got, tt.want)
		}
	}
}
