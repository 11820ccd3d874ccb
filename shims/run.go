package shims

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/nvmgo/nvmgo/internal/config/env"
	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/safe"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/versions"
)

// DepthEnv counts nested shim runs; too deep means a loop.
const DepthEnv = env.ShimDepth

const maxDepth = 8

// Name returns the command name a binary was started as: the base name of
// argv[0] without .exe, lower-cased on Windows.
func Name(argv0 string) string {
	n := filepath.Base(argv0)
	if runtime.GOOS == "windows" {
		n = strings.TrimSuffix(strings.ToLower(n), ".exe")
	}
	return n
}

// IsSelf reports whether a command name (as Name returns it) is nvmgo's
// own binary rather than a shim: only the exact names nvmgo and nvmgo-shim,
// so a global npm command such as nvmgo-hi still runs through its shim.
func IsSelf(name string) bool {
	return name == "nvmgo" || name == "nvmgo-shim"
}

// Main runs the shim named name with args and returns the exit code (on unix
// it only returns when the exec failed).
func Main(name string, args []string, stderr io.Writer) int {
	code, err := run(name, args, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "nvmgo: %s\n", safe.Lines(hint.Text(err)))
	}
	return code
}

func run(name string, args []string, stderr io.Writer) (int, error) {
	depth, _ := strconv.Atoi(os.Getenv(DepthEnv))
	h, err := store.Default(os.Getenv, runtime.GOOS)
	if err != nil {
		return 1, err
	}
	// As root, run nothing from a home another user can change (one stat;
	// other users' shims run their own files, and doctor checks the rest).
	if err := store.CheckForRoot(h.Root); err != nil {
		return 1, err
	}
	if depth >= maxDepth {
		if list, err := h.List(); err == nil && len(list) == 0 {
			return 1, hint.New(fmt.Sprintf("%s: no node version is installed in NVMGO_HOME (%s), and %s on PATH leads back to a shim", name, h.Root, name), "run: nvmgo install lts (or check NVMGO_HOME)")
		}
		return 1, hint.New(fmt.Sprintf("%s: shim loop detected (%d nested shims); a version's %s leads back to the shim", name, depth, name), "check `nvmgo which "+name+"` and the PATH")
	}
	cwd, err := os.Getwd()
	if err != nil {
		// The working folder was removed (node itself runs fine there): walk
		// up from the shell's idea of it, whose parents may still pin a
		// version, or else skip project files.
		cwd = ""
		if pwd := os.Getenv("PWD"); filepath.IsAbs(pwd) {
			cwd = pwd
		}
	}
	e := Env{Getenv: os.Getenv, Cwd: cwd, Home: h, GOOS: runtime.GOOS}
	sel, err := Resolve(e)
	for _, w := range sel.Warnings {
		fmt.Fprintf(stderr, "nvmgo: warning: %s\n", safe.Text(w))
	}
	if err == nil && sel.Missing != nil && autoInstall() {
		err = sel.Missing
	}
	var nie *NotInstalledError
	if errors.As(err, &nie) && autoInstall() {
		if err := installFirst(h, nie.Spec); err != nil {
			if _, ok := err.(interrupted); ok {
				return 130, nil
			}
			return 1, err
		}
		sel, err = Resolve(e)
	}
	if err != nil {
		return 1, err
	}
	if sel.Note != "" {
		fmt.Fprintf(stderr, "nvmgo: %s\n", safe.Text(sel.Note))
	}
	cmd, code, err := command(e, sel, name, args, stderr)
	if err != nil || code != 0 {
		return code, err
	}
	env := ChildEnv(os.Environ(), store.BinDir(sel.Dir, runtime.GOOS), depth+1)
	if changesGlobals(name, args) {
		code, err := RunChild(cmd, env)
		// New or removed global commands get shims at once; a failed refresh
		// must not hide the package manager's own exit code.
		if _, _, rerr := Relink(h, runtime.GOOS, false); rerr != nil {
			fmt.Fprintf(os.Stderr, "nvmgo: refreshing shims: %v\n", rerr)
		}
		return code, err
	}
	return execCommand(cmd, env)
}

// command is what the shim named name runs for the selection: a pinned
// package manager (pm shim names only), the system's command, the
// version's own, or for a pm shim the version's corepack or the default.
func command(e Env, sel Selection, name string, args []string, stderr io.Writer) (Command, int, error) {
	if _, ok := PMTool(name); ok {
		install := func(c versions.PMChoice) error { return pmInstallFirst(e.Home, c) }
		pm, found, err := PMPinned(e, name, stderr, install)
		switch err.(type) {
		case interrupted:
			return Command{}, 130, nil
		case reported:
			return Command{}, 1, nil
		}
		if err != nil {
			return Command{}, 1, err
		}
		if found {
			cmd, ok := PMCommand(e, sel, name, pm, args)
			if !ok {
				return Command{}, 127, fmt.Errorf("%s: no node to run %s with (%s)", name, pinLabel(pm.Choice), sel.Reason)
			}
			return cmd, 0, nil
		}
	}
	if sel.System {
		if p := LookPathOutside(e, name); p != "" {
			return Command{Path: p, Args: append([]string{name}, args...)}, 0, nil
		}
	} else if cmd, ok := Target(e.GOOS, sel.Dir, name, args); ok {
		return cmd, 0, nil
	}
	if cmd, ok := PMUnpinned(e, sel, name, args); ok {
		return cmd, 0, nil
	}
	return Command{}, 127, missing(e.Home, name, sel)
}

// missing is the error for a command the selected version lacks.
func missing(h store.Home, name string, sel Selection) error {
	if _, ok := PMTool(name); ok && name != "npm" && name != "npx" {
		return NoPMError(name, sel)
	}
	if sel.System {
		return fmt.Errorf("%s: not found on PATH outside nvmgo (the system node is selected: %s)", name, sel.Reason)
	}
	if name == "corepack" {
		return NoCorepackError(sel)
	}
	return MissingError(h, runtime.GOOS, name, sel)
}

func autoInstall() bool {
	return env.Yes(os.Getenv(env.AutoInstall))
}

// installFirst runs `nvmgo install SPEC` with the full binary recorded at
// reshim time, progress on stderr; the shim itself never touches the network.
func installFirst(h store.Home, spec string) error {
	exe, err := os.ReadFile(filepath.Join(h.SelfDir(), "nvmgo.path"))
	if err != nil {
		return fmt.Errorf("auto-install: cannot find the nvmgo binary (run `nvmgo reshim` once): %w", err)
	}
	c := exec.Command(strings.TrimSpace(string(exe)), "install", spec)
	c.Stdout, c.Stderr = os.Stderr, os.Stderr
	c.Env = append(os.Environ(), "NVMGO_NO_NOTICES=1") // the shim path prints no notices
	// Ctrl-C reaches the install too (same process group); the shim waits
	// for it to clean up and say so, so its last line comes before the
	// prompt, and adds no line of its own.
	restore := ignoreInterrupts()
	err = c.Run()
	restore()
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() == 130 {
		return interrupted{}
	}
	if err != nil {
		return fmt.Errorf("auto-install of node %s failed: %w", spec, err)
	}
	return nil
}

// interrupted is an auto-install stopped by Ctrl-C; the install printed
// what happened.
type interrupted struct{}

func (interrupted) Error() string { return "interrupted" }

// ChildEnv puts the version's bin folder first on PATH (so npm's
// `#!/usr/bin/env node` and child processes keep this node without the shim)
// and sets the depth counter. It edits a copy, never the process's own.
func ChildEnv(environ []string, binDir string, depth int) []string {
	out := slices.DeleteFunc(PathFirst(environ, binDir), func(kv string) bool {
		return strings.HasPrefix(kv, DepthEnv+"=")
	})
	return append(out, DepthEnv+"="+strconv.Itoa(depth))
}

// changesGlobals reports whether a package-manager call adds or removes
// global commands (npm i -g, npm link, pnpm add -g, yarn global add ...).
func changesGlobals(name string, args []string) bool {
	switch name {
	case "npm", "pnpm", "yarn", "corepack":
	default:
		return false
	}
	global, verb := false, ""
	for _, a := range args {
		switch {
		case a == "-g" || a == "--global" || a == "--location=global" || a == "global":
			global = true
		case verb == "" && !strings.HasPrefix(a, "-"):
			verb = a
		}
	}
	switch verb {
	case "link", "ln", "unlink":
		return true
	case "install", "i", "in", "add", "isntall", "uninstall", "un", "rm", "r", "remove", "unlink-global", "update", "up", "upgrade":
		return global
	case "global":
		return true
	}
	return false
}
