package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/internal/install"
	"github.com/nvmgo/nvmgo/internal/safe"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/internal/store/staging"
	"github.com/nvmgo/nvmgo/versions"
)

type installOptions struct {
	spec          optionalArg // none: the project's pin
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
			o.spec = optional(args)
			return installRun(c.Context(), a, o)
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

func installRun(ctx context.Context, a *app, o installOptions) error {
	args := o.spec.args()
	if err := a.checkReinstallFrom(ctx, o); err != nil {
		return err
	}
	req := o.request()
	req.Args, req.Replaced = args, a.carryGlobals
	req.PinSpec = func() (versions.Spec, error) { // install --from MIRROR-FOLDER with no SPEC
		spec, _, err := a.specFromArgs(nil)
		return spec, err
	}
	var res install.Result
	var raw string
	var err error
	switch {
	case o.from != "":
		raw = "--from " + o.from
	case o.sha256 == "": // else Run says --sha256 goes with --from
		req.Spec, raw, err = a.specFromArgs(args)
	}
	if err == nil {
		res, err = install.Run(ctx, a.installEnv(), req)
	}
	if err != nil {
		return cancelledInstall(raw, err)
	}
	rel := res.Release
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

// request is the install the flags ask for.
func (o installOptions) request() install.Request {
	return install.Request{
		Offline: o.offline, Arch: o.arch, Format: o.format, Source: o.source,
		AllowUnsigned: o.allowUnsigned, Reinstall: o.reinstall,
		From: o.from, SHA256: o.sha256,
	}
}

// installSpec installs spec with the flags of o (use --install and
// upgrade install through it).
func (a *app) installSpec(ctx context.Context, spec versions.Spec, o installOptions) (versions.Release, staging.Result, error) {
	req := o.request()
	req.Spec = spec
	res, err := install.Run(ctx, a.installEnv(), req)
	return res.Release, res.Result, err
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
