package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/shims"
	"github.com/nvmgo/nvmgo/versions"
)

type execOptions struct {
	spec string   // the version
	name string   // the command: node for `nvmgo run`
	args []string // its arguments
}

func newExecCmd(a *app) *cobra.Command {
	var o execOptions
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
				return usageErr(hint.New("exec: no command after --", "run: nvmgo exec --help"))
			}
			o.spec, o.name, o.args = args[0], rest[0], rest[1:]
			return execRun(c.Context(), a, o)
		},
		ValidArgsFunction: completeInstalledThen(a, cobra.ShellCompDirectiveDefault),
	}
	c.Flags().SetInterspersed(false)
	return c
}

// execRun runs the command from the version (or from PATH with the
// version's bin folder first) and ends with the child's exit code. The
// child gets Ctrl-C itself and decides; its code is the answer.
func execRun(ctx context.Context, a *app, o execOptions) error {
	spec, name, args := o.spec, o.name, o.args
	in, _, err := a.resolveInstalled(ctx, []string{spec})
	if errors.Is(err, versions.ErrSystem) {
		return a.execSystem(ctx, name, args)
	}
	if err != nil {
		return err
	}
	h, err := a.home()
	if err != nil {
		return err
	}
	bin := store.BinDir(in.Dir, a.goos)
	env := shims.ChildEnv(os.Environ(), bin, 0)
	cmd, ok := shims.Target(a.goos, in.Dir, name, args)
	if !ok {
		path, err := a.outsideVersion(h, in, spec, name)
		if err != nil {
			// As a shell says it: 127, command not found.
			printError(a, err)
			return exitCode(127)
		}
		cmd = shims.Command{Path: path, Args: append([]string{name}, args...)}
	}
	return runChild(ctx, cmd, env)
}

// runChild runs cmd and ends with its exit code. A Ctrl-C that came before
// it started does not start it.
func runChild(ctx context.Context, cmd shims.Command, env []string) error {
	if err := ctx.Err(); err != nil {
		return err
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

// outsideVersion finds a command that the version lacks. One that nvmgo
// has a shim for (another version's global package) is an error naming the
// versions that have it, as the shim says: running it through the shim
// would run another version's copy. Anything else (sh, git, ...) comes from
// PATH without the shims folder.
func (a *app) outsideVersion(h store.Home, in store.Installed, spec, name string) (string, error) {
	shimsDir, _ := os.Stat(h.ShimsDir())
	if _, err := os.Lstat(filepath.Join(h.ShimsDir(), shims.ExeName(a.goos, name))); err == nil && !strings.ContainsAny(name, `/\`) {
		sel := shims.Selection{Version: in.Version.String(), Dir: in.Dir, Reason: "from `nvmgo exec " + spec + "`"}
		return "", shims.MissingError(h, a.goos, name, sel)
	}
	var dirs []string
	for _, d := range filepath.SplitList(a.getenv("PATH")) {
		if fi, err := os.Stat(d); d == "" || err == nil && shimsDir != nil && os.SameFile(fi, shimsDir) {
			continue
		}
		dirs = append(dirs, d)
	}
	bin := store.BinDir(in.Dir, a.goos)
	if p := lookPathIn(name, append([]string{bin}, dirs...)); p != "" {
		return p, nil
	}
	return "", fmt.Errorf("%s: command not found (with node %s first on PATH)", name, in.Version)
}

// lookPathIn is exec.LookPath against a PATH that is not the process's own;
// a name with a separator is a path, looked up as it is.
func lookPathIn(name string, dirs []string) string {
	if strings.ContainsRune(name, filepath.Separator) || strings.Contains(name, "/") {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
		return ""
	}
	return shims.FindIn(name, dirs, nil)
}

// execSystem runs name from PATH outside nvmgo (the "system" spec).
func (a *app) execSystem(ctx context.Context, name string, args []string) error {
	h, err := a.home()
	if err != nil {
		return err
	}
	p := shims.LookPathOutside(shims.Env{Getenv: a.getenv, Home: h, GOOS: a.goos}, name)
	if p == "" {
		return fmt.Errorf("%s: not found on PATH outside nvmgo (the system node was asked for)", name)
	}
	env := shims.ChildEnv(os.Environ(), filepath.Dir(p), 0)
	return runChild(ctx, shims.Command{Path: p, Args: append([]string{name}, args...)}, env)
}
