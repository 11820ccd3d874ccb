package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gofrs/flock"

	"github.com/nvmgo/nvmgo/versions"
)

// What lives in tmp/: every name is written and read here. An install's
// staging folder is KEY-DIGITS (os.MkdirTemp); an install that was found
// incomplete is moved to KEY-incomplete-DIGITS, a version being removed to
// KEY-removing-DIGITS. KEY is the lock's: the version (v20.1.0) or
// pm-NAME@VERSION. Runs that take no lock (verify, doctor) get scratch
// folders named KIND-DIGITS, which only age makes stale.

// The kinds of folder moved aside into tmp/.
const (
	incomplete = "incomplete"
	removing   = "removing"
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

// pmKey is the lock key of one package manager version.
func pmKey(name, version string) string { return pmKeyPrefix + name + "@" + version }

// lock is the file lock that guards key (a version or a pmKey): installs,
// removals and reinstalls of it take it.
func (h Home) lock(key string) *flock.Flock {
	return flock.New(filepath.Join(h.LocksDir(), key+".lock"))
}

// aside is a fresh tmp/ path to move the install of key to.
func (h Home) aside(key, kind string) string { return h.tmpPath(key + "-" + kind) }

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

// tmpKey reads the lock key from a tmp/ name an install or removal makes:
// KEY-DIGITS, KEY-incomplete-DIGITS or KEY-removing-DIGITS. It reads from
// the right, since a prerelease version (v24.0.0-rc.1) holds '-' itself,
// and accepts only a key in its canonical form, the name its lock has.
func tmpKey(name string) (string, bool) {
	i := strings.LastIndexByte(name, '-')
	if i < 0 {
		return "", false
	}
	// ParseUint in base 10 takes digits only: no sign, no '_'.
	if _, err := strconv.ParseUint(name[i+1:], 10, 64); err != nil {
		return "", false
	}
	k := name[:i]
	for _, kind := range []string{incomplete, removing} {
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

// sweep removes what killed runs left in tmp/: the staging, incomplete and
// removing folders of held (the caller holds its lock) and of any other key
// whose lock is free, and verify/doctor scratch older than scratchMaxAge
// at now. A folder of an install or removal running now is left alone;
// names it does not know are never touched.
func (h Home) sweep(held string, now time.Time) {
	ents, _ := os.ReadDir(h.TmpDir())
	free := map[string]bool{held: true}
	for _, e := range ents {
		name := e.Name()
		path := filepath.Join(h.TmpDir(), name)
		if k, ok := tmpKey(name); ok {
			ok, seen := free[k]
			if !seen {
				lock := h.lock(k)
				got, err := lock.TryLock()
				ok = err == nil && got
				if ok {
					defer lock.Unlock() // held until the sweep is done
				}
				free[k] = ok
			}
			if ok {
				os.RemoveAll(path)
			}
			continue
		}
		if strings.HasPrefix(name, ScratchVerify+"-") || strings.HasPrefix(name, ScratchDoctor+"-") {
			if fi, err := e.Info(); err == nil && now.Sub(fi.ModTime()) > scratchMaxAge {
				os.RemoveAll(path)
			}
		}
	}
}
