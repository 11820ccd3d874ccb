package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/internal/store/staging"
	"github.com/nvmgo/nvmgo/shims"
	"github.com/nvmgo/nvmgo/versions"
)

type uninstallOptions struct {
	spec  string
	all   bool // every installed version the spec matches
	force bool // even the one this shell or the default uses
}

func newUninstallCmd(a *app) *cobra.Command {
	var o uninstallOptions
	c := &cobra.Command{
		Use:               "uninstall SPEC",
		Short:             "Remove an installed version",
		Args:              argsUsage(cobra.ExactArgs(1)),
		ValidArgsFunction: completeVersionsOnly(a),
		RunE: func(c *cobra.Command, args []string) error {
			o.spec = args[0]
			return uninstallRun(c.Context(), a, o)
		},
	}
	c.Flags().BoolVar(&o.all, "all", false, "remove every installed version the spec matches")
	c.Flags().BoolVar(&o.force, "force", false, "remove it even when this shell or the default uses it")
	return c
}

func uninstallRun(ctx context.Context, a *app, o uninstallOptions) error {
	h, err := a.home()
	if err != nil {
		return err
	}
	spec, err := versions.ParseSpec(o.spec)
	if err != nil {
		return usageErr(err)
	}
	spec, _, err = h.ExpandAlias(spec)
	if err != nil {
		return err
	}
	matches, broken, err := h.Removable(spec)
	if err != nil {
		return err
	}
	if broken != nil {
		if err := staging.Remove(ctx, h, broken.Version.String()); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "removed %s (it was not a usable install)\n", broken.Version)
		return a.reshim()
	}
	if len(matches) == 0 {
		return hint.With(fmt.Errorf("no installed version matches %q", o.spec), "run: nvmgo ls")
	}
	if len(matches) > 1 && !o.all {
		names := make([]string, len(matches))
		for i, m := range matches {
			names[i] = m.Version.String()
		}
		return usageErr(hint.With(fmt.Errorf("%q matches %d installed versions (%s)", o.spec, len(matches), strings.Join(names, ", ")), "name one exactly, or pass --all"))
	}
	if !o.force {
		if err := a.checkNotInUse(h, matches); err != nil {
			return err
		}
	}
	for _, m := range matches {
		if err := staging.Remove(ctx, h, m.Version.String()); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "uninstalled %s\n", m.Version)
	}
	a.warnIfDefaultGone(h)
	return a.reshim()
}

// checkNotInUse refuses, as nvm does, to remove the version this shell
// runs (NVMGO_NODE_VERSION) or the one the default alias resolves to.
func (a *app) checkNotInUse(h store.Home, matches []versions.Candidate) error {
	shellVer, shellRaw := usedBy(h, a.getenv(shims.VersionEnv))
	defRaw, _, _ := h.ReadAlias(store.DefaultAlias)
	defVer, _ := usedBy(h, defRaw)
	for _, m := range matches {
		v := m.Version.String()
		switch v {
		case shellVer:
			return hint.With(fmt.Errorf("%s is the version this shell uses (%s=%s)", v, shims.VersionEnv, shellRaw), "switch first (nvmgo use SPEC or nvmgo deactivate), or pass --force")
		case defVer:
			return hint.With(fmt.Errorf("%s is the default version (default -> %s)", v, defRaw), "set another first (nvmgo default SPEC), or pass --force")
		}
	}
	return nil
}

// usedBy is the installed version a spec (an env value, an alias) selects.
func usedBy(h store.Home, raw string) (string, string) {
	raw = strings.TrimSpace(raw)
	spec, err := versions.ParseSpec(raw)
	if raw == "" || err != nil {
		return "", raw
	}
	in, err := h.Select(spec)
	if err != nil {
		return "", raw
	}
	return in.Version.String(), raw
}

// warnIfDefaultGone says so when the default alias no longer selects an
// installed version (only --force gets here).
func (a *app) warnIfDefaultGone(h store.Home) {
	raw, ok, err := h.ReadAlias(store.DefaultAlias)
	if err != nil || !ok {
		return
	}
	if spec, err := versions.ParseSpec(raw); err != nil || spec.Kind == versions.SpecSystem {
		return
	}
	if v, _ := usedBy(h, raw); v == "" {
		a.warnf("the default (%s) is no longer installed; shims run the system node until you set another with: nvmgo default SPEC", raw)
	}
}
