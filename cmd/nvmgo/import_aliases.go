package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/nvmgo/nvmgo/globals"
	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/migrate"
	"github.com/nvmgo/nvmgo/versions"
)

// importAliases makes another manager's aliases nvmgo aliases where the
// name is free (or already says the same) and the target is a spec nvmgo
// reads; everything else is listed as a clash, never guessed at.
func (a *app) importAliases(ctx context.Context, h store.Home, l migrate.Layout, dryRun bool) []importItem {
	var out []importItem
	batch := map[string]bool{}
	for _, al := range l.Aliases {
		batch[strings.ToLower(al.Name)] = true
	}
	for _, al := range l.Aliases {
		name := strings.ToLower(al.Name)
		it := importItem{Kind: "alias", Manager: l.Manager, Name: name, Target: al.Target}
		if why := a.aliasClash(ctx, h, name, al.Target, batch); why != "" {
			it.Status, it.Detail = "clash", why
		} else if cur, ok, _ := h.ReadAlias(name); ok && cur == al.Target {
			it.Status, it.Detail = "skipped", "nvmgo has it already"
		} else if dryRun {
			it.Status = "would import"
		} else if err := h.WriteAlias(name, al.Target); err != nil {
			it.Status, it.Detail = "failed", hint.Text(err)
		} else {
			it.Status = "imported"
		}
		out = append(out, it)
	}
	if dryRun {
		a.recheckPlanned(ctx, h, out)
	} else {
		a.recheckAliases(ctx, h, out)
	}
	return out
}

// recheckPlanned is recheckAliases for a dry run: the aliases that would
// be imported are followed in memory beside nvmgo's own.
func (a *app) recheckPlanned(ctx context.Context, h store.Home, items []importItem) {
	planned := map[string]string{}
	for _, it := range items {
		if it.Status == "would import" {
			planned[it.Name] = it.Target
		}
	}
	lookup := func(name string) (string, bool) {
		if t, ok := planned[name]; ok {
			return t, true
		}
		t, ok, _ := h.ReadAlias(name)
		return t, ok
	}
	for i, it := range items {
		if it.Status != "would import" {
			continue
		}
		name, seen := it.Name, map[string]bool{}
		for {
			target, ok := lookup(name)
			if !ok {
				if a.checkNotCodename(ctx, name) == nil && name != it.Name {
					items[i].Status, items[i].Detail = "clash", fmt.Sprintf("it leads to %q, which is neither an alias nor an LTS line", name)
				}
				break
			}
			if seen[name] {
				items[i].Status, items[i].Detail = "clash", "alias cycle through "+name
				break
			}
			seen[name] = true
			spec, err := versions.ParseSpec(target)
			if err != nil || spec.Kind != versions.SpecName {
				break
			}
			name = spec.Name
		}
	}
}

// recheckAliases takes back an imported alias that leads nowhere once the
// batch is in: into a cycle, or to a name that did not come over.
func (a *app) recheckAliases(ctx context.Context, h store.Home, items []importItem) {
	for i, it := range items {
		if it.Status != "imported" {
			continue
		}
		spec, _ := versions.ParseSpec(it.Name)
		end, _, err := h.ExpandAlias(spec)
		if err == nil && end.Kind == versions.SpecName && a.checkNotCodename(ctx, end.Name) == nil {
			err = fmt.Errorf("it leads to %q, which is neither an alias nor an LTS line", end.Name)
		}
		if err != nil {
			_ = h.RemoveAlias(it.Name)
			items[i].Status, items[i].Detail = "clash", hint.Text(err)
		}
	}
}

// aliasClash says why an alias cannot come over as it is ("" when it can):
// its name is a keyword or an LTS codename, its target is no spec nvmgo
// reads (nvm's iojs names) or a name that is neither an alias (of nvmgo,
// or of the same manager) nor a codename, or nvmgo's alias of that name
// says something else.
func (a *app) aliasClash(ctx context.Context, h store.Home, name, target string, batch map[string]bool) string {
	if name != store.DefaultAlias {
		if err := versions.ValidAliasName(name); err != nil {
			return hint.Text(err)
		}
		if err := a.checkNotCodename(ctx, name); err != nil {
			first, _, _ := strings.Cut(hint.Text(err), "\n")
			return first
		}
	}
	spec, err := versions.ParseSpec(target)
	if err != nil {
		return fmt.Sprintf("%q is not a version nvmgo reads: %s", target, hint.Text(err))
	}
	if spec.Kind == versions.SpecName {
		_, isAlias, _ := h.ReadAlias(spec.Name)
		if !batch[spec.Name] && !isAlias && a.checkNotCodename(ctx, spec.Name) == nil {
			return fmt.Sprintf("%q is not a version nvmgo reads: no alias or LTS line has that name", target)
		}
	}
	cur, ok, err := h.ReadAlias(name)
	if err != nil {
		return hint.Text(err)
	}
	if ok && cur != target {
		return fmt.Sprintf("nvmgo's %s already points at %s", name, cur)
	}
	return ""
}

func printImport(a *app, items []importItem) {
	for _, it := range items {
		p := globals.Printable
		var line string
		if it.Kind == "alias" {
			line = fmt.Sprintf("%-12s alias %s -> %s (from %s)", it.Status, p(it.Name), p(it.Target), it.Manager)
		} else {
			line = fmt.Sprintf("%-12s %-10s from %s (%s)", it.Status, it.Name, it.Manager, p(it.Dir))
		}
		if it.Detail != "" {
			line += ": " + p(it.Detail)
		}
		fmt.Fprintln(a.stdout, line)
	}
}
