package versions

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// Constraint is a range from package.json met on the way up: engines.node,
// or devEngines.runtime (or devEngines.node) when it is not one exact
// version. It limits which version may run; it pins none.
type Constraint struct {
	File   string    // the package.json
	Source PinSource // SourceEngines, SourceDevEngines or SourceDevEnginesNode
	Raw    string    // the range as written
	Range  Range
}

// Allows reports whether every constraint admits v.
func Allows(cs []Constraint, v Version) bool {
	for _, c := range cs {
		if !c.Range.Contains(v) {
			return false
		}
	}
	return true
}

// AllOf is the range of the versions that every constraint admits.
func AllOf(cs []Constraint) Range {
	r := Range{sets: [][]comparator{nil}}
	for _, c := range cs {
		r = r.intersect(c.Range)
	}
	return r
}

// intersect is the range of the versions in both r and o: every set of r
// joined with every set of o.
func (r Range) intersect(o Range) Range {
	var out Range
	for _, a := range r.sets {
		for _, b := range o.sets {
			set := append(append([]comparator(nil), a...), b...)
			out.sets = append(out.sets, cleanSet(set))
		}
	}
	out.sets = cleanSets(out.sets)
	return out
}

// Walk goes up from a folder to the root of the file system, the way the
// shims look for what a project asks for. In each folder it reads
// .node-version, then .nvmrc, then package.json. An exact pin is the
// first of those that names a version: a .node-version or .nvmrc (whatever
// it holds), or in package.json volta.node or an exact devEngines.runtime.
// The ranges in package.json (engines.node, a ranged devEngines.runtime)
// are Constraints, collected on the way: a pin is only the first candidate,
// and the caller checks it against every constraint met below it.
//
// An empty .nvmrc or .node-version, and a package.json that is not valid
// JSON, are skipped with a warning (a half-edited package.json must not
// break node in the whole tree); any other bad pin is an error naming the
// file, since running another version than the one pinned would be worse.
type Walk struct {
	dir  string
	done bool
	// Constraints met so far, nearest first.
	Constraints []Constraint
	// Warnings are the files skipped so far, each error naming its file.
	Warnings []error
}

// NewWalk starts a walk at dir (made absolute).
func NewWalk(dir string) (*Walk, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("find the project's node version: %w", err)
	}
	return &Walk{dir: abs}, nil
}

// Next returns the next exact pin up the tree; found is false once the
// root has been read. The constraints met below the pin (and those in its
// own package.json) are in w.Constraints when it returns. A folder gives
// at most one pin: the walk goes on in its parent.
func (w *Walk) Next() (pin Pin, found bool, err error) {
	for !w.done {
		dir := w.dir
		if parent := filepath.Dir(dir); parent == dir {
			w.done = true
		} else {
			w.dir = parent
		}
		if pin, found, err = w.readDir(dir); err != nil || found {
			return pin, found, err
		}
	}
	return Pin{}, false, nil
}

func (w *Walk) readDir(dir string) (Pin, bool, error) {
	for _, name := range [...]string{nodeVersionFile, nvmrcFile} {
		pin, found, err := readPin(joinDir(dir, name), name)
		if errors.Is(err, errEmpty) {
			w.Warnings = append(w.Warnings, fmt.Errorf("%w; skipped", err))
			continue
		}
		if err != nil || found {
			return pin, found, err
		}
	}
	return w.readPackageJSON(joinDir(dir, packageJSONFile))
}

// readPackageJSON adds the file's ranges to the constraints and returns its
// exact pin, if it has one.
func (w *Walk) readPackageJSON(path string) (Pin, bool, error) {
	data, ok, err := readPinData(path, packageJSONFile)
	if err != nil || !ok {
		return Pin{}, false, err
	}
	fields, err := packageNodeFields(data)
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		w.Warnings = append(w.Warnings, fmt.Errorf("%s: %w; skipped", path, err))
		return Pin{}, false, nil
	}
	if err != nil {
		return Pin{}, false, fmt.Errorf("%s: %w", path, err)
	}
	var pin Pin
	found := false
	for _, f := range fields {
		spec, err := pinSpec(f.source, f.token)
		if err != nil {
			return Pin{}, false, fieldError(path, f.source, err)
		}
		if f.source == SourceVolta || spec.Kind == SpecExact && f.source != SourceEngines {
			if !found {
				pin, found = Pin{File: path, Source: f.source, Raw: f.token, Spec: spec}, true
			}
			continue
		}
		r, err := ParseRange(f.token) // pinSpec checked it; an exact engines.node needs its range too
		if err != nil {
			return Pin{}, false, fieldError(path, f.source, err)
		}
		w.Constraints = append(w.Constraints, Constraint{File: path, Source: f.source, Raw: f.token, Range: r})
	}
	return pin, found, nil
}

// String is "RANGE (FILE FIELD)", for messages.
func (c Constraint) String() string {
	return c.Raw + " (" + c.File + " " + strings.TrimPrefix(string(c.Source), "package.json ") + ")"
}
