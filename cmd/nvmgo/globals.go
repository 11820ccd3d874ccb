package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/globals"
	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/install"
	"github.com/nvmgo/nvmgo/internal/store"
)

type globalsOptions struct {
	spec      optionalArg // globals [SPEC]; none: the selected version
	from, to  string      // globals copy FROM TO
	json      bool
	latestNpm bool
}

func newGlobalsCmd(a *app) *cobra.Command {
	var o globalsOptions
	c := &cobra.Command{
		Use:   "globals [SPEC]",
		Short: "List the global npm packages of an installed version",
		Long: `List what npm install -g and npm link put into an installed version
(the selected one without SPEC).`,
		Args:              argsUsage(cobra.MaximumNArgs(1)),
		ValidArgsFunction: completeInstalled(a),
		RunE: func(c *cobra.Command, args []string) error {
			o.spec = optional(args)
			return globalsListRun(c.Context(), a, o)
		},
	}
	c.Flags().BoolVar(&o.json, "json", false, "print JSON")
	cp := &cobra.Command{
		Use:   "copy FROM TO",
		Short: "Install the global packages of one installed version into another",
		Long: `Install FROM's global packages into TO: each at the same version where its
engines support TO's node, else the newest that does; npm-linked packages are
linked again; npm and corepack stay as TO ships them (unless --latest-npm).`,
		Args:              argsUsage(cobra.ExactArgs(2)),
		ValidArgsFunction: completeInstalled(a),
		RunE: func(c *cobra.Command, args []string) error {
			o.from, o.to = args[0], args[1]
			return globalsCopyRun(c.Context(), a, o)
		},
	}
	cp.Flags().BoolVar(&o.json, "json", false, "print the report as JSON")
	cp.Flags().BoolVar(&o.latestNpm, "latest-npm", false, "also upgrade TO's npm to the newest release that supports it")
	c.AddCommand(cp)
	return c
}

func globalsListRun(ctx context.Context, a *app, o globalsOptions) error {
	in, _, err := a.resolveInstalled(ctx, o.spec.args())
	if err != nil {
		return err
	}
	pkgs, err := globals.List(in.Dir, a.goos)
	if err != nil {
		return fmt.Errorf("global packages of %s: %w", in.Version, err)
	}
	if o.json {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if pkgs == nil {
			pkgs = []globals.Package{}
		}
		return enc.Encode(struct {
			Version  string            `json:"version"`
			Dir      string            `json:"dir"`
			Packages []globals.Package `json:"packages"`
		}{in.Version.String(), in.Dir, pkgs})
	}
	fmt.Fprintf(a.stdout, "%s (%s)\n", in.Version, globals.Printable(globals.ModulesDir(in.Dir, a.goos)))
	for _, p := range pkgs {
		line := "  " + globals.Printable(p.Spec())
		switch {
		case p.Bundled:
			line += " (comes with node)"
		case p.Linked:
			line += " -> " + globals.Printable(p.Target) + " (linked)"
		}
		fmt.Fprintln(a.stdout, line)
	}
	return nil
}

func globalsCopyRun(ctx context.Context, a *app, o globalsOptions) error {
	from, _, err := a.resolveInstalled(ctx, []string{o.from})
	if err != nil {
		return err
	}
	to, _, err := a.resolveInstalled(ctx, []string{o.to})
	if err != nil {
		return err
	}
	if from.Dir == to.Dir {
		return usageErr(fmt.Errorf("globals copy: %s and %s are both %s; name two versions", o.from, o.to, to.Version))
	}
	rep, err := globals.Copy(ctx, from, to, a.globalsOptions(o.latestNpm))
	return a.finishGlobals(rep, err, o.json, "copy global packages from "+from.Version.String()+" to "+to.Version.String())
}

// globalsOptions runs the target's own npm with this environment and asks
// the registry of the user's npm settings for versions.
func (a *app) globalsOptions(latestNpm bool) globals.Options {
	o := globals.Options{Run: globals.NpmRunner(a.goos, os.Environ()), Log: a.stderr, GOOS: a.goos, LatestNpm: latestNpm}
	if cfg, err := install.NpmConfig(*a.cfg()); err == nil {
		o.Lookup = globals.RegistryLookup(a.httpClient(), cfg)
	}
	return o
}

// finishGlobals prints a report, refreshes the shims (new commands work at
// once), and fails when a package failed, naming each with npm's error.
func (a *app) finishGlobals(rep globals.Report, err error, asJSON bool, what string) error {
	return a.finishGlobalsTo(a.stdout, rep, err, asJSON, what)
}

// finishGlobalsTo is finishGlobals printing the report on w (stderr when
// stdout is an install's JSON).
func (a *app) finishGlobalsTo(w io.Writer, rep globals.Report, err error, asJSON bool, what string) error {
	if asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if rep.Results == nil {
			rep.Results = []globals.Result{}
		}
		if jerr := enc.Encode(rep); jerr != nil {
			return jerr
		}
	} else {
		a.printGlobals(w, rep)
	}
	if rerr := a.reshim(); rerr != nil {
		return rerr
	}
	if errors.Is(err, context.Canceled) {
		return cancelledError{what + ": cancelled"}
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	failed := rep.Failed()
	if len(failed) == 0 {
		return nil
	}
	names := make([]string, 0, len(failed))
	for _, f := range failed {
		names = append(names, globals.Printable(f.Name))
	}
	return hint.New(fmt.Sprintf("%s: %d of %d packages failed: %s", what, len(failed), len(rep.Results), strings.Join(names, ", ")), fmt.Sprintf("the others are in %s; try one by hand: nvmgo exec %s -- npm install -g NAME", rep.To, rep.To))
}

func (a *app) printGlobals(w io.Writer, rep globals.Report) {
	for _, r := range rep.Results {
		name := globals.Printable(r.Name)
		line := fmt.Sprintf("%-9s %s", r.Status, name)
		if r.Version != "" {
			line += "@" + globals.Printable(r.Version)
		}
		if r.From != "" && r.From != r.Version {
			line += " (was " + globals.Printable(r.From) + ")"
		}
		if r.Note != "" {
			line += ": " + globals.Printable(r.Note)
		}
		fmt.Fprintln(w, line)
		if r.Error != "" {
			fmt.Fprintf(a.stderr, "nvmgo: %s: npm: %s\n", name, r.Error)
		}
	}
}

// afterInstall runs what follows an install of to: --latest-npm, the
// default packages (only for a fresh install, unless skipped) and
// --reinstall-packages-from, in nvm's order. The install itself stands
// whatever happens here.
func (a *app) afterInstall(ctx context.Context, to store.Installed, fresh bool, o installOptions) error {
	w := a.stdout
	if o.json {
		w = a.stderr
	}
	var errs []error
	if o.latestNpm && o.reinstallFrom == "" {
		rep, err := globals.UpgradeNpm(ctx, to, a.globalsOptions(true))
		errs = append(errs, a.finishGlobalsTo(w, rep, err, false, "install "+to.Version.String()+" (installed): --latest-npm"))
	}
	if fresh && !o.skipDefaultPackages {
		errs = append(errs, a.installDefaultPackages(ctx, w, to))
	}
	if o.reinstallFrom != "" {
		from, _, err := a.resolveInstalled(ctx, []string{o.reinstallFrom})
		if err != nil {
			errs = append(errs, fmt.Errorf("--reinstall-packages-from %s: %w", o.reinstallFrom, err))
		} else if from.Dir == to.Dir {
			errs = append(errs, usageErr(fmt.Errorf("--reinstall-packages-from %s: that is %s itself; name the version to copy from", o.reinstallFrom, to.Version)))
		} else {
			rep, err := globals.Copy(ctx, from, to, a.globalsOptions(o.latestNpm))
			errs = append(errs, a.finishGlobalsTo(w, rep, err, false, "install "+to.Version.String()+" (installed): copy global packages from "+from.Version.String()))
		}
	}
	for _, err := range errs {
		if err != nil {
			return err // each report has named its failures already
		}
	}
	return nil
}

// checkReinstallFrom fails early, before any download, when the version
// to copy global packages from is not installed.
func (a *app) checkReinstallFrom(ctx context.Context, o installOptions) error {
	if o.reinstallFrom == "" {
		return nil
	}
	if _, _, err := a.resolveInstalled(ctx, []string{o.reinstallFrom}); err != nil {
		return fmt.Errorf("--reinstall-packages-from %s: %w", o.reinstallFrom, err)
	}
	return nil
}

func (a *app) installDefaultPackages(ctx context.Context, w io.Writer, to store.Installed) error {
	h, err := a.home()
	if err != nil {
		return err
	}
	path := globals.DefaultPackagesFile(h.Root, a.getenv)
	if path == "" {
		return nil
	}
	specs, err := globals.ReadDefaultPackages(path)
	if err != nil {
		return hint.With(fmt.Errorf("install %s (installed): default packages: %w", to.Version, err), fmt.Sprintf("fix the file, then run: nvmgo install --reinstall %s (it keeps the global packages)", to.Version))
	}
	if len(specs) == 0 {
		return nil
	}
	fmt.Fprintf(a.stderr, "nvmgo: installing %d default packages from %s into %s\n", len(specs), globals.Printable(path), to.Version)
	rep, err := globals.Install(ctx, to, specs, a.globalsOptions(false))
	return a.finishGlobalsTo(w, rep, err, false, "install "+to.Version.String()+" (installed): default packages from "+globals.Printable(path))
}
