package download

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gofrs/flock"

	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/versions"
)

// PMFill writes one package manager version into dest (an empty folder in
// the staging folder) and returns what was verified about it.
type PMFill func(ctx context.Context, dest, staging string) (store.PMMeta, error)

// PMResult is a finished (or already present) package manager install.
type PMResult struct {
	Dir     string
	Already bool
	Meta    store.PMMeta
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
	if err := CheckHome(in.Home); err != nil {
		return PMResult{}, err
	}
	for _, d := range []string{in.Home.PMDir(), filepath.Dir(dir)} {
		if err := store.CheckFolder(d); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return PMResult{}, fmt.Errorf("NVMGO_HOME cannot be trusted: %w; nothing was installed\nhint: %s", err, store.UnsafeHint(in.Home))
		}
	}
	if r, ok := pmInstalled(dir); ok {
		return r, nil
	}
	for _, d := range []string{filepath.Dir(dir), in.Home.TmpDir(), in.Home.LocksDir()} {
		if err := store.MkdirPrivate(d); err != nil {
			return PMResult{}, homeErr(in.Home, err)
		}
	}
	key := pmTmpPrefix + name + "@" + version
	return stageLocked(ctx, in, lockedStage[store.PMMeta, PMResult]{
		key: key, what: name + "@" + version, dir: dir, sub: "pkg",
		installed: func() (PMResult, bool) { return pmInstalled(dir) },
		sweep:     func() { in.sweepPM(key) },
		fill:      fill,
		finish: func(dest string, meta store.PMMeta) (PMResult, error) {
			for cmd, rel := range meta.Bin {
				if fi, err := os.Lstat(filepath.Join(dest, filepath.FromSlash(rel))); err != nil || !fi.Mode().IsRegular() {
					return PMResult{}, fmt.Errorf("%s@%s: no entry script %s for %s; nothing was installed", name, version, rel, cmd)
				}
			}
			meta.Name, meta.Version = name, version
			meta.InstalledAt = in.Now().UTC()
			if err := store.WritePMMeta(dest, meta); err != nil {
				return PMResult{}, homeErr(in.Home, err)
			}
			return PMResult{Dir: dir, Meta: meta}, nil
		},
	})
}

// pmInstalled returns the install in dir when it is a real folder (not a
// link) with its metadata.
func pmInstalled(dir string) (PMResult, bool) {
	if fi, err := os.Lstat(dir); err != nil || !fi.IsDir() {
		return PMResult{}, false
	}
	m, err := store.ReadPMMeta(dir)
	return PMResult{Dir: dir, Already: true, Meta: m}, err == nil
}

// sweepPM removes what killed runs of package manager installs left in
// tmp/: the staging, incomplete and removing folders of this version (the
// caller holds its lock) and of any other whose lock is free. A folder of
// an install or removal running now is left alone.
func (in *Installer) sweepPM(key string) {
	ents, _ := os.ReadDir(in.Home.TmpDir())
	free := map[string]bool{key: true}
	for _, e := range ents {
		k, ok := pmTmpKey(e.Name())
		if !ok {
			continue
		}
		got, seen := free[k]
		if !seen {
			lock := flock.New(filepath.Join(in.Home.LocksDir(), k+".lock"))
			ok, err := lock.TryLock()
			got = err == nil && ok
			if got {
				defer lock.Unlock() // held until the sweep is done
			}
			free[k] = got
		}
		if got {
			os.RemoveAll(filepath.Join(in.Home.TmpDir(), e.Name()))
		}
	}
}

// pmTmpKey reads the lock key (pm-NAME@VERSION) from a tmp/ name that
// StagePM or pm uninstall makes: KEY-DIGITS, KEY-incomplete-DIGITS or
// KEY-removing-DIGITS; only a canonical version makes a key.
func pmTmpKey(name string) (string, bool) {
	if !strings.HasPrefix(name, pmTmpPrefix) {
		return "", false
	}
	i := strings.LastIndexByte(name, '-')
	if i < 0 || !allDigits(name[i+1:]) {
		return "", false
	}
	k := name[:i]
	for _, kind := range []string{"-incomplete", "-removing"} {
		if t, ok := strings.CutSuffix(k, kind); ok {
			k = t
			break
		}
	}
	pm, ver, ok := strings.Cut(strings.TrimPrefix(k, pmTmpPrefix), "@")
	v, err := versions.ParseVersion(ver)
	if !ok || !versions.IsPackageManager(pm) || err != nil || v.String() != "v"+ver {
		return "", false
	}
	return k, true
}
