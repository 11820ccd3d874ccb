package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/safe"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/shims"
	"github.com/nvmgo/nvmgo/shims/reshim"
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
		return versions.Spec{}, "", usageErr(hint.New("no version given and no .node-version, .nvmrc or package.json engines here or above", "name a version, e.g. nvmgo install lts"))
	}
	fmt.Fprintf(a.stderr, "nvmgo: using %s from %s\n", safe.Text(pin.Raw), safe.Text(pin.File))
	return pin.Spec, pin.Raw, nil
}

// resolveInstalled resolves a spec argument (or the project's pin, or the
// shim rules when there is none) among installed versions.
func (a *app) resolveInstalled(ctx context.Context, args []string) (store.Installed, string, error) {
	h, err := a.home()
	if err != nil {
		return store.Installed{}, "", err
	}
	// exec, run and verify run what the home holds: as root, like the
	// shims, never from a home another user can change (here the whole
	// check, not the shims' one stat).
	if os.Geteuid() == 0 {
		if err := h.Check(); err != nil {
			return store.Installed{}, "", hint.With(fmt.Errorf("refusing to run as root from NVMGO_HOME: %w", err), store.UnsafeHint(h))
		}
	}
	if len(args) == 0 {
		sel, err := a.selection(ctx)
		if err != nil {
			return store.Installed{}, "", err
		}
		if sel.System {
			return store.Installed{}, "", errors.New("the system node is selected here; name a version")
		}
		v, _ := versions.ParseVersion(sel.Version)
		return store.Installed{Version: v, Dir: sel.Dir}, sel.Reason, nil
	}
	spec, err := versions.ParseSpec(args[0])
	if err != nil {
		return store.Installed{}, "", usageErr(err)
	}
	in, err := h.Select(spec)
	var nm *versions.NoMatchError
	if errors.As(err, &nm) {
		return in, "", a.notInstalled(ctx, err, h, spec, args[0], "nvmgo install "+args[0])
	}
	return in, args[0], err
}

// notInstalled explains a spec that matches no installed version: when a
// release matches it, the hint says how to install it; when none does (a
// typo, lts/banana, a major not out yet), only the releases it was checked
// against are named, with no command that cannot work.
func (a *app) notInstalled(ctx context.Context, err error, h store.Home, spec versions.Spec, raw, install string) error {
	exp, _, xerr := h.ExpandAlias(spec)
	if xerr != nil {
		return xerr
	}
	nm := a.noRelease(ctx, exp)
	switch {
	case nm == nil:
		return hint.With(err, "run: "+install)
	case exp.Kind == versions.SpecName:
		return hint.New(fmt.Sprintf("%q is neither an alias nor an LTS codename (LTS lines: %s)", exp.Name, strings.Join(nm.LTSNames, ", ")), "run: nvmgo aliases")
	}
	return hint.With(nm, "run: nvmgo ls-remote to see the releases")
}

// noRelease is the index's no-match error when no release matches spec,
// else nil (also when there is no index to ask). The cached or embedded
// index decides; it never waits on the network.
func (a *app) noRelease(ctx context.Context, spec versions.Spec) *versions.NoMatchError {
	rels, _, err := a.loadIndex(ctx, true)
	if err != nil {
		return nil
	}
	_, err = versions.Select(spec, versions.Candidates(rels), "in the release index")
	var nm *versions.NoMatchError
	if errors.As(err, &nm) {
		return nm
	}
	return nil
}

// selection is what a shim would run here.
func (a *app) selection(ctx context.Context) (shims.Selection, error) {
	h, err := a.home()
	if err != nil {
		return shims.Selection{}, err
	}
	sel, err := shims.Resolve(shims.Env{Getenv: a.getenv, Cwd: a.workDir(), Home: h, GOOS: a.goos})
	return sel, a.pinHint(ctx, h, err)
}

// pinHint replaces the shims' "run: nvmgo install SPEC" for a pin that no
// release matches (lts/banana, 99): a hint that cannot work is none.
func (a *app) pinHint(ctx context.Context, h store.Home, err error) error {
	var nie *shims.NotInstalledError
	if !errors.As(err, &nie) {
		return err
	}
	spec, perr := versions.ParseSpec(nie.Spec)
	if perr != nil {
		return err
	}
	if exp, _, xerr := h.ExpandAlias(spec); xerr == nil {
		if nm := a.noRelease(ctx, exp); nm != nil {
			return hint.With(fmt.Errorf("node %s (%s) is not installed, and %w", nie.Spec, nie.Reason, nm), "change the pin; nvmgo ls-remote lists the releases")
		}
	}
	return err
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
	if added, removed, err = reshim.Reshim(h, a.goos, src); err != nil {
		return nil, nil, fmt.Errorf("creating shims in %s: %w", h.ShimsDir(), h.WriteErr(err))
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
