package shims

import (
	"fmt"
	"strings"

	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/versions"
)

// Constraint is a package.json range that the selection was checked against.
type Constraint struct {
	Range string `json:"range"`
	File  string `json:"file"`
	Field string `json:"field"` // "engines.node", "devEngines.runtime", ...
}

// PassedOver is a pin, or the default alias, that did not meet the
// constraints, and why.
type PassedOver struct {
	File string `json:"file,omitempty"` // "" for the default alias
	Spec string `json:"spec"`
	Why  string `json:"why"`
}

// resolver carries one resolution's state: the constraints met so far,
// the skipped files, and the installed list, read at most once.
type resolver struct {
	e        Env
	cons     []versions.Constraint
	warnings []error
	passed   []PassedOver
	list     []store.Installed
	listed   bool
}

// project walks up from the working folder: the first pin that satisfies
// every range met below it decides (done). A pin with no range below it
// decides as it always did, so a plain .nvmrc costs what it did.
func (r *resolver) project() (sel Selection, done bool, err error) {
	if r.e.Cwd == "" { // the working folder is unknown: no project file
		return Selection{}, false, nil
	}
	w, err := versions.NewWalk(r.e.Cwd)
	if err != nil {
		return Selection{}, false, err
	}
	for {
		pin, found, err := w.Next()
		r.cons, r.warnings = w.Constraints, w.Warnings
		if err != nil || !found {
			return Selection{}, false, err
		}
		sel := Selection{Spec: pin.Raw, Source: "file", File: pin.File, Reason: "from " + pin.File + ": " + pin.Raw}
		if sel, ok, err := r.try(pin.Spec, sel, false); ok || err != nil {
			return sel, true, err
		}
	}
}

// defaultAlias tries the default alias. With constraints, a default that
// is not installed is passed over rather than an error: the project asked
// for a range, and an installed version may meet it.
func (r *resolver) defaultAlias(raw string) (Selection, bool, error) {
	sel := Selection{Spec: raw, Source: "alias", Reason: "from the default alias"}
	if len(r.cons) == 0 {
		sel, err := selectSpec(r.e, raw, sel)
		return sel, true, err
	}
	spec, err := versions.ParseSpec(raw)
	if err != nil {
		return Selection{}, true, fmt.Errorf("default alias: %w", err)
	}
	return r.try(spec, sel, true)
}

// try resolves one candidate spec. ok is false when it is passed over: its
// installed matches, or the exact version it names, fail a constraint (or,
// soft, nothing installed matches it). A pin that matches nothing installed
// and may meet the constraints is a NotInstalledError, as without them.
func (r *resolver) try(spec versions.Spec, sel Selection, soft bool) (Selection, bool, error) {
	if len(r.cons) == 0 {
		sel, err := selectParsed(r.e, spec, sel)
		return sel, true, err
	}
	spec, _, err := r.e.Home.ExpandAlias(spec)
	if err != nil {
		return Selection{}, true, fmt.Errorf("%s: %w", sel.Reason, err)
	}
	if spec.Kind == versions.SpecSystem {
		// Its version is unknown without running it, which the shim won't:
		// a pin that says "system" is taken at its word, a default is not.
		if soft {
			r.pass(sel, "the system node's version cannot be checked")
			return Selection{}, false, nil
		}
		sel, err := systemSelection(r.e, sel)
		return sel, true, err
	}
	list, err := r.installed()
	if err != nil {
		return Selection{}, true, err
	}
	needLTS := spec.Kind == versions.SpecLTS || spec.Kind == versions.SpecLTSName ||
		spec.Kind == versions.SpecLTSOffset || spec.Kind == versions.SpecName
	cands := store.Candidates(list, needLTS)
	matches := versions.Filter(spec, cands)
	if len(matches) == 0 {
		if spec.Kind == versions.SpecExact && !versions.Allows(r.cons, spec.Exact) {
			r.pass(sel, spec.Exact.String()+" does not satisfy "+r.failing(spec.Exact))
			return Selection{}, false, nil
		}
		if soft {
			r.pass(sel, "not installed")
			return Selection{}, false, nil
		}
		_, cause := versions.Select(spec, cands, "among installed versions")
		return sel, true, notInstalled(sel.Spec, sel.Reason, cause)
	}
	var best *versions.Candidate
	for i, c := range matches {
		if versions.Allows(r.cons, c.Version) && (best == nil || c.Version.Compare(best.Version) > 0) {
			best = &matches[i]
		}
	}
	if best == nil {
		top := matches[0].Version
		for _, c := range matches[1:] {
			if c.Version.Compare(top) > 0 {
				top = c.Version
			}
		}
		r.pass(sel, top.String()+" does not satisfy "+r.failing(top))
		return Selection{}, false, nil
	}
	return r.chosen(sel, best.Version), true, nil
}

// newestAllowed is the last resort when no pin and no default meets the
// constraints: the newest installed version that does.
func (r *resolver) newestAllowed() (Selection, error) {
	spec := r.cons[0].Raw
	if len(r.cons) > 1 {
		spec = versions.AllOf(r.cons).String()
	}
	var parts []string
	for _, c := range r.cons {
		parts = append(parts, c.String())
	}
	sel := Selection{Spec: spec, Source: "constraints", File: r.cons[0].File,
		Reason: "the newest installed version that satisfies " + strings.Join(parts, " and ")}
	list, err := r.installed()
	if err != nil {
		return Selection{}, err
	}
	for _, in := range list { // newest first
		if versions.Allows(r.cons, in.Version) {
			return r.chosen(sel, in.Version), nil
		}
	}
	sel.Reason = "required by " + strings.Join(parts, " and ")
	spec2, err := versions.ParseSpec(spec)
	if err != nil {
		return Selection{}, fmt.Errorf("%s: %w", sel.Reason, err)
	}
	_, cause := versions.Select(spec2, store.Candidates(list, false), "among installed versions")
	return sel, notInstalled(spec, sel.Reason, cause)
}

func (r *resolver) chosen(sel Selection, v versions.Version) Selection {
	for _, in := range r.list {
		if in.Version.Compare(v) == 0 {
			sel.Version, sel.Dir = in.Version.String(), in.Dir
		}
	}
	return sel
}

func (r *resolver) installed() ([]store.Installed, error) {
	if !r.listed {
		list, err := r.e.Home.List()
		if err != nil {
			return nil, err
		}
		r.list, r.listed = list, true
	}
	return r.list, nil
}

// failing names the first constraint that v fails.
func (r *resolver) failing(v versions.Version) string {
	for _, c := range r.cons {
		if !c.Range.Contains(v) {
			return c.String()
		}
	}
	return "the constraints"
}

func (r *resolver) pass(sel Selection, why string) {
	r.passed = append(r.passed, PassedOver{File: sel.File, Spec: sel.Spec, Why: why})
}

// finish copies what the walk met into the selection.
func (r *resolver) finish(sel Selection) Selection {
	for _, c := range r.cons {
		sel.Constraints = append(sel.Constraints, Constraint{Range: c.Raw, File: c.File,
			Field: strings.TrimPrefix(string(c.Source), "package.json ")})
	}
	sel.PassedOver = r.passed
	for _, w := range r.warnings {
		sel.Warnings = append(sel.Warnings, w.Error())
	}
	return sel
}
