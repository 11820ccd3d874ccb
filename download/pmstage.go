package download

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"

	"github.com/nvmgo/nvmgo/internal/home"
)

// PMFill writes one package manager version into dest (an empty folder in
// the staging folder) and returns what was verified about it.
type PMFill func(ctx context.Context, dest, staging string) (home.PMMeta, error)

// PMResult is a finished (or already present) package manager install.
type PMResult struct {
	Dir     string
	Already bool
	Meta    home.PMMeta
}

// pmTmpPrefix starts the tmp/ names of package manager staging folders;
// tmpVersion never reads them as node versions, so the node sweep leaves
// them to sweepPM.
const pmTmpPrefix = "pm-"

// StagePM installs one package manager version the way Stage installs a
// node version: under its file lock, in a fresh staging folder on the same
// file system, metadata written last, renamed into pm/NAME/VERSION.
// Nothing appears there unless fill succeeded; an installed one is a success.
func (in *Installer) StagePM(ctx context.Context, name, version string, fill PMFill) (PMResult, error) {
	dir := in.Home.PMVersionDir(name, version)
	if m, err := home.ReadPMMeta(dir); err == nil {
		return PMResult{Dir: dir, Already: true, Meta: m}, nil
	}
	for _, d := range []string{filepath.Dir(dir), in.Home.TmpDir(), in.Home.LocksDir()} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return PMResult{}, homeErr(in.Home, err)
		}
	}
	key := pmTmpPrefix + name + "@" + version
	lock := flock.New(filepath.Join(in.Home.LocksDir(), key+".lock"))
	ok, err := lock.TryLock()
	if err != nil {
		return PMResult{}, homeErr(in.Home, err)
	}
	if !ok {
		in.logf("nvmgo: waiting for another nvmgo installing %s@%s", name, version)
		if _, err := lock.TryLockContext(ctx, 50*time.Millisecond); err != nil {
			return PMResult{}, err
		}
	}
	defer lock.Unlock()
	if m, err := home.ReadPMMeta(dir); err == nil {
		return PMResult{Dir: dir, Already: true, Meta: m}, nil
	}
	in.sweepPM(key)
	if _, err := os.Lstat(dir); err == nil {
		// No metadata: an old crash or a hand-made copy; move it aside.
		if err := os.Rename(dir, filepath.Join(in.Home.TmpDir(), fmt.Sprintf("%s-incomplete-%d", key, time.Now().UnixNano()))); err != nil {
			return PMResult{}, homeErr(in.Home, err)
		}
		in.sweepPM(key)
	}
	staging, err := os.MkdirTemp(in.Home.TmpDir(), key+"-")
	if err != nil {
		return PMResult{}, homeErr(in.Home, err)
	}
	defer os.RemoveAll(staging)
	dest := filepath.Join(staging, "pkg")
	if err := os.Mkdir(dest, 0o755); err != nil {
		return PMResult{}, homeErr(in.Home, err)
	}
	meta, err := fill(ctx, dest, staging)
	if err != nil {
		return PMResult{}, err
	}
	for cmd, rel := range meta.Bin {
		if fi, err := os.Lstat(filepath.Join(dest, filepath.FromSlash(rel))); err != nil || !fi.Mode().IsRegular() {
			return PMResult{}, fmt.Errorf("%s@%s: no entry script %s for %s; nothing was installed", name, version, rel, cmd)
		}
	}
	meta.Name, meta.Version = name, version
	meta.InstalledAt = in.Now().UTC()
	if err := home.WritePMMeta(dest, meta); err != nil {
		return PMResult{}, homeErr(in.Home, err)
	}
	if err := os.Rename(dest, dir); err != nil {
		return PMResult{}, homeErr(in.Home, err)
	}
	return PMResult{Dir: dir, Meta: meta}, nil
}

// sweepPM removes what killed runs of this package manager version left
// in tmp/ (the caller holds its lock): its staging, incomplete and
// removing folders.
func (in *Installer) sweepPM(key string) {
	ents, _ := os.ReadDir(in.Home.TmpDir())
	for _, e := range ents {
		rest, ok := strings.CutPrefix(e.Name(), key+"-")
		if !ok {
			continue
		}
		rest = strings.TrimPrefix(strings.TrimPrefix(rest, "incomplete-"), "removing-")
		if allDigits(rest) {
			os.RemoveAll(filepath.Join(in.Home.TmpDir(), e.Name()))
		}
	}
}
