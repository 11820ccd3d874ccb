//go:build windows

package shims

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/windows"
)

// execCommand runs the command as a child (Windows has no exec), lets it
// handle Ctrl-C, and returns its exit code.
func execCommand(c Command, env []string) (int, error) {
	return RunChild(c, env)
}

// RunChild runs the command with the shim's console and standard handles
// and returns its exit code.
func RunChild(c Command, env []string) (int, error) {
	cmd := &exec.Cmd{Path: c.Path, Args: c.Args, Env: env, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	if isCmdExe(c) {
		// Go's quoting suits C programs, not cmd.exe: a .cmd launcher gets
		// the command line cmd.exe needs, verbatim.
		line, err := CmdExeLine(c.Args[4], c.Args[5:])
		if err != nil {
			return 126, err
		}
		cmd.Path = comSpec()
		cmd.SysProcAttr = &syscall.SysProcAttr{CmdLine: `cmd.exe ` + line}
	}
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

// isCmdExe reports a command made by Target for a .cmd launcher.
func isCmdExe(c Command) bool {
	return c.Path == "cmd.exe" && len(c.Args) >= 5 && c.Args[1] == "/d" && c.Args[2] == "/s" && c.Args[3] == "/c"
}

// comSpec is cmd.exe in the system folder, never one found on PATH or in
// the working directory.
func comSpec() string {
	if dir, err := windows.GetSystemDirectory(); err == nil && dir != "" {
		return filepath.Join(dir, "cmd.exe")
	}
	if p := os.Getenv("ComSpec"); filepath.IsAbs(p) {
		return p
	}
	return "cmd.exe"
}
