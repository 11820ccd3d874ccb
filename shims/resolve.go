// Package shims creates the shim links and runs them: resolve the selected Node version, then exec the real command.
package shims

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/nvmgo/nvmgo/internal/home"
	"github.com/nvmgo/nvmgo/versions"
)

// VersionEnv pins a version for one shell (set by `nvmgo use`).
const VersionEnv = "NVMGO_NODE_VERSION"

// Selection is the version a shim runs here, and why.
type Selection struct {
	Version string `json:"version"` // "v20.18.1"; "system" for the system node
	Dir     string `json:"dir,omitempty"`
	System  bool   `json:"system,omitempty"`
	Spec    string `json:"spec"`   // the spec as written
	Source  string `json:"source"` // "env", "file", "alias", "system"
	File    string `json:"file,omitempty"`
	Reason  string `json:"reason"` // "from /x/.nvmrc: lts/iron"
	// Note is one line for stderr: the default's target is gone and the
	// system node runs instead.
	Note string `json:"note,omitempty"`
	// Missing is that default, for NVMGO_AUTO_INSTALL.
	Missing *NotInstalledError `json:"-"`
}

// Env is what resolution reads.
type Env struct {
	Getenv func(string) string
	Cwd    string // where project files are looked for; "" skips them
	Home   home.Home
	GOOS   string
}

// NotInstalledError is a selected spec that no installed version satisfies.
type NotInstalledError struct {
	Spec   string
	Reason string
	Cause  error
}

func (e *NotInstalledError) Error() string {
	return fmt.Sprintf("node %s (%s) is not installed\nhint: run: nvmgo install %s", e.Spec, e.Reason, quoteArg(e.Spec))
}

func (e *NotInstalledError) Unwrap() error { return e.Cause }

// ErrNoVersion means nothing selects a version and there is no system node.
var ErrNoVersion = errors.New("no node version is selected here and there is no system node\nhint: run: nvmgo install lts && nvmgo default lts")

// Resolve decides which version a shim runs: NVMGO_NODE_VERSION, the nearest
// project file, the default alias, the system node, else an error.
func Resolve(e Env) (Selection, error) {
	if raw := strings.TrimSpace(e.Getenv(VersionEnv)); raw != "" {
		return selectSpec(e, raw, Selection{Source: "env", Reason: "from " + VersionEnv})
	}
	var pin versions.Pin
	found := false
	if e.Cwd != "" { // "" means the working folder is unknown: no project file
		var err error
		if pin, found, err = versions.FindPin(e.Cwd); err != nil {
			return Selection{}, err
		}
	}
	if found {
		return selectParsed(e, pin.Spec, Selection{Spec: pin.Raw, Source: "file", File: pin.File,
			Reason: "from " + pin.File + ": " + pin.Raw})
	}
	if raw, ok, err := e.Home.ReadAlias(home.DefaultAlias); err != nil {
		return Selection{}, err
	} else if ok {
		sel, err := selectSpec(e, raw, Selection{Source: "alias", Reason: "from the default alias"})
		var nie *NotInstalledError
		if errors.As(err, &nie) { // uninstalled with --force: the system node, if any, with a note
			if sys, serr := systemSelection(e, Selection{Spec: "system", Source: "system",
				Reason: "the default (" + raw + ") is not installed; the system node"}); serr == nil {
				sys.Note = "the default (" + raw + ") is not installed; running the system node (set another with: nvmgo default SPEC)"
				sys.Missing = nie
				return sys, nil
			}
		}
		return sel, err
	}
	return systemSelection(e, Selection{Spec: "system", Source: "system", Reason: "no project file or default; the system node"})
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
	if errors.Is(err, home.ErrSystem) {
		return systemSelection(e, sel)
	}
	var nm *versions.NoMatchError
	if errors.As(err, &nm) {
		return sel, &NotInstalledError{Spec: sel.Spec, Reason: sel.Reason, Cause: err}
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
		if sel.Source == "system" {
			return Selection{}, ErrNoVersion
		}
		return Selection{}, fmt.Errorf("%s selects the system node, but there is no node on PATH outside nvmgo", sel.Reason)
	}
	sel.System, sel.Version, sel.Dir = true, "system", filepath.Dir(p)
	return sel, nil
}

// LookPathOutside finds a command on PATH, skipping nvmgo's shims and installs.
func LookPathOutside(e Env, name string) string {
	shims := filepath.Clean(e.Home.ShimsDir())
	vers := filepath.Clean(e.Home.VersionsDir()) + string(filepath.Separator)
	for _, dir := range filepath.SplitList(e.Getenv("PATH")) {
		if dir == "" {
			continue
		}
		d := filepath.Clean(dir)
		if d == shims || strings.HasPrefix(d+string(filepath.Separator), vers) {
			continue
		}
		for _, cand := range exeNames(e.GOOS, name) {
			p := filepath.Join(d, cand)
			if fi, err := os.Stat(p); err == nil && !fi.IsDir() && (e.GOOS == "windows" || fi.Mode()&0o111 != 0) {
				return p
			}
		}
	}
	return ""
}

func exeNames(goos, name string) []string {
	if goos != "windows" {
		return []string{name}
	}
	return []string{name + ".exe", name + ".cmd", name + ".bat"}
}

func quoteArg(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\"'|<>&;$*?()\\`") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
