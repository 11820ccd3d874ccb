//go:build !windows

package shims

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
)

// execCommand replaces the shim process with the command.
func execCommand(c Command, env []string) (int, error) {
	err := syscall.Exec(c.Path, c.Args, env)
	return 126, fmt.Errorf("exec %s: %w", c.Path, err)
}

// RunChild runs the command and passes its exit status on (a signal death
// becomes 128+signal, as shells report it).
func RunChild(c Command, env []string) (int, error) {
	cmd := &exec.Cmd{Path: c.Path, Args: c.Args, Env: env, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	// Ctrl-C reaches the child through the terminal's process group; the shim
	// ignores it while waiting so the child decides what happens.
	sig := ignoreInterrupts()
	defer sig()
	// SIGTERM goes to one pid (a supervisor, timeout(1), docker stop), not
	// the group: pass it on, so the child is not orphaned when the shim dies.
	term := make(chan os.Signal, 4)
	signal.Notify(term, syscall.SIGTERM)
	defer signal.Stop(term)
	if err := cmd.Start(); err != nil {
		return 126, err
	}
	stop := forward(cmd.Process, term)
	err := cmd.Wait()
	stop()
	if ee, ok := err.(*exec.ExitError); ok {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return 128 + int(ws.Signal()), nil
		}
		return ee.ExitCode(), nil
	}
	if err != nil {
		return 126, err
	}
	return 0, nil
}

// forward passes the signals arriving on ch on to p until stop is called.
func forward(p *os.Process, ch <-chan os.Signal) (stop func()) {
	done := make(chan struct{})
	go func() {
		for {
			select {
			case s := <-ch:
				_ = p.Signal(s)
			case <-done:
				return
			}
		}
	}()
	return func() { close(done) }
}
