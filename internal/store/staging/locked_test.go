package staging

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/gofrs/flock"
	"github.com/nvmgo/nvmgo/internal/store"
)

// A fill that succeeds appears whole, with the metadata Stage adds; a
// second Stage answers it without filling.
func TestStageSuccess(t *testing.T) {
	s := stageInstaller(t.TempDir())
	rel := stageRelease(t)
	rel.LTS = "Iron"
	res, err := s.Stage(context.Background(), rel, fillWith(func(string) error { return nil }))
	if err != nil {
		t.Fatal(err)
	}
	if res.Already || res.Dir != s.Home.VersionDir("v20.1.0") {
		t.Errorf("Stage = %+v", res)
	}
	m, err := store.ReadMeta(res.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if m.Version != "v20.1.0" || m.LTS != "Iron" || m.Entry == nil || !m.InstalledAt.Equal(s.Now()) || m.Verified != "test" {
		t.Errorf("metadata %+v", m)
	}
	if left, _ := os.ReadDir(s.Home.TmpDir()); len(left) > 0 {
		t.Errorf("tmp/ holds %v after a success", left)
	}
	again, err := s.Stage(context.Background(), rel, func(context.Context, string, string) (store.Meta, error) {
		t.Error("an installed version was filled again")
		return store.Meta{}, nil
	})
	if err != nil || !again.Already || again.Meta.SHA256 != m.SHA256 {
		t.Errorf("second Stage = %+v, %v; want already installed", again, err)
	}
}

// A failed fill leaves nothing: not in versions/, not in tmp/.
func TestStageFillErrorLeavesNothing(t *testing.T) {
	s := stageInstaller(t.TempDir())
	boom := errors.New("boom")
	_, err := s.Stage(context.Background(), stageRelease(t), func(_ context.Context, dest, staging string) (store.Meta, error) {
		if err := os.WriteFile(filepath.Join(dest, "half"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(staging, "archive.zip"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		return store.Meta{}, boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Stage = %v, want the fill's error", err)
	}
	for _, d := range []string{s.Home.VersionsDir(), s.Home.TmpDir()} {
		if left, _ := os.ReadDir(d); len(left) > 0 {
			t.Errorf("%s holds %v after a failed fill", d, left)
		}
	}
}

// signalWriter closes ch at the first write (the waiting message).
type signalWriter struct {
	once sync.Once
	ch   chan struct{}
	buf  bytes.Buffer
	mu   sync.Mutex
}

func (w *signalWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.once.Do(func() { close(w.ch) })
	return w.buf.Write(p)
}

// lockedHome is a Stager whose v20.1.0 lock the test holds, and a log
// that tells when Stage starts waiting for it.
func lockedHome(t *testing.T) (Stager, *flock.Flock) {
	s := stageInstaller(t.TempDir())
	if err := os.MkdirAll(s.Home.LocksDir(), 0o700); err != nil {
		t.Fatal(err)
	}
	held := lockOf(s.Home, "v20.1.0")
	if err := held.Lock(); err != nil {
		t.Fatal(err)
	}
	s.Log = &signalWriter{ch: make(chan struct{})}
	return s, held
}

// Stage waits for the version's lock, says so, fills nothing meanwhile,
// and answers the install the lock's holder finished.
func TestStageWaitsForLock(t *testing.T) {
	s, held := lockedHome(t)
	log := s.Log.(*signalWriter)
	var filled atomic.Bool
	done := make(chan error, 1)
	var res Result
	go func() {
		var err error
		res, err = s.Stage(context.Background(), stageRelease(t), func(ctx context.Context, dest, staging string) (store.Meta, error) {
			filled.Store(true)
			return fillWith(func(string) error { return nil })(ctx, dest, staging)
		})
		done <- err
	}()
	<-log.ch // Stage found the lock taken
	if filled.Load() {
		t.Fatal("Stage filled while another held the lock")
	}
	// The holder finishes the install (made elsewhere, renamed in), then
	// lets go.
	elsewhere, err := stageInstaller(t.TempDir()).Stage(context.Background(), stageRelease(t), fillWith(func(string) error { return nil }))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(s.Home.VersionsDir(), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(elsewhere.Dir, s.Home.VersionDir("v20.1.0")); err != nil {
		t.Fatal(err)
	}
	if err := held.Unlock(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if filled.Load() || !res.Already {
		t.Errorf("Stage after the wait = %+v (filled %v); want the other's install", res, filled.Load())
	}
	if got := log.buf.String(); got != "nvmgo: waiting for another nvmgo installing v20.1.0\n" {
		t.Errorf("log = %q", got)
	}
}

// A cancelled wait for the lock is the context's error, and fills nothing.
func TestStageWaitCancelled(t *testing.T) {
	s, held := lockedHome(t)
	defer held.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	log := s.Log.(*signalWriter)
	go func() { <-log.ch; cancel() }()
	_, err := s.Stage(ctx, stageRelease(t), func(context.Context, string, string) (store.Meta, error) {
		t.Error("filled without the lock")
		return store.Meta{}, nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Stage = %v, want context.Canceled", err)
	}
}

// What a killed install left (its staging folder, an incomplete folder
// set aside) is swept by the next install of that version; an incomplete
// folder in versions/ is set aside, not trusted, and swept too.
func TestStageCrashLeftovers(t *testing.T) {
	s := stageInstaller(t.TempDir())
	h := s.Home
	for _, d := range []string{
		filepath.Join(h.TmpDir(), "v20.1.0-4265747002", "node", "bin"),
		filepath.Join(h.TmpDir(), "v20.1.0-incomplete-17", "bin"),
		filepath.Join(h.VersionDir("v20.1.0"), "bin"), // no metadata: incomplete
	} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(h.VersionDir("v20.1.0"), "stale"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := s.Stage(context.Background(), stageRelease(t), fillWith(func(string) error { return nil }))
	if err != nil || res.Already {
		t.Fatalf("Stage = %+v, %v; want a fresh install", res, err)
	}
	if _, err := os.Stat(filepath.Join(res.Dir, "stale")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the incomplete folder's files are in the new install: %v", err)
	}
	if left, _ := os.ReadDir(h.TmpDir()); len(left) > 0 {
		t.Errorf("tmp/ holds %v; want the leftovers swept", left)
	}
}
