package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/download/platform"
	"github.com/nvmgo/nvmgo/internal/home"
	"github.com/nvmgo/nvmgo/versions"
)

type installOptions struct {
	offline       bool
	verify        bool
	arch          string
	allowUnsigned bool
	format        string
	source        string
	json          bool
}

func newInstallCmd(a *app) *cobra.Command {
	var o installOptions
	c := &cobra.Command{
		Use:   "install [SPEC]",
		Short: "Download, verify and install a Node.js release",
		Long: `Install the newest release matching SPEC (20, lts, lts/iron, ^18.2, 20.11.0 ...).
With no SPEC, the nearest .node-version, .nvmrc or package.json decides.`,
		Args:              argsUsage(cobra.MaximumNArgs(1)),
		ValidArgsFunction: completeRemote(a),
		RunE: func(c *cobra.Command, args []string) error {
			ctx, cancel := interruptible()
			defer cancel()
			return installRun(ctx, a, o, args)
		},
	}
	f := c.Flags()
	f.BoolVar(&o.offline, "offline", false, "use the cached or embedded release index only")
	f.BoolVar(&o.verify, "verify", false, "run the hello-server check after installing")
	f.StringVar(&o.arch, "arch", "", "install for this architecture (x64, arm64, armv7l, x86, ppc64le, s390x)")
	f.BoolVar(&o.allowUnsigned, "allow-unsigned", false, "accept a mirror whose SHASUMS256.txt is not signed (sha256 is still checked)")
	f.StringVar(&o.format, "format", "", "archive format: auto (xz; gz on a fast link), xz or gz (or NVMGO_ARCHIVE_FORMAT)")
	f.StringVar(&o.source, "source", "", "where releases come from: auto (default), dist or npm (or NVMGO_SOURCE)")
	f.BoolVar(&o.json, "json", false, "print the result as JSON")
	return c
}

func installRun(ctx context.Context, a *app, o installOptions, args []string) error {
	spec, raw, err := a.specFromArgs(args)
	if err != nil {
		return err
	}
	rel, res, err := a.installSpec(ctx, spec, o)
	if err != nil {
		return err
	}
	if o.json {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
			home.Meta
			Dir     string `json:"dir"`
			Already bool   `json:"already_installed"`
		}{res.Meta, res.Dir, res.Already}); err != nil {
			return err
		}
	} else if res.Already {
		fmt.Fprintf(a.stdout, "%s is already installed (%s)\n", rel.Version, res.Dir)
	} else {
		fmt.Fprintf(a.stdout, "installed %s%s in %s (%s)\n", rel.Version, ltsSuffix(string(rel.LTS)), res.Dir, res.Meta.Verified)
	}
	a.notice(ctx, rel.Version)
	if err := a.reshim(); err != nil {
		return err
	}
	if err := a.setDefaultIfNone(rel.Version, raw); err != nil {
		return err
	}
	if o.verify {
		return verifyRun(ctx, a, verifyOptions{}, []string{rel.Version})
	}
	return nil
}

// installSpec resolves a spec and installs it from the chosen source; in
// auto mode a dist mirror that cannot be reached at all hands over to the
// npm registry, with one line on stderr.
func (a *app) installSpec(ctx context.Context, spec versions.Spec, o installOptions) (versions.Release, download.Result, error) {
	source, err := a.source(o.source)
	if err != nil {
		return versions.Release{}, download.Result{}, err
	}
	// Flags and NVMGO_OS are checked before any network round trip.
	if _, err := a.platform(o.arch); err != nil {
		return versions.Release{}, download.Result{}, err
	}
	if _, _, err := a.archivePreference(o.format); err != nil {
		return versions.Release{}, download.Result{}, err
	}
	h, err := a.home()
	if err != nil {
		return versions.Release{}, download.Result{}, err
	}
	if spec, _, err = h.ExpandAlias(spec); err != nil {
		return versions.Release{}, download.Result{}, err
	}
	rel, rels, err := a.resolveRemote(ctx, spec, o.offline)
	if err != nil {
		return rel, download.Result{}, err
	}
	if source != sourceNpm {
		res, err := a.install(ctx, rel, o)
		if err == nil || source == sourceDist || !unreachable(err) {
			return rel, res, wrapInstall(rel, err)
		}
		first, _, _ := strings.Cut(err.Error(), "\n")
		a.warnf("%s cannot be reached (%s); installing from the npm registry", download.Mirror(a.getenv), first)
	}
	p, err := a.platform(o.arch)
	if err != nil {
		return rel, download.Result{}, err
	}
	src, pkg, err := a.npmSource(p)
	if err != nil {
		return rel, download.Result{}, err
	}
	if rel, err = a.resolveNpm(ctx, src, pkg, spec, rel, rels); err != nil {
		return rel, download.Result{}, err
	}
	in, err := a.installer(p, o)
	if err != nil {
		return rel, download.Result{}, err
	}
	res, err := in.Stage(ctx, rel, src.Fill(rel, p))
	return rel, res, wrapInstall(rel, err)
}

func wrapInstall(rel versions.Release, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("install %s: %w", rel.Version, err)
}

// installer is the installer for the target platform.
func (a *app) installer(p platform.Platform, o installOptions) (*download.Installer, error) {
	h, err := a.home()
	if err != nil {
		return nil, err
	}
	kr, err := a.keyring()
	if err != nil {
		return nil, err
	}
	return &download.Installer{
		Home: h, Client: a.httpClient(), Mirror: download.Mirror(a.getenv),
		UnofficialMirror: platform.UnofficialMirror(a.getenv), Keyring: kr,
		AllowUnsigned: o.allowUnsigned || truthy(a.getenv("NVMGO_ALLOW_UNSIGNED")),
		GOOS:          p.OS, Log: a.stderr, Progress: a.stderrIsTerminal(), Now: a.now,
	}, nil
}

// install installs one release from the dist mirror for the target platform.
func (a *app) install(ctx context.Context, rel versions.Release, o installOptions) (download.Result, error) {
	p, err := a.platform(o.arch)
	if err != nil {
		return download.Result{}, err
	}
	prefer, auto, err := a.archivePreference(o.format)
	if err != nil {
		return download.Result{}, err
	}
	art, err := platform.Select(p, rel, prefer)
	if err != nil {
		// Explain scans the index for the nearest releases that have a build.
		if rels, _, ierr := a.loadIndex(ctx, true); ierr == nil {
			err = platform.Explain(err, rels)
		}
		return download.Result{}, err
	}
	in, err := a.installer(p, o)
	if err != nil {
		return download.Result{}, err
	}
	in.AutoFormat = auto
	if in.AllowUnsigned {
		a.warnf("warning: --allow-unsigned: a mirror without signed checksums will be trusted for %s", rel.Version)
	}
	return in.Install(ctx, rel, art)
}

func truthy(v string) bool {
	return v == "1" || v == "true" || v == "yes"
}

func ltsSuffix(lts string) string {
	if lts == "" {
		return ""
	}
	return " (" + lts + ")"
}

// setDefaultIfNone makes the first install the default, like nvm does, so
// `node` works right after the first `nvmgo install`.
func (a *app) setDefaultIfNone(ver, _ string) error {
	h, err := a.home()
	if err != nil {
		return err
	}
	if _, ok, err := h.ReadAlias(home.DefaultAlias); err != nil || ok {
		return err
	}
	if err := h.WriteAlias(home.DefaultAlias, ver); err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "nvmgo: default set to %s (change it with: nvmgo default SPEC)\n", ver)
	return nil
}

// archivePreference reads --format (or NVMGO_ARCHIVE_FORMAT): xz, gz, or
// auto (the default: xz, switched to gz when the link is fast).
func (a *app) archivePreference(format string) (platform.Prefer, bool, error) {
	if format == "" {
		format = a.getenv("NVMGO_ARCHIVE_FORMAT")
	}
	switch format {
	case "", "auto":
		return platform.PreferXZ, true, nil
	case "xz":
		return platform.PreferXZ, false, nil
	case "gz":
		return platform.PreferGZ, false, nil
	}
	return platform.PreferXZ, false, usageErr(fmt.Errorf("--format %q: use auto, xz or gz", format))
}
