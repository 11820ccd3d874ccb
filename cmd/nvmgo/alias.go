package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/safe"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/versions"
)

type aliasOptions struct {
	name, spec string
}

func newAliasCmd(a *app) *cobra.Command {
	var o aliasOptions
	return &cobra.Command{
		Use:   "alias NAME SPEC",
		Short: "Name a version spec (aliases may point at aliases)",
		Args:  argsUsage(cobra.ExactArgs(2)),
		RunE: func(c *cobra.Command, args []string) error {
			o.name, o.spec = args[0], args[1]
			return aliasRun(c.Context(), a, o)
		},
	}
}

func aliasRun(ctx context.Context, a *app, o aliasOptions) error {
	return setAlias(ctx, a, o.name, o.spec)
}

// setAlias checks the name and the spec, refuses cycles, and warns when the
// spec matches nothing installed yet (it may be installed later).
func setAlias(ctx context.Context, a *app, name, raw string) error {
	h, err := a.home()
	if err != nil {
		return err
	}
	if name != store.DefaultAlias {
		if err := versions.ValidAliasName(name); err != nil {
			return usageErr(err)
		}
		if err := a.checkNotCodename(ctx, name); err != nil {
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
func (a *app) checkNotCodename(ctx context.Context, name string) error {
	var all []versions.Release
	rels, info, err := a.loadIndex(ctx, true)
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
			return usageErr(hint.New(fmt.Sprintf("alias name %q is the codename of the Node.js %d LTS line (lts/%s)", name, r.V.Major, line), fmt.Sprintf("pick another name; lts/%s already selects that line", line)))
		}
	}
	return nil
}
