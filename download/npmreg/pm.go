package npmreg

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/nvmgo/nvmgo/download/platform"
	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/internal/store/staging"
	"github.com/nvmgo/nvmgo/versions"
)

// yarnBerry is the package that carries yarn 2 and later as one bundled
// bin/yarn.js; the yarn package itself stops at 1.x.
const yarnBerry = "@yarnpkg/cli-dist"

// PMVerified is what a package manager install's metadata says was checked.
const PMVerified = "npm registry integrity (sha512)"

// PMPackage is the npm package that carries package manager name at v.
func PMPackage(name string, v versions.Version) string {
	if name == "yarn" && v.Major >= 2 {
		return yarnBerry
	}
	return name
}

// PMBin is where the entry scripts of package manager name at v sit inside
// its package: the files corepack runs (its config.json), so a version
// runs the same way through nvmgo as through corepack.
func PMBin(name string, v versions.Version) map[string]string {
	switch name {
	case "npm":
		return map[string]string{"npm": "bin/npm-cli.js", "npx": "bin/npx-cli.js"}
	case "yarn":
		return map[string]string{"yarn": "bin/yarn.js", "yarnpkg": "bin/yarn.js"}
	}
	ext := ".mjs" // pnpm 11 and later (a launcher of the native binary)
	switch {
	case v.Major < 6:
		ext = ".js"
	case v.Major < 11:
		ext = ".cjs"
	}
	return map[string]string{"pnpm": "bin/pnpm" + ext, "pnpx": "bin/pnpx" + ext}
}

// PMSource installs package managers from the npm registry of a Source.
type PMSource struct {
	*Source
	// Target is the platform whose native pnpm binary is installed with
	// pnpm 12 and later (the zero value installs none).
	Target platform.Platform

	mu    sync.Mutex
	cache map[string]*pmPackument
	keys  []RegistryKey
}

// pmDist is dist of one version, with the registry's signatures.
type pmDist struct {
	Dist
	Signatures []Signature `json:"signatures"`
}

// Signature is one entry of dist.signatures.
type Signature struct {
	KeyID string `json:"keyid"`
	Sig   string `json:"sig"`
}

type pmPackument struct {
	Name     string            `json:"name"`
	DistTags map[string]string `json:"dist-tags"`
	// Time maps a version to when it was published: in the full
	// packument, and in the abbreviated one on some registries.
	Time     map[string]string `json:"time"`
	Versions map[string]struct {
		Dist                 pmDist            `json:"dist"`
		OptionalDependencies map[string]string `json:"optionalDependencies"`
	} `json:"versions"`
}

func (d *pmPackument) packageName() string { return d.Name }

func (s *PMSource) packument(ctx context.Context, pkg string) (*pmPackument, error) {
	s.mu.Lock()
	if d, ok := s.cache[pkg]; ok {
		s.mu.Unlock()
		return d, nil
	}
	s.mu.Unlock()
	var doc pmPackument
	if err := s.fetchPackument(ctx, pkg, &doc); err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.cache == nil {
		s.cache = map[string]*pmPackument{}
	}
	s.cache[pkg] = &doc
	s.mu.Unlock()
	return &doc, nil
}

// ResolvePM turns spec (an exact version, an npm range, or a dist-tag such
// as latest) into a published version of package manager name. For yarn
// both packages count: yarn for 1.x and @yarnpkg/cli-dist for 2 and later,
// and "latest" is the newer of their latest tags.
func (s *PMSource) ResolvePM(ctx context.Context, name, spec string) (string, error) {
	if !versions.IsPackageManager(name) {
		return "", fmt.Errorf("unknown package manager %q (nvmgo installs pnpm, yarn and npm)", name)
	}
	if spec == "" {
		spec = "latest"
	}
	pkgs := []string{name}
	if name == "yarn" {
		pkgs = []string{"yarn", yarnBerry}
		if v, err := versions.ParseVersion(spec); err == nil && !strings.ContainsAny(spec, "<>=^~*xX |") && strings.Count(spec, ".") == 2 {
			pkgs = []string{PMPackage(name, v)}
		}
	}
	var all []versions.Version
	var tagged []versions.Version
	for _, pkg := range pkgs {
		doc, err := s.packument(ctx, pkg)
		if err != nil {
			return "", err
		}
		if t, ok := doc.DistTags[spec]; ok {
			if v, err := versions.ParseVersion(t); err == nil {
				tagged = append(tagged, v)
			}
		}
		for k := range doc.Versions {
			if v, err := versions.ParseVersion(k); err == nil && "v"+k == v.String() {
				all = append(all, v)
			}
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Compare(all[j]) > 0 })
	if len(tagged) > 0 {
		sort.Slice(tagged, func(i, j int) bool { return tagged[i].Compare(tagged[j]) > 0 })
		return plainV(tagged[0]), nil
	}
	r, err := versions.ParseRange(spec)
	if err != nil {
		return "", fmt.Errorf("%s@%s: not a version, range or dist-tag of %s: %w", name, spec, strings.Join(pkgs, " or "), err)
	}
	for _, v := range all {
		if r.Contains(v) {
			return plainV(v), nil
		}
	}
	near := "none published"
	if len(all) > 0 {
		near = "newest: " + plainV(all[0])
	}
	return "", fmt.Errorf("no published %s matches %s on %s (%s)", name, spec, s.Config.Registry, near)
}

func plainV(v versions.Version) string { return strings.TrimPrefix(v.String(), "v") }

// FillPM returns the fill that installs name@version into dest. The
// tarball's bytes are checked against the registry's sha512 integrity, and
// against want (a packageManager "+algo.hex") over exactly what corepack
// hashes: the whole tarball, or for yarn 2 and later its bin/yarn.js. A
// mismatch fails before anything reaches dest.
func (s *PMSource) FillPM(name, version string, want versions.PMHash) staging.PMFill {
	return func(ctx context.Context, dest, staging string) (store.PMMeta, error) {
		v, err := versions.ParseVersion(version)
		if err != nil {
			return store.PMMeta{}, err
		}
		pkg := PMPackage(name, v)
		doc, err := s.packument(ctx, pkg)
		if err != nil {
			return store.PMMeta{}, err
		}
		m, ok := doc.Versions[version]
		if !ok {
			dists := make(map[string]Dist, len(doc.Versions))
			for k, d := range doc.Versions {
				dists[k] = d.Dist.Dist
			}
			return store.PMMeta{}, s.notPublished(pkg, version, dists)
		}
		if err := checkDist(pkg, version, m.Dist.Dist); err != nil {
			return store.PMMeta{}, err
		}
		verified := pmVerifiedText(want)
		keyID, err := s.checkSignatures(ctx, doc, pkg, version, m.Dist)
		if err != nil {
			return store.PMMeta{}, err
		}
		if keyID != "" {
			verified += ", registry signature " + keyID
		}
		tmp := filepath.Join(staging, "unpacked")
		sums, err := s.fetchPM(ctx, pkg, version, m.Dist.Dist, tmp)
		if err != nil {
			return store.PMMeta{}, err
		}
		bin := PMBin(name, v)
		if pkg == yarnBerry {
			// corepack hashes the single bin/yarn.js, not the tarball.
			if sums, err = hashFile(filepath.Join(tmp, "bin", "yarn.js")); err != nil {
				return store.PMMeta{}, fmt.Errorf("%s@%s has no bin/yarn.js: %w; nothing was installed", pkg, version, err)
			}
		}
		if want.Algo != "" && sums[want.Algo] != want.Hex {
			return store.PMMeta{}, hint.With(fmt.Errorf("hash mismatch: packageManager wants %s, got %s.%s; nothing was installed", want, want.Algo, sums[want.Algo]),
				"the pinned hash belongs to another build; check packageManager in package.json")
		}
		if err := moveAll(tmp, dest); err != nil {
			return store.PMMeta{}, err
		}
		native := ""
		if name == "pnpm" {
			if native, err = s.fillPnpmNative(ctx, version, pnpmExes(m.OptionalDependencies), dest, staging); err != nil {
				return store.PMMeta{}, err
			}
		}
		return store.PMMeta{Package: pkg, URL: m.Dist.Tarball, Integrity: m.Dist.Integrity,
			Hash: "sha512." + sums["sha512"], Hashes: sums, Bin: bin, Native: native, Verified: verified}, nil
	}
}

// pnpmExes keeps the @pnpm/exe.* entries of optionalDependencies.
func pnpmExes(deps map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range deps {
		if strings.HasPrefix(k, "@pnpm/exe.") {
			out[k] = v
		}
	}
	return out
}

func pmVerifiedText(want versions.PMHash) string {
	if want.Algo == "" {
		return PMVerified
	}
	return PMVerified + " and packageManager " + want.Algo
}

// moveAll renames every entry of src into dest.
func moveAll(src, dest string) error {
	return moveTop(src, dest, func(string, bool) bool { return true })
}
