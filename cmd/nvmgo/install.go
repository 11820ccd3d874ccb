package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/download/dist"
	"github.com/nvmgo/nvmgo/download/platform"
	"github.com/nvmgo/nvmgo/internal/safe"
	"github.com/nvmgo/nvmgo/internal/store"
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
	from          string // install --from PATH (installfrom.go)
	sha256        string
	// global packages (globals.go)
	reinstallFrom       string
	latestNpm           bool
	skipDefaultPackages bool
	reinstall           bool // reinstall.go
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
			return installRun(c.Context(), a, o, args)
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
	f.StringVar(&o.from, "from", "", "install from a local archive, release folder or mirror folder (see mirror sync); no network")
	f.StringVar(&o.sha256, "sha256", "", "with --from ARCHIVE: its sha256, from a trusted source, instead of the signed SHASUMS256.txt beside it")
	f.StringVar(&o.reinstallFrom, "reinstall-packages-from", "", "then install the global packages of this installed version (any spec)")
	f.BoolVar(&o.latestNpm, "latest-npm", false, "then upgrade npm to the newest release that supports this node")
	f.BoolVar(&o.skipDefaultPackages, "skip-default-packages", false, "do not install the packages listed in default-packages")
	f.BoolVar(&o.reinstall, "reinstall", false, "download and verify again even if installed (replaces an imported version)")
	_ = c.RegisterFlagCompletionFunc("reinstall-packages-from", completeInstalled(a))
	return c
}

func installRun(ctx context.Context, a *app, o installOptions, args []string) error {
	var rel versions.Release
	var res store.Result
	var raw string
	var err error
	if err := a.checkReinstallFrom(o); err != nil {
		return err
	}
	switch {
	case o.from != "":
		raw = "--from " + o.from
		rel, res, err = a.installFrom(ctx, args, o)
	case o.sha256 != "":
		err = usageErr(errors.New("--sha256 goes with --from ARCHIVE\nhint: run: nvmgo install --from node-v20.18.1-linux-x64.tar.xz --sha256 HEX"))
	default:
		var spec versions.Spec
		if spec, raw, err = a.specFromArgs(args); err == nil {
			rel, res, err = a.reinstallSpec(ctx, spec, o)
		}
	}
	if err != nil {
		return cancelledInstall(raw, err)
	}
	if o.json {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
			store.Meta
			Dir     string `json:"dir"`
			Already bool   `json:"already_installed"`
		}{res.Meta, res.Dir, res.Already}); err != nil {
			return err
		}
	} else if res.Already {
		fmt.Fprintf(a.stdout, "%s is already installed (%s)\n", safe.Text(rel.Version), safe.Text(res.Dir))
	} else {
		fmt.Fprintf(a.stdout, "installed %s%s in %s (%s)\n", safe.Text(rel.Version), safe.Text(ltsSuffix(string(rel.LTS))), safe.Text(res.Dir), res.Meta.Verified)
	}
	a.notice(ctx, rel.Version)
	if err := a.reshim(); err != nil {
		return err
	}
	if err := a.setDefaultIfNone(rel.Version, raw); err != nil {
		return err
	}
	if err := a.afterInstall(ctx, store.Installed{Version: rel.V, Dir: res.Dir}, !res.Already, o); err != nil {
		return err
	}
	if o.verify {
		return verifyRun(ctx, a, verifyOptions{spec: optionalArg{rel.Version, true}})
	}
	return nil
}

// installSpec resolves a spec and installs it from the chosen source. A
// version already on disk is answered from there with no download. In auto
// mode a dist mirror that cannot be reached (now, or remembered from less
// than a TTL ago) hands over to the npm registry with one line on stderr;
// the npm source never asks the dist mirror, and --offline asks nobody.
func (a *app) installSpec(ctx context.Context, spec versions.Spec, o installOptions) (versions.Release, store.Result, error) {
	pl, err := a.installPlan(spec, o)
	if err != nil {
		return versions.Release{}, store.Result{}, err
	}
	// Checked before the answer from disk too: install writes shims next.
	if err := pl.h.Trusted(); err != nil {
		return versions.Release{}, store.Result{}, fmt.Errorf("install: %w", err)
	}
	if pl.spec.Kind == versions.SpecExact {
		if res, ok := installedResult(pl.h, pl.spec.Exact); ok {
			return versions.Release{Version: pl.spec.Exact.String(), V: pl.spec.Exact, LTS: versions.LTS(res.Meta.LTS)}, res, nil
		}
	}
	idx := a.indexSource(o.offline || pl.source == sourceNpm)
	idx.QuietDown = pl.source == sourceAuto
	rel, rels, info, err := a.resolveRemoteFrom(ctx, idx, pl.spec)
	var nm *versions.NoMatchError
	if errors.As(err, &nm) && info.Down != "" {
		err = fmt.Errorf("%w; %s cannot be reached (%s), so the index used may be out of date", err, download.Mirror(a.getenv), info.Down)
	}
	if err != nil {
		return rel, store.Result{}, err
	}
	if res, ok := installedResult(pl.h, rel.V); ok {
		return rel, res, nil
	}
	if o.offline {
		return rel, store.Result{}, fmt.Errorf("install %s: not installed, and --offline downloads nothing\nhint: run it again without --offline", rel.Version)
	}
	down := info.Down
	if down == "" && pl.source == sourceAuto {
		down, _ = idx.Down()
	}
	if pl.source == sourceDist || (pl.source == sourceAuto && down == "") {
		res, err := a.install(ctx, rel, o)
		if err == nil || pl.source == sourceDist || !unreachable(err) {
			return rel, res, wrapInstall(rel, err)
		}
		idx.RememberDown(err)
		down = download.ShortCause(err)
	}
	return a.installFromNpm(ctx, pl, o, rel, rels, down)
}

// plan is what installSpec decided before any network round trip.
type plan struct {
	source string
	p      platform.Platform
	h      store.Home
	spec   versions.Spec // aliases followed
}

// installPlan checks the flags, NVMGO_OS and the home, and follows aliases.
func (a *app) installPlan(spec versions.Spec, o installOptions) (plan, error) {
	var pl plan
	var err error
	if pl.source, err = a.source(o.source); err != nil {
		return pl, err
	}
	if pl.p, err = a.platform(o.arch); err != nil {
		return pl, err
	}
	if _, _, err := a.archivePreference(o.format); err != nil {
		return pl, err
	}
	if pl.h, err = a.home(); err != nil {
		return pl, err
	}
	pl.spec, _, err = pl.h.ExpandAlias(spec)
	return pl, err
}

// installFromNpm installs rel, or for a range the newest release the
// registry publishes, from the npm registry. down is why the dist mirror
// was passed over ("" when the npm source was asked for).
func (a *app) installFromNpm(ctx context.Context, pl plan, o installOptions, rel versions.Release, rels []versions.Release, down string) (versions.Release, store.Result, error) {
	src, pkg, err := a.npmSource(pl.p)
	if err != nil {
		return rel, store.Result{}, err
	}
	if pl.source == sourceAuto {
		a.warnf("%s cannot be reached (%s); installing from the npm registry %s",
			download.Mirror(a.getenv), down, src.Config.Registry)
	}
	indexRel := rel
	if rel, err = a.resolveNpm(ctx, src, pkg, pl.spec, rel, rels); err != nil {
		return rel, store.Result{}, err
	}
	if rel.V.Compare(indexRel.V) < 0 {
		a.warnf("%s is not on the npm registry yet; installing %s, the newest there that matches %q",
			indexRel.Version, rel.Version, pl.spec.Raw)
		if res, ok := installedResult(pl.h, rel.V); ok {
			return rel, res, nil
		}
	}
	in, err := a.installer(pl.p, o)
	if err != nil {
		return rel, store.Result{}, err
	}
	res, err := in.Stage(ctx, rel, src.Fill(rel, pl.p))
	return rel, res, wrapInstall(rel, err)
}

// installedResult is the install of v already on disk, if there is one (the
// same rule as ls: a complete version folder).
func installedResult(h store.Home, v versions.Version) (store.Result, bool) {
	list, err := h.List()
	if err != nil {
		return store.Result{}, false
	}
	for _, in := range list {
		if in.Version.Compare(v) == 0 {
			m, err := store.ReadMeta(in.Dir)
			if err != nil {
				return store.Result{}, false
			}
			return store.Result{Dir: in.Dir, Already: true, Meta: m}, true
		}
	}
	return store.Result{}, false
}

// cancelledError is an interrupted command: it says what was left behind
// instead of Go's "context canceled", and still exits 130.
type cancelledError struct{ msg string }

func (e cancelledError) Error() string { return e.msg }
func (e cancelledError) Unwrap() error { return context.Canceled }

// cancelledInstall turns an install stopped by Ctrl-C into one plain line;
// installs are atomic, so nothing of it is left.
func cancelledInstall(raw string, err error) error {
	if !errors.Is(err, context.Canceled) {
		return err
	}
	return cancelledError{fmt.Sprintf("install %s: cancelled; nothing was installed", safe.Text(raw))}
}

func wrapInstall(rel versions.Release, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("install %s: %w", rel.Version, err)
}

// installer is the installer for the target platform.
func (a *app) installer(p platform.Platform, o installOptions) (*dist.Installer, error) {
	h, err := a.home()
	if err != nil {
		return nil, err
	}
	kr, err := a.keyring()
	if err != nil {
		return nil, err
	}
	return &dist.Installer{
		Home: h, Client: a.httpClient(), Mirror: download.Mirror(a.getenv),
		UnofficialMirror: download.UnofficialMirror(a.getenv), Keyring: kr,
		AllowUnsigned: o.allowUnsigned || truthy(a.getenv("NVMGO_ALLOW_UNSIGNED")),
		GOOS:          p.OS, Log: a.stderr, Progress: a.stderrIsTerminal(), Now: a.now,
	}, nil
}

// install installs one release from the dist mirror for the target platform.
func (a *app) install(ctx context.Context, rel versions.Release, o installOptions) (store.Result, error) {
	p, err := a.platform(o.arch)
	if err != nil {
		return store.Result{}, err
	}
	prefer, auto, err := a.archivePreference(o.format)
	if err != nil {
		return store.Result{}, err
	}
	art, err := platform.Select(p, rel, prefer)
	if err != nil {
		// Explain scans the index for the nearest releases that have a build.
		if rels, _, ierr := a.loadIndex(ctx, true); ierr == nil {
			err = platform.Explain(err, rels)
		}
		return store.Result{}, err
	}
	in, err := a.installer(p, o)
	if err != nil {
		return store.Result{}, err
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
	if _, ok, err := h.ReadAlias(store.DefaultAlias); err != nil || ok {
		return err
	}
	if err := h.WriteAlias(store.DefaultAlias, ver); err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "nvmgo: default set to %s (change it with: nvmgo default SPEC)\n", safe.Text(ver))
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

// reinstallSpec installs spec; with --reinstall it first sets the installed
// folder aside (reinstall.go) and puts it back when the install fails.
func (a *app) reinstallSpec(ctx context.Context, spec versions.Spec, o installOptions) (versions.Release, store.Result, error) {
	if !o.reinstall {
		return a.installSpec(ctx, spec, o)
	}
	finish, err := a.reinstallAside(ctx, spec, o)
	if err != nil {
		return versions.Release{}, store.Result{}, err
	}
	rel, res, err := a.installSpec(ctx, spec, o)
	finish(err == nil)
	return rel, res, err
}
