package staging

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/nvmgo/nvmgo/internal/store"
)

// lockedStage is what differs between a node install (Stage) and a package
// manager install (StagePM); stageLocked runs the sequence they share.
type lockedStage[M, R any] struct {
	key  string // lock file (locks/KEY.lock) and tmp/ name prefix
	what string // the install, as the waiting message names it
	dir  string // where the finished install goes
	sub  string // the folder fill writes, inside the staging folder
	// installed returns the install already in dir, if it is complete.
	installed func() (R, bool)
	// fill writes the release into dest (the caller's Fill or PMFill).
	fill func(ctx context.Context, dest, staging string) (M, error)
	// finish checks what fill wrote and writes its metadata last.
	finish func(dest string, meta M) (R, error)
}

// stageLocked installs s.dir under the file lock of s.key: it waits for
// another nvmgo holding that lock, answers an install that is complete by
// then, moves an incomplete one aside, fills a fresh staging folder in
// tmp/ (the same file system) and renames the result into place. The
// caller makes the folders it needs (its parent, tmp/, locks/) first.
func stageLocked[M, R any](ctx context.Context, st Stager, s lockedStage[M, R]) (R, error) {
	var zero R
	h := st.Home
	lock := lockOf(h, s.key)
	ok, err := lock.TryLock()
	if err != nil {
		return zero, h.WriteErr(err)
	}
	if !ok {
		if st.Log != nil {
			fmt.Fprintf(st.Log, "nvmgo: waiting for another nvmgo installing %s\n", s.what)
		}
		if _, err := lock.TryLockContext(ctx, 50*time.Millisecond); err != nil {
			return zero, err
		}
	}
	defer lock.Unlock()
	if r, ok := s.installed(); ok {
		return r, nil
	}
	sweep(h, s.key, st.now())
	if _, err := os.Lstat(s.dir); err == nil {
		// Not a complete install (an old crash, a copy made by hand, a link):
		// move it aside rather than trust it. A link moves, not its target.
		if err := os.Rename(s.dir, h.Aside(s.key, store.Incomplete)); err != nil {
			return zero, h.WriteErr(err)
		}
		sweep(h, s.key, st.now())
	}
	staging, err := h.NewStaging(s.key)
	if err != nil {
		return zero, h.WriteErr(err)
	}
	defer os.RemoveAll(staging)
	dest := filepath.Join(staging, s.sub)
	if err := os.Mkdir(dest, 0o755); err != nil {
		return zero, h.WriteErr(err)
	}
	meta, err := s.fill(ctx, dest, staging)
	if err != nil {
		return zero, err
	}
	r, err := s.finish(dest, meta)
	if err != nil {
		return zero, err
	}
	if err := os.Rename(dest, s.dir); err != nil {
		return zero, h.WriteErr(err)
	}
	return r, nil
}
