package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/download/npmreg"
	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/install"
	"github.com/nvmgo/nvmgo/internal/store/staging"
	"github.com/nvmgo/nvmgo/versions"
)

func newPMCmd(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:   "pm",
		Short: "Install and list package managers (pnpm, yarn, npm) that projects pin",
		Long: "nvmgo pm installs the package managers that package.json pins (packageManager,\n" +
			"devEngines.packageManager) from the npm registry, verified, into NVMGO_HOME/pm.\n" +
			"The pnpm, pnpx, yarn and yarnpkg shims run them (npm and npx too where a project pins npm).",
	}
	c.AddCommand(newPMInstallCmd(a), newPMLsCmd(a), newPMUninstallCmd(a), newPMDefaultCmd(a), newPMPinCmd(a))
	return c
}

type pmInstallOptions struct {
	arg  string // NAME@SPEC
	hash string // a packageManager-style "+algo.hex" to check (the shim passes the pin's)
}

func newPMInstallCmd(a *app) *cobra.Command {
	var o pmInstallOptions
	c := &cobra.Command{
		Use:   "install NAME@SPEC",
		Short: "Install a package manager version: pnpm@9, yarn@4.5.1, npm@latest",
		Args:  argsUsage(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			o.arg = args[0]
			return pmInstallRun(c.Context(), a, o)
		},
	}
	c.Flags().StringVar(&o.hash, "hash", "", "check the download against this corepack-style hash (ALGO.HEX), as packageManager's +ALGO.HEX")
	return c
}

func pmInstallRun(ctx context.Context, a *app, o pmInstallOptions) error {
	_, err := a.pmInstall(ctx, o.arg, o.hash)
	return err
}

// splitPMArg splits NAME@SPEC (the spec may be empty: newest).
func splitPMArg(arg string) (name, spec string, err error) {
	name, spec, _ = strings.Cut(arg, "@")
	if !versions.IsPackageManager(name) {
		return "", "", usageErr(hint.New(fmt.Sprintf("%q is not NAME@SPEC with NAME pnpm, yarn or npm", arg), "for example: nvmgo pm install pnpm@9"))
	}
	return name, spec, nil
}

// pmSource is the npm registry source the node installs use.
func (a *app) pmSource() (*npmreg.PMSource, error) {
	cfg, err := install.NpmConfig(*a.cfg())
	if err != nil {
		return nil, err
	}
	p, err := a.platform("")
	if err != nil {
		return nil, err
	}
	return &npmreg.PMSource{Source: &npmreg.Source{Client: a.httpClient(), Config: cfg, Log: a.stderr, Progress: a.stderrIsTerminal()}, Target: p}, nil
}

// pmInstall resolves NAME@SPEC on the registry and installs it (a hash in
// the spec, name@1.2.3+sha512.HEX, or hashFlag is checked too).
func (a *app) pmInstall(ctx context.Context, arg, hashFlag string) (staging.PMResult, error) {
	name, spec, err := splitPMArg(arg)
	if err != nil {
		return staging.PMResult{}, err
	}
	var want versions.PMHash
	if s, h, ok := strings.Cut(spec, "+"); ok {
		spec, hashFlag = s, h
	}
	if hashFlag != "" {
		if _, _, want, err = versions.ParsePackageManagerField(name + "@" + firstNonEmpty(spec, "0.0.0") + "+" + hashFlag); err != nil {
			return staging.PMResult{}, usageErr(fmt.Errorf("install %s: %w", arg, err))
		}
	}
	h, err := a.home()
	if err != nil {
		return staging.PMResult{}, err
	}
	src, err := a.pmSource()
	if err != nil {
		return staging.PMResult{}, fmt.Errorf("install %s: %w", arg, err)
	}
	ver, err := src.ResolvePM(ctx, name, spec)
	if err != nil {
		return staging.PMResult{}, cancelledInstall(arg, fmt.Errorf("install %s: %w", arg, err))
	}
	in := staging.Stager{Home: h, Log: a.stderr, Now: a.now, GOOS: a.goos}
	res, err := in.StagePM(ctx, name, ver, src.FillPM(name, ver, want))
	if err != nil {
		return res, cancelledInstall(arg, fmt.Errorf("install %s@%s: %w", name, ver, err))
	}
	if res.Already {
		if err := res.Meta.CheckHash(want); err != nil {
			return res, hint.With(fmt.Errorf("install %s@%s: %w", name, ver, err), "check packageManager in package.json")
		}
		fmt.Fprintf(a.stdout, "%s@%s is already installed\n", name, ver)
		return res, nil
	}
	fmt.Fprintf(a.stdout, "installed %s@%s (%s)\n", name, ver, res.Meta.Verified)
	return res, nil
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
