package download

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"

	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/versions"
)

// Fill writes one release's files into dest (an empty folder inside the
// staging folder) and returns what was verified about them.
type Fill func(ctx context.Context, dest, staging string) (store.Meta, error)

// Stage installs a release atomically and idempotently: under the version's
// file lock it runs fill in a fresh staging folder on the same file system,
// writes the metadata file last, and renames the folder into versions/.
// Nothing appears there unless fill succeeded; an installed version is a
// success.
func (in *Installer) Stage(ctx context.Context, rel versions.Release, fill Fill) (Result, error) {
	ver := rel.V.String()
	dir := in.Home.VersionDir(ver)
	if err := CheckHome(in.Home); err != nil {
		return Result{}, err
	}
	if r, ok := installed(dir); ok {
		return r, nil
	}
	for _, d := range []string{in.Home.VersionsDir(), in.Home.TmpDir(), in.Home.LocksDir()} {
		if err := store.MkdirPrivate(d); err != nil {
			return Result{}, homeErr(in.Home, err)
		}
	}
	return stageLocked(ctx, in, lockedStage[store.Meta, Result]{
		key: ver, what: ver, dir: dir, sub: "node",
		installed: func() (Result, bool) { return installed(dir) },
		sweep:     func() { in.sweepStale(ver) },
		fill:      fill,
		finish: func(dest string, meta store.Meta) (Result, error) {
			if err := checkFilled(dest, in.GOOS); err != nil {
				return Result{}, fmt.Errorf("%s: %w; nothing was installed\nhint: the release is not a usable Node.js build; use the official mirror (unset NVMGO_NODE_MIRROR) or report it to the mirror", meta.File, err)
			}
			meta.Version, meta.LTS, meta.Entry = ver, string(rel.LTS), &rel
			meta.InstalledAt = in.Now().UTC()
			if err := store.WriteMeta(dest, meta); err != nil {
				return Result{}, homeErr(in.Home, err)
			}
			return Result{Dir: dir, Meta: meta}, nil
		},
	})
}

// installed returns the install in dir when it passes the version rule.
func installed(dir string) (Result, bool) {
	if store.CheckVersion(dir) != nil {
		return Result{}, false
	}
	m, err := store.ReadMeta(dir)
	return Result{Dir: dir, Already: true, Meta: m}, err == nil
}

// CheckHome refuses a home another user owns or can write to (see
// store.Check): nvmgo installs nothing there, and answers nothing from it.
func CheckHome(h store.Home) error {
	if err := h.Check(); err != nil {
		return fmt.Errorf("NVMGO_HOME cannot be trusted: %w; nothing was installed\nhint: %s", err, store.UnsafeHint(h))
	}
	return nil
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

// tmpVersion reads the version from a tmp/ folder name that Stage or an
// uninstall makes: VERSION-DIGITS (os.MkdirTemp), VERSION-incomplete-DIGITS
// or VERSION-removing-DIGITS. It reads from the right, since a prerelease
// version (v24.0.0-rc.1) holds '-' itself, and accepts only a version in
// its canonical form, the name its lock file has.
func tmpVersion(name string) (string, bool) {
	i := strings.LastIndexByte(name, '-')
	if i < 0 || !allDigits(name[i+1:]) {
		return "", false
	}
	v := name[:i]
	for _, kind := range []string{"-incomplete", "-removing"} {
		if t, ok := strings.CutSuffix(v, kind); ok {
			v = t
			break
		}
	}
	parsed, err := versions.ParseVersion(v)
	if err != nil || parsed.String() != v {
		return "", false
	}
	return v, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// scratchMaxAge is how old a verify or doctor scratch folder must be before
// an install deletes it: those runs take no lock, so age is the only sign
// that nothing uses them.
const scratchMaxAge = 24 * time.Hour

// sweepStale removes what killed runs left in tmp/: the staging, incomplete
// and removing folders of this version (the caller holds its lock) and of
// any other version whose lock is free, and verify/doctor scratch older
// than scratchMaxAge. A folder of a version being installed or removed
// right now is left alone; names it does not know are never touched.
func (in *Installer) sweepStale(ver string) {
	ents, _ := os.ReadDir(in.Home.TmpDir())
	now := time.Now
	if in.Now != nil {
		now = in.Now
	}
	free := map[string]bool{ver: true}
	for _, e := range ents {
		name := e.Name()
		path := filepath.Join(in.Home.TmpDir(), name)
		if v, ok := tmpVersion(name); ok {
			ok, seen := free[v]
			if !seen {
				lock := flock.New(filepath.Join(in.Home.LocksDir(), v+".lock"))
				got, err := lock.TryLock()
				ok = err == nil && got
				if ok {
					defer lock.Unlock() // held until the sweep is done
				}
				free[v] = ok
			}
			if ok {
				os.RemoveAll(path)
			}
			continue
		}
		if strings.HasPrefix(name, "verify-") || strings.HasPrefix(name, "doctor-") {
			if fi, err := e.Info(); err == nil && now().Sub(fi.ModTime()) > scratchMaxAge {
				os.RemoveAll(path)
			}
		}
	}
}
