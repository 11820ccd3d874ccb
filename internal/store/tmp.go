package store

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/nvmgo/nvmgo/versions"
)

// What lives in tmp/ and locks/: every name is written and read here; the
// code that takes the locks is internal/store/staging, which the shim does
// not link. An install's staging folder is KEY-DIGITS (os.MkdirTemp); an
// install that was found incomplete is moved to KEY-incomplete-DIGITS, a
// version being removed to KEY-removing-DIGITS. KEY is the lock's
// (locks/KEY.lock): the version (v20.1.0) or pm-NAME@VERSION. Runs that
// take no lock (verify, doctor) get scratch folders named KIND-DIGITS,
// which only age makes stale.

// The kinds of folder moved aside into tmp/ (see Aside).
const (
	Incomplete = "incomplete"
	Removing   = "removing"
)

// pmKeyPrefix starts the keys of package manager installs; a node version
// never starts with it.
const pmKeyPrefix = "pm-"

// The scratch kinds: folders (or files) in tmp/ that verify and doctor
// make without a lock.
const (
	ScratchVerify = "verify"
	ScratchDoctor = "doctor"
)

// scratchMaxAge is how old a verify or doctor scratch folder must be before
// an install deletes it: those runs take no lock, so age is the only sign
// that nothing uses them.
const scratchMaxAge = 24 * time.Hour

// reinstallPrefix starts the tmp/ name of a version a reinstall set aside;
// TmpKey does not read it, so no sweep touches it and it stays until the
// reinstall decides.
const reinstallPrefix = "reinstall-"

// PMKey is the lock key of one package manager version.
func PMKey(name, version string) string { return pmKeyPrefix + name + "@" + version }

// LockPath is the lock file that guards key (a version or a PMKey):
// installs, removals and reinstalls of it take it.
func (h Home) LockPath(key string) string { return filepath.Join(h.LocksDir(), key+".lock") }

// Aside is a fresh tmp/ path to move the install of key to; kind is
// Incomplete or Removing.
func (h Home) Aside(key, kind string) string { return h.tmpPath(key + "-" + kind) }

// ReinstallAside is a fresh tmp/ path for installed version ver that a
// reinstall sets aside: no sweep reads it as a key.
func (h Home) ReinstallAside(ver string) string { return h.tmpPath(reinstallPrefix + ver) }

// NewStaging makes a fresh staging folder KEY-DIGITS in tmp/ for the
// install of key; the caller holds key's lock and removes the folder.
func (h Home) NewStaging(key string) (string, error) { return os.MkdirTemp(h.TmpDir(), key+"-") }

// tmpPath is a fresh tmp/ path NAME-DIGITS. The time only makes the name
// unique; nothing judges it.
func (h Home) tmpPath(name string) string {
	return filepath.Join(h.TmpDir(), fmt.Sprintf("%s-%d", name, time.Now().UnixNano()))
}

// Scratch makes a fresh folder in tmp/ for a run that takes no lock (kind
// is ScratchVerify or ScratchDoctor); an install deletes it once it is a
// day old. The caller removes it when done.
func (h Home) Scratch(kind string) (string, error) {
	if err := MkdirPrivate(h.TmpDir()); err != nil {
		return "", err
	}
	return os.MkdirTemp(h.TmpDir(), kind+"-")
}

// ScratchFile is Scratch for a single file (doctor's write test).
func (h Home) ScratchFile(kind string) (*os.File, error) {
	return os.CreateTemp(h.TmpDir(), kind+"-")
}

// StaleScratch reports whether the tmp/ entry e is verify or doctor
// scratch more than a day old at now: nothing uses it any more.
func StaleScratch(e fs.DirEntry, now time.Time) bool {
	name := e.Name()
	if !strings.HasPrefix(name, ScratchVerify+"-") && !strings.HasPrefix(name, ScratchDoctor+"-") {
		return false
	}
	fi, err := e.Info()
	return err == nil && now.Sub(fi.ModTime()) > scratchMaxAge
}

// TmpKey reads the lock key from a tmp/ name an install or removal makes:
// KEY-DIGITS, KEY-incomplete-DIGITS or KEY-removing-DIGITS. It reads from
// the right, since a prerelease version (v24.0.0-rc.1) holds '-' itself,
// and accepts only a key in its canonical form, the name its lock has.
func TmpKey(name string) (string, bool) {
	i := strings.LastIndexByte(name, '-')
	if i < 0 {
		return "", false
	}
	// ParseUint in base 10 takes digits only: no sign, no '_'.
	if _, err := strconv.ParseUint(name[i+1:], 10, 64); err != nil {
		return "", false
	}
	k := name[:i]
	for _, kind := range []string{Incomplete, Removing} {
		if t, ok := strings.CutSuffix(k, "-"+kind); ok {
			k = t
			break
		}
	}
	if rest, ok := strings.CutPrefix(k, pmKeyPrefix); ok {
		pm, ver, ok := strings.Cut(rest, "@")
		v, err := versions.ParseVersion(ver)
		if !ok || !versions.IsPackageManager(pm) || err != nil || v.String() != "v"+ver {
			return "", false
		}
		return k, true
	}
	v, err := versions.ParseVersion(k)
	if err != nil || v.String() != k {
		return "", false
	}
	return k, true
}
