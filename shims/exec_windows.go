//go:build windows

package shims

import (
	"fmt"
	"os"
	"os/exec"
)

// execCommand runs the command as a child (Windows has no exec), lets it
// handle Ctrl-C, and returns its exit code.
func execCommand(c Command, env []string) (int, error) {
	return RunChild(c, env)
}

func RunChild(c Command, env []string) (int, error) {
	path := c.Path
	if path == "cmd.exe" {
		if p, err := exec.LookPath("cmd.exe"); err == nil {
			path = p
		}
	}
	cmd := &exec.Cmd{Path: path, Args: c.Args, Env: env, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	// The console sends Ctrl-C to every process attached to it: the child
	// gets it itself; the shim ignores it and waits for the child's verdict.
	restore := ignoreInterrupts()
	defer restore()
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), nil
	}
	if err != nil {
		return 126, fmt.Errorf("run %s: %w", c.Path, err)
	}
	return 0, nil
}
