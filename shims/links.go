package shims

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/nvmgo/nvmgo/internal/store"
)

// Always are the shims that exist whatever is installed.
var Always = []string{"node", "npm", "npx", "corepack"}

// ShimBinary is the file in NVMGO_HOME/bin that every shim links to.
func ShimBinary(h store.Home, goos string) string {
	return filepath.Join(h.SelfDir(), ExeName(goos, "nvmgo-shim"))
}

// ExeName is the file name of command name on goos: name.exe on Windows.
func ExeName(goos, name string) string {
	if goos == "windows" {
		return name + ".exe"
	}
	return name
}

// Commands lists the command names that installed versions provide: files
// in bin/ on unix, .exe and .cmd launchers in the version root on Windows.
func Commands(h store.Home, goos string) ([]string, error) {
	list, err := h.List()
	if err != nil {
		return nil, err
	}
	set := map[string]bool{}
	for _, n := range Always {
		set[n] = true
	}
	for _, n := range PMShims {
		set[n] = true
	}
	for _, in := range list {
		ents, err := os.ReadDir(store.BinDir(in.Dir, goos))
		if err != nil {
			continue
		}
		for _, e := range ents {
			if n, ok := commandName(goos, e); ok {
				set[n] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	sort.Strings(out)
	return out, nil
}

func commandName(goos string, e fs.DirEntry) (string, bool) {
	n := e.Name()
	if e.IsDir() || strings.HasPrefix(n, ".") {
		return "", false
	}
	if goos != "windows" {
		return n, validName(n)
	}
	lower := strings.ToLower(n)
	for _, ext := range []string{".exe", ".cmd"} {
		if strings.HasSuffix(lower, ext) {
			base := lower[:len(lower)-len(ext)]
			return base, validName(base)
		}
	}
	return "", false
}

func validName(n string) bool {
	return n != "" && n != "nvmgo" && n != "nvmgo-shim" && !strings.ContainsAny(n, `/\:*?"<>|`)
}

// Relink makes the shims folder hold exactly one shim per command, each
// pointing at the shim binary, which must exist. refresh says the binary
// was just replaced: Windows shims that are copies of it are then renewed.
// The shim runs it after a global install (npm i -g); nvmgo runs it through
// reshim.Reshim, which installs the binary first.
func Relink(h store.Home, goos string, refresh bool) (added, removed []string, err error) {
	target := ShimBinary(h, goos)
	if _, err := os.Stat(target); err != nil {
		return nil, nil, errors.New("no shim binary yet; run `nvmgo reshim`")
	}
	link, err := h.LinkFromShims(target)
	if err != nil {
		return nil, nil, err
	}
	names, err := Commands(h, goos)
	if err != nil {
		return nil, nil, err
	}
	dir := h.ShimsDir()
	if err := store.MkdirPrivate(dir); err != nil {
		return nil, nil, err
	}
	want := map[string]bool{}
	for _, n := range names {
		file := ExeName(goos, n)
		want[file] = true
		created, err := ensureShim(goos, target, link, filepath.Join(dir, file), refresh)
		if err != nil {
			return added, removed, err
		}
		if created {
			added = append(added, n)
		}
	}
	for _, file := range strays(dir, want) {
		if strings.HasSuffix(file, ".old") {
			// a shim renamed away while it ran (Windows); gone once it exits
			os.Remove(filepath.Join(dir, file))
		} else if err := os.Remove(filepath.Join(dir, file)); err == nil {
			removed = append(removed, strings.TrimSuffix(file, ".exe"))
		}
	}
	return added, removed, nil
}

// strays are the files in the shims folder dir that are no shim of a
// command in want (file names): stale shims, and .old files (a shim renamed
// away while it ran, on Windows). Dot files are Relink's own temporaries.
func strays(dir string, want map[string]bool) []string {
	ents, _ := os.ReadDir(dir)
	var out []string
	for _, e := range ents {
		if n := e.Name(); !want[n] && !strings.HasPrefix(n, ".") {
			out = append(out, n)
		}
	}
	return out
}

// Drift is what Relink would change: the commands (names) whose shim is
// missing, and the stale shims that no installed version provides.
func Drift(h store.Home, goos string) (names, missing, stale []string, err error) {
	names, err = Commands(h, goos)
	if err != nil {
		return nil, nil, nil, err
	}
	want := map[string]bool{}
	for _, n := range names {
		want[ExeName(goos, n)] = true
		if _, err := os.Lstat(filepath.Join(h.ShimsDir(), ExeName(goos, n))); err != nil {
			missing = append(missing, n)
		}
	}
	for _, file := range strays(h.ShimsDir(), want) {
		if !strings.HasSuffix(file, ".old") {
			stale = append(stale, strings.TrimSuffix(file, ".exe"))
		}
	}
	return names, missing, stale, nil
}

// linkFile makes a Windows shim; a variable so tests can make it fail the
// way it does on FAT32, exFAT and network shares, which have no hard links.
var linkFile = os.Link

// ensureShim creates one shim: a symlink holding link (target, relative to
// the shims folder) on unix, a hard link (or a copy where links fail) to
// target on Windows, where symlinks need admin rights.
func ensureShim(goos, target, link, path string, refresh bool) (bool, error) {
	_, statErr := os.Lstat(path)
	exists := statErr == nil
	if goos != "windows" {
		if cur, err := os.Readlink(path); err == nil && cur == link {
			return false, nil
		}
		tmp := tmpName(path)
		if err := os.Symlink(link, tmp); err != nil {
			return false, err
		}
		if err := os.Rename(tmp, path); err != nil {
			os.Remove(tmp)
			return false, err
		}
		return !exists, nil
	}
	if exists && (!refresh || sameContent(path, target)) {
		return false, nil
	}
	tmp := tmpName(path)
	if err := linkFile(target, tmp); err != nil {
		if err := store.CopyNew(target, tmp, 0o755); err != nil {
			return false, err
		}
	}
	if exists {
		// A running shim cannot be replaced on Windows, but it can be renamed away.
		old := path + ".old"
		os.Remove(old)
		_ = os.Rename(path, old)
	}
	return !exists, os.Rename(tmp, path)
}

// sameContent reports whether a shim already is the target: the same file
// (a hard link) or, where links failed and it was copied, the same bytes.
func sameContent(a, b string) bool {
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	if err1 != nil || err2 != nil {
		return false
	}
	if os.SameFile(fa, fb) {
		return true
	}
	if fa.Size() != fb.Size() {
		return false
	}
	x, err1 := os.ReadFile(a)
	y, err2 := os.ReadFile(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

var tmpSeq atomic.Uint64

// tmpName is a staging name beside path, unique to this process and call,
// so concurrent reshims (two installs, two `npm i -g`) never rename each
// other's files; the leading dot keeps Reshim from removing it as stale.
func tmpName(path string) string {
	return filepath.Join(filepath.Dir(path), fmt.Sprintf(".%s.%d.%d.tmp", filepath.Base(path), os.Getpid(), tmpSeq.Add(1)))
}
