package verify

import (
	"context"
	"errors"
	"testing"
	"time"
)

// waitPids waits until the fake or real node has written want pids.
func waitPids(t *testing.T, path string, want int) []int {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if pids := readPids(t, path); len(pids) >= want {
			return pids
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %d pids in %s", want, path)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestRunCancelGroup cancels while the request hangs, with a server that
// started a child of its own: the whole group must be gone.
func TestRunCancelGroup(t *testing.T) {
	o, pids := fakeOptions(t, "group")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		_, err := Run(ctx, o)
		errc <- err
	}()
	// node --version, npm --version, the server and its child.
	waitPids(t, pids, 4)
	time.Sleep(200 * time.Millisecond) // let the request get under way
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run error %v, want context.Canceled", err)
		}
	case <-time.After(stopGrace + 3*time.Second):
		t.Fatal("Run did not return after cancel")
	}
	assertGone(t, readPids(t, pids))
}
