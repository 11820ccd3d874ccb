package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/safe"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/internal/store/staging"
	"github.com/nvmgo/nvmgo/shims"
	"github.com/nvmgo/nvmgo/shims/reshim"
	"github.com/nvmgo/nvmgo/versions"
)

type pmLsOptions struct {
	name optionalArg // none: every package manager
	json bool
}

func newPMLsCmd(a *app) *cobra.Command {
	var o pmLsOptions
	c := &cobra.Command{
		Use:   "ls [NAME]",
		Short: "List installed package managers",
		Args:  argsUsage(cobra.MaximumNArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			o.name = optional(args)
			return pmLsRun(c.Context(), a, o)
		},
	}
	c.Flags().BoolVar(&o.json, "json", false, "print JSON")
	return c
}

func pmLsRun(_ context.Context, a *app, o pmLsOptions) error {
	if o.name.given && !versions.IsPackageManager(o.name.value) {
		return usageErr(fmt.Errorf("%q is not pnpm, yarn or npm", o.name.value))
	}
	return a.pmLs(o.name.value, o.json)
}

type pmLsEntry struct {
	Name        string    `json:"name"`
	Version     string    `json:"version"`
	Package     string    `json:"package"`
	Hash        string    `json:"hash"`
	Dir         string    `json:"dir"`
	Default     bool      `json:"default"`
	InstalledAt time.Time `json:"installed_at"`
}

func (a *app) pmLs(name string, asJSON bool) error {
	h, err := a.home()
	if err != nil {
		return err
	}
	list, err := h.ListPM(name)
	if err != nil {
		return fmt.Errorf("list %s: %w", h.PMDir(), err)
	}
	defaults, _ := shims.ReadPMDefaults(h)
	out := make([]pmLsEntry, 0, len(list))
	for _, in := range list {
		m, err := store.ReadPMMeta(in.Dir)
		if err != nil {
			a.warnf("warning: %s", safe.Text(hint.Text(err)))
		}
		e := pmLsEntry{Name: in.Name, Version: strings.TrimPrefix(in.Version.String(), "v"), Package: m.Package,
			Hash: m.Hash, Dir: in.Dir, InstalledAt: m.InstalledAt}
		if spec, ok := defaults[in.Name]; ok {
			if best, ok := shims.BestPM(list, in.Name, spec); ok && best.Dir == in.Dir {
				e.Default = true
			}
		}
		out = append(out, e)
	}
	if asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	if len(out) == 0 {
		fmt.Fprintln(a.stderr, "nvmgo: no package manager is installed; run: nvmgo pm install pnpm@latest")
		return nil
	}
	for _, e := range out {
		mark := " "
		if e.Default {
			mark = "*"
		}
		fmt.Fprintf(a.stdout, "%s %s@%s\n", mark, e.Name, e.Version)
	}
	return nil
}

type pmUninstallOptions struct {
	arg string // NAME@VERSION
}

func newPMUninstallCmd(a *app) *cobra.Command {
	var o pmUninstallOptions
	return &cobra.Command{
		Use:   "uninstall NAME@VERSION",
		Short: "Remove an installed package manager version",
		Args:  argsUsage(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			o.arg = args[0]
			return pmUninstallRun(c.Context(), a, o)
		},
	}
}

func pmUninstallRun(ctx context.Context, a *app, o pmUninstallOptions) error {
	name, ver, err := splitPMArg(o.arg)
	if err != nil {
		return err
	}
	v, perr := versions.ParseVersion(ver)
	if perr != nil || strings.TrimPrefix(v.String(), "v") != ver {
		return usageErr(hint.New(fmt.Sprintf("uninstall %s: name an exact installed version", o.arg), fmt.Sprintf("run: nvmgo pm ls %s", name)))
	}
	h, err := a.home()
	if err != nil {
		return err
	}
	if _, err := store.ReadPMMeta(h.PMVersionDir(name, ver)); err != nil {
		return hint.New(fmt.Sprintf("uninstall %s: not installed", o.arg), fmt.Sprintf("run: nvmgo pm ls %s", name))
	}
	if err := staging.RemovePM(ctx, h, name, ver); err != nil {
		return fmt.Errorf("uninstall %s: %w", o.arg, err)
	}
	fmt.Fprintf(a.stdout, "uninstalled %s@%s\n", name, ver)
	if defs, _ := shims.ReadPMDefaults(h); defs[name] != "" {
		if list, err := h.ListPM(name); err == nil {
			if _, ok := shims.BestPM(list, name, defs[name]); !ok {
				a.warnf("warning: the default %s@%s matches no installed version now; set another with: nvmgo pm default %s@SPEC", name, safe.Text(defs[name]), name)
			}
		}
	}
	return nil
}

type pmDefaultOptions struct {
	arg string // NAME@SPEC
}

func newPMDefaultCmd(a *app) *cobra.Command {
	var o pmDefaultOptions
	return &cobra.Command{
		Use:   "default NAME@SPEC",
		Short: "Set the package manager the shims run where no project pins one (installs it if needed)",
		Args:  argsUsage(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			o.arg = args[0]
			return pmDefaultRun(c.Context(), a, o)
		},
	}
}

func pmDefaultRun(ctx context.Context, a *app, o pmDefaultOptions) error {
	name, spec, err := splitPMArg(o.arg)
	if err != nil {
		return err
	}
	if spec == "" {
		spec = "*"
	}
	h, err := a.home()
	if err != nil {
		return err
	}
	list, err := h.ListPM(name)
	if err != nil {
		return err
	}
	if _, ok := shims.BestPM(list, name, spec); !ok {
		res, err := a.pmInstall(ctx, name+"@"+spec, "")
		if err != nil {
			return err
		}
		if _, err := versions.ParseRange(spec); err != nil {
			spec = res.Meta.Version // a dist-tag such as latest: keep what it named today
		}
	}
	if err := reshim.WritePMDefault(h, name, spec); err != nil {
		return fmt.Errorf("default %s: %w", o.arg, err)
	}
	fmt.Fprintf(a.stdout, "default %s: %s\n", name, safe.Text(spec))
	return nil
}
