// Package shims creates the shim links and runs them: resolve the selected Node version, then exec the real command.
package shims

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/nvmgo/nvmgo/internal/config/env"
	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/versions"
)

// VersionEnv pins a version for one shell (set by `nvmgo use`).
const VersionEnv = env.NodeVersion

// Selection is the version a shim runs here, and why.
type Selection struct {
	Version string `json:"version"` // "v20.18.1"; "system" for the system node
	Dir     string `json:"dir,omitempty"`
	System  bool   `json:"system,omitempty"`
	Spec    string `json:"spec"`   // the spec as written
	Source  string `json:"source"` // "env", "file", "alias", "constraints", "system"
	File    string `json:"file,omitempty"`
	Reason  string `json:"reason"` // "from /x/.nvmrc: lts/iron"
	// Note is one line for stderr: the default's target is gone and the
	// system node runs instead.
	Note string `json:"note,omitempty"`
	// Missing is that default, for NVMGO_AUTO_INSTALL.
	Missing *NotInstalledError `json:"-"`
	// Constraints are the package.json ranges met on the way up that the
	// choice was checked against, nearest first.
	Constraints []Constraint `json:"constraints,omitempty"`
	// PassedOver are the pins (and the default) that did not meet them.
	PassedOver []PassedOver `json:"passed_over,omitempty"`
	// Warnings name the project files that were skipped (an empty .nvmrc,
	// a package.json that is not JSON); the shim prints them on stderr.
	Warnings []string `json:"warnings,omitempty"`
	// Overrides and Conflict are filled in by Explain, never by the shims.
	Overrides *Ask   `json:"overrides,omitempty"`
	Conflict  string `json:"conflict,omitempty"`
}

// Env is what resolution reads.
type Env struct {
	Getenv func(string) string
	Cwd    string // where project files are looked for; "" skips them
	Home   store.Home
	GOOS   string
	Self   string // the running binary; "" means os.Executable
}

// NotInstalledError is a selected spec that no installed version satisfies;
// notInstalled adds the command that fixes it.
type NotInstalledError struct {
	Spec   string
	Reason string
	Cause  error
}

func (e *NotInstalledError) Error() string {
	return fmt.Sprintf("node %s (%s) is not installed", e.Spec, e.Reason)
}

func (e *NotInstalledError) Unwrap() error { return e.Cause }

func notInstalled(spec, reason string, cause error) error {
	return hint.With(&NotInstalledError{Spec: spec, Reason: reason, Cause: cause}, "run: nvmgo install "+quoteArg(spec))
}

// ErrNoVersion means nothing selects a version and there is no system node.
var ErrNoVersion = hint.New("no node version is selected here and there is no system node", "run: nvmgo install lts && nvmgo default lts")

// Resolve decides which version a shim runs: NVMGO_NODE_VERSION, else the
// project (see resolver.project), then the default alias, then the newest
// installed version inside the project's ranges, else the system node,
// else an error. The Selection that comes with an error still carries the
// warnings.
func Resolve(e Env) (Selection, error) {
	if raw := strings.TrimSpace(e.Getenv(VersionEnv)); raw != "" {
		return selectSpec(e, raw, Selection{Source: "env", Reason: "from " + VersionEnv})
	}
	r := &resolver{e: e}
	sel, done, err := r.project()
	if done || err != nil {
		return r.finish(sel), err
	}
	if raw, ok, err := e.Home.ReadAlias(store.DefaultAlias); err != nil {
		return r.finish(Selection{}), err
	} else if ok {
		sel, done, err := r.defaultAlias(raw)
		var nie *NotInstalledError
		if errors.As(err, &nie) { // uninstalled with --force: the system node, if any, with a note
			if sys, serr := systemSelection(e, Selection{Spec: "system", Source: "system",
				Reason: "the default (" + raw + ") is not installed; the system node"}); serr == nil {
				sys.Note = "the default (" + raw + ") is not installed; running the system node (set another with: nvmgo default SPEC)"
				sys.Missing = nie
				return r.finish(sys), nil
			}
		}
		if done || err != nil {
			return r.finish(sel), err
		}
	}
	if len(r.cons) > 0 {
		sel, err := r.newestAllowed()
		return r.finish(sel), err
	}
	sel, err = systemSelection(e, Selection{Spec: "system", Source: "system", Reason: "no project file or default; the system node"})
	return r.finish(sel), err
}

func selectSpec(e Env, raw string, sel Selection) (Selection, error) {
	sel.Spec = raw
	spec, err := versions.ParseSpec(raw)
	if err != nil {
		return Selection{}, fmt.Errorf("%s: %w", strings.TrimPrefix(sel.Reason, "from "), err)
	}
	return selectParsed(e, spec, sel)
}

func selectParsed(e Env, spec versions.Spec, sel Selection) (Selection, error) {
	in, err := e.Home.Select(spec)
	if errors.Is(err, versions.ErrSystem) {
		return systemSelection(e, sel)
	}
	var nm *versions.NoMatchError
	if errors.As(err, &nm) {
		return sel, notInstalled(sel.Spec, sel.Reason, err)
	}
	if err != nil {
		return Selection{}, fmt.Errorf("%s: %w", sel.Reason, err)
	}
	sel.Version, sel.Dir = in.Version.String(), in.Dir
	return sel, nil
}

func systemSelection(e Env, sel Selection) (Selection, error) {
	p := LookPathOutside(e, "node")
	if p == "" {
		if sel.Source != "system" {
			return Selection{}, fmt.Errorf("%s selects the system node, but there is no node on PATH outside nvmgo", sel.Reason)
		}
		if list, err := e.Home.List(); err == nil && len(list) == 0 {
			return Selection{}, hint.With(&NothingInstalledError{Home: e.Home.Root}, "run: nvmgo install lts (or check NVMGO_HOME)")
		}
		return Selection{}, ErrNoVersion
	}
	sel.System, sel.Version, sel.Dir = true, "system", filepath.Dir(p)
	return sel, nil
}

// NothingInstalledError is ErrNoVersion in a home with no version at all,
// which is worth saying: a mistyped or fresh NVMGO_HOME looks just like it.
type NothingInstalledError struct{ Home string }

func (e *NothingInstalledError) Error() string {
	return fmt.Sprintf("no node version is installed in NVMGO_HOME (%s) and there is no system node", e.Home)
}

func (e *NothingInstalledError) Is(target error) bool { return target == ErrNoVersion }

// LookPathOutside finds a command on PATH, skipping nvmgo's shims and
// installs. A PATH entry is the shims folder when it is that folder by
// identity (device and inode), not only by name, so a link to it is
// skipped too; and a command that is this very binary, or the home's shim
// binary, is a shim (maybe of another NVMGO_HOME) and is skipped: running
// it would only come back here.
func LookPathOutside(e Env, name string) string {
	shims := filepath.Clean(e.Home.ShimsDir())
	vers := filepath.Clean(e.Home.VersionsDir()) + string(filepath.Separator)
	var dirs []string
	for _, dir := range filepath.SplitList(e.Getenv("PATH")) {
		d := filepath.Clean(dir)
		if dir != "" && d != shims && !strings.HasPrefix(d+string(filepath.Separator), vers) {
			dirs = append(dirs, d)
		}
	}
	var known *ownFiles
	return FindIn(name, dirs, func(dir, p string) bool {
		fi, err := os.Stat(p)
		if err != nil {
			return true
		}
		if known == nil {
			known = ownFilesOf(e)
		}
		return known.isOwn(dir, fi)
	})
}

// ownFiles are what LookPathOutside must not return: the shims folder, this
// binary and the shim binary, stat'ed once, only when a command is found.
type ownFiles struct{ shimsDir, self, shimBin os.FileInfo }

func ownFilesOf(e Env) *ownFiles {
	var o ownFiles
	o.shimsDir, _ = os.Stat(e.Home.ShimsDir())
	self := e.Self
	if self == "" {
		self, _ = os.Executable()
	}
	if self != "" {
		o.self, _ = os.Stat(self)
	}
	o.shimBin, _ = os.Stat(ShimBinary(e.Home, e.GOOS))
	return &o
}

func (o *ownFiles) isOwn(dir string, fi os.FileInfo) bool {
	for _, f := range [...]os.FileInfo{o.self, o.shimBin} {
		if f != nil && os.SameFile(f, fi) {
			return true
		}
	}
	if o.shimsDir == nil {
		return false
	}
	di, err := os.Stat(dir)
	return err == nil && os.SameFile(o.shimsDir, di)
}

func quoteArg(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\"'|<>&;$*?()\\`") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
