// Package install is nvmgo's install flow with one entry point, Run: spec,
// aliases, index, release, source (the dist mirror or the npm registry),
// a verified fill, staged into the home folder.
package install

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/download/dist"
	"github.com/nvmgo/nvmgo/download/platform"
	"github.com/nvmgo/nvmgo/download/signature"
	"github.com/nvmgo/nvmgo/internal/config"
	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/safe"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/internal/store/staging"
	"github.com/nvmgo/nvmgo/versions"
)

// Env is what the flow takes from outside a request: the environment read
// once, the HTTP client, the streams and the clock.
type Env struct {
	Config   config.Config
	Client   *download.Client
	Log      io.Writer // stderr: progress, warnings
	Progress bool      // draw progress bars on Log (a terminal)
	Now      func() time.Time
	// Host is this machine's platform (musl checked); Run asks it at most
	// once, and only when no variable or flag settles the target.
	Host func() platform.Platform
	// Keyring is the keys SHASUMS256.txt must be signed with; asked only
	// when something is downloaded or read from a file.
	Keyring func() (*signature.Keyring, error)
	// Fallback is the index used when neither the network nor the cache
	// has one (the embedded snapshot); nil for none.
	Fallback func() ([]byte, string, error)
}

// Request is one install: a spec from the dist mirror or the npm
// registry, or a file or folder (From).
type Request struct {
	Spec          versions.Spec // aliases not yet followed; unused with From
	Offline       bool          // the cached or embedded index, no download
	Arch          string        // --arch; "" for NVMGO_ARCH or this machine
	Format        string        // --format; "" for NVMGO_ARCHIVE_FORMAT
	Source        string        // --source; "" for NVMGO_SOURCE
	AllowUnsigned bool          // --allow-unsigned (or NVMGO_ALLOW_UNSIGNED)
	// Reinstall downloads an installed version again (reinstall.go);
	// Replaced, when set, is called after it succeeded with the old
	// folder, still on disk, and the new install.
	Reinstall bool
	Replaced  func(ctx context.Context, old string, to store.Installed)
	// From is install --from PATH (from.go): an archive, a release folder
	// or a mirror folder, with no network. Args are the command's
	// arguments then (a spec to check, or none), SHA256 the --sha256.
	From   string
	Args   []string
	SHA256 string
	// PinSpec is the spec when Args has none and a mirror folder needs one
	// (the project's pin); nil is a usage error.
	PinSpec func() (versions.Spec, error)
}

// Result is the release installed, or found installed.
type Result struct {
	Release versions.Release
	staging.Result
}

// UsageError is a request the user has to change (a bad flag or
// variable): the command exits 2.
type UsageError struct{ Err error }

func (e UsageError) Error() string { return e.Err.Error() }
func (e UsageError) Unwrap() error { return e.Err }

func usage(err error) error { return UsageError{err} }

// Run installs what req asks for. A version already on disk is answered
// from there with no download. In auto mode a dist mirror that cannot be
// reached (now, or remembered from less than a TTL ago) hands over to the
// npm registry with one line on Log; the npm source never asks the dist
// mirror, and Offline asks nobody. Installs are atomic: an error or Ctrl-C
// leaves nothing behind.
func Run(ctx context.Context, env Env, req Request) (Result, error) {
	switch {
	case req.From != "":
		return env.from(ctx, req)
	case req.SHA256 != "":
		return Result{}, usage(hint.New("--sha256 goes with --from ARCHIVE", "run: nvmgo install --from node-v20.18.1-linux-x64.tar.xz --sha256 HEX"))
	case req.Reinstall:
		return env.reinstall(ctx, req)
	}
	return env.installSpec(ctx, req)
}

// plan is what Run settles before any network round trip: the source, the
// target platform, the archive format, the home, the spec with its aliases
// followed.
type plan struct {
	source Source
	p      platform.Platform
	prefer platform.Prefer
	auto   bool // the format may switch to gz on a fast link
	h      store.Home
	spec   versions.Spec
}

// settle checks the flags and variables (source, then platform, then
// format, then the home) and follows aliases, once per install.
func (env Env) settle(req Request) (plan, error) {
	var pl plan
	var err error
	if pl.source, err = ParseSource(req.Source, env.Config.Source); err != nil {
		return pl, err
	}
	if pl.p, err = env.Platform(req.Arch); err != nil {
		return pl, err
	}
	if pl.prefer, pl.auto, err = ParseFormat(req.Format, env.Config.ArchiveFormat); err != nil {
		return pl, err
	}
	if pl.h, err = env.Config.Home(); err != nil {
		return pl, err
	}
	pl.spec, _, err = pl.h.ExpandAlias(req.Spec)
	return pl, err
}

func (env Env) installSpec(ctx context.Context, req Request) (Result, error) {
	pl, err := env.settle(req)
	if err != nil {
		return Result{}, err
	}
	return env.installPlanned(ctx, pl, req)
}

// installPlanned installs pl.spec: from the disk, the dist mirror or the
// npm registry (see Run).
func (env Env) installPlanned(ctx context.Context, pl plan, req Request) (Result, error) {
	// Checked before the answer from disk too: install writes shims next.
	if err := pl.h.Trusted(); err != nil {
		return Result{}, fmt.Errorf("install: %w", err)
	}
	if pl.spec.Kind == versions.SpecExact {
		if res, ok := installedResult(pl.h, pl.spec.Exact); ok {
			return Result{versions.Release{Version: pl.spec.Exact.String(), V: pl.spec.Exact, LTS: versions.LTS(res.Meta.LTS)}, res}, nil
		}
	}
	idx := env.IndexSource(req.Offline || pl.source == SourceNpm)
	idx.QuietDown = pl.source == SourceAuto
	rel, rels, info, err := ResolveRemote(ctx, idx, pl.spec)
	var nm *versions.NoMatchError
	if errors.As(err, &nm) && info.Down != "" {
		err = fmt.Errorf("%w; %s cannot be reached (%s), so the index used may be out of date", err, env.Config.Mirror, info.Down)
	}
	if err != nil {
		return Result{Release: rel}, err
	}
	if res, ok := installedResult(pl.h, rel.V); ok {
		return Result{rel, res}, nil
	}
	if req.Offline {
		return Result{Release: rel}, hint.With(fmt.Errorf("install %s: not installed, and --offline downloads nothing", rel.Version), "run it again without --offline")
	}
	down := info.Down
	if down == "" && pl.source == SourceAuto {
		down, _ = idx.Down()
	}
	if pl.source == SourceDist || (pl.source == SourceAuto && down == "") {
		res, err := env.fromDist(ctx, pl, req, rel)
		if err == nil || pl.source == SourceDist || !unreachable(err) {
			return Result{rel, res}, wrap(rel, err)
		}
		idx.RememberDown(err)
		down = download.ShortCause(err)
	}
	return env.fromNpm(ctx, pl, req, rel, rels, down)
}

// fromDist installs one release from the dist mirror.
func (env Env) fromDist(ctx context.Context, pl plan, req Request, rel versions.Release) (staging.Result, error) {
	art, err := platform.Select(pl.p, rel, pl.prefer)
	if err != nil {
		// Explain scans the index for the nearest releases that have a build.
		if rels, _, ierr := env.IndexSource(true).Load(ctx); ierr == nil {
			err = platform.Explain(err, rels)
		}
		return staging.Result{}, err
	}
	in, err := env.installer(pl.h, pl.p, req)
	if err != nil {
		return staging.Result{}, err
	}
	in.AutoFormat = pl.auto
	if in.AllowUnsigned {
		env.warnf("warning: --allow-unsigned: a mirror without signed checksums will be trusted for %s", rel.Version)
	}
	return in.Install(ctx, rel, art)
}

// installer is the dist installer for the target platform.
func (env Env) installer(h store.Home, p platform.Platform, req Request) (*dist.Installer, error) {
	kr, err := env.Keyring()
	if err != nil {
		return nil, err
	}
	if env.Now != nil {
		kr = kr.WithClock(env.Now) // key revocations and signature dates: the flow's clock
	}
	return &dist.Installer{
		Home: h, Client: env.Client, Mirror: env.Config.Mirror,
		UnofficialMirror: env.Config.UnofficialMirror, Keyring: kr,
		AllowUnsigned: req.AllowUnsigned || env.Config.AllowUnsigned,
		GOOS:          p.OS, Log: env.Log, Progress: env.Progress, Now: env.Now,
	}, nil
}

// installedResult is the install of v already on disk, if there is one:
// staging's own answer (the version rule, store.CheckVersion), for v's
// folder alone rather than a scan of every installed version.
func installedResult(h store.Home, v versions.Version) (staging.Result, bool) {
	return staging.Installed(h.VersionDir(v.String()))
}

func wrap(rel versions.Release, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("install %s: %w", rel.Version, err)
}

func (env Env) warnf(format string, args ...any) {
	fmt.Fprintf(env.Log, "nvmgo: %s\n", safe.Text(fmt.Sprintf(format, args...)))
}
