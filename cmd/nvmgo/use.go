package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/safe"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/shell"
	"github.com/nvmgo/nvmgo/shims"
	"github.com/nvmgo/nvmgo/versions"
)

type useOptions struct {
	spec       optionalArg // none: the project's pin
	printEnv   bool
	shell      string
	setDefault bool
	install    bool
}

func newUseCmd(a *app) *cobra.Command {
	var o useOptions
	c := &cobra.Command{
		Use:   "use [SPEC]",
		Short: "Switch this shell to a version (or, with --default, every shell)",
		Long: `In a shell set up with 'nvmgo env', switch that shell only. With no SPEC the
nearest .node-version, .nvmrc or package.json decides.`,
		Args:              argsUsage(cobra.MaximumNArgs(1)),
		ValidArgsFunction: completeInstalled(a),
		RunE: func(c *cobra.Command, args []string) error {
			o.spec = optional(args)
			return useRun(c.Context(), a, o)
		},
	}
	f := c.Flags()
	f.BoolVar(&o.printEnv, "print-env", false, "print shell code that switches (used by the nvmgo shell function)")
	f.StringVar(&o.shell, "shell", "", "shell for --print-env (bash, zsh, fish, powershell)")
	f.BoolVar(&o.setDefault, "default", false, "also make it the default")
	f.BoolVar(&o.install, "install", false, "install it first when it is missing")
	return c
}

func useRun(ctx context.Context, a *app, o useOptions) error {
	// --install may show a progress bar, which must reach the terminal.
	if o.printEnv && !o.install {
		if sh, err := shell.Normalize(o.shell); err == nil && sh != "powershell" {
			return a.messagesAsCode(sh, func() error { return useSwitch(ctx, a, o) })
		}
	}
	return useSwitch(ctx, a, o)
}

// messagesAsCode runs f with its stderr kept back: on success each line
// becomes code that prints it from the shell function, after the code f
// printed; on failure it goes to stderr as usual.
func (a *app) messagesAsCode(sh string, f func() error) error {
	var msgs bytes.Buffer
	stderr := a.stderr
	a.stderr = &msgs
	err := f()
	a.stderr = stderr
	if err != nil {
		stderr.Write(msgs.Bytes())
		return err
	}
	for _, line := range strings.Split(strings.TrimSuffix(msgs.String(), "\n"), "\n") {
		if line == "" {
			continue
		}
		code, err := shell.MessageCode(sh, line)
		if err != nil {
			return err
		}
		fmt.Fprint(a.stdout, code)
	}
	return nil
}

func useSwitch(ctx context.Context, a *app, o useOptions) error {
	spec, raw, err := a.specFromArgs(o.spec.args())
	if err != nil {
		return err
	}
	h, err := a.home()
	if err != nil {
		return err
	}
	ver, err := a.useProject(h, o.spec.given)
	if err == nil && ver == "" {
		ver, err = a.useTarget(ctx, h, spec, raw, o.install)
	}
	if err != nil {
		return err
	}
	if o.setDefault {
		// The spec as typed, as `nvmgo default SPEC` stores it: `use
		// --default 22` follows the newest 22 installed, like `default 22`.
		if err := h.WriteAlias(store.DefaultAlias, raw); err != nil {
			return err
		}
		fmt.Fprintf(a.stderr, "nvmgo: default is now %s (%s)\n", safe.Text(raw), ver)
	}
	if o.printEnv {
		sh, err := shell.Normalize(o.shell)
		if err != nil {
			return usageErr(err)
		}
		code, err := shell.SetEnvCode(sh, shims.VersionEnv, ver)
		if err != nil {
			return err
		}
		fmt.Fprint(a.stdout, code)
		fmt.Fprintf(a.stderr, "nvmgo: now using node %s in this shell\n", safe.Text(ver))
		return nil
	}
	if o.setDefault {
		return nil
	}
	if a.cfg().ShellIntegration != "" {
		// The shell function handles `use` itself; reaching here means the
		// binary was called directly, so the change cannot reach the shell.
		return errors.New("run `nvmgo use` through the nvmgo shell function, not the binary's path")
	}
	integrate := `eval "$(nvmgo env)"`
	if a.goos == "windows" {
		integrate = "nvmgo env --shell powershell | Out-String | Invoke-Expression"
	}
	return hint.New("this shell is not set up for `nvmgo use`, so it cannot switch it", fmt.Sprintf("run: %s (or nvmgo setup), or make %s the default with: nvmgo use --default %s", integrate, ver, raw))
}

// useProject is what `use` with no SPEC switches to: the version the shims
// run here for the project, with the package.json ranges met on the way
// applied as they apply there (this shell's own pin left aside). "" when the
// project's pin is not installed, so useTarget says what to run.
func (a *app) useProject(h store.Home, specGiven bool) (string, error) {
	if specGiven {
		return "", nil
	}
	sel, err := shims.Resolve(shims.Env{Getenv: a.getenvNoShellPin, Cwd: a.workDir(), Home: h, GOOS: a.goos})
	if err != nil || sel.System || (sel.Source != "file" && sel.Source != "constraints") {
		return "", nil
	}
	return sel.Version, nil
}

// getenvNoShellPin is getenv with NVMGO_NODE_VERSION unset: what the
// project asks for, whatever this shell was switched to.
func (a *app) getenvNoShellPin(k string) string {
	if k == shims.VersionEnv {
		return ""
	}
	return a.getenv(k)
}

// useTarget resolves the spec among installed versions, installing first
// when asked; it returns the exact version.
func (a *app) useTarget(ctx context.Context, h store.Home, spec versions.Spec, raw string, install bool) (string, error) {
	in, err := h.Select(spec)
	if errors.Is(err, versions.ErrSystem) {
		return "system", nil
	}
	var nm *versions.NoMatchError
	if errors.As(err, &nm) && install {
		rel, _, ierr := a.installSpec(ctx, spec, installOptions{})
		if ierr != nil {
			return "", cancelledInstall(raw, ierr)
		}
		if rerr := a.reshim(); rerr != nil {
			return "", rerr
		}
		return rel.Version, nil
	}
	if errors.As(err, &nm) {
		return "", a.notInstalled(ctx, err, h, spec, raw, fmt.Sprintf("nvmgo install %s (or nvmgo use --install %s)", raw, raw))
	}
	if err != nil {
		return "", err
	}
	return in.Version.String(), nil
}
