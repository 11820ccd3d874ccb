package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/nvmgo/nvmgo/internal/hint"
)

// UnsafeError names a folder that another user could change, so that
// nvmgo must not trust what it holds nor write into it.
type UnsafeError struct {
	Path string
	Why  string // "owned by uid 1001, not by you (uid 0) or root"
}

func (e *UnsafeError) Error() string { return e.Path + " is " + e.Why }

// owner is what the safety rule reads about a folder.
type owner struct {
	mode     fs.FileMode
	uid, gid uint32
	known    bool // ownership could be read (unix); false elsewhere
}

// checker applies the safety rule for one user. Its fields are injected by
// the tests so the rule can be tried over any owner and mode unprivileged.
type checker struct {
	euid    int
	stat    func(path string) (owner, error) // follows symlinks
	resolve func(path string) (string, error)
	private func(uid, gid uint32) bool // gid is the owner's own private group
}

func realChecker() checker {
	return checker{euid: os.Geteuid(), stat: statOwner, resolve: filepath.EvalSymlinks, private: privateGroup}
}

// judge says why a folder is unsafe for c's user, or "" when it is not.
// The folder must belong to the user or to root, and no other user may
// write to it: not everyone, and not a group other than the owner's own
// private group (as umask 002 systems make them). A sticky ancestor such
// as /tmp may be writable by everyone, since others cannot replace what
// it holds; nvmgo's own folders get no such exception, since others could
// still add to them.
func (c checker) judge(o owner, ancestor bool) string {
	if !o.known || c.euid < 0 || !o.mode.IsDir() {
		return "" // no owners to read (Windows: ACLs, see the README's Trust section); a file: writes fail
	}
	if o.uid != uint32(c.euid) && o.uid != 0 {
		return fmt.Sprintf("owned by uid %d, not by you (uid %d) or root", o.uid, c.euid)
	}
	if ancestor && o.mode&fs.ModeSticky != 0 {
		return ""
	}
	if o.mode.Perm()&0o002 != 0 {
		return fmt.Sprintf("writable by every user (mode %04o)", o.mode.Perm())
	}
	if o.mode.Perm()&0o020 != 0 && !c.private(o.uid, o.gid) {
		return fmt.Sprintf("writable by group %d, which is not its owner's own group (mode %04o)", o.gid, o.mode.Perm())
	}
	return ""
}

// folder checks path and every folder above it, both as written (a link's
// own folder decides who can replace the link) and with links resolved. A
// path that does not exist yet is fine when the folders above it are: the
// caller makes it, its own.
func (c checker) folder(path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	if err := c.chain(abs); err != nil {
		return err
	}
	if real, err := c.resolve(abs); err == nil && real != abs {
		return c.chain(real)
	}
	return nil
}

// chain checks abs and its ancestors, from the top down.
func (c checker) chain(abs string) error {
	var prefixes []string
	for p := abs; ; p = filepath.Dir(p) {
		prefixes = append(prefixes, p)
		if filepath.Dir(p) == p {
			break
		}
	}
	for i := len(prefixes) - 1; i >= 0; i-- {
		p := prefixes[i]
		o, err := c.stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil // made later, by nvmgo, with mode 0700
		}
		if err != nil {
			return err
		}
		if why := c.judge(o, i > 0); why != "" {
			return &UnsafeError{Path: p, Why: why}
		}
		if !o.mode.IsDir() {
			return nil // nothing can be below a file; using it fails on its own
		}
	}
	return nil
}

// CheckFolder reports whether path can be trusted by this user: it and the
// folders above it are the user's or root's, and no other user can write to
// them (see UnsafeError). Owners are not checked on Windows.
func CheckFolder(path string) error { return realChecker().folder(path) }

// Check applies CheckFolder to the home and to its folders that exist:
// versions/, shims/, tmp/, locks/, aliases/ and bin/.
func (h Home) Check() error { return h.check(realChecker()) }

func (h Home) check(c checker) error {
	for _, d := range []string{h.Root, h.VersionsDir(), h.ShimsDir(), h.TmpDir(), h.LocksDir(), h.AliasesDir(), h.SelfDir()} {
		if err := c.folder(d); err != nil {
			return err
		}
	}
	return nil
}

// UnsafeHint is the next step for an UnsafeError in the home.
func UnsafeHint(h Home) string {
	return "make " + h.Root + " and its folders your own and writable only by you (chown, chmod go-w), or set NVMGO_HOME to a folder of your own"
}

// CheckForRoot is the shim's guard, one stat: a process running as root
// must not run what a home another user can change holds. Other users are
// not checked here (their shims run their own files; `nvmgo doctor` checks
// the whole home).
func CheckForRoot(root string) error {
	if os.Geteuid() != 0 {
		return nil
	}
	c := realChecker()
	o, err := c.stat(root)
	if err != nil {
		return nil // nothing there to run; resolution says what is missing
	}
	if why := c.judge(o, false); why != "" {
		return hint.With(fmt.Errorf("refusing to run as root from NVMGO_HOME %s: %s", root, strings.TrimSpace(why)),
			"run it as the home's owner, or point NVMGO_HOME at a folder only root can write")
	}
	return nil
}

// MkdirPrivate makes path and any missing parents with mode 0700: every
// folder nvmgo makes is its user's alone.
func MkdirPrivate(path string) error { return os.MkdirAll(path, 0o700) }
