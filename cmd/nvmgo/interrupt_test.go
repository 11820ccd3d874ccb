package main

import (
	"context"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nvmgo/nvmgo/internal/faulttest"
)

// Ctrl-C and SIGTERM reach every command through the root's context: the
// built binary, stalled by the mirror at a request it is known to make, is
// signalled once the mirror has seen that request (no sleeps), and must
// exit 130 with its own cleanup line, never Go's "context canceled".

// interrupt runs nvmgo args against c's mirror, sends sig once reached
// fires (and ready holds, if given), and returns the result.
func (c *faultCLI) interrupt(sig os.Signal, reached <-chan struct{}, ready func() bool, args ...string) result {
	c.t.Helper()
	cmd := c.command(context.Background(), "nvmgo", args...)
	o := c.startCmd(cmd)
	go func() {
		select {
		case <-reached:
		case <-time.After(60 * time.Second): // only a broken test gets here
			cmd.Process.Kill()
			return
		}
		if ready != nil {
			faulttest.Wait(20*time.Second, ready)
		}
		cmd.Process.Signal(sig)
	}()
	return c.waitCmd(cmd, o)
}

func (c *faultCLI) assertCancelled(r result, args []string, want string) {
	c.t.Helper()
	if r.code != 130 {
		c.t.Errorf("%v after the signal exited %d, want 130:\n%s", args, r.code, r.stderr)
	}
	if !strings.HasSuffix(r.stderr, want) || strings.Contains(r.stderr, "context canceled") {
		c.t.Errorf("%v after the signal said %q, want it to end with %q", args, r.stderr, want)
	}
}

func TestInterruptLsRemote(t *testing.T) {
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			c := newFaultCLI(t)
			data := c.m.File("index.json")
			reached := make(chan struct{}, 1)
			// The index never finishes: only the signal can end the command.
			c.m.SetFault(faulttest.StallAfter("index.json", data, len(data)/2, reached))
			args := []string{"ls-remote"}
			r := c.interrupt(sig, reached, nil, args...)
			c.assertCancelled(r, args, "nvmgo: ls-remote: cancelled\n")
			if r.stdout != "" {
				t.Errorf("ls-remote printed releases after the signal:\n%s", r.stdout)
			}
		})
	}
}

func TestInterruptUseInstall(t *testing.T) {
	c := newFaultCLI(t)
	path := c.archive(".tar.xz")
	data := c.m.File(path)
	reached := make(chan struct{}, 1)
	c.m.SetFault(faulttest.StallAfter(path, data, len(data)/2, reached))
	args := []string{"use", "--install", faultVersion}
	// Signalled once the download is staged, so the cleanup has a folder
	// to remove.
	r := c.interrupt(os.Interrupt, reached, func() bool { return c.staged("") }, args...)
	c.assertCancelled(r, args, "nvmgo: install "+faultVersion+": cancelled; nothing was installed\n")
	assertOnlyComplete(t, c.home)
	faulttest.AssertNoStaging(t, c.home)
}
