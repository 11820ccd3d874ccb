package download

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gofrs/flock"

	"github.com/nvmgo/nvmgo/internal/store"
)

func TestWithHint(t *testing.T) {
	base := errors.New("GET x: 503 Service Unavailable")
	tests := []struct {
		err  error
		want string // "" for nil
	}{
		{nil, ""},
		{base, "GET x: 503 Service Unavailable\nhint: do this"},
		{fmt.Errorf("%w\nhint: already", base), "GET x: 503 Service Unavailable\nhint: already"},
		{context.Canceled, "context canceled"},
		{fmt.Errorf("GET x: %w", context.Canceled), "GET x: context canceled"},
	}
	for _, tt := range tests {
		got := withHint(tt.err, "do this")
		if (got == nil) != (tt.want == "") || got != nil && got.Error() != tt.want {
			t.Errorf("withHint(%v) = %v, want %q", tt.err, got, tt.want)
		}
		if tt.err != nil && !errors.Is(got, tt.err) {
			t.Errorf("withHint(%v) lost the wrapped error", tt.err)
		}
	}
}

func TestHomeErr(t *testing.T) {
	h := store.Home{Root: "/h"}
	tests := []struct {
		err  error
		want string // a substring of the hint, or "" for no hint
	}{
		{&fs.PathError{Op: "write", Path: "/h/tmp/x", Err: syscall.ENOSPC}, "free some space"},
		{&fs.PathError{Op: "mkdir", Path: "/h/versions", Err: syscall.EROFS}, "NVMGO_HOME at a writable folder"},
		{&fs.PathError{Op: "open", Path: "/h/locks/x", Err: syscall.EACCES}, "fix its permissions"},
		{errors.New("other"), ""},
	}
	for _, tt := range tests {
		got := homeErr(h, tt.err).Error()
		_, hint, ok := strings.Cut(got, "\nhint: ")
		if tt.want == "" && ok || tt.want != "" && !strings.Contains(hint, tt.want) {
			t.Errorf("homeErr(%v) = %q, want a hint with %q", tt.err, got, tt.want)
		}
		if isDiskErr(tt.err) != (tt.want != "") {
			t.Errorf("isDiskErr(%v) = %v", tt.err, !(tt.want != ""))
		}
	}
}

// An install sweeps what killed runs left in tmp/, for every version whose
// lock is free, and leaves live work and unknown names alone.
func TestSweepStale(t *testing.T) {
	h := store.Home{Root: t.TempDir()}
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	for _, d := range []string{h.TmpDir(), h.LocksDir()} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	entries := map[string]bool{ // name -> swept
		"v20.18.1-123456":       true,  // this version's staging
		"v20.18.1-incomplete-1": true,  // this version, moved aside
		"v22.12.0-987654":       true,  // another version, lock free
		"v22.12.0-removing-5":   true,  // an uninstall killed before its delete
		"v18.20.8-555":          false, // another version being installed now
		"verify-old":            true,  // scratch older than a day
		"verify-new":            false, // scratch of a verify that may be running
		"doctor-old":            true,
		"notes.txt":             false, // not ours
		"vacation-photos":       false, // not a version
		"v-":                    false,
	}
	for name := range entries {
		p := filepath.Join(h.TmpDir(), name)
		if err := os.MkdirAll(filepath.Join(p, "node", "bin"), 0o755); err != nil {
			t.Fatal(err)
		}
		age := time.Hour
		if strings.HasSuffix(name, "-old") {
			age = 25 * time.Hour
		}
		if err := os.Chtimes(p, now.Add(-age), now.Add(-age)); err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range []string{"v18.20.8", "v20.18.1-rc.1"} {
		busy := flock.New(filepath.Join(h.LocksDir(), v+".lock"))
		if ok, err := busy.TryLock(); !ok || err != nil {
			t.Fatalf("lock: %v %v", ok, err)
		}
		defer busy.Unlock()
	}

	in := &Installer{Home: h, Now: func() time.Time { return now }}
	in.sweepStale("v20.18.1")
	for name, swept := range entries {
		_, err := os.Stat(filepath.Join(h.TmpDir(), name))
		if gone := errors.Is(err, os.ErrNotExist); gone != swept {
			t.Errorf("%s: removed=%v, want %v", name, gone, swept)
		}
	}
	// The locks it took are released: another install can take them.
	l := flock.New(filepath.Join(h.LocksDir(), "v22.12.0.lock"))
	if ok, err := l.TryLock(); !ok || err != nil {
		t.Errorf("v22.12.0's lock is still held after the sweep (%v, %v)", ok, err)
	}
	l.Unlock()
}

func TestTmpVersion(t *testing.T) {
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
	} {
		got, ok := tmpVersion(tt.name)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("tmpVersion(%q) = %q, %v; want %q", tt.name, got, ok, tt.want)
		}
	}
}
