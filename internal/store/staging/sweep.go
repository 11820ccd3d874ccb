package staging

import (
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"

	"github.com/nvmgo/nvmgo/internal/store"
)

// lockOf is the file lock that guards key (a version or a store.PMKey):
// installs, removals and reinstalls of it take it.
func lockOf(h store.Home, key string) *flock.Flock { return flock.New(h.LockPath(key)) }

// sweep removes what killed runs left in tmp/: the staging, incomplete and
// removing folders of held (the caller holds its lock) and of any other key
// whose lock is free, and verify/doctor scratch a day old at now. A folder
// of an install or removal running now is left alone; names store does not
// know are never touched.
func sweep(h store.Home, held string, now time.Time) {
	ents, _ := os.ReadDir(h.TmpDir())
	free := map[string]bool{held: true}
	for _, e := range ents {
		path := filepath.Join(h.TmpDir(), e.Name())
		if k, ok := store.TmpKey(e.Name()); ok {
			ok, seen := free[k]
			if !seen {
				lock := lockOf(h, k)
				got, err := lock.TryLock()
				ok = err == nil && got
				if ok {
					defer lock.Unlock() // held until the sweep is done
				}
				free[k] = ok
			}
			if ok {
				os.RemoveAll(path)
			}
			continue
		}
		if store.StaleScratch(e, now) {
			os.RemoveAll(path)
		}
	}
}
