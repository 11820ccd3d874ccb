package lifecycle

import (
	"slices"

	"github.com/nvmgo/nvmgo/versions"
)

// Releases groups the index by line, so the newest of a line and the
// security releases after a version are found without rescanning the
// index for each version (ls-remote asks for every release).
type Releases struct {
	byLine map[string]*lineReleases
}

// lineReleases is one line, newest first (as indexes into the grouped
// list, so nothing is copied), with for each position i the number of
// security releases among the first i and the position of the oldest of
// them (the nearest newer one), or -1.
type lineReleases struct {
	all     []versions.Release
	idx     []int
	vs      []versions.Version
	secN    []int
	secNear []int
}

func (lr *lineReleases) at(i int) versions.Release {
	r := lr.all[lr.idx[i]]
	r.V = lr.vs[i]
	return r
}

// Group sorts the index's releases into lines. Prereleases are left out:
// they are not what a line's users upgrade to. rels is kept, not copied.
func Group(rels []versions.Release) Releases {
	x := Releases{byLine: map[string]*lineReleases{}}
	for i := range rels {
		v, ok := versionOf(rels[i])
		if !ok || v.Prerelease != "" {
			continue
		}
		line := LineOf(v)
		lr := x.byLine[line]
		if lr == nil {
			lr = &lineReleases{all: rels}
			x.byLine[line] = lr
		}
		lr.idx, lr.vs = append(lr.idx, i), append(lr.vs, v)
	}
	for _, lr := range x.byLine {
		lr.sort()
		lr.secN = make([]int, len(lr.idx)+1)
		lr.secNear = make([]int, len(lr.idx)+1)
		lr.secNear[0] = -1
		for i, j := range lr.idx {
			lr.secN[i+1], lr.secNear[i+1] = lr.secN[i], lr.secNear[i]
			if rels[j].Security {
				lr.secN[i+1], lr.secNear[i+1] = lr.secN[i]+1, i
			}
		}
	}
	return x
}

// sort orders the line newest first. ParseIndex sorts the index already
// (then this only checks); a hand-built list may not be sorted.
func (lr *lineReleases) sort() {
	for i := 1; i < len(lr.vs); i++ {
		for j := i; j > 0 && lr.vs[j-1].Compare(lr.vs[j]) < 0; j-- {
			lr.vs[j-1], lr.vs[j] = lr.vs[j], lr.vs[j-1]
			lr.idx[j-1], lr.idx[j] = lr.idx[j], lr.idx[j-1]
		}
	}
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
	lr := x.byLine[line]
	if lr == nil {
		return versions.Release{}, false
	}
	return lr.at(0), true
}

// newer is v's line and how many of its releases are newer than v.
func (x Releases) newer(v versions.Version) (*lineReleases, int) {
	lr := x.byLine[LineOf(v)]
	if lr == nil {
		return nil, 0
	}
	n, _ := slices.BinarySearchFunc(lr.vs, v, func(have, v versions.Version) int { return v.Compare(have) })
	return lr, n
}

// SecurityAfter lists the security releases of v's line that are newer
// than v, newest first: each fixed something v still has.
func (x Releases) SecurityAfter(v versions.Version) []versions.Release {
	lr, n := x.newer(v)
	var out []versions.Release
	for i := 0; i < n; i++ {
		if r := lr.at(i); r.Security {
			out = append(out, r)
		}
	}
	return out
}

// SecurityCount is how many security releases of v's line are newer than
// v, and the oldest of them (the first that fixed something v has); it is
// SecurityAfter without building the list, for listings of every release.
func (x Releases) SecurityCount(v versions.Version) (int, string) {
	lr, n := x.newer(v)
	if lr == nil || lr.secN[n] == 0 {
		return 0, ""
	}
	return lr.secN[n], lr.all[lr.idx[lr.secNear[n]]].Version
}
