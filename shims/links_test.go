package shims

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"

	"github.com/nvmgo/nvmgo/internal/store"
)

// Drift says what Relink changes, and after Relink there is none.
func TestDriftAndRelink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("unix layout")
	}
	h := store.Home{Root: t.TempDir()}
	fakeInstall(t, h, "v22.12.0", "")
	writeFile(t, filepath.Join(h.VersionDir("v22.12.0"), "bin", "tsc"), "#!/bin/sh\n")
	writeFile(t, ShimBinary(h, "linux"), "shim")
	for _, f := range []string{"node", "gone", ".node.123.tmp", "npm.old"} {
		writeFile(t, filepath.Join(h.ShimsDir(), f), "")
	}
	names, missing, stale, err := Drift(h, "linux")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != len(Always)+len(PMShims)+1 {
		t.Errorf("names = %q; want Always, PMShims and tsc", names)
	}
	if want := []string{"corepack", "npm", "npx", "pnpm", "pnpx", "tsc", "yarn", "yarnpkg"}; !reflect.DeepEqual(missing, want) {
		t.Errorf("missing = %q; want %q", missing, want)
	}
	if !reflect.DeepEqual(stale, []string{"gone"}) {
		t.Errorf("stale = %q; want [gone] (not the dot file, not the .old one)", stale)
	}
	added, removed, err := Relink(h, "linux", false)
	if err != nil {
		t.Fatal(err)
	}
	// node exists as a plain file, not a link to the shim binary: relinked, not added.
	if !reflect.DeepEqual(added, missing) || !reflect.DeepEqual(removed, stale) {
		t.Errorf("Relink = +%q -%q; want +%q -%q", added, removed, missing, stale)
	}
	if _, err := os.Lstat(filepath.Join(h.ShimsDir(), "npm.old")); err == nil {
		t.Error("npm.old is left")
	}
	// Relative, so a home that is moved or mounted elsewhere keeps working.
	for _, n := range []string{"node", "tsc"} {
		if got, err := os.Readlink(filepath.Join(h.ShimsDir(), n)); err != nil || got != "../bin/nvmgo-shim" {
			t.Errorf("shim %s links to %q, %v; want ../bin/nvmgo-shim", n, got, err)
		}
	}
	if _, missing, stale, err := Drift(h, "linux"); err != nil || len(missing)+len(stale) != 0 {
		t.Errorf("after Relink: missing %q, stale %q, %v; want none", missing, stale, err)
	}
}
