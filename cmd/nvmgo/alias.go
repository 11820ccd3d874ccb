package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/internal/safe"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/versions"
)

func newDefaultCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:               "default [SPEC]",
		Short:             "Show or set the version used outside projects",
		Args:              argsUsage(cobra.MaximumNArgs(1)),
		ValidArgsFunction: completeInstalled(a),
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return showAlias(a, store.DefaultAlias)
			}
			return setAlias(a, store.DefaultAlias, args[0])
		},
	}
}

func newAliasCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "alias NAME SPEC",
		Short: "Name a version spec (aliases may point at aliases)",
		Args:  argsUsage(cobra.ExactArgs(2)),
		RunE: func(c *cobra.Command, args []string) error {
			return setAlias(a, args[0], args[1])
		},
	}
}

func newUnaliasCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:               "unalias NAME",
		Short:             "Remove an alias",
		Args:              argsUsage(cobra.ExactArgs(1)),
		ValidArgsFunction: completeAliases(a),
		RunE: func(c *cobra.Command, args []string) error {
			h, err := a.home()
			if err != nil {
				return err
			}
			if err := h.RemoveAlias(args[0]); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "removed alias %s\n", safe.Text(args[0]))
			return nil
		},
	}
}

func newAliasesCmd(a *app) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "aliases",
		Short: "List aliases and what they resolve to",
		Args:  argsUsage(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			h, err := a.home()
			if err != nil {
				return err
			}
			all, err := h.Aliases()
			if err != nil {
				return err
			}
			type row struct {
				Name     string `json:"name"`
				Spec     string `json:"spec"`
				Resolved string `json:"resolved,omitempty"`
			}
			rows := make([]row, 0, len(all))
			for _, al := range all {
				r := row{Name: al[0], Spec: al[1]}
				if spec, err := versions.ParseSpec(al[1]); err == nil {
					in, err := h.Select(spec)
					switch {
					case err == nil:
						r.Resolved = in.Version.String()
					case errors.Is(err, versions.ErrSystem):
						r.Resolved = "system"
					}
				}
				rows = append(rows, r)
			}
			if asJSON {
				return json.NewEncoder(a.stdout).Encode(rows)
			}
			for _, r := range rows {
				res := r.Resolved
				if res == "" {
					res = "not installed"
				}
				fmt.Fprintf(a.stdout, "%s -> %s (%s)\n", safe.Text(r.Name), safe.Text(r.Spec), res)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func showAlias(a *app, name string) error {
	h, err := a.home()
	if err != nil {
		return err
	}
	raw, ok, err := h.ReadAlias(name)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("no %s version is set\nhint: run: nvmgo %s SPEC", name, name)
	}
	fmt.Fprintln(a.stdout, safe.Text(raw))
	return nil
}

// setAlias checks the name and the spec, refuses cycles, and warns when the
// spec matches nothing installed yet (it may be installed later).
func setAlias(a *app, name, raw string) error {
	h, err := a.home()
	if err != nil {
		return err
	}
	if name != store.DefaultAlias {
		if err := versions.ValidAliasName(name); err != nil {
			return usageErr(err)
		}
		if err := a.checkNotCodename(name); err != nil {
			return err
		}
	}
	spec, err := versions.ParseSpec(raw)
	if err != nil {
		return usageErr(err)
	}
	if spec.Kind == versions.SpecName && spec.Name == name {
		return usageErr(fmt.Errorf("alias %s cannot point at itself", name))
	}
	old, had, _ := h.ReadAlias(name)
	if err := h.WriteAlias(name, raw); err != nil {
		return err
	}
	if _, _, err := h.ExpandAlias(versions.Spec{Kind: versions.SpecName, Name: name, Raw: name}); err != nil {
		if had {
			_ = h.WriteAlias(name, old)
		} else {
			_ = h.RemoveAlias(name)
		}
		return usageErr(err)
	}
	fmt.Fprintf(a.stdout, "%s -> %s\n", safe.Text(name), safe.Text(raw))
	if _, err := h.Select(spec); err != nil && !errors.Is(err, versions.ErrSystem) {
		a.warnf("%s matches no installed version yet (run: nvmgo install %s)", raw, raw)
	}
	return nil
}

// checkNotCodename refuses an alias named like an LTS line ("iron"), which
// would silently change what `nvmgo install iron` means. The codenames come
// from the cached index (newer lines) and the embedded one (every line up to
// its date), without the network.
func (a *app) checkNotCodename(name string) error {
	var all []versions.Release
	rels, info, err := a.loadIndex(context.Background(), true)
	if err == nil {
		all = rels
	}
	// Without a cache, loadIndex already gave the embedded index.
	if b, _, err := embeddedIndex(); err == nil && info.From != "embedded" {
		if rels, err := versions.ParseIndex(b); err == nil {
			all = append(all, rels...)
		}
	}
	for _, r := range all {
		if r.LTS != "" && strings.EqualFold(string(r.LTS), name) {
			line := strings.ToLower(name)
			return usageErr(fmt.Errorf("alias name %q is the codename of the Node.js %d LTS line (lts/%s)\nhint: pick another name; lts/%s already selects that line",
				name, r.V.Major, line, line))
		}
	}
	return nil
}
