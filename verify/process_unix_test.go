//go:build unix

package verify

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// assertGone fails the test for each pid that still runs. A grandchild is
// reparented to init, which may be slow to reap it (or never, in some
// containers), so a zombie counts as gone.
func assertGone(t *testing.T, pids []int) {
	t.Helper()
	for _, pid := range pids {
		deadline := time.Now().Add(2 * time.Second)
		for !gone(pid) {
			if time.Now().After(deadline) {
				t.Errorf("process %d is still running", pid)
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

func gone(pid int) bool {
	if errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) {
		return true
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	_, rest, _ := strings.Cut(string(b), ") ")
	return strings.HasPrefix(rest, "Z")
}

// TestRunCancelRealNode cancels while a real node is starting the server
// (a preload script holds it before the "Server running at" line) and
// checks that Run returns at once and that the node process is gone.
func TestRunCancelRealNode(t *testing.T) {
	node := realNode(t)
	dir := t.TempDir()
	pids := filepath.Join(dir, "pids")
	preload := filepath.Join(dir, "hold.js")
	writeFile(t, preload, fmt.Sprintf(`require('fs').appendFileSync(%q, process.pid + '\n');
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000);
`, pids))
	o := Options{
		Node: node,
		Dir:  filepath.Join(dir, "scratch"),
		Env:  append(os.Environ(), "NODE_OPTIONS=--require "+preload),
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	type result struct {
		rep Report
		err error
	}
	res := make(chan result, 1)
	go func() {
		rep, err := Run(ctx, o)
		res <- result{rep, err}
	}()
	pid := waitPids(t, pids, 1)[0]
	cancel()
	var r result
	select {
	case r = <-res:
	case <-time.After(stopGrace + 3*time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if !errors.Is(r.err, context.Canceled) {
		t.Errorf("Run error %v, want context.Canceled", r.err)
	}
	if r.rep.OK {
		t.Errorf("report OK after cancel: %+v", r.rep)
	}
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("kill(%d, 0) = %v after Run, want ESRCH", pid, err)
	}
}

// TestRunStubbornServer has a server that ignores SIGTERM: it must be
// killed after the grace period.
func TestRunStubbornServer(t *testing.T) {
	o, pids := fakeOptions(t, "stubborn")
	rep, err := Run(context.Background(), o)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	c := checkByName(t, rep, CheckStopped)
	if !c.OK || !strings.Contains(c.Detail, "killed with SIGKILL") || c.Millis < stopGrace.Milliseconds() {
		t.Errorf("stop check %+v, want a kill after %s", c, stopGrace)
	}
	assertGone(t, readPids(t, pids))
}
