package main

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/shell"
)

// shellRunner runs argv with env (nil: this process's) and returns its
// stdout. doctor's shell checks go through it, so tests can stand in for
// the machine's shells.
type shellRunner func(ctx context.Context, argv, env []string) (string, error)

// runShell is the real shellRunner: no stdin, so a profile that asks for
// input cannot hang doctor, and a time limit for one that loops.
func runShell(ctx context.Context, argv, env []string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = env
	cmd.WaitDelay = time.Second
	out, err := cmd.Output()
	return string(out), err
}

// defaultPath is the PATH a process gets from the OS when nothing set one:
// cron jobs, services, launchd agents and GUI apps on macOS.
func defaultPath(goos string) string {
	if goos == "darwin" {
		return "/usr/bin:/bin:/usr/sbin:/sbin"
	}
	return "/usr/bin:/bin"
}

// shellFindings checks that this shell loaded nvmgo, and what node a login
// shell, a plain `sh -c` and a process with the OS's default PATH run.
func shellFindings(ctx context.Context, a *app, h store.Home) []finding {
	name, _ := detectShell(a, "")
	out := []finding{integrationFinding(a, h, name)}
	if a.goos == "windows" {
		return append(out, userPathFinding(a, h))
	}
	run := a.shellRunner
	if run == nil {
		run = runShell
	}
	shimNode := filepath.Join(h.ShimsDir(), "node")
	login := name
	if login != "zsh" && login != "fish" {
		login = "bash"
	}
	// A machine without that shell has no such login to check.
	if got, err := run(ctx, []string{login, "-lc", "command -v node"}, loginEnv(a)); !errors.Is(err, exec.ErrNotFound) {
		out = append(out, nodeFinding("login shell", login+" -lc", lastLine(got), err, shimNode,
			"run: nvmgo setup (it adds nvmgo to the files login shells read)"))
	}
	got, err := run(ctx, []string{"/bin/sh", "-c", "command -v node"}, nil)
	out = append(out, nodeFinding("sh -c", "sh -c", lastLine(got), err, shimNode, "run: nvmgo setup, then open a new shell"))

	dp := defaultPath(a.goos)
	got, err = run(ctx, []string{"/bin/sh", "-c", "command -v node"}, []string{"PATH=" + dp})
	f := nodeFinding("default PATH", "env -i PATH="+dp, lastLine(got), err, shimNode, "")
	switch {
	case f.Status == "ok":
	case lastLine(got) == "" || err != nil:
		f = finding{"default PATH", "ok", "env -i PATH=" + dp + " finds no node; cron jobs and services must call " + shimNode, ""}
	default:
		f.Fix = "in cron jobs and services call " + shimNode + " (or put " + h.ShimsDir() + " first on their PATH)"
		if a.goos == "darwin" {
			f.Fix += "; GUI apps: launchctl config user path " + h.ShimsDir() + ":" + dp + ", then log in again"
		}
	}
	return append(out, f)
}

// userPathFinding: on Windows, programs started outside a shell (IDEs, GUI
// apps) find the shims through the user PATH in the registry.
func userPathFinding(a *app, h store.Home) finding {
	has := a.userPathHas
	if has == nil {
		has = shell.UserPathHas
	}
	ok, err := has(h.ShimsDir())
	switch {
	case err != nil:
		return finding{"user PATH", "warn", hint.Text(err), "run: nvmgo setup --shell powershell"}
	case !ok:
		return finding{"user PATH", "warn", h.ShimsDir() + " is not on the user PATH: programs started outside a shell miss the shims", "run: nvmgo setup --shell powershell"}
	}
	return finding{"user PATH", "ok", h.ShimsDir() + " is on the user PATH (IDEs and GUI apps find node)", ""}
}

// nodeFinding says what node `what` runs: nvmgo's shim is ok, anything
// else a warning with fix.
func nodeFinding(check, what, got string, err error, shimNode, fix string) finding {
	switch {
	case got == shimNode:
		return finding{check, "ok", what + " runs " + got + " (nvmgo)", ""}
	case err != nil && got == "":
		return finding{check, "warn", what + " finds no node: " + firstLine(hint.Text(err)), fix}
	case got == "":
		return finding{check, "warn", what + " finds no node", fix}
	}
	return finding{check, "warn", what + " runs " + got + ", not nvmgo's " + shimNode, fix}
}

// integrationFinding: loaded here, or else set up (a new shell will load
// it) or not set up. Saying "run: nvmgo setup" only when setup would
// change something ends the loop of doctor and setup sending the user to
// each other.
func integrationFinding(a *app, h store.Home, sh string) finding {
	if v := a.cfg().ShellIntegration; v != "" {
		return finding{"shell integration", "ok", "loaded (" + v + ")", ""}
	}
	const detail = "not loaded in this shell: `nvmgo use` cannot switch it"
	if done, ok := setUpShell(a, h, sh); ok {
		line, _ := shell.SourceLine(done, h.Root)
		return finding{"shell integration", "warn", detail + " (" + done + " is set up: a new shell loads it)", "open a new shell, or run: " + line}
	}
	if sh == "" {
		return finding{"shell integration", "warn", detail, "run: nvmgo setup --shell bash|zsh|fish|powershell"}
	}
	return finding{"shell integration", "warn", detail, "run: nvmgo setup --shell " + sh}
}

// setupFix is the fix for a shell that lacks nvmgo: setup, or, where setup
// has nothing left to do, a new shell.
func setupFix(a *app, h store.Home) string {
	sh, _ := detectShell(a, "")
	if done, ok := setUpShell(a, h, sh); ok {
		line, _ := shell.SourceLine(done, h.Root)
		return "open a new shell (" + done + " is set up), or run: " + line
	}
	return "run: nvmgo setup, then open a new shell"
}

// setUpShell reports the shell (sh, or with none detected any shell) whose
// set-up is complete: its files rendered and setup would change nothing.
func setUpShell(a *app, h store.Home, sh string) (string, bool) {
	if _, rendered := shell.ReadStamp(h.Root); !rendered {
		return "", false
	}
	userHome, err := a.userHome()
	if err != nil {
		return "", false
	}
	candidates := []string{sh}
	if sh == "" {
		candidates = shell.Supported
	}
	for _, c := range candidates {
		res, err := shell.Setup(shell.SetupOptions{Shell: c, Home: userHome, GOOS: a.goos, Vars: a.cfg().Shell, NvmgoHome: h.Root, DryRun: true})
		if err == nil && !res.Changed {
			return c, true
		}
	}
	return "", false
}

// loginEnv is what a fresh login (ssh, a new terminal) starts from.
func loginEnv(a *app) []string {
	env := []string{"PATH=" + defaultPath(a.goos), "TERM=dumb"}
	for _, k := range []string{"HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "ZDOTDIR", "XDG_CONFIG_HOME"} {
		if v := a.getenv(k); v != "" {
			env = append(env, k+"="+v)
		}
	}
	return env
}

// lastLine is the last non-empty line: a profile may print before it.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
