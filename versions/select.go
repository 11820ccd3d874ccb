package versions

import (
	"errors"
	"slices"
	"strings"
)

// NoMatchError says that no candidate matches a spec, and what is near.
type NoMatchError struct {
	Spec    string
	Nearest []Version // up to 3, lowest first, on either side of where the spec would sit
	// LTSNames lists the known LTS lines, lower-case and newest first, when
	// the spec named a line: a list of names helps more than versions then.
	LTSNames []string
	Where    string // "in the release index", "among installed versions"
}

func (e *NoMatchError) Error() string {
	var b strings.Builder
	b.WriteString("no version matches ")
	b.WriteString(quoteShort(e.Spec))
	if e.Where != "" {
		b.WriteString(" " + e.Where)
	}
	switch {
	case len(e.Nearest) > 0:
		b.WriteString(" (nearest: ")
		for i, v := range e.Nearest {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(v.String())
		}
		b.WriteString(")")
	case len(e.LTSNames) > 0:
		b.WriteString(" (LTS lines: " + strings.Join(e.LTSNames, ", ") + ")")
	}
	return b.String()
}

// ErrSystem is what Select (and store.Home.Select) returns for "system":
// that node lives outside nvmgo, so the caller has to look for it on PATH
// itself.
var ErrSystem = errors.New(`"system" is the node on PATH outside nvmgo, not a version nvmgo can select`)

// Filter returns the candidates that match spec, in their order. latest
// matches every release (not prereleases), lts every LTS release, a
// codename (lts/iron, or a bare name) and lts/-N the releases of that line.
// system matches nothing.
func Filter(spec Spec, cands []Candidate) []Candidate {
	var match func(Candidate) bool
	switch spec.Kind {
	case SpecExact:
		match = func(c Candidate) bool { return c.Version.Compare(spec.Exact) == 0 }
	case SpecRange:
		match = func(c Candidate) bool { return spec.Range.Contains(c.Version) }
	case SpecLatest:
		match = func(c Candidate) bool { return c.Version.Prerelease == "" }
	case SpecLTS:
		match = func(c Candidate) bool { return c.LTS != "" }
	case SpecLTSName, SpecName, SpecLTSOffset:
		name := spec.LTSName
		if spec.Kind == SpecName {
			name = spec.Name
		}
		if spec.Kind == SpecLTSOffset {
			lines := ltsLines(cands)
			if spec.LTSOffset < 0 || spec.LTSOffset >= len(lines) {
				return nil
			}
			name = lines[spec.LTSOffset]
		}
		if name == "" {
			return nil
		}
		match = func(c Candidate) bool { return strings.EqualFold(c.LTS, name) }
	default:
		return nil
	}
	var out []Candidate
	for _, c := range cands {
		if match(c) {
			out = append(out, c)
		}
	}
	return out
}

// Select returns the highest candidate that matches spec. where ends the
// error message: "in the release index" or "among installed versions".
// A bare name is taken as an LTS codename (case-insensitive); callers look
// it up as an alias first. No match is a *NoMatchError; system is ErrSystem.
func Select(spec Spec, cands []Candidate, where string) (Candidate, error) {
	if spec.Kind == SpecSystem {
		return Candidate{}, ErrSystem
	}
	matches := Filter(spec, cands)
	if len(matches) == 0 {
		return Candidate{}, noMatch(spec, cands, where)
	}
	best := matches[0]
	for _, c := range matches[1:] {
		if c.Version.Compare(best.Version) > 0 {
			best = c
		}
	}
	return best, nil
}

// ltsLines lists the LTS codenames among cands, lower-case, ordered by
// their highest version, newest first: lts/-1 is index 1.
func ltsLines(cands []Candidate) []string {
	type line struct {
		name string
		top  Version
	}
	var lines []line // a handful of lines, so a linear search beats a map
	for _, c := range cands {
		if c.LTS == "" {
			continue
		}
		i := slices.IndexFunc(lines, func(l line) bool { return strings.EqualFold(l.name, c.LTS) })
		switch {
		case i < 0:
			lines = append(lines, line{strings.ToLower(c.LTS), c.Version})
		case c.Version.Compare(lines[i].top) > 0:
			lines[i].top = c.Version
		}
	}
	slices.SortFunc(lines, func(a, b line) int { return b.top.Compare(a.top) })
	names := make([]string, len(lines))
	for i, l := range lines {
		names[i] = l.name
	}
	return names
}

func noMatch(spec Spec, cands []Candidate, where string) *NoMatchError {
	e := &NoMatchError{Spec: spec.Raw, Where: where}
	if e.Spec == "" {
		e.Spec = spec.String()
	}
	switch spec.Kind {
	case SpecExact:
		e.Nearest = nearest(cands, []Version{spec.Exact})
	case SpecRange:
		e.Nearest = nearest(cands, spec.Range.anchors())
	case SpecLTSName, SpecName, SpecLTSOffset:
		e.LTSNames = ltsLines(cands)
	}
	return e
}

// anchors gives, per comparator set, the version where the set begins (its
// lower bound, else its upper bound); nearest looks around these. A set with
// no comparators has no anchor.
func (r Range) anchors() []Version {
	var out []Version
	for _, set := range r.sets {
		var lower, upper *Version
		for i, c := range set {
			switch c.op {
			case opEQ, opGE, opGT:
				if lower == nil || c.v.Compare(*lower) < 0 {
					lower = &set[i].v
				}
			default:
				if upper == nil || c.v.Compare(*upper) > 0 {
					upper = &set[i].v
				}
			}
		}
		switch {
		case lower != nil:
			out = append(out, *lower)
		case upper != nil:
			out = append(out, *upper)
		}
	}
	return out
}

// nearest returns, for each anchor, the highest candidate below it and the
// lowest at or above it: at most three distinct versions, lowest first. With
// no anchor (the spec was "*") it returns the highest candidate.
func nearest(cands []Candidate, anchors []Version) []Version {
	var out []Version
	add := func(v *Version) {
		if v != nil && !slices.Contains(out, *v) {
			out = append(out, *v)
		}
	}
	for _, a := range anchors {
		var below, above *Version
		for i := range cands {
			v := &cands[i].Version
			if v.Compare(a) < 0 {
				if below == nil || v.Compare(*below) > 0 {
					below = v
				}
			} else if above == nil || v.Compare(*above) < 0 {
				above = v
			}
		}
		add(below)
		add(above)
	}
	if len(anchors) == 0 {
		var top *Version
		for i := range cands {
			if top == nil || cands[i].Version.Compare(*top) > 0 {
				top = &cands[i].Version
			}
		}
		add(top)
	}
	slices.SortFunc(out, Version.Compare)
	return out[:min(len(out), 3)]
}
