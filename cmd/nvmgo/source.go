package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/download/npmreg"
	"github.com/nvmgo/nvmgo/download/platform"
	"github.com/nvmgo/nvmgo/versions"
)

// Sources an install can come from.
const (
	sourceAuto = "auto" // the dist mirror; the npm registry when it cannot be reached
	sourceDist = "dist"
	sourceNpm  = "npm"
)

func (a *app) source(flag string) (string, error) {
	s := flag
	if s == "" {
		s = a.cfg().Source
	}
	switch s {
	case "":
		return sourceAuto, nil
	case sourceAuto, sourceDist, sourceNpm:
		return s, nil
	}
	return "", usageErr(fmt.Errorf("source %q: use auto, dist or npm", s))
}

// npmSource returns the registry source and the node-<os>-<arch> package
// for the target platform.
func (a *app) npmSource(p platform.Platform) (*npmreg.Source, string, error) {
	cfg, err := npmreg.LoadConfig(a.cfg().Getenv, a.cfg().NpmUserHome)
	if err != nil {
		return nil, "", err
	}
	pkg, err := npmreg.PackageFor(p)
	if err != nil {
		return nil, "", err
	}
	return &npmreg.Source{Client: a.httpClient(), Config: cfg, Log: a.stderr, Progress: a.stderrIsTerminal()}, pkg, nil
}

// resolveNpm picks the release for a spec among those the npm package
// publishes (an exact version is kept as is, so a missing one gets the
// package's own "not published" error with the nearest versions).
func (a *app) resolveNpm(ctx context.Context, src *npmreg.Source, pkg string, spec versions.Spec, rel versions.Release, rels []versions.Release) (versions.Release, error) {
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
