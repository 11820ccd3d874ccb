package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
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
	c.assertCancelledSays(r, args, want)
	if strings.Contains(r.stderr, "context canceled") {
		c.t.Errorf("%v after the signal said Go's %q:\n%s", args, "context canceled", r.stderr)
	}
}

// assertCancelledSays wants exit code 130 and stderr ending with want.
func (c *faultCLI) assertCancelledSays(r result, args []string, want string) {
	c.t.Helper()
	if r.code != 130 {
		c.t.Errorf("%v after the signal exited %d, want 130:\n%s", args, r.code, r.stderr)
	}
	if !strings.HasSuffix(r.stderr, want) {
		c.t.Errorf("%v after the signal said %q, want it to end with %q", args, r.stderr, want)
	}
}

func TestInterruptLsRemote(t *testing.T) {
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			c := newFaultCLI(t)
			// The index never finishes: only the signal can end the command.
			reached := c.stallMidFile("index.json")
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
	reached := c.stallMidFile(c.archive(".tar.xz"))
	args := []string{"use", "--install", faultVersion}
	// Signalled once the download is staged, so the cleanup has a folder
	// to remove.
	r := c.interrupt(os.Interrupt, reached, func() bool { return c.staged("") }, args...)
	c.assertCancelled(r, args, "nvmgo: install "+faultVersion+": cancelled; nothing was installed\n")
	assertOnlyComplete(t, c.home)
	faulttest.AssertNoStaging(t, c.home)
}

// TestInterruptCommands: the other commands that wait on the network stop
// the same way, each with its own last line.
func TestInterruptCommands(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		stall   string // the mirror path left hanging
		install bool   // install faultVersion first
		want    string
	}{
		{"outdated", []string{"outdated"}, "index.json", false, "nvmgo: outdated: cancelled\n"},
		{"doctor", []string{"doctor"}, "index.json", false, "nvmgo: doctor: cancelled\n"},
		{"upgrade", []string{"upgrade", "20"}, "index.json", true, "nvmgo: upgrade: cancelled\n"},
		// mirror sync names the cause, Go's words included, as it always has.
		{"mirror sync", []string{"mirror", "sync", "DIR", "--versions", faultVersion, "--platforms", hostTag(), "--formats", "xz"},
			"ARCHIVE", false, ": context canceled); nothing partial is visible in it\n" +
				"hint: run the same sync again: it resumes where it stopped\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newFaultCLI(t)
			if tt.install {
				c.mustInstall()
				c.env = append(c.env, "NVMGO_INDEX_TTL=0s") // ask the mirror again
			}
			dir := filepath.Join(t.TempDir(), "dist")
			args := make([]string, len(tt.args))
			for i, a := range tt.args {
				args[i] = strings.ReplaceAll(a, "DIR", dir)
			}
			stall := strings.ReplaceAll(tt.stall, "ARCHIVE", c.archive(".tar.xz"))
			r := c.interrupt(os.Interrupt, c.stallMidFile(stall), nil, args...)
			if tt.name == "mirror sync" {
				c.assertCancelledSays(r, args, tt.want)
				if want := "nvmgo: mirror sync " + dir + ": interrupted ("; !strings.HasPrefix(r.stderr, want) {
					t.Errorf("mirror sync said %q, want it to start with %q", r.stderr, want)
				}
				if _, err := os.Stat(filepath.Join(dir, c.archive(".tar.xz"))); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("the half-sent archive is visible in the mirror folder: %v", err)
				}
			} else {
				c.assertCancelled(r, args, tt.want)
			}
			if tt.name == "doctor" && r.stdout != "" {
				t.Errorf("doctor printed a report cut short:\n%s", r.stdout)
			}
		})
	}
}
