package shims

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/nvmgo/nvmgo/versions"
)

// Ask is what the project asks for where NVMGO_NODE_VERSION overrides it.
type Ask struct {
	File    string `json:"file"`
	Spec    string `json:"spec"`
	Version string `json:"version,omitempty"` // what it would run; "" when not installed
}

// Explain resolves as Resolve does and adds what a person asking "which
// node, and why" needs but a shim does not: the project pin that
// NVMGO_NODE_VERSION overrides (Overrides), and a .node-version and an
// .nvmrc in one folder that disagree (Conflict). It reads more files than
// Resolve, so commands call it and the shims never do.
func Explain(e Env) (Selection, error) {
	sel, err := Resolve(e)
	pinFile := sel.File
	if sel.Source == "env" && e.Cwd != "" {
		inner := e.Getenv
		e.Getenv = func(k string) string {
			if k == VersionEnv {
				return ""
			}
			return inner(k)
		}
		proj, perr := Resolve(e)
		var nie *NotInstalledError
		if (perr == nil || errors.As(perr, &nie)) && (proj.Source == "file" || proj.Source == "constraints") {
			sel.Overrides = &Ask{File: proj.File, Spec: proj.Spec, Version: proj.Version}
			pinFile = proj.File
		}
	}
	sel.Conflict = pinConflict(pinFile)
	return sel, err
}

// pinConflict says when the .node-version that decided has an .nvmrc
// beside it that asks for something else: nvmgo reads .node-version first,
// fnm and nvm read .nvmrc, so a team on both runs two versions.
func pinConflict(file string) string {
	if filepath.Base(file) != ".node-version" {
		return ""
	}
	nv, err := versions.ReadPinFile(file)
	if err != nil {
		return ""
	}
	rc := filepath.Join(filepath.Dir(file), ".nvmrc")
	other, err := versions.ReadPinFile(rc)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return ""
	case err != nil:
		return fmt.Sprintf("%s asks for %s, and %s beside it cannot be read (%v); nvm and fnm read .nvmrc", file, nv.Raw, rc, err)
	case sameAsk(nv.Spec, other.Spec):
		return ""
	}
	return fmt.Sprintf("%s asks for %s but %s asks for %s; nvmgo uses .node-version, nvm and fnm use .nvmrc", file, nv.Raw, rc, other.Raw)
}

// sameAsk reports whether two specs ask for the same thing: equal exact
// versions, or the same text up to case and a leading "v".
func sameAsk(a, b versions.Spec) bool {
	if a.Kind == versions.SpecExact && b.Kind == versions.SpecExact {
		return a.Exact.Compare(b.Exact) == 0
	}
	norm := func(s string) string { return strings.TrimPrefix(strings.ToLower(s), "v") }
	return norm(a.Raw) == norm(b.Raw)
}
