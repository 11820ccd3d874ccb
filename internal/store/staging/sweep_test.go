package staging

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gofrs/flock"
	"github.com/nvmgo/nvmgo/internal/store"
)

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
		// Package manager installs share the sweep (and the name rules).
		"pm-pnpm@9.12.0-77":        true,  // lock free
		"pm-npm@10.9.0-removing-3": false, // being removed now
		"reinstall-v20.18.1-9":     false, // a reinstall decides about it
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
	for _, v := range []string{"v18.20.8", "v20.18.1-rc.1", "pm-npm@10.9.0"} {
		busy := flock.New(filepath.Join(h.LocksDir(), v+".lock"))
		if ok, err := busy.TryLock(); !ok || err != nil {
			t.Fatalf("lock: %v %v", ok, err)
		}
		defer busy.Unlock()
	}

	sweep(h, "v20.18.1", now)
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
