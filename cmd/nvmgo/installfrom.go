package main

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
	"github.com/nvmgo/nvmgo/download/mirror"
	"github.com/nvmgo/nvmgo/download/platform"
	"github.com/nvmgo/nvmgo/download/signature"
	"github.com/nvmgo/nvmgo/versions"
)

// installFrom installs from --from PATH, with no network: a folder in the
// mirror shape (index.json and vX.Y.Z/ folders, as mirror sync writes),
// one release folder (vX.Y.Z/ with SHASUMS256.txt), or one archive with its
// SHASUMS256.txt and signature beside it, or --sha256. The trust rules are
// those of a download: signature unless --allow-unsigned, sha256 always.
func (a *app) installFrom(ctx context.Context, args []string, o installOptions) (versions.Release, download.Result, error) {
	path := o.from
	if strings.HasPrefix(path, "file://") {
		p, err := download.FilePath(path, runtime.GOOS)
		if err != nil {
			return versions.Release{}, download.Result{}, usageErr(fmt.Errorf("--from %w", err))
		}
		path = p
	}
	path, err := filepath.Abs(path)
	if err != nil {
		return versions.Release{}, download.Result{}, err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return versions.Release{}, download.Result{}, fmt.Errorf("--from %s: %w", o.from, err)
	}
	if !fi.IsDir() {
		return a.installArchive(ctx, path, args, o)
	}
	if isFile(filepath.Join(path, "index.json")) {
		return a.installFromFolder(ctx, path, args, o)
	}
	if isFile(filepath.Join(path, "SHASUMS256.txt")) {
		return a.installFromRelease(ctx, path, args, o)
	}
	return versions.Release{}, download.Result{}, fmt.Errorf("--from %s: neither a mirror folder (index.json) nor a release folder (SHASUMS256.txt)\nhint: name the folder nvmgo mirror sync wrote, or an archive", o.from)
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

// installFromFolder installs SPEC from a mirror folder as from any mirror,
// through its file:// URL: the index is the folder's, read afresh, and the
// npm registry is never asked.
func (a *app) installFromFolder(ctx context.Context, dir string, args []string, o installOptions) (versions.Release, download.Result, error) {
	url := download.FileURL(dir, runtime.GOOS)
	c := a.cfg().WithMirror(url)
	a.cfgCache = &c
	o.source = "dist"
	spec, _, err := a.specFromArgs(args)
	if err != nil {
		return versions.Release{}, download.Result{}, err
	}
	return a.installSpec(ctx, spec, o)
}

// installFromRelease installs the archive for this platform from one
// release folder.
func (a *app) installFromRelease(ctx context.Context, dir string, args []string, o installOptions) (versions.Release, download.Result, error) {
	v, err := versions.ParseVersion(filepath.Base(dir))
	if err != nil {
		return versions.Release{}, download.Result{}, fmt.Errorf("--from %s: a release folder is named after its version (v20.18.1)", dir)
	}
	p, err := a.platform(o.arch)
	if err != nil {
		return versions.Release{}, download.Result{}, err
	}
	prefer, _, err := a.archivePreference(o.format)
	if err != nil {
		return versions.Release{}, download.Result{}, err
	}
	// Every build a dist folder can hold; the files decide which is here.
	all := versions.Release{Version: v.String(), V: v, Files: []string{
		"linux-x64", "linux-arm64", "linux-armv7l", "linux-ppc64le", "linux-s390x", "linux-x64-musl",
		"osx-x64-tar", "osx-arm64-tar", "win-x64-zip", "win-arm64-zip", "win-x86-zip"}}
	art, err := platform.Select(p, all, prefer)
	if err != nil {
		return versions.Release{}, download.Result{}, err
	}
	for _, name := range append([]string{art.FileName}, art.Alternatives...) {
		if isFile(filepath.Join(dir, name)) {
			return a.installArchive(ctx, filepath.Join(dir, name), args, o)
		}
	}
	return versions.Release{}, download.Result{}, fmt.Errorf("--from %s: no %s here for %s\nhint: sync that platform into the mirror (nvmgo mirror sync --platforms %s)", dir, art.FileName, p.Tag(), art.Tag)
}

// installArchive installs one archive named as dist names them.
func (a *app) installArchive(ctx context.Context, path string, args []string, o installOptions) (versions.Release, download.Result, error) {
	name := filepath.Base(path)
	v, tag, err := parseArchiveName(name)
	if err != nil {
		return versions.Release{}, download.Result{}, fmt.Errorf("--from %s: %w", path, err)
	}
	p, err := a.platform(o.arch)
	if err != nil {
		return versions.Release{}, download.Result{}, err
	}
	if ok := runsOn(tag, p); !ok {
		return versions.Release{}, download.Result{}, fmt.Errorf("--from %s: a %s build does not run on %s (%s)\nhint: use the %s archive, or --arch / NVMGO_OS to install for another platform", name, tag, p, p.Tag(), p.Tag())
	}
	rel := a.offlineRelease(ctx, v, filepath.Join(filepath.Dir(filepath.Dir(path)), "index.json"))
	if len(args) > 0 {
		spec, err := versions.ParseSpec(args[0])
		if err != nil {
			return rel, download.Result{}, usageErr(err)
		}
		if _, err := versions.Select(spec, versions.Candidates([]versions.Release{rel}), "in --from "+name); err != nil {
			return rel, download.Result{}, err
		}
	}
	in, err := a.installer(p, o)
	if err != nil {
		return rel, download.Result{}, err
	}
	trust, want, err := a.archiveTrust(ctx, path, o.sha256, in.Keyring, in.AllowUnsigned)
	if err != nil {
		return rel, download.Result{}, err
	}
	res, err := in.InstallFile(ctx, rel, path, tag, want, trust)
	return rel, res, wrapInstall(rel, err)
}

// archiveTrust is the sha256 the archive must have: --sha256, or its line
// in the signed SHASUMS256.txt beside it.
func (a *app) archiveTrust(ctx context.Context, path, sum string, kr *signature.Keyring, allowUnsigned bool) (download.Trust, string, error) {
	name := filepath.Base(path)
	if sum != "" {
		sum = strings.ToLower(sum)
		if b, err := hex.DecodeString(sum); err != nil || len(b) != 32 {
			return download.Trust{}, "", usageErr(fmt.Errorf("--sha256 %q: want 64 hex digits", sum))
		}
		return download.Trust{Verified: "sha256 given with --sha256"}, sum, nil
	}
	base := download.FileURL(filepath.Dir(path), runtime.GOOS)
	trust, err := a.httpClient().Checksums(ctx, base, kr, allowUnsigned, a.stderr)
	switch {
	case download.NotFound(err):
		return trust, "", fmt.Errorf("no SHASUMS256.txt beside %s\nhint: copy SHASUMS256.txt and SHASUMS256.txt.asc from its release folder next to it, or pass --sha256 HEX from a trusted source", name)
	case errors.Is(err, download.ErrUnsigned):
		return trust, "", fmt.Errorf("%w\nhint: copy SHASUMS256.txt.asc next to it, pass --sha256 HEX from a trusted source, or trust it with --allow-unsigned", err)
	case errors.Is(err, signature.ErrBadSignature), errors.Is(err, signature.ErrUnknownKey), errors.Is(err, signature.ErrNoSignature):
		return trust, "", fmt.Errorf("%w\nhint: no Node.js release key signed these checksums: do not trust this archive", err)
	case err != nil:
		return trust, "", err
	}
	want, ok := trust.Sums.Lookup(name)
	if !ok {
		return trust, "", fmt.Errorf("the SHASUMS256.txt beside %s has no line for it\nhint: the archive was renamed or belongs to another release", name)
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
func (a *app) offlineRelease(ctx context.Context, v versions.Version, indexPath string) versions.Release {
	if data, err := os.ReadFile(indexPath); err == nil {
		if rels, err := versions.ParseIndex(data); err == nil {
			if r, ok := findRelease(rels, v); ok {
				return r
			}
		}
	}
	if rels, _, err := a.loadIndex(ctx, true); err == nil {
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
