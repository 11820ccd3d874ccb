package globals

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/versions"
)

// Options says how packages go into a version.
type Options struct {
	Run    Runner    // runs the target's npm; see NpmRunner
	Lookup Lookup    // the registry, for versions that support the target; nil: npm picks
	Log    io.Writer // progress lines (stderr); may be nil
	GOOS   string
	// LatestNpm also upgrades the target's npm to the newest release that
	// supports it (nvm's --latest-npm); otherwise npm stays as Node ships it.
	LatestNpm bool
}

// Status of one package in a Report.
const (
	Installed = "installed"
	Relinked  = "linked"
	Skipped   = "skipped"
	Failed    = "failed"
)

// Result is what happened to one package.
type Result struct {
	Name    string `json:"name"`
	From    string `json:"from,omitempty"`    // its version in the source
	Version string `json:"version,omitempty"` // its version in the target now
	Status  string `json:"status"`
	Note    string `json:"note,omitempty"`
	Error   string `json:"error,omitempty"` // npm's error, for Failed
}

// Report is the outcome of a copy or an install of packages.
type Report struct {
	From    string   `json:"from,omitempty"`
	To      string   `json:"to"`
	Results []Result `json:"packages"`
}

// Failed lists the packages that did not go in.
func (r Report) Failed() []Result {
	var out []Result
	for _, x := range r.Results {
		if x.Status == Failed {
			out = append(out, x)
		}
	}
	return out
}

// Copy installs the global packages of from into to: each at its version
// where its engines admit to's node, else the newest that does; linked
// packages are linked again to the same folder; npm and corepack are left
// as to ships them (unless LatestNpm). A package that fails is in the
// Report with npm's error, and the others still go in; the error is only
// for what stops the whole copy (unreadable folders, an interruption).
func Copy(ctx context.Context, from, to store.Installed, o Options) (Report, error) {
	rep := Report{From: from.Version.String(), To: to.Version.String()}
	if from.Dir == to.Dir {
		return rep, fmt.Errorf("copy global packages: %s is both the source and the target", rep.To)
	}
	pkgs, err := List(from.Dir, o.GOOS)
	if err != nil {
		return rep, fmt.Errorf("global packages of %s: %w", rep.From, err)
	}
	have, err := List(to.Dir, o.GOOS)
	if err != nil {
		return rep, fmt.Errorf("global packages of %s: %w", rep.To, err)
	}
	present := map[string]Package{}
	for _, p := range have {
		present[p.Name] = p
	}
	if o.LatestNpm {
		rep.Results = append(rep.Results, latestNpm(ctx, to, o))
	}
	var plans []plan
	var links []Package
	for _, p := range pkgs {
		switch {
		case p.Bundled:
			if !(o.LatestNpm && p.Name == "npm") {
				rep.Results = append(rep.Results, Result{Name: p.Name, From: p.Version, Version: present[p.Name].Version, Status: Skipped, Note: "comes with node " + rep.To})
			}
			continue
		case p.Linked:
			if cur, ok := present[p.Name]; ok && cur.Linked && sameDir(cur.Target, p.Target) {
				rep.Results = append(rep.Results, Result{Name: p.Name, From: p.Version, Version: cur.Version, Status: Skipped, Note: "already linked in " + rep.To})
			} else {
				links = append(links, p)
			}
			continue
		}
		if cur, ok := present[p.Name]; ok && !cur.Linked && newerOrSame(cur.Version, p.Version) {
			rep.Results = append(rep.Results, Result{Name: p.Name, From: p.Version, Version: cur.Version, Status: Skipped, Note: "already in " + rep.To})
			continue
		}
		pl, err := choose(ctx, p, to.Version, o.Lookup)
		if ctx.Err() != nil {
			return rep, ctx.Err()
		}
		if err != nil {
			rep.Results = append(rep.Results, Result{Name: p.Name, From: p.Version, Status: Failed, Error: hint.Text(err)})
			continue
		}
		plans = append(plans, pl)
	}
	if len(plans)+len(links) > 0 {
		o.logf("nvmgo: installing %d global packages from %s into %s", len(plans)+len(links), rep.From, rep.To)
	}
	rep.Results = append(rep.Results, installPlans(ctx, to, plans, o)...)
	for _, p := range links {
		rep.Results = append(rep.Results, relink(ctx, to, p, o))
	}
	if ctx.Err() != nil {
		return rep, ctx.Err()
	}
	return rep, nil
}

// Install installs package specs (name, name@range, a folder, a tarball:
// anything npm install accepts) globally into to, each on its own when the
// whole set fails, so one bad spec does not keep the others out.
func Install(ctx context.Context, to store.Installed, specs []string, o Options) (Report, error) {
	rep := Report{To: to.Version.String()}
	plans := make([]plan, 0, len(specs))
	for _, s := range specs {
		plans = append(plans, plan{pkg: Package{Name: s}, spec: s})
	}
	rep.Results = installPlans(ctx, to, plans, o)
	return rep, ctx.Err()
}

// installPlans runs one `npm install -g` for all of them (one resolution,
// one npm start); when that fails, one per package, to tell which failed.
func installPlans(ctx context.Context, to store.Installed, plans []plan, o Options) []Result {
	if len(plans) == 0 {
		return nil
	}
	args := []string{"install", "--global"}
	for _, p := range plans {
		args = append(args, p.spec)
	}
	errs := make([]string, len(plans))
	out, err := o.Run(ctx, to, to.Dir, args)
	if err != nil && len(plans) > 1 && ctx.Err() == nil {
		o.logf("nvmgo: npm could not install them together (%s); trying one at a time", npmError(out, err))
		for i, p := range plans {
			if ctx.Err() != nil {
				errs[i] = interrupted
				continue
			}
			if out, err := o.Run(ctx, to, to.Dir, []string{"install", "--global", p.spec}); err != nil {
				errs[i] = runError(ctx, out, err)
			}
		}
	} else if err != nil {
		for i := range errs {
			errs[i] = runError(ctx, out, err)
		}
	}
	now, _ := List(to.Dir, o.GOOS)
	byName := map[string]string{}
	for _, p := range now {
		byName[p.Name] = p.Version
	}
	res := make([]Result, 0, len(plans))
	for i, p := range plans {
		r := Result{Name: p.pkg.Name, From: p.pkg.Version, Version: byName[p.pkg.Name], Status: Installed, Note: p.note}
		if errs[i] != "" {
			r.Status, r.Error, r.Version = Failed, errs[i], ""
		}
		res = append(res, r)
	}
	return res
}

// relink links a package that was linked in the source to the same folder,
// the way it was made: `npm link` run in that folder with the target's npm.
func relink(ctx context.Context, to store.Installed, p Package, o Options) Result {
	r := Result{Name: p.Name, From: p.Version, Status: Relinked, Note: "-> " + p.Target}
	if fi, err := os.Stat(filepath.Join(p.Target, "package.json")); err != nil || !fi.Mode().IsRegular() {
		r.Status, r.Error = Failed, fmt.Sprintf("the linked folder %s has no package.json any more", p.Target)
		return r
	}
	out, err := o.Run(ctx, to, p.Target, []string{"link"})
	if err != nil {
		r.Status, r.Error = Failed, runError(ctx, out, err)
		return r
	}
	got, ok := readPackage(ModulesDir(to.Dir, o.GOOS), p.Name)
	if !ok || !got.Linked || !sameDir(got.Target, p.Target) {
		r.Status, r.Error = Failed, "npm link ran, but "+p.Name+" is not linked to "+p.Target+" in "+to.Version.String()
		return r
	}
	r.Version = got.Version
	return r
}

// UpgradeNpm installs the newest npm that supports to's node into to
// (nvm's --latest-npm on its own).
func UpgradeNpm(ctx context.Context, to store.Installed, o Options) (Report, error) {
	rep := Report{To: to.Version.String(), Results: []Result{latestNpm(ctx, to, o)}}
	return rep, ctx.Err()
}

// latestNpm installs the newest npm that supports to's node.
func latestNpm(ctx context.Context, to store.Installed, o Options) Result {
	r := Result{Name: "npm", Status: Installed}
	if cur, ok := readPackage(ModulesDir(to.Dir, o.GOOS), "npm"); ok {
		r.From = cur.Version
	}
	spec := "npm@latest"
	if o.Lookup != nil {
		doc, err := o.Lookup(ctx, "npm")
		if err != nil {
			r.Status, r.Error = Failed, "cannot ask the registry for npm's releases: "+hint.Text(err)
			return r
		}
		best, ok := Newest(doc, to.Version)
		if !ok {
			r.Status, r.Error = Failed, "no npm release supports node "+to.Version.String()
			return r
		}
		if best == r.From {
			r.Status, r.Version, r.Note = Skipped, best, "already the newest npm that supports node "+to.Version.String()
			return r
		}
		spec, r.Note = "npm@"+best, "the newest npm that supports node "+to.Version.String()
	}
	res := installPlans(ctx, to, []plan{{pkg: Package{Name: "npm", Version: r.From}, spec: spec, note: r.Note}}, o)
	return res[0]
}

func newerOrSame(have, want string) bool {
	h, err1 := versions.ParseVersion(have)
	w, err2 := versions.ParseVersion(want)
	if err1 != nil || err2 != nil {
		return have == want
	}
	return h.Compare(w) >= 0
}

func sameDir(a, b string) bool {
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	if err1 != nil || err2 != nil {
		return filepath.Clean(a) == filepath.Clean(b)
	}
	return os.SameFile(fa, fb)
}

func (o Options) logf(format string, args ...any) {
	if o.Log != nil {
		fmt.Fprintf(o.Log, format+"\n", args...)
	}
}

// ErrNoLookup is what a Lookup returns to leave the choice to npm.
var ErrNoLookup = errors.New("no registry lookup for this package")
