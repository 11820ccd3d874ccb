package versions

import (
	"fmt"
	"slices"
	"strings"
)

// operator is a comparator's operator as written. Reduction removes ~ and
// ^, so a comparator of a parsed Range holds one of opEQ to opGE.
type operator uint8

const (
	opNone operator = iota
	opEQ
	opLT
	opLE
	opGT
	opGE
	opTilde
	opCaret
)

func (op operator) String() string {
	return [...]string{"", "", "<", "<=", ">", ">=", "~", "^"}[op]
}

type comparator struct {
	op operator
	v  Version
}

func (c comparator) test(v Version) bool {
	r := v.Compare(c.v)
	switch c.op {
	case opLT:
		return r < 0
	case opLE:
		return r <= 0
	case opGT:
		return r > 0
	case opGE:
		return r >= 0
	}
	return r == 0
}

// Range is an npm semver range with node-semver 7 semantics (not loose),
// reduced the way node-semver reduces it: caret, tilde, x-range and hyphen
// forms become plain comparators. A version is in the range when it meets
// every comparator of at least one set; an empty set meets every release.
// The zero Range contains nothing.
type Range struct {
	sets [][]comparator
}

// maxRangeLen bounds the work one range can cause; real ranges are short.
const maxRangeLen = 1024

// ParseRange parses an npm range: "20", "^20.1", "~20.11", "20.x", "*",
// ">=18 <21", "18 - 20", "18 || 20", ">= 1.2" and so on. As in node-semver,
// "" means any version. A leading "v" may also be "V" here; node-semver's
// odd "^=1.2" and "vv1.2" are refused.
func ParseRange(s string) (Range, error) {
	if len(s) > maxRangeLen {
		return Range{}, fmt.Errorf("range of %d bytes is over the limit of %d", len(s), maxRangeLen)
	}
	r, err := parseRange(s)
	if err != nil {
		return Range{}, fmt.Errorf("range %s: %w", quoteShort(s), err)
	}
	return r, nil
}

// parseRange is ParseRange without the length check and the context, which
// ParseSpec provides itself.
func parseRange(s string) (Range, error) {
	var r Range
	for part := range strings.SplitSeq(s, "||") {
		set, err := parseSet(part)
		if err != nil {
			return Range{}, err
		}
		r.sets = append(r.sets, set)
	}
	r.sets = cleanSets(r.sets)
	return r, nil
}

// Contains reports whether v is in the range. A prerelease is in it only
// when some comparator of the matching set names a prerelease of the same
// major.minor.patch, so "^20" never picks up "21.0.0-rc.1" or "20.1.0-rc.1".
func (r Range) Contains(v Version) bool {
	for _, set := range r.sets {
		if setContains(set, v) {
			return true
		}
	}
	return false
}

func setContains(set []comparator, v Version) bool {
	for _, c := range set {
		if !c.test(v) {
			return false
		}
	}
	if v.Prerelease == "" {
		return true
	}
	for _, c := range set {
		if c.v.Prerelease != "" && c.v.Major == v.Major && c.v.Minor == v.Minor && c.v.Patch == v.Patch {
			return true
		}
	}
	return false
}

// String gives the reduced comparators, like node-semver's range.range:
// "^1.2.3" reads ">=1.2.3 <2.0.0-0". It parses back to the same range.
func (r Range) String() string {
	var b []byte
	for i, set := range r.sets {
		if i > 0 {
			b = append(b, "||"...)
		}
		if len(set) == 0 {
			b = append(b, '*')
		}
		for j, c := range set {
			if j > 0 {
				b = append(b, ' ')
			}
			b = append(b, c.op.String()...)
			b = c.v.appendPlain(b)
		}
	}
	return string(b)
}

func splitOperator(s string) (operator, string) {
	prefixes := [...]struct {
		s  string
		op operator
	}{{"~>", opTilde}, {">=", opGE}, {"<=", opLE}, {"~", opTilde}, {"^", opCaret}, {">", opGT}, {"<", opLT}, {"=", opEQ}}
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(s, p.s); ok {
			return p.op, rest
		}
	}
	return opNone, s
}

// parseSet parses the comparators between two "||".
func parseSet(s string) ([]comparator, error) {
	fields := strings.Fields(s)
	if len(fields) == 3 && fields[1] == "-" {
		set, err := parseHyphen(fields[0], fields[2])
		return cleanSet(set), err
	}
	var set []comparator
	for i := 0; i < len(fields); i++ {
		tok := fields[i]
		// node-semver joins an operator to the version after it: ">= 1.2".
		if op, rest := splitOperator(tok); op != opNone && rest == "" {
			if i+1 == len(fields) {
				return nil, fmt.Errorf("%s has no version after it", quoteShort(tok))
			}
			i++
			tok += fields[i]
		}
		var err error
		if set, err = appendComparator(set, tok); err != nil {
			return nil, err
		}
	}
	return cleanSet(set), nil
}

// cleanSet drops repeated comparators and ">=0.0.0", and reduces a set
// holding "<0.0.0-0" to just that, as node-semver does; String then prints
// what node-semver's range.range prints.
func cleanSet(set []comparator) []comparator {
	out := set[:0]
	for _, c := range set {
		if c == nothing {
			return []comparator{nothing}
		}
		if c != (comparator{opGE, Version{}}) && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// cleanSets drops sets that match nothing unless all do, and reduces the
// range to "*" when one set matches any release, as node-semver does.
func cleanSets(sets [][]comparator) [][]comparator {
	if len(sets) < 2 {
		return sets
	}
	var kept [][]comparator
	for _, set := range sets {
		if len(set) == 0 {
			return [][]comparator{nil}
		}
		if len(set) != 1 || set[0] != nothing {
			kept = append(kept, set)
		}
	}
	if len(kept) == 0 {
		return sets[:1]
	}
	return kept
}

func appendComparator(set []comparator, tok string) ([]comparator, error) {
	op, rest := splitOperator(tok)
	p, reason := parsePartial(rest)
	if reason != "" {
		return nil, fmt.Errorf("%s is not a version: %s", quoteShort(tok), reason)
	}
	lo := p.v
	switch {
	case op == opTilde && p.n > 0:
		set = append(set, comparator{opGE, lo})
		if p.n == 1 {
			return appendBelow(set, bumpMajor(lo)), nil
		}
		return appendBelow(set, bumpMinor(lo)), nil
	case op == opCaret && p.n > 0:
		set = append(set, comparator{opGE, lo})
		switch {
		case p.n == 1 || lo.Major != 0:
			return appendBelow(set, bumpMajor(lo)), nil
		case p.n == 2 || lo.Minor != 0:
			return appendBelow(set, bumpMinor(lo)), nil
		}
		return appendBelow(set, bumpPatch(lo)), nil
	case op == opTilde || op == opCaret:
		return set, nil // ~* and ^* are any version
	case p.numAfterWild:
		// node-semver 7.8.4 (npm's) refuses "x.1" and "1.x.5" as x-ranges;
		// 7.8.3 and before read them as "any" and "1.x".
		return nil, fmt.Errorf("%s is not a version: a number after a wildcard (x, X or *)", quoteShort(tok))
	}
	return appendXRange(set, op, p), nil
}

// appendXRange reduces a comparator whose version may be partial, as
// node-semver's replaceXRange does: ">1.2" is ">=1.3.0", "<=1" is
// "<2.0.0-0", "1.2" is ">=1.2.0 <1.3.0-0".
func appendXRange(set []comparator, op operator, p partial) []comparator {
	if p.n == 3 {
		if op == opNone {
			op = opEQ
		}
		return append(set, comparator{op, p.v})
	}
	if p.n == 0 {
		if op == opGT || op == opLT {
			return append(set, nothing)
		}
		return set
	}
	bump := bumpMinor
	if p.n == 1 {
		bump = bumpMajor
	}
	switch op {
	case opGT:
		next := bump(p.v)
		if next.Major > maxNumber {
			return append(set, nothing)
		}
		return append(set, comparator{opGE, next})
	case opGE:
		return append(set, comparator{opGE, p.v})
	case opLT:
		return appendBelow(set, p.v)
	case opLE:
		return appendBelow(set, bump(p.v))
	}
	return appendBelow(append(set, comparator{opGE, p.v}), bump(p.v))
}

func parseHyphen(from, to string) ([]comparator, error) {
	f, reason := parsePartial(from)
	if reason != "" {
		return nil, fmt.Errorf("%s is not a version: %s", quoteShort(from), reason)
	}
	t, reason := parsePartial(to)
	if reason != "" {
		return nil, fmt.Errorf("%s is not a version: %s", quoteShort(to), reason)
	}
	var set []comparator
	if f.n > 0 {
		set = append(set, comparator{opGE, f.v})
	}
	switch t.n {
	case 1:
		set = appendBelow(set, bumpMajor(t.v))
	case 2:
		set = appendBelow(set, bumpMinor(t.v))
	case 3:
		set = append(set, comparator{opLE, t.v})
	}
	return set, nil
}

// nothing is node-semver's "<0.0.0-0", which no version meets.
var nothing = comparator{opLT, Version{Prerelease: "0"}}

// appendBelow appends "<next-0", which also keeps next's prereleases out.
// A next past maxNumber is above every valid version, so it needs no
// comparator (and writing one would not parse back).
func appendBelow(set []comparator, next Version) []comparator {
	if next.Major > maxNumber {
		return set
	}
	next.Prerelease = "0"
	return append(set, comparator{opLT, next})
}
