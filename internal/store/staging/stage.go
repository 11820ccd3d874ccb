// Package staging changes the home under its file locks: it stages
// installs (Stager), sweeps what killed runs left in tmp/, removes and
// sets aside versions. The names and the layout are internal/store's;
// this package holds only the code that takes locks, so the shim, which
// reads the layout through store, links no lock library.
package staging

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/versions"
)

// Fill writes one release's files into dest (an empty folder inside the
// staging folder) and returns what was verified about them.
type Fill func(ctx context.Context, dest, staging string) (store.Meta, error)

// PMFill writes one package manager version into dest (an empty folder in
// the staging folder) and returns what was verified about it.
type PMFill func(ctx context.Context, dest, staging string) (store.PMMeta, error)

// Result is a finished (or already present) node install.
type Result struct {
	Dir     string
	Already bool
	Meta    store.Meta
}

// PMResult is a finished (or already present) package manager install.
type PMResult struct {
	Dir     string
	Already bool
	Meta    store.PMMeta
}

// Stager puts installs into a home folder, whatever source fills them.
type Stager struct {
	Home store.Home
	GOOS string    // the target OS (decides where node must be)
	Log  io.Writer // the message about waiting for another nvmgo; may be nil
	// Now stamps the metadata and judges the age of scratch folders; nil
	// is time.Now.
	Now func() time.Time
}

func (s Stager) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// Stage installs a release atomically and idempotently: under the version's
// file lock it runs fill in a fresh staging folder on the same file system,
// writes the metadata file last, and renames the folder into versions/.
// Nothing appears there unless fill succeeded; an installed version is a
// success.
func (s Stager) Stage(ctx context.Context, rel versions.Release, fill Fill) (Result, error) {
	ver := rel.V.String()
	dir := s.Home.VersionDir(ver)
	if err := s.Home.Trusted(); err != nil {
		return Result{}, err
	}
	if r, ok := Installed(dir); ok {
		return r, nil
	}
	for _, d := range []string{s.Home.VersionsDir(), s.Home.TmpDir(), s.Home.LocksDir()} {
		if err := store.MkdirPrivate(d); err != nil {
			return Result{}, s.Home.WriteErr(err)
		}
	}
	return stageLocked(ctx, s, lockedStage[store.Meta, Result]{
		key: ver, what: ver, dir: dir, sub: "node",
		installed: func() (Result, bool) { return Installed(dir) },
		fill:      fill,
		finish: func(dest string, meta store.Meta) (Result, error) {
			if err := checkFilled(dest, s.GOOS); err != nil {
				return Result{}, hint.With(fmt.Errorf("%s: %w; nothing was installed", meta.File, err),
					"the release is not a usable Node.js build; use the official mirror (unset NVMGO_NODE_MIRROR) or report it to the mirror")
			}
			meta.Version, meta.LTS, meta.Entry = ver, string(rel.LTS), &rel
			meta.InstalledAt = s.now().UTC()
			if err := store.WriteMeta(dest, meta); err != nil {
				return Result{}, s.Home.WriteErr(err)
			}
			return Result{Dir: dir, Meta: meta}, nil
		},
	})
}

// StagePM installs one package manager version the way Stage installs a
// node version: under its file lock, in a fresh staging folder on the same
// file system, metadata written last, renamed into pm/NAME/VERSION.
// Nothing appears there unless fill succeeded; an installed one is a success.
func (s Stager) StagePM(ctx context.Context, name, version string, fill PMFill) (PMResult, error) {
	dir := s.Home.PMVersionDir(name, version)
	if err := s.Home.Trusted(); err != nil {
		return PMResult{}, err
	}
	for _, d := range []string{s.Home.PMDir(), filepath.Dir(dir)} {
		if err := store.CheckFolder(d); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return PMResult{}, s.Home.Untrusted(err, "installed")
		}
	}
	if r, ok := pmInstalled(dir); ok {
		return r, nil
	}
	for _, d := range []string{filepath.Dir(dir), s.Home.TmpDir(), s.Home.LocksDir()} {
		if err := store.MkdirPrivate(d); err != nil {
			return PMResult{}, s.Home.WriteErr(err)
		}
	}
	return stageLocked(ctx, s, lockedStage[store.PMMeta, PMResult]{
		key: store.PMKey(name, version), what: name + "@" + version, dir: dir, sub: "pkg",
		installed: func() (PMResult, bool) { return pmInstalled(dir) },
		fill:      fill,
		finish: func(dest string, meta store.PMMeta) (PMResult, error) {
			for cmd, rel := range meta.Bin {
				if fi, err := os.Lstat(filepath.Join(dest, filepath.FromSlash(rel))); err != nil || !fi.Mode().IsRegular() {
					return PMResult{}, fmt.Errorf("%s@%s: no entry script %s for %s; nothing was installed", name, version, rel, cmd)
				}
			}
			meta.Name, meta.Version = name, version
			meta.InstalledAt = s.now().UTC()
			if err := store.WritePMMeta(dest, meta); err != nil {
				return PMResult{}, s.Home.WriteErr(err)
			}
			return PMResult{Dir: dir, Meta: meta}, nil
		},
	})
}

// Installed returns the install in dir, marked Already, when it passes the
// version rule (store.CheckVersion) and its metadata reads.
func Installed(dir string) (Result, bool) {
	if store.CheckVersion(dir) != nil {
		return Result{}, false
	}
	m, err := store.ReadMeta(dir)
	return Result{Dir: dir, Already: true, Meta: m}, err == nil
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

// checkFilled applies the version rule to a filled folder before its
// metadata is written: no name nvmgo keeps for its own files (compared
// without case, as macOS and Windows file systems do), and a runnable node.
func checkFilled(dest, goos string) error {
	ents, err := os.ReadDir(dest)
	if err != nil {
		return err
	}
	for _, e := range ents {
		for _, r := range store.ReservedNames {
			if strings.EqualFold(e.Name(), r) {
				return fmt.Errorf("it holds %q, a name nvmgo keeps for its own files", e.Name())
			}
		}
	}
	return store.CheckNode(dest, goos)
}
