package install

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/download/dist"
	"github.com/nvmgo/nvmgo/download/mirror"
	"github.com/nvmgo/nvmgo/download/platform"
	"github.com/nvmgo/nvmgo/download/signature"
	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/versions"
)

// from installs from req.From, with no network: a folder in the mirror
// shape (index.json and vX.Y.Z/ folders, as mirror sync writes), one
// release folder (vX.Y.Z/ with SHASUMS256.txt), or one archive with its
// SHASUMS256.txt and signature beside it, or --sha256. The trust rules are
// those of a download: signature unless --allow-unsigned, sha256 always.
func (env Env) from(ctx context.Context, req Request) (Result, error) {
	path := req.From
	if strings.HasPrefix(path, "file://") {
		p, err := download.FilePath(path, runtime.GOOS)
		if err != nil {
			return Result{}, usage(fmt.Errorf("--from %w", err))
		}
		path = p
	}
	path, err := filepath.Abs(path)
	if err != nil {
		return Result{}, err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return Result{}, fmt.Errorf("--from %s: %w", req.From, err)
	}
	if !fi.IsDir() {
		return env.fromArchive(ctx, path, nil, req)
	}
	if isFile(filepath.Join(path, "index.json")) {
		return env.fromFolder(ctx, path, req)
	}
	if isFile(filepath.Join(path, "SHASUMS256.txt")) {
		return env.fromRelease(ctx, path, req)
	}
	return Result{}, hint.New(fmt.Sprintf("--from %s: neither a mirror folder (index.json) nor a release folder (SHASUMS256.txt)", req.From), "name the folder nvmgo mirror sync wrote, or an archive")
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

// fromFolder installs the spec from a mirror folder as from any mirror,
// through its file:// URL: the index is the folder's, read afresh, and the
// npm registry is never asked.
func (env Env) fromFolder(ctx context.Context, dir string, req Request) (Result, error) {
	env.Config = env.Config.WithMirror(download.FileURL(dir, runtime.GOOS))
	req.Source, req.From = string(SourceDist), ""
	var err error
	if len(req.Args) > 0 {
		if req.Spec, err = versions.ParseSpec(req.Args[0]); err != nil {
			return Result{}, usage(err)
		}
	} else if req.PinSpec == nil {
		return Result{}, usage(errors.New("no version given"))
	} else if req.Spec, err = req.PinSpec(); err != nil {
		return Result{}, err
	}
	return env.installSpec(ctx, req)
}

// dists are every build a dist release folder can hold; the files decide
// which is there.
var dists = []string{
	"linux-x64", "linux-arm64", "linux-armv7l", "linux-ppc64le", "linux-s390x", "linux-x64-musl",
	"osx-x64-tar", "osx-arm64-tar", "win-x64-zip", "win-arm64-zip", "win-x86-zip"}

// fromRelease installs the archive for the target platform from one
// release folder.
func (env Env) fromRelease(ctx context.Context, dir string, req Request) (Result, error) {
	v, err := versions.ParseVersion(filepath.Base(dir))
	if err != nil {
		return Result{}, fmt.Errorf("--from %s: a release folder is named after its version (v20.18.1)", dir)
	}
	p, err := env.Platform(req.Arch)
	if err != nil {
		return Result{}, err
	}
	prefer, _, err := ParseFormat(req.Format, env.Config.ArchiveFormat)
	if err != nil {
		return Result{}, err
	}
	art, err := platform.Select(p, versions.Release{Version: v.String(), V: v, Files: dists}, prefer)
	if err != nil {
		return Result{}, err
	}
	for _, name := range append([]string{art.FileName}, art.Alternatives...) {
		if isFile(filepath.Join(dir, name)) {
			return env.fromArchive(ctx, filepath.Join(dir, name), &p, req)
		}
	}
	return Result{}, hint.New(fmt.Sprintf("--from %s: no %s here for %s", dir, art.FileName, p.Tag()),
		fmt.Sprintf("sync that platform into the mirror (nvmgo mirror sync --platforms %s)", art.Tag))
}

// fromArchive installs one archive named as dist names them, for the
// target platform (settled from the request when target is nil).
func (env Env) fromArchive(ctx context.Context, path string, target *platform.Platform, req Request) (Result, error) {
	name := filepath.Base(path)
	v, tag, err := parseArchiveName(name)
	if err != nil {
		return Result{}, fmt.Errorf("--from %s: %w", path, err)
	}
	if target == nil {
		p, err := env.Platform(req.Arch)
		if err != nil {
			return Result{}, err
		}
		target = &p
	}
	p := *target
	if !runsOn(tag, p) {
		return Result{}, hint.New(fmt.Sprintf("--from %s: a %s build does not run on %s (%s)", name, tag, p, p.Tag()),
			fmt.Sprintf("use the %s archive, or --arch / NVMGO_OS to install for another platform", p.Tag()))
	}
	rel := env.offlineRelease(ctx, v, filepath.Join(filepath.Dir(filepath.Dir(path)), "index.json"))
	if len(req.Args) > 0 {
		spec, err := versions.ParseSpec(req.Args[0])
		if err != nil {
			return Result{Release: rel}, usage(err)
		}
		if _, err := versions.Select(spec, versions.Candidates([]versions.Release{rel}), "in --from "+name); err != nil {
			return Result{Release: rel}, err
		}
	}
	h, err := env.Config.Home()
	if err != nil {
		return Result{Release: rel}, err
	}
	in, err := env.installer(h, p, req)
	if err != nil {
		return Result{Release: rel}, err
	}
	trust, want, err := env.archiveTrust(ctx, path, req.SHA256, in.Keyring, in.AllowUnsigned)
	if err != nil {
		return Result{Release: rel}, err
	}
	res, err := in.InstallFile(ctx, rel, path, tag, want, trust)
	return Result{rel, res}, wrap(rel, err)
}

// archiveTrust is the sha256 the archive must have: --sha256, or its line
// in the signed SHASUMS256.txt beside it.
func (env Env) archiveTrust(ctx context.Context, path, sum string, kr *signature.Keyring, allowUnsigned bool) (dist.Trust, string, error) {
	name := filepath.Base(path)
	if sum != "" {
		sum = strings.ToLower(sum)
		if b, err := hex.DecodeString(sum); err != nil || len(b) != 32 {
			return dist.Trust{}, "", usage(fmt.Errorf("--sha256 %q: want 64 hex digits", sum))
		}
		return dist.Trust{Verified: "sha256 given with --sha256"}, sum, nil
	}
	base := download.FileURL(filepath.Dir(path), runtime.GOOS)
	trust, err := dist.Checksums(ctx, env.Client, base, kr, allowUnsigned, env.Log)
	switch {
	case download.NotFound(err):
		return trust, "", hint.New(fmt.Sprintf("no SHASUMS256.txt beside %s", name), "copy SHASUMS256.txt and SHASUMS256.txt.asc from its release folder next to it, or pass --sha256 HEX from a trusted source")
	case errors.Is(err, dist.ErrUnsigned):
		return trust, "", hint.With(err, "copy SHASUMS256.txt.asc next to it, pass --sha256 HEX from a trusted source, or trust it with --allow-unsigned")
	case errors.Is(err, signature.ErrBadSignature), errors.Is(err, signature.ErrUnknownKey), errors.Is(err, signature.ErrNoSignature):
		return trust, "", hint.With(err, "no Node.js release key signed these checksums: do not trust this archive")
	case err != nil:
		return trust, "", err
	}
	want, ok := trust.Sums.Lookup(name)
	if !ok {
		return trust, "", hint.New(fmt.Sprintf("the SHASUMS256.txt beside %s has no line for it", name), "the archive was renamed or belongs to another release")
	}
	return trust, want, nil
}

// parseArchiveName reads node-v20.18.1-linux-x64.tar.xz: the version and
// the platform tag.
func parseArchiveName(name string) (versions.Version, string, error) {
	stem := ""
	for _, ext := range []string{".tar.xz", ".tar.gz", ".zip"} {
		if s, ok := strings.CutSuffix(name, ext); ok {
			stem = s
		}
	}
	rest, ok := strings.CutPrefix(stem, "node-")
	tags := slices.Clone(mirror.Tags)
	slices.SortFunc(tags, func(a, b string) int { return len(b) - len(a) }) // linux-x64-musl before linux-x64
	for _, tag := range tags {
		if ver, found := strings.CutSuffix(rest, "-"+tag); ok && found {
			v, err := versions.ParseVersion(ver)
			if err == nil && v.String() == ver {
				return v, tag, nil
			}
		}
	}
	return versions.Version{}, "", errors.New("not an archive named as nodejs.org/dist names them (node-v20.18.1-linux-x64.tar.xz, node-v20.18.1-win-x64.zip)")
}

// runsOn reports whether the build tag runs on p: its own, or the one
// its OS emulates (darwin-x64 under Rosetta 2, win-x64 on Windows arm64).
func runsOn(tag string, p platform.Platform) bool {
	switch {
	case tag == p.Tag():
		return true
	case p.OS == "darwin" && p.Arch == "arm64":
		return tag == "darwin-x64"
	case p.OS == "windows" && p.Arch == "arm64":
		return tag == "win-x64"
	}
	return false
}

// offlineRelease is the index entry of v from the index beside a mirror
// folder, else the cached or embedded index, else a bare entry: installing
// from a file never touches the network.
func (env Env) offlineRelease(ctx context.Context, v versions.Version, indexPath string) versions.Release {
	if data, err := os.ReadFile(indexPath); err == nil {
		if rels, err := versions.ParseIndex(data); err == nil {
			if r, ok := findRelease(rels, v); ok {
				return r
			}
		}
	}
	if rels, _, err := env.IndexSource(true).Load(ctx); err == nil {
		if r, ok := findRelease(rels, v); ok {
			return r
		}
	}
	return versions.Release{Version: v.String(), V: v}
}

func findRelease(rels []versions.Release, v versions.Version) (versions.Release, bool) {
	for _, r := range rels {
		if r.V.Compare(v) == 0 {
			return r, true
		}
	}
	return versions.Release{}, false
}
