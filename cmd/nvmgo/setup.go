package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/shell"
)

type setupOptions struct {
	shell     string
	dryRun    bool
	uninstall bool
	ci        bool
}

func newSetupCmd(a *app) *cobra.Command {
	var o setupOptions
	c := &cobra.Command{
		Use:   "setup",
		Short: "Add (or with --uninstall remove) the nvmgo line in your shell profiles",
		Long: `Render the shell files in NVMGO_HOME (env.bash, env.zsh, env.fish, env.ps1,
env.sh) and add one line that sources them to the profiles your shell reads,
login shells included (and ~/.profile on Linux, for desktop apps). The line
starts no process, so a shell start costs nothing; Tab completion comes with it.

With --ci (automatic when CI is set and GITHUB_PATH exists) no profile is
touched: the shims folder is added to $GITHUB_PATH and an export line is
printed for other CI systems: eval "$(nvmgo setup --ci)".`,
		Args: argsUsage(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			return setupRun(c.Context(), a, o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.shell, "shell", "", "bash, zsh, fish or powershell (default: detected)")
	f.BoolVar(&o.dryRun, "dry-run", false, "show what would change, change nothing")
	f.BoolVar(&o.uninstall, "uninstall", false, "remove what setup added, for every shell")
	f.BoolVar(&o.ci, "ci", false, "CI: put the shims on $GITHUB_PATH and print an export line; touch no profile")
	return c
}

func setupRun(_ context.Context, a *app, o setupOptions) error {
	if o.ci && (o.uninstall || o.dryRun) {
		return usageErr(errors.New("setup --ci changes no profile, so it takes neither --uninstall nor --dry-run"))
	}
	h, err := a.home()
	if err != nil {
		return err
	}
	if o.ci || (o.shell == "" && !o.uninstall && !o.dryRun && a.inGitHubActions()) {
		return a.setupCI(h)
	}
	userHome, err := a.userHome()
	if err != nil {
		return err
	}
	so := shell.SetupOptions{Home: userHome, GOOS: a.goos, Vars: a.cfg().Shell, NvmgoHome: h.Root, DryRun: o.dryRun}
	if o.uninstall {
		return a.setupUninstall(h, so)
	}
	if so.Shell, err = detectShell(a, o.shell); err != nil {
		return err
	}
	if a.goos == "windows" && so.Shell != "powershell" {
		// POSIX shells on Windows (Git Bash, MSYS) cannot hold C:\ paths on
		// PATH; the user PATH setup writes reaches them anyway.
		return usageErr(hint.New(fmt.Sprintf("set up %s: on Windows nvmgo sets up PowerShell and the user PATH, which %s also reads", so.Shell, so.Shell), "run: nvmgo setup --shell powershell"))
	}
	exe, err := selfPath()
	if err != nil {
		return err
	}
	if !o.dryRun {
		if err := a.renderEnvFiles(h, exe); err != nil {
			return err
		}
	}
	res, err := shell.Setup(so)
	if err != nil {
		return err
	}
	if o.dryRun {
		fmt.Fprint(a.stdout, res.Diff)
		return nil
	}
	pathChanged := false
	if a.goos == "windows" {
		if pathChanged, err = shell.AddUserPath(h.ShimsDir()); err != nil {
			return fmt.Errorf("add nvmgo to the user PATH: %w", err)
		}
	}
	line, _ := shell.SourceLine(so.Shell, h.Root)
	a.reportSetup(res, pathChanged, line)
	return nil
}

// reportSetup prints one "added nvmgo to FILE" line per change, or that
// there was nothing to change; the same words as --uninstall's.
func (a *app) reportSetup(res shell.SetupResult, pathChanged bool, line string) {
	var all []string
	for _, f := range res.Files {
		if f.Changed {
			fmt.Fprintf(a.stdout, "added nvmgo to %s\n", f.Path)
		}
		all = append(all, f.Path)
	}
	if pathChanged {
		fmt.Fprintln(a.stdout, "added nvmgo to the user PATH")
	}
	if !res.Changed && !pathChanged {
		fmt.Fprintf(a.stdout, "nothing to change: nvmgo is set up in %s\n", strings.Join(all, ", "))
		return
	}
	fmt.Fprintf(a.stdout, "open a new shell to use it, or run: %s\n", line)
}

// setupUninstall removes the lines from every shell's profiles, the
// rendered files and (on Windows) the user PATH entry, and names what it
// could not remove.
func (a *app) setupUninstall(h store.Home, so shell.SetupOptions) error {
	res, perr := shell.Uninstall(so)
	if so.DryRun {
		fmt.Fprint(a.stdout, res.Diff)
		return perr
	}
	changed := false
	for _, f := range res.Files {
		if f.Changed {
			fmt.Fprintf(a.stdout, "removed nvmgo from %s\n", f.Path)
			changed = true
		}
	}
	removed, rerr := shell.RemoveRendered(h.Root)
	if len(removed) > 0 {
		fmt.Fprintf(a.stdout, "removed nvmgo's shell files from %s\n", h.Root)
		changed = true
	}
	if a.goos == "windows" {
		ok, err := shell.RemoveUserPath(h.ShimsDir())
		if err != nil {
			return fmt.Errorf("remove nvmgo from the user PATH: %w", err)
		}
		if ok {
			fmt.Fprintln(a.stdout, "removed nvmgo from the user PATH")
			changed = true
		}
	}
	if err := errors.Join(perr, rerr); err != nil {
		first, _, _ := strings.Cut(err.Error(), "\n")
		return fmt.Errorf("uninstall: nvmgo remains: %s", first)
	}
	if !changed {
		fmt.Fprintln(a.stdout, "nothing to change: nvmgo is not set up in any shell profile")
	}
	return nil
}

// inGitHubActions is true when CI is set and GITHUB_PATH names a file.
func (a *app) inGitHubActions() bool {
	if a.getenv("CI") == "" || a.getenv("GITHUB_PATH") == "" {
		return false
	}
	_, err := os.Stat(a.getenv("GITHUB_PATH"))
	return err == nil
}

// setupCI puts the shims on $GITHUB_PATH (read by later GitHub Actions
// steps) and prints the export line other CI systems eval. No profile.
func (a *app) setupCI(h store.Home) error {
	shims := h.ShimsDir()
	if gp := a.getenv("GITHUB_PATH"); gp != "" {
		added, err := appendLine(gp, shims)
		if err != nil {
			return fmt.Errorf("add the shims to $GITHUB_PATH: %w", err)
		}
		if added {
			fmt.Fprintf(a.stderr, "nvmgo: added %s to $GITHUB_PATH (the next steps have it)\n", shims)
		}
	}
	if a.goos == "windows" {
		fmt.Fprintf(a.stdout, "$env:PATH = %s + [System.IO.Path]::PathSeparator + $env:PATH\n", shell.Quote("powershell", shims))
		return nil
	}
	fmt.Fprintf(a.stdout, "export PATH=%s\"${PATH:+:$PATH}\"\n", shell.Quote("bash", shims))
	return nil
}

// appendLine adds line to the file unless a line of it already is that.
func appendLine(file, line string) (bool, error) {
	b, err := os.ReadFile(file)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return false, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.TrimRight(l, "\r") == line {
			return false, nil
		}
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return false, err
	}
	prefix := ""
	if len(b) > 0 && !bytes.HasSuffix(b, []byte("\n")) {
		prefix = "\n"
	}
	_, err = f.WriteString(prefix + line + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err == nil, err
}

// userHome is the user's home folder (config.Config.UserHome), or why
// there is none.
func (a *app) userHome() (string, error) {
	if h := a.cfg().UserHome; h != "" {
		return h, nil
	}
	return os.UserHomeDir()
}
