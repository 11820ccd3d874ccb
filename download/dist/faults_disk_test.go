package dist

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/nvmgo/nvmgo/download/extract/archivetest"
	"github.com/nvmgo/nvmgo/internal/faulttest"
	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/internal/store/staging"
	"github.com/nvmgo/nvmgo/internal/testmirror"
)

// Faults of the file system under NVMGO_HOME: full, read-only, shared by
// concurrent installs, littered by killed ones.

func TestFaultDiskFull(t *testing.T) {
	for _, goos := range []string{"linux", "windows"} {
		t.Run(goos, func(t *testing.T) {
			r := newRig(t, goos)
			faulttest.MountTmpfs(t, r.home, "2m")
			top := "node-" + faultVersion + "-" + r.art.Tag
			var big []byte
			if goos == "windows" {
				tree := append(testmirror.WindowsTree(top, r.rel), archivetest.Entry{Name: top + "/big.bin", Body: faulttest.Random(4<<20, 2)})
				big = archivetest.Zip(tree)
			} else {
				big = faulttest.BigTarGz(r.rel, r.art.Tag, "/bin/false", 4<<20)
				r.art.FileName, r.art.Alternatives = top+".tar.gz", nil
			}
			small := r.data()
			if err := faulttest.SetArchive(r.m, faultVersion, r.art.FileName, big); err != nil {
				t.Fatal(err)
			}
			r.mustFail(t, "no space left in "+r.home, "hint: free some space")
			// The next step the hint gives works: with room, it installs.
			if err := faulttest.SetArchive(r.m, faultVersion, r.art.FileName, small); err != nil {
				t.Fatal(err)
			}
			r.mustInstall(t)
		})
	}
}

func TestFaultReadOnlyHome(t *testing.T) {
	t.Run("empty", func(t *testing.T) {
		r := newRig(t, "linux")
		faulttest.ReadOnly(t, r.home)
		r.mustFail(t, r.home+" is not writable", "NVMGO_HOME")
	})
	t.Run("with-an-install", func(t *testing.T) {
		r := newRig(t, "linux", faultVersion, "v22.12.0")
		r.mustInstall(t)
		faulttest.ReadOnly(t, r.home)
		res := r.mustInstall(t) // installed already: a success that writes nothing
		if !res.Already {
			t.Errorf("Already = false for an installed version")
		}
		r.rel = r.release(t, "v22.12.0")
		r.art.FileName = "node-v22.12.0-linux-x64.tar.xz"
		_, err := r.install(t)
		if err == nil {
			t.Fatal("install into a read-only home succeeded")
		}
		faulttest.AssertHint(t, hint.Text(err), r.home+" is not writable")
		if n := assertOnlyComplete(t, r.home); n != 1 {
			t.Errorf("versions/ holds %d complete installs, want the 1 from before", n)
		}
	})
}

func TestFaultConcurrentInstalls(t *testing.T) {
	r := newRig(t, "linux")
	const n = 8
	results := make([]staging.Result, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		in := r.installer(r.in.Keyring, "linux") // one process each: own client, own lock handle
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			results[i], errs[i] = in.Install(ctx, r.rel, r.art)
		}()
	}
	wg.Wait()
	fresh := 0
	for i, err := range errs {
		if err != nil {
			t.Errorf("install %d: %v", i, err)
		} else if !results[i].Already {
			fresh++
		}
	}
	if fresh != 1 {
		t.Errorf("%d installs did the work, want 1", fresh)
	}
	if hits := r.m.Hits(r.path()); hits != 1 {
		t.Errorf("archive downloaded %d times, want 1", hits)
	}
	if got := assertOnlyComplete(t, r.home); got != 1 {
		t.Errorf("versions/ holds %d complete installs, want 1", got)
	}
	faulttest.AssertNoStaging(t, r.home)
}

func TestFaultStaleStaging(t *testing.T) {
	// What a killed install leaves: a staging folder with a partial tree,
	// and (from an older nvmgo, or a copy by hand) a version folder with no
	// metadata. The next install clears both and installs.
	r := newRig(t, "linux")
	h := store.Home{Root: r.home}
	partial := filepath.Join(h.TmpDir(), faultVersion+"-123456", "node", "bin")
	half := filepath.Join(h.VersionDir(faultVersion), "bin")
	for _, d := range []string{partial, half} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "node"), []byte("#!/bin/sh\n# cut short"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	res := r.mustInstall(t)
	if res.Already {
		t.Error("a version folder without metadata was taken as installed")
	}
}
