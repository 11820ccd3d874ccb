package main

import (
	"errors"
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
			// With interspersed flags off, pflag keeps a "--" after SPEC.
			rest := args[1:]
			if rest[0] == "--" {
				rest = rest[1:]
			}
			if len(rest) == 0 {
				return usageErr(errors.New("exec: no command after --\nhint: run: nvmgo exec --help"))
			}
			return execRun(a, args[0], rest[0], rest[1:])
		},
		ValidArgsFunction: completeInstalledThen(a, cobra.ShellCompDirectiveDefault),
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
		ValidArgsFunction: completeInstalledThen(a, cobra.ShellCompDirectiveDefault),
	}
	c.Flags().SetInterspersed(false)
	return c
}

// execRun runs name from the version (or from PATH with the version's bin
// folder first) and ends with the child's exit code.
func execRun(a *app, spec, name string, args []string) error {
	in, _, err := a.resolveInstalled([]string{spec})
	if errors.Is(err, home.ErrSystem) {
		return a.execSystem(name, args)
	}
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

// execSystem runs name from PATH outside nvmgo (the "system" spec).
func (a *app) execSystem(name string, args []string) error {
	h, err := a.home()
	if err != nil {
		return err
	}
	p := shims.LookPathOutside(shims.Env{Getenv: a.getenv, Home: h, GOOS: a.goos}, name)
	if p == "" {
		return fmt.Errorf("%s: not found on PATH outside nvmgo (the system node was asked for)", name)
	}
	env := shims.ChildEnv(os.Environ(), filepath.Dir(p), 0)
	code, err := shims.RunChild(shims.Command{Path: p, Args: append([]string{name}, args...)}, env)
	if err != nil {
		return err
	}
	if code != 0 {
		return exitCode(code)
	}
	return nil
}
