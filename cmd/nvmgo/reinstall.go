package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/nvmgo/nvmgo/globals"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/versions"
)

// reinstallAside prepares install --reinstall: the installed folder of the
// version spec resolves to is moved aside (under its lock), so the install
// that follows downloads and verifies it afresh; this replaces an imported
// version with a verified one. The returned function finishes: on success
// it deletes the old folder, on failure it puts it back, so a failed
// reinstall loses nothing.
func (a *app) reinstallAside(ctx context.Context, spec versions.Spec, o installOptions) (func(ok bool), error) {
	h, err := a.home()
	if err != nil {
		return nil, err
	}
	if spec, _, err = h.ExpandAlias(spec); err != nil {
		return nil, err
	}
	rel, _, err := a.resolveRemote(ctx, spec, o.offline)
	if err != nil {
		return nil, err
	}
	ver := rel.V.String()
	dir := h.VersionDir(ver)
	aside, err := h.SetAside(ctx, ver)
	if err != nil {
		return nil, err
	}
	if aside == "" {
		return func(bool) {}, nil
	}
	if m, err := store.ReadMeta(aside); err == nil && m.Imported != nil {
		fmt.Fprintf(a.stderr, "nvmgo: replacing %s imported from %s with a verified download\n", ver, m.Imported.Manager)
	}
	return func(ok bool) {
		if ok {
			a.carryGlobals(ctx, aside, store.Installed{Version: rel.V, Dir: dir})
			os.RemoveAll(aside)
			return
		}
		if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) && os.Rename(aside, dir) == nil {
			fmt.Fprintf(a.stderr, "nvmgo: %s is back as it was\n", ver)
			return
		}
		fmt.Fprintf(a.stderr, "nvmgo: the previous %s is kept in %s\n", ver, aside)
	}, nil
}

// carryGlobals installs the global packages of the replaced folder into
// the fresh install, so a reinstall keeps them; failures are reported and
// leave the reinstall standing.
func (a *app) carryGlobals(ctx context.Context, old string, to store.Installed) {
	pkgs, err := globals.List(old, a.goos)
	if err != nil {
		return
	}
	n := 0
	for _, p := range pkgs {
		if !p.Bundled {
			n++
		}
	}
	if n == 0 {
		return
	}
	rep, err := globals.Copy(ctx, store.Installed{Version: to.Version, Dir: old}, to, a.globalsOptions(false))
	if err := a.finishGlobalsTo(a.stderr, rep, err, false, "reinstall "+to.Version.String()+": global packages"); err != nil {
		printError(a, err)
	}
}
