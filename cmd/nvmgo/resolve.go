package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/internal/home"
	"github.com/nvmgo/nvmgo/shims"
	"github.com/nvmgo/nvmgo/versions"
)

// specFromArgs parses the spec argument, or reads the nearest project file
// (the same reader the shims use) when there is none.
func (a *app) specFromArgs(args []string) (versions.Spec, string, error) {
	if len(args) > 0 {
		s, err := versions.ParseSpec(args[0])
		if err != nil {
			return s, "", usageErr(err)
		}
		return s, args[0], nil
	}
	var pin versions.Pin
	found := false
	if cwd := a.workDir(); cwd != "" {
		var warnings []error
		var err error
		pin, found, warnings, err = versions.FindPinWarn(cwd)
		for _, w := range warnings {
			fmt.Fprintf(a.stderr, "nvmgo: warning: %s\n", w)
		}
		if err != nil {
			return versions.Spec{}, "", err
		}
	}
	if !found {
		return versions.Spec{}, "", usageErr(errors.New("no version given and no .node-version, .nvmrc or package.json engines here or above\nhint: name a version, e.g. nvmgo install lts"))
	}
	fmt.Fprintf(a.stderr, "nvmgo: using %s from %s\n", pin.Raw, pin.File)
	return pin.Spec, pin.Raw, nil
}

// resolveRemote resolves a spec, its aliases already followed (see
// installSpec), against the release index, which it also returns.
func (a *app) resolveRemote(ctx context.Context, spec versions.Spec, offline bool) (versions.Release, []versions.Release, error) {
	if spec.Kind == versions.SpecSystem {
		return versions.Release{}, nil, usageErr(errors.New(`"system" is the node outside nvmgo; it cannot be installed`))
	}
	rels, _, err := a.loadIndex(ctx, offline)
	if err != nil {
		return versions.Release{}, nil, err
	}
	c, err := versions.Select(spec, versions.Candidates(rels), "in the release index")
	if err != nil {
		return versions.Release{}, rels, err
	}
	for _, r := range rels {
		if r.V.Compare(c.Version) == 0 {
			return r, rels, nil
		}
	}
	return versions.Release{}, rels, fmt.Errorf("internal: %s vanished from the index", c.Version)
}

// resolveInstalled resolves a spec argument (or the project's pin, or the
// shim rules when there is none) among installed versions.
func (a *app) resolveInstalled(args []string) (home.Installed, string, error) {
	h, err := a.home()
	if err != nil {
		return home.Installed{}, "", err
	}
	if len(args) == 0 {
		sel, err := a.selection()
		if err != nil {
			return home.Installed{}, "", err
		}
		if sel.System {
			return home.Installed{}, "", errors.New("the system node is selected here; name a version")
		}
		v, _ := versions.ParseVersion(sel.Version)
		return home.Installed{Version: v, Dir: sel.Dir}, sel.Reason, nil
	}
	spec, err := versions.ParseSpec(args[0])
	if err != nil {
		return home.Installed{}, "", usageErr(err)
	}
	in, err := h.Select(spec)
	var nm *versions.NoMatchError
	if errors.As(err, &nm) {
		return in, "", fmt.Errorf("%w\nhint: run: nvmgo install %s", err, args[0])
	}
	return in, args[0], err
}

// selection is what a shim would run here.
func (a *app) selection() (shims.Selection, error) {
	h, err := a.home()
	if err != nil {
		return shims.Selection{}, err
	}
	return shims.Resolve(shims.Env{Getenv: a.getenv, Cwd: a.workDir(), Home: h, GOOS: a.goos})
}

// reshim refreshes the shims with this binary (or the small nvmgo-shim
// beside it) as their target.
func (a *app) reshim() error {
	_, _, err := a.reshimChanges()
	return err
}

// reshimChanges is reshim that also says which shims it added and removed.
func (a *app) reshimChanges() (added, removed []string, err error) {
	h, err := a.home()
	if err != nil {
		return nil, nil, err
	}
	src, err := shimSource(a.goos)
	if err != nil {
		return nil, nil, err
	}
	if added, removed, err = shims.Reshim(h, a.goos, src); err != nil {
		return nil, nil, fmt.Errorf("creating shims in %s: %w", h.ShimsDir(), download.HomeErr(h, err))
	}
	return added, removed, recordSelf(h)
}

// workDir is where project files are looked for: the working folder, or
// when it was removed, the shell's $PWD (its parents may still pin a
// version), else "" (no project file), as the shims do.
func (a *app) workDir() string {
	if cwd, err := os.Getwd(); err == nil {
		return cwd
	}
	if pwd := a.getenv("PWD"); filepath.IsAbs(pwd) {
		return pwd
	}
	return ""
}
