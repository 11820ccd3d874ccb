package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/internal/home"
	"github.com/nvmgo/nvmgo/shims"
)

func newExecCmd(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:   "exec SPEC -- CMD [ARGS...]",
		Short: "Run a command with a version's bin folder first on PATH",
		Args:  argsUsage(cobra.MinimumNArgs(2)),
		RunE: func(c *cobra.Command, args []string) error {
			return execRun(a, args[0], args[1], args[2:])
		},
		ValidArgsFunction: completeInstalled(a),
	}
	c.Flags().SetInterspersed(false)
	return c
}

func newRunCmd(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:   "run SPEC [ARGS...]",
		Short: "Run node of a version with ARGS",
		Args:  argsUsage(cobra.MinimumNArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			return execRun(a, args[0], "node", args[1:])
		},
		ValidArgsFunction: completeInstalled(a),
	}
	c.Flags().SetInterspersed(false)
	return c
}

// execRun runs name from the version (or from PATH with the version's bin
// folder first) and ends with the child's exit code.
func execRun(a *app, spec, name string, args []string) error {
	in, _, err := a.resolveInstalled([]string{spec})
	if err != nil {
		return err
	}
	bin := home.BinDir(in.Dir, a.goos)
	env := shims.ChildEnv(os.Environ(), bin, 0)
	cmd, ok := shims.Target(a.goos, in.Dir, name, args)
	if !ok {
		path := lookPathIn(name, pathOf(env))
		if path == "" {
			return fmt.Errorf("%s: command not found (with node %s first on PATH)", name, in.Version)
		}
		cmd = shims.Command{Path: path, Args: append([]string{name}, args...)}
	}
	code, err := shims.RunChild(cmd, env)
	if err != nil {
		return err
	}
	if code != 0 {
		return exitCode(code)
	}
	return nil
}

func pathOf(env []string) string {
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok && strings.EqualFold(k, "PATH") {
			return v
		}
	}
	return ""
}

// lookPathIn is exec.LookPath against a PATH that is not the process's own.
func lookPathIn(name, path string) string {
	if strings.ContainsRune(name, filepath.Separator) || strings.Contains(name, "/") {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
		return ""
	}
	for _, dir := range filepath.SplitList(path) {
		if dir == "" {
			continue
		}
		if p, err := exec.LookPath(filepath.Join(dir, name)); err == nil {
			return p
		}
	}
	return ""
}
