//go:build !windows

package shims

import (
	"fmt"
	"os"
	"os/exec"
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
	err := cmd.Run()
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
