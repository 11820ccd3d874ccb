package main

import (
	"context"

	"github.com/nvmgo/nvmgo/globals"
	"github.com/nvmgo/nvmgo/internal/store"
)

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
