package install

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/internal/store/staging"
)

// reinstall is install --reinstall: the installed folder of the version
// the spec resolves to is set aside first, so the install downloads and
// verifies it afresh (this replaces an imported version with a verified
// one), and is put back when the install fails.
func (env Env) reinstall(ctx context.Context, req Request) (Result, error) {
	pl, err := env.settle(req)
	if err != nil {
		return Result{}, err
	}
	finish, err := env.aside(ctx, pl, req)
	if err != nil {
		return Result{}, err
	}
	res, err := env.installPlanned(ctx, pl, req)
	finish(err == nil)
	return res, err
}

// aside moves the installed folder away under its lock and returns what
// finishes: on success it deletes the old folder (after req.Replaced), on
// failure it puts it back, so a failed reinstall loses nothing.
func (env Env) aside(ctx context.Context, pl plan, req Request) (func(ok bool), error) {
	h := pl.h
	rel, _, _, err := ResolveRemote(ctx, env.IndexSource(req.Offline), pl.spec)
	if err != nil {
		return nil, err
	}
	ver := rel.V.String()
	dir := h.VersionDir(ver)
	aside, err := staging.SetAside(ctx, h, ver)
	if err != nil {
		return nil, err
	}
	if aside == "" {
		return func(bool) {}, nil
	}
	if m, err := store.ReadMeta(aside); err == nil && m.Imported != nil {
		fmt.Fprintf(env.Log, "nvmgo: replacing %s imported from %s with a verified download\n", ver, m.Imported.Manager)
	}
	return func(ok bool) {
		if ok {
			if req.Replaced != nil {
				req.Replaced(ctx, aside, store.Installed{Version: rel.V, Dir: dir})
			}
			os.RemoveAll(aside)
			return
		}
		if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) && os.Rename(aside, dir) == nil {
			fmt.Fprintf(env.Log, "nvmgo: %s is back as it was\n", ver)
			return
		}
		fmt.Fprintf(env.Log, "nvmgo: the previous %s is kept in %s\n", ver, aside)
	}, nil
}
