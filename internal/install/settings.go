package install

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/nvmgo/nvmgo/download/index"
	"github.com/nvmgo/nvmgo/download/platform"
	"github.com/nvmgo/nvmgo/versions"
)

// Source is where an install comes from.
type Source string

// Sources an install can come from.
const (
	SourceAuto Source = "auto" // the dist mirror; the npm registry when it cannot be reached
	SourceDist Source = "dist"
	SourceNpm  Source = "npm"
)

// ParseSource reads --source, else NVMGO_SOURCE (env); unset is auto.
func ParseSource(flag, env string) (Source, error) {
	s := flag
	if s == "" {
		s = env
	}
	switch Source(s) {
	case "":
		return SourceAuto, nil
	case SourceAuto, SourceDist, SourceNpm:
		return Source(s), nil
	}
	return "", usage(fmt.Errorf("source %q: use auto, dist or npm", s))
}

// ParseFormat reads --format, else NVMGO_ARCHIVE_FORMAT (env): xz, gz, or
// auto (the default: xz, switched to gz when the link is fast).
func ParseFormat(flag, env string) (prefer platform.Prefer, auto bool, err error) {
	format := flag
	if format == "" {
		format = env
	}
	switch format {
	case "", "auto":
		return platform.PreferXZ, true, nil
	case "xz":
		return platform.PreferXZ, false, nil
	case "gz":
		return platform.PreferGZ, false, nil
	}
	return platform.PreferXZ, false, usage(fmt.Errorf("--format %q: use auto, xz or gz", format))
}

// Platform is the target platform: this machine (Env.Host), with
// NVMGO_OS, --arch (else NVMGO_ARCH) and NVMGO_LIBC applied.
func (env Env) Platform(arch string) (platform.Platform, error) {
	p := env.Host()
	c := env.Config
	// NVMGO_OS installs another OS's build (tests of the darwin and win
	// archives on a linux host, or preparing a folder for another machine).
	if v := c.OS; v != "" {
		switch v {
		case "linux", "darwin", "windows":
			p.OS, p.Libc = v, ""
		default:
			return p, usage(fmt.Errorf("NVMGO_OS=%q: use linux, darwin or windows", v))
		}
	}
	if arch == "" {
		arch = c.Arch
	}
	if arch != "" {
		ga, err := platform.ParseArch(arch)
		if err != nil {
			return p, usage(err)
		}
		p.Arch = ga
	}
	if v := c.Libc; v == "musl" || v == "glibc" {
		p.Libc = strings.TrimPrefix(v, "glibc")
	}
	return p, nil
}

// IndexSource is the release index with the cache rules of the config;
// offline, the cached or embedded index only.
func (env Env) IndexSource(offline bool) *index.IndexSource {
	c := env.Config
	if c.IndexTTLWarning != "" {
		env.warnf("%s", c.IndexTTLWarning)
	}
	return &index.IndexSource{
		Client:   env.Client,
		Mirror:   c.Mirror,
		IndexURL: c.IndexURL,
		CacheDir: c.CacheDir(),
		TTL:      c.IndexTTL,
		Offline:  offline,
		Now:      env.Now,
		Warn:     env.Log,
		Fallback: env.Fallback,
	}
}

// ResolveRemote resolves a spec, its aliases already followed, against the
// release index, which it also returns with what it said about where the
// index came from.
func ResolveRemote(ctx context.Context, idx *index.IndexSource, spec versions.Spec) (versions.Release, []versions.Release, index.IndexInfo, error) {
	if spec.Kind == versions.SpecSystem {
		return versions.Release{}, nil, index.IndexInfo{}, usage(errors.New(`"system" is the node outside nvmgo; it cannot be installed`))
	}
	rels, info, err := idx.Load(ctx)
	if err != nil {
		return versions.Release{}, nil, info, err
	}
	c, err := versions.Select(spec, versions.Candidates(rels), "in the release index")
	if err != nil {
		return versions.Release{}, rels, info, err
	}
	for _, r := range rels {
		if r.V.Compare(c.Version) == 0 {
			return r, rels, info, nil
		}
	}
	return versions.Release{}, rels, info, fmt.Errorf("internal: %s vanished from the index", c.Version)
}
