package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/shims"
	"github.com/nvmgo/nvmgo/versions"
)

func newUninstallCmd(a *app) *cobra.Command {
	var all, force bool
	c := &cobra.Command{
		Use:               "uninstall SPEC",
		Short:             "Remove an installed version",
		Args:              argsUsage(cobra.ExactArgs(1)),
		ValidArgsFunction: completeVersionsOnly(a),
		RunE: func(c *cobra.Command, args []string) error {
			return uninstallRun(a, args[0], all, force)
		},
	}
	c.Flags().BoolVar(&all, "all", false, "remove every installed version the spec matches")
	c.Flags().BoolVar(&force, "force", false, "remove it even when this shell or the default uses it")
	return c
}

func uninstallRun(a *app, raw string, all, force bool) error {
	h, err := a.home()
	if err != nil {
		return err
	}
	spec, err := versions.ParseSpec(raw)
	if err != nil {
		return usageErr(err)
	}
	spec, _, err = h.ExpandAlias(spec)
	if err != nil {
		return err
	}
	list, broken, err := h.ListAll()
	if err != nil {
		return err
	}
	needLTS := spec.Kind != versions.SpecExact && spec.Kind != versions.SpecRange
	matches := versions.Filter(spec, store.Candidates(list, needLTS))
	if spec.Kind == versions.SpecLatest || spec.Kind == versions.SpecLTS || spec.Kind == versions.SpecLTSOffset {
		if c, err := versions.Select(spec, store.Candidates(list, needLTS), "among installed versions"); err == nil {
			matches = []versions.Candidate{c}
		}
	}
	if len(matches) == 0 && spec.Kind == versions.SpecExact {
		// A broken entry (a link, a folder without valid metadata or node) is
		// not installed, but named exactly it can be removed.
		for _, b := range broken {
			if b.Version.Compare(spec.Exact) == 0 {
				if err := h.Remove(b.Version.String()); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "removed %s (it was not a usable install)\n", b.Version)
				return a.reshim()
			}
		}
	}
	if len(matches) == 0 {
		return fmt.Errorf("no installed version matches %q\nhint: run: nvmgo ls", raw)
	}
	if len(matches) > 1 && !all {
		names := make([]string, len(matches))
		for i, m := range matches {
			names[i] = m.Version.String()
		}
		return usageErr(fmt.Errorf("%q matches %d installed versions (%s)\nhint: name one exactly, or pass --all", raw, len(matches), strings.Join(names, ", ")))
	}
	if !force {
		if err := a.checkNotInUse(h, matches); err != nil {
			return err
		}
	}
	for _, m := range matches {
		if err := h.Remove(m.Version.String()); err != nil {
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
			return fmt.Errorf("%s is the version this shell uses (%s=%s)\nhint: switch first (nvmgo use SPEC or nvmgo deactivate), or pass --force", v, shims.VersionEnv, shellRaw)
		case defVer:
			return fmt.Errorf("%s is the default version (default -> %s)\nhint: set another first (nvmgo default SPEC), or pass --force", v, defRaw)
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
