package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/safe"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/internal/store/staging"
	"github.com/nvmgo/nvmgo/shims"
	"github.com/nvmgo/nvmgo/versions"
	"github.com/nvmgo/nvmgo/versions/lifecycle"
)

type upgradeOptions struct {
	spec               optionalArg // none: --all
	all, prune, dryRun bool
	reinstallPackages  bool
}

// linePlan is what upgrade does to one release line.
type linePlan struct {
	line   string
	olds   []versions.Version // installed, older than newest; newest first
	newest versions.Release
	have   bool        // newest is installed already
	moves  [][2]string // alias name, the old version it names
	prune  []versions.Version
	keep   []string // "v20.18.1: .nvmrc pins it exactly"
	// packagesFrom is the version whose global packages go into the new
	// one (--reinstall-packages), "" for none.
	packagesFrom string
}

func newUpgradeCmd(a *app) *cobra.Command {
	var o upgradeOptions
	c := &cobra.Command{
		Use:   "upgrade [SPEC|--all]",
		Short: "Install the newest release of installed lines and move exact aliases to it",
		Long: `Install the newest release of SPEC's line (20, lts/iron, v20.18.1 ...) or, with
--all, of every installed line; point the default and the aliases that name
an older version of the line at the new one (an alias holding a spec like 20
follows by itself). --prune removes the older versions, except one a shell
(NVMGO_NODE_VERSION) or a project file here pins exactly. --dry-run shows
the plan and changes nothing.`,
		Args:              argsUsage(cobra.MaximumNArgs(1)),
		ValidArgsFunction: completeInstalled(a),
		RunE: func(c *cobra.Command, args []string) error {
			o.spec = optional(args)
			return upgradeRun(c.Context(), a, o)
		},
	}
	f := c.Flags()
	f.BoolVar(&o.all, "all", false, "upgrade every installed line")
	f.BoolVar(&o.prune, "prune", false, "remove the older versions of each upgraded line (not one pinned exactly here)")
	f.BoolVar(&o.dryRun, "dry-run", false, "show the plan and change nothing")
	f.BoolVar(&o.reinstallPackages, "reinstall-packages", false, "put the global packages of the newest older version into the new one")
	return c
}

func upgradeRun(ctx context.Context, a *app, o upgradeOptions) error {
	if o.spec.given == o.all {
		return usageErr(hint.New("upgrade: name a line or pass --all", "run: nvmgo upgrade 20, or: nvmgo upgrade --all"))
	}
	h, list, l, err := a.installedLife(ctx, false)
	if err != nil {
		return err
	}
	lines, err := a.upgradeLines(h, list, l, o.spec.args())
	if err != nil {
		return err
	}
	plans := make([]linePlan, 0, len(lines))
	for _, line := range lines {
		p, err := a.planLine(h, list, l, line, o)
		if err != nil {
			return err
		}
		plans = append(plans, p)
	}
	if o.dryRun {
		for _, p := range plans {
			p.print(a, true)
		}
		fmt.Fprintln(a.stderr, "nvmgo: dry run: nothing was changed")
		return nil
	}
	var failed error
	for _, p := range plans {
		if err := a.applyLine(ctx, h, p); err != nil {
			if errors.Is(err, context.Canceled) {
				return err
			}
			printError(a, err)
			failed = exitCode(1)
		}
	}
	if err := a.reshim(); err != nil {
		return err
	}
	return failed
}

// upgradeLines are the lines to upgrade: every installed one, or SPEC's.
func (a *app) upgradeLines(h store.Home, list []store.Installed, l *life, args []string) ([]string, error) {
	seen := map[string]bool{}
	var lines []string
	for i := len(list) - 1; i >= 0; i-- { // oldest line first, like ls
		if line := lifecycle.LineOf(list[i].Version); !seen[line] {
			seen[line] = true
			lines = append(lines, line)
		}
	}
	if len(args) == 0 {
		if len(lines) == 0 {
			return nil, hint.New("no versions installed", "run: nvmgo install lts")
		}
		return lines, nil
	}
	spec, err := versions.ParseSpec(args[0])
	if err != nil {
		return nil, usageErr(err)
	}
	if spec, _, err = h.ExpandAlias(spec); err != nil {
		return nil, err
	}
	var line string
	if in, err := h.Select(spec); err == nil {
		line = lifecycle.LineOf(in.Version)
	} else if errors.Is(err, versions.ErrSystem) {
		return nil, usageErr(errors.New(`"system" is the node outside nvmgo; nvmgo cannot upgrade it`))
	} else if c, err := versions.Select(spec, versions.Candidates(l.all), "in the release index"); err == nil {
		line = lifecycle.LineOf(c.Version)
	} else {
		return nil, err
	}
	if !seen[line] {
		return nil, hint.New(fmt.Sprintf("nothing of Node.js %s is installed to upgrade", line), fmt.Sprintf("run: nvmgo install %s", line))
	}
	return []string{line}, nil
}

// planLine works out what upgrading one line does, touching nothing.
func (a *app) planLine(h store.Home, list []store.Installed, l *life, line string, o upgradeOptions) (linePlan, error) {
	p := linePlan{line: line}
	newest, ok := l.rels.Newest(line)
	if !ok {
		return p, fmt.Errorf("Node.js %s is not in the release index", line)
	}
	p.newest = newest
	for _, in := range list {
		switch {
		case lifecycle.LineOf(in.Version) != line:
		case in.Version.Compare(newest.V) == 0:
			p.have = true
		case in.Version.Compare(newest.V) < 0:
			p.olds = append(p.olds, in.Version)
		}
	}
	aliases, err := h.Aliases()
	if err != nil {
		return p, err
	}
	for _, al := range aliases {
		if s, err := versions.ParseSpec(al[1]); err == nil && s.Kind == versions.SpecExact && isOld(p.olds, s.Exact) {
			p.moves = append(p.moves, [2]string{al[0], s.Exact.String()})
		}
	}
	if o.reinstallPackages && !p.have && len(p.olds) > 0 {
		p.packagesFrom = p.olds[0].String()
	}
	if !o.prune {
		return p, nil
	}
	pins, err := a.exactPins()
	if err != nil {
		return p, err
	}
	for _, v := range p.olds {
		if why, ok := pins[v]; ok {
			p.keep = append(p.keep, v.String()+": "+why)
		} else {
			p.prune = append(p.prune, v)
		}
	}
	return p, nil
}

func isOld(olds []versions.Version, v versions.Version) bool {
	for _, o := range olds {
		if o.Compare(v) == 0 {
			return true
		}
	}
	return false
}

// exactPins are the versions this shell or the project here pins exactly,
// with the reason in words; --prune keeps them.
func (a *app) exactPins() (map[versions.Version]string, error) {
	pins := map[versions.Version]string{}
	if raw := strings.TrimSpace(a.getenv(shims.VersionEnv)); raw != "" {
		if s, err := versions.ParseSpec(raw); err == nil && s.Kind == versions.SpecExact {
			pins[s.Exact] = shims.VersionEnv + " in this shell pins it"
		}
	}
	if cwd := a.workDir(); cwd != "" {
		pin, found, err := versions.FindPin(cwd)
		if err != nil {
			return nil, err
		}
		if found && pin.Spec.Kind == versions.SpecExact {
			file := pin.File
			if rel, err := filepath.Rel(cwd, file); err == nil {
				file = rel
			}
			if _, dup := pins[pin.Spec.Exact]; !dup {
				pins[pin.Spec.Exact] = safe.Text(file) + " pins it exactly"
			}
		}
	}
	return pins, nil
}

// applyLine carries out one line's plan, printing each step as it is done.
// Aliases move only once the new version is installed, and old versions go
// only once the aliases have moved.
func (a *app) applyLine(ctx context.Context, h store.Home, p linePlan) error {
	p.print(a, false)
	to := p.newest.Version
	if !p.have {
		spec, err := versions.ParseSpec(to)
		if err != nil {
			return err
		}
		_, res, err := a.installSpec(ctx, spec, installOptions{})
		if errors.Is(err, context.Canceled) {
			return cancelledError{fmt.Sprintf("upgrade of Node.js %s: cancelled; %s was not installed, the aliases and older versions are as they were", p.line, to)}
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "  installed %s\n", to)
		a.notice(ctx, to)
		// The default packages and --reinstall-packages, as install does
		// them; when a package fails the old versions and aliases stay.
		in := store.Installed{Version: p.newest.V, Dir: res.Dir}
		if err := a.afterInstall(ctx, in, !res.Already, installOptions{reinstallFrom: p.packagesFrom}); err != nil {
			fmt.Fprintf(a.stderr, "nvmgo: upgrade of Node.js %s stopped: the aliases and older versions are as they were\n", p.line)
			return err
		}
	}
	for _, m := range p.moves {
		if err := h.WriteAlias(m[0], to); err != nil {
			return fmt.Errorf("alias %s: %w", m[0], err)
		}
		fmt.Fprintf(a.stdout, "  alias %s: %s -> %s\n", m[0], m[1], to)
	}
	for _, v := range p.prune {
		if err := staging.Remove(ctx, h, v.String()); errors.Is(err, context.Canceled) {
			return cancelledError{fmt.Sprintf("upgrade of Node.js %s: cancelled while removing older versions; %s is installed and the aliases point at it, %s was not removed", p.line, to, v)}
		} else if err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "  uninstalled %s\n", v)
	}
	for _, k := range p.keep {
		fmt.Fprintf(a.stdout, "  kept %s\n", k)
	}
	return nil
}

// print shows the plan's head line, and with dry, every step it would take.
func (p linePlan) print(a *app, dry bool) {
	to := p.newest.Version
	if p.have && len(p.olds) == 0 {
		fmt.Fprintf(a.stdout, "Node.js %s: %s is the newest release\n", p.line, to)
		return
	}
	from := make([]string, 0, len(p.olds))
	for i := len(p.olds) - 1; i >= 0; i-- { // oldest first
		from = append(from, p.olds[i].String())
	}
	fmt.Fprintf(a.stdout, "Node.js %s: %s -> %s\n", p.line, strings.Join(from, ", "), to)
	if !dry {
		return
	}
	if !p.have {
		fmt.Fprintf(a.stdout, "  install %s\n", to)
	}
	if p.packagesFrom != "" {
		fmt.Fprintf(a.stdout, "  global packages: %s -> %s\n", p.packagesFrom, to)
	}
	for _, m := range p.moves {
		fmt.Fprintf(a.stdout, "  alias %s: %s -> %s\n", m[0], m[1], to)
	}
	for _, v := range p.prune {
		fmt.Fprintf(a.stdout, "  uninstall %s\n", v)
	}
	for _, k := range p.keep {
		fmt.Fprintf(a.stdout, "  keep %s\n", k)
	}
}
