package install

import (
	"context"
	"errors"
	"fmt"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/download/npmreg"
	"github.com/nvmgo/nvmgo/download/platform"
	"github.com/nvmgo/nvmgo/internal/config"
	"github.com/nvmgo/nvmgo/versions"
)

// fromNpm installs rel, or for a range the newest release the registry
// publishes, from the npm registry. down is why the dist mirror was passed
// over ("" when the npm source was asked for).
func (env Env) fromNpm(ctx context.Context, pl plan, req Request, rel versions.Release, rels []versions.Release, down string) (Result, error) {
	src, pkg, err := env.npmSource(pl.p)
	if err != nil {
		return Result{Release: rel}, err
	}
	if pl.source == SourceAuto {
		env.warnf("%s cannot be reached (%s); installing from the npm registry %s",
			env.Config.Mirror, down, src.Config.Registry)
	}
	indexRel := rel
	if rel, err = resolveNpm(ctx, src, pkg, pl.spec, rel, rels); err != nil {
		return Result{Release: rel}, err
	}
	if rel.V.Compare(indexRel.V) < 0 {
		env.warnf("%s is not on the npm registry yet; installing %s, the newest there that matches %q",
			indexRel.Version, rel.Version, pl.spec.Raw)
		if res, ok := installedResult(pl.h, rel.V); ok {
			return Result{rel, res}, nil
		}
	}
	in, err := env.installer(pl.h, pl.p, req)
	if err != nil {
		return Result{Release: rel}, err
	}
	res, err := in.Stage(ctx, rel, src.Fill(rel, pl.p))
	return Result{rel, res}, wrap(rel, err)
}

// npmSource returns the registry source and the node-<os>-<arch> package
// for the target platform.
func (env Env) npmSource(p platform.Platform) (*npmreg.Source, string, error) {
	cfg, err := NpmConfig(env.Config)
	if err != nil {
		return nil, "", err
	}
	pkg, err := npmreg.PackageFor(p)
	if err != nil {
		return nil, "", err
	}
	return &npmreg.Source{Client: env.Client, Config: cfg, Log: env.Log, Progress: env.Progress}, pkg, nil
}

// NpmConfig is the user's npm registry settings as npm finds them
// (npm_config_registry, ~/.npmrc with HOME taken as npm takes it): one
// rule for node installs, package managers and global packages.
func NpmConfig(c config.Config) (npmreg.Config, error) {
	return npmreg.LoadConfig(c.Getenv, c.NpmUserHome)
}

// resolveNpm picks the release for a spec among those the npm package
// publishes (an exact version is kept as is, so a missing one gets the
// package's own "not published" error with the nearest versions).
func resolveNpm(ctx context.Context, src *npmreg.Source, pkg string, spec versions.Spec, rel versions.Release, rels []versions.Release) (versions.Release, error) {
	if spec.Kind == versions.SpecExact {
		return rel, nil
	}
	dists, err := src.Versions(ctx, pkg)
	if err != nil {
		return rel, err
	}
	pub := npmreg.Published(rels, dists)
	c, err := versions.Select(spec, versions.Candidates(pub), "among the releases published as "+pkg)
	if err != nil {
		return rel, err
	}
	for _, r := range pub {
		if r.V.Compare(c.Version) == 0 {
			return r, nil
		}
	}
	return rel, fmt.Errorf("internal: %s vanished", c.Version)
}

// unreachable is a dist mirror that could not be reached at all: no
// connection, DNS, a timeout. A 404, a 5xx answer or a bad checksum is an
// answer, and does not switch sources.
func unreachable(err error) bool {
	var he *download.HTTPError
	if err == nil || errors.As(err, &he) || errors.Is(err, context.Canceled) {
		return false
	}
	return download.Unreachable(err)
}
