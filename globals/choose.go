package globals

import (
	"context"
	"fmt"
	"strings"

	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/versions"
)

// Packument is what a registry says about a package's versions.
type Packument struct {
	Latest   string                 // the latest dist-tag
	Versions map[string]VersionInfo // by version, without "v"
}

// VersionInfo is one published version.
type VersionInfo struct {
	Engines    string // engines.node
	Deprecated bool
}

// Lookup fetches a package's packument from the user's registry. It may
// decline (ErrNoLookup): npm then chooses by itself.
type Lookup func(ctx context.Context, name string) (Packument, error)

// Supports says whether an engines.node range admits node version v. No
// range, or one npm could not read either, admits every version: npm then
// installs without complaint too.
func Supports(engines string, v versions.Version) bool {
	if strings.TrimSpace(engines) == "" {
		return true
	}
	r, err := versions.ParseRange(engines)
	if err != nil {
		return true
	}
	// npm checks engines with prereleases included; so does this for a
	// prerelease node (v24.0.0-rc.1 meets ">=18").
	if v.Prerelease != "" {
		v.Prerelease = ""
	}
	return r.Contains(v)
}

// Newest picks the newest version of a packument that supports node v:
// not a prerelease, not above the latest tag, and not deprecated unless
// every supporting version is. ok is false when no version supports v.
func Newest(p Packument, v versions.Version) (string, bool) {
	var latest versions.Version
	hasLatest := false
	if l, err := versions.ParseVersion(p.Latest); err == nil {
		latest, hasLatest = l, true
	}
	var best, bestDep versions.Version
	var bestS, bestDepS string
	for s, info := range p.Versions {
		pv, err := versions.ParseVersion(s)
		if err != nil || pv.Prerelease != "" || (hasLatest && pv.Compare(latest) > 0) || !Supports(info.Engines, v) {
			continue
		}
		if info.Deprecated {
			if bestDepS == "" || pv.Compare(bestDep) > 0 {
				bestDep, bestDepS = pv, s
			}
			continue
		}
		if bestS == "" || pv.Compare(best) > 0 {
			best, bestS = pv, s
		}
	}
	if bestS != "" {
		return bestS, true
	}
	return bestDepS, bestDepS != ""
}

// plan is how one package goes into the target version.
type plan struct {
	pkg  Package
	spec string // what npm install -g is given
	note string // why not the same version
}

// choose decides the version of pkg to install for node v: its own when
// its engines admit v, else the newest that does, asked of the registry;
// when the registry cannot be asked, npm picks (it prefers versions whose
// engines fit the node running it).
func choose(ctx context.Context, pkg Package, v versions.Version, lookup Lookup) (plan, error) {
	if pkg.Version == "" || Supports(pkg.Engines, v) {
		return plan{pkg: pkg, spec: pkg.Spec()}, nil
	}
	why := fmt.Sprintf("%s needs node %s", pkg.Spec(), pkg.Engines)
	if lookup == nil {
		return plan{pkg: pkg, spec: pkg.Name + "@*", note: why + "; npm chose the version"}, nil
	}
	doc, err := lookup(ctx, pkg.Name)
	if err != nil {
		if ctx.Err() != nil {
			return plan{}, ctx.Err()
		}
		return plan{pkg: pkg, spec: pkg.Name + "@*", note: fmt.Sprintf("%s; the registry could not be asked (%s), so npm chose the version", why, hint.Text(err))}, nil
	}
	best, ok := Newest(doc, v)
	if !ok {
		return plan{}, fmt.Errorf("%s, and no published version supports node %s", why, v)
	}
	return plan{pkg: pkg, spec: pkg.Name + "@" + best, note: why + "; " + best + " is the newest that supports " + v.String()}, nil
}
