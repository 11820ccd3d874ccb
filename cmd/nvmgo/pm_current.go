package main

import (
	"fmt"
	"io"

	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/safe"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/shims"
	"github.com/nvmgo/nvmgo/versions"
)

// pmWhich is `nvmgo which` for the package manager shims: the file the
// shim runs here (the pinned version's entry script or native binary, or
// the unpinned fallback). handled is false where the node version's own
// command runs, which which reports as for any command.
func (a *app) pmWhich(h store.Home, sel shims.Selection, name string) (path string, handled bool, err error) {
	if _, ok := shims.PMTool(name); !ok {
		return "", false, nil
	}
	e := shims.Env{Getenv: a.getenv, Cwd: a.workDir(), Home: h, GOOS: a.goos}
	run, found, err := shims.PMPinned(e, name, a.stderr, nil)
	if err != nil {
		return "", true, err
	}
	if found {
		if run.Native != "" {
			return run.Native, true, nil
		}
		return run.Script, true, nil
	}
	if sel.System && shims.LookPathOutside(e, name) != "" {
		return "", false, nil
	}
	if !sel.System {
		if _, ok := shims.Target(a.goos, sel.Dir, name, nil); ok {
			return "", false, nil
		}
	}
	if cmd, ok := shims.PMUnpinned(e, sel, name, nil); ok {
		if len(cmd.Args) > 1 && cmd.Args[0] == "node" {
			return cmd.Args[1], true, nil
		}
		return cmd.Path, true, nil
	}
	if name == "npm" || name == "npx" {
		return "", false, nil
	}
	return "", true, shims.NoPMError(name, sel)
}

// pmCurrent is the package manager the project here pins.
type pmCurrent struct {
	Name      string `json:"name"`
	Version   string `json:"version,omitempty"` // the installed version that runs
	Pin       string `json:"pin"`               // what the project wrote
	File      string `json:"file"`
	Installed bool   `json:"installed"`
	Dir       string `json:"dir,omitempty"`
	Problem   string `json:"problem,omitempty"`
}

// pmCurrentHere reads the nearest package manager pin; nil when none.
func (a *app) pmCurrentHere(h store.Home) *pmCurrent {
	cwd := a.workDir()
	if cwd == "" {
		return nil
	}
	proj, found, err := versions.FindPMProject(cwd)
	if err != nil {
		return &pmCurrent{Problem: hint.Text(err)}
	}
	if !found {
		return nil
	}
	tool := proj.Manager.Name
	if tool == "" {
		tool = proj.Dev[0].Name
	}
	c := proj.Choose(tool)
	out := &pmCurrent{Name: c.Name, Pin: c.Raw, File: c.File}
	e := shims.Env{Getenv: a.getenv, Cwd: cwd, Home: h, GOOS: a.goos}
	run, ok, err := shims.PMPinned(e, tool, io.Discard, nil)
	switch {
	case ok:
		out.Installed, out.Dir = true, run.Dir
		if m, err := store.ReadPMMeta(run.Dir); err == nil {
			out.Version = m.Version
		}
	case err != nil:
		out.Problem = hint.Text(err)
	}
	return out
}

// writePMCurrent prints the package manager line of `nvmgo current`.
func writePMCurrent(w io.Writer, p *pmCurrent) {
	switch {
	case p == nil:
	case p.Name == "":
		fmt.Fprintf(w, "package manager: %s\n", safe.Text(firstLine(p.Problem)))
	case p.Installed:
		fmt.Fprintf(w, "%s %s (from %s %s)\n", p.Name, p.Version, safe.Text(p.File), safe.Text(p.Pin))
	default:
		fmt.Fprintf(w, "%s: %s\n", p.Name, safe.Text(firstLine(p.Problem)))
	}
}
