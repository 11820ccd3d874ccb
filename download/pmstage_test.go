package download

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gofrs/flock"

	"github.com/nvmgo/nvmgo/internal/store"
)

func TestPMTmpKey(t *testing.T) {
	tests := []struct{ name, key string }{
		{"pm-pnpm@9.12.0-123", "pm-pnpm@9.12.0"},
		{"pm-yarn@4.0.0-rc.1-incomplete-99", "pm-yarn@4.0.0-rc.1"},
		{"pm-npm@10.9.0-removing-5", "pm-npm@10.9.0"},
		{"pm-pnpm@9.12.0-abc", ""},
		{"pm-bun@1.0.0-1", ""},
		{"pm-pnpm@v9.12.0-1", ""},
		{"v20.1.0-123", ""},
		{"verify-123", ""},
	}
	for _, tt := range tests {
		k, ok := pmTmpKey(tt.name)
		if k != tt.key || ok != (tt.key != "") {
			t.Errorf("pmTmpKey(%q) = %q %v, want %q", tt.name, k, ok, tt.key)
		}
	}
}

// TestStagePM: a failed fill leaves nothing; leftovers of killed runs are
// swept unless their install is running; a success appears whole.
func TestStagePM(t *testing.T) {
	h := store.Home{Root: t.TempDir()}
	in := &Installer{Home: h, Now: func() time.Time { return time.Unix(0, 0) }}
	for _, d := range []string{h.TmpDir(), h.LocksDir()} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	stale := filepath.Join(h.TmpDir(), "pm-yarn@1.22.22-777")
	busy := filepath.Join(h.TmpDir(), "pm-npm@10.9.0-888")
	other := filepath.Join(h.TmpDir(), "somebody-else")
	for _, d := range []string{stale, busy, other} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	lock := flock.New(filepath.Join(h.LocksDir(), "pm-npm@10.9.0.lock"))
	if ok, err := lock.TryLock(); !ok || err != nil {
		t.Fatal(ok, err)
	}
	defer lock.Unlock()
	boom := errors.New("boom")
	_, err := in.StagePM(context.Background(), "pnpm", "9.12.0", func(ctx context.Context, dest, staging string) (store.PMMeta, error) {
		return store.PMMeta{}, boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(h.PMVersionDir("pnpm", "9.12.0")); !os.IsNotExist(err) {
		t.Fatalf("a failed install left %v", err)
	}
	for d, want := range map[string]bool{stale: false, busy: true, other: true} {
		if _, err := os.Stat(d); (err == nil) != want {
			t.Errorf("%s exists: %v, want %v", filepath.Base(d), err == nil, want)
		}
	}
	res, err := in.StagePM(context.Background(), "pnpm", "9.12.0", func(ctx context.Context, dest, staging string) (store.PMMeta, error) {
		if err := os.MkdirAll(filepath.Join(dest, "bin"), 0o755); err != nil {
			return store.PMMeta{}, err
		}
		return store.PMMeta{Bin: map[string]string{"pnpm": "bin/pnpm.cjs"}}, os.WriteFile(filepath.Join(dest, "bin", "pnpm.cjs"), nil, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if m, err := store.ReadPMMeta(res.Dir); err != nil || m.Name != "pnpm" || m.Version != "9.12.0" {
		t.Fatalf("meta %+v %v", m, err)
	}
	// an entry script the package lacks fails the install
	_, err = in.StagePM(context.Background(), "pnpm", "9.15.0", func(ctx context.Context, dest, staging string) (store.PMMeta, error) {
		return store.PMMeta{Bin: map[string]string{"pnpm": "bin/pnpm.cjs"}}, nil
	})
	if err == nil {
		t.Fatal("an install without its entry script succeeded")
	}
	if again, err := in.StagePM(context.Background(), "pnpm", "9.12.0", nil); err != nil || !again.Already {
		t.Fatalf("second install: %+v %v", again, err)
	}
}
