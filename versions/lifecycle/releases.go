package lifecycle

import (
	"slices"

	"github.com/nvmgo/nvmgo/versions"
)

// Releases groups the index by line, so the newest of a line and the
// security releases after a version are found without rescanning the
// index for each version (ls-remote asks for every release).
type Releases struct {
	byLine map[string][]versions.Release // newest first
}

// Group sorts the index's releases into lines. Prereleases are left out:
// they are not what a line's users upgrade to.
func Group(rels []versions.Release) Releases {
	x := Releases{byLine: map[string][]versions.Release{}}
	for _, r := range rels {
		v, ok := versionOf(r)
		if !ok || v.Prerelease != "" {
			continue
		}
		r.V = v
		line := LineOf(v)
		x.byLine[line] = append(x.byLine[line], r)
	}
	for _, rs := range x.byLine {
		// ParseIndex sorts newest first; a hand-built list may not be.
		slices.SortStableFunc(rs, func(a, b versions.Release) int { return b.V.Compare(a.V) })
	}
	return x
}

func versionOf(r versions.Release) (versions.Version, bool) {
	if r.V != (versions.Version{}) {
		return r.V, true
	}
	v, err := versions.ParseVersion(r.Version)
	return v, err == nil
}

// Newest is the newest release of a line ("20", "0.12").
func (x Releases) Newest(line string) (versions.Release, bool) {
	rs := x.byLine[line]
	if len(rs) == 0 {
		return versions.Release{}, false
	}
	return rs[0], true
}

// SecurityAfter lists the security releases of v's line that are newer
// than v, newest first: each fixed something v still has.
func (x Releases) SecurityAfter(v versions.Version) []versions.Release {
	var out []versions.Release
	for _, r := range x.byLine[LineOf(v)] {
		if r.V.Compare(v) <= 0 {
			break
		}
		if r.Security {
			out = append(out, r)
		}
	}
	return out
}
