package globals

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/download/npmreg"
	"github.com/nvmgo/nvmgo/internal/testregistry"
)

// systemNpm finds a real node and its npm, or skips.
func systemNpm(t *testing.T) (node, npmDir string) {
	if runtime.GOOS == "windows" {
		t.Skip("the unix layout; Windows runs scripts/e2e-windows.sh")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node on PATH")
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skip("no npm on PATH")
	}
	cli, err := filepath.EvalSymlinks(npm)
	if err != nil || filepath.Base(cli) != "npm-cli.js" {
		t.Skipf("npm at %s is not a link to npm-cli.js", npm)
	}
	return node, filepath.Dir(filepath.Dir(cli))
}

// realVersion makes a version folder whose bin/node runs the real node
// and whose npm is the real npm, as an install has them.
func realVersion(t *testing.T, root, v, node, npmDir string) {
	in := installed(t, root, v)
	bin := filepath.Join(in.Dir, "bin")
	os.MkdirAll(bin, 0o755)
	os.WriteFile(filepath.Join(bin, "node"), []byte("#!/bin/sh\nexec '"+node+"' \"$@\"\n"), 0o755)
	os.MkdirAll(ModulesDir(in.Dir, "linux"), 0o755)
	if err := os.Symlink(npmDir, filepath.Join(ModulesDir(in.Dir, "linux"), "npm")); err != nil {
		t.Fatal(err)
	}
}

// TestCopyRealNpm copies globals between two versions with the real npm
// against a registry served by the test: a package whose engines exclude
// the target comes at the newest version that supports it, one the
// registry lacks fails with npm's E404 while the others go in, and a
// linked folder is linked again.
func TestCopyRealNpm(t *testing.T) {
	if testing.Short() {
		t.Skip("runs npm")
	}
	node, npmDir := systemNpm(t)
	root := t.TempDir()
	realVersion(t, root, "v18.20.8", node, npmDir)
	realVersion(t, root, "v22.12.0", node, npmDir)
	from, to := installed(t, root, "v18.20.8"), installed(t, root, "v22.12.0")
	reg := testregistry.Start()
	defer reg.Close()
	reg.Publish("plaincli", "1.0.0", ">=10")
	reg.Publish("agecli", "1.0.0", "<20")
	reg.Publish("agecli", "2.0.0", ">=20")
	// what npm install -g left in the old version (no network needed)
	writePkg(t, from.Dir, "linux", "plaincli", map[string]any{"version": "1.0.0", "engines": map[string]string{"node": ">=10"}})
	writePkg(t, from.Dir, "linux", "agecli", map[string]any{"version": "1.0.0", "engines": map[string]string{"node": "<20"}})
	writePkg(t, from.Dir, "linux", "unpublished", map[string]any{"version": "3.0.0"})
	proj := filepath.Join(root, "proj")
	os.MkdirAll(proj, 0o755)
	os.WriteFile(filepath.Join(proj, "package.json"), []byte(`{"name":"mylinked","version":"0.0.1","bin":{"mylinked":"cli.js"}}`), 0o644)
	os.WriteFile(filepath.Join(proj, "cli.js"), []byte("#!/usr/bin/env node\nconsole.log('linked')\n"), 0o755)
	os.Symlink(proj, filepath.Join(ModulesDir(from.Dir, "linux"), "mylinked"))

	userHome := filepath.Join(root, "user")
	os.MkdirAll(userHome, 0o755)
	env := []string{"PATH=/usr/bin:/bin", "HOME=" + userHome, "npm_config_registry=" + reg.URL,
		"npm_config_cache=" + filepath.Join(root, "npmcache"), "npm_config_userconfig=" + filepath.Join(userHome, ".npmrc"),
		"npm_config_prefix=/must/be/overridden"}
	lookup := func(ctx context.Context, name string) (Packument, error) {
		b, ok := reg.Packument(name)
		if !ok {
			return Packument{}, ErrNoLookup
		}
		return parsePackument(name, b)
	}
	rep, err := Copy(context.Background(), from, to, Options{Run: NpmRunner("linux", env), Lookup: lookup, GOOS: "linux"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Result{}
	for _, r := range rep.Results {
		got[r.Name] = r
	}
	for name, want := range map[string][2]string{
		"plaincli": {Installed, "1.0.0"}, "agecli": {Installed, "2.0.0"},
		"unpublished": {Failed, ""}, "mylinked": {Relinked, "0.0.1"}, "npm": {Skipped, ""},
	} {
		if r := got[name]; r.Status != want[0] || (want[1] != "" && r.Version != want[1]) {
			t.Errorf("%s: %+v; want %s %s", name, r, want[0], want[1])
		}
	}
	if e := got["unpublished"].Error; !strings.Contains(e, "404") {
		t.Errorf("unpublished: error %q, want npm's 404", e)
	}
	for _, cmd := range []string{"plaincli", "agecli", "mylinked"} {
		out, err := exec.Command(filepath.Join(to.Dir, "bin", cmd)).CombinedOutput()
		if err != nil {
			t.Errorf("%s in the target: %v %s", cmd, err, out)
		}
	}
	if fi, err := os.Lstat(filepath.Join(ModulesDir(to.Dir, "linux"), "mylinked")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("mylinked is not linked in the target: %v", err)
	}
	if _, err := os.Stat("/must/be/overridden"); err == nil {
		t.Error("npm used the prefix from the environment")
	}
	// a default-packages style install: specs as written
	rep, err = Install(context.Background(), to, []string{"plaincli@^1", "nosuchpkg"}, Options{Run: NpmRunner("linux", env), GOOS: "linux"})
	if err != nil || len(rep.Failed()) != 1 || rep.Failed()[0].Name != "nosuchpkg" {
		t.Errorf("Install = %+v, %v; want nosuchpkg failed only", rep, err)
	}
}

func TestRegistryLookup(t *testing.T) {
	reg := testregistry.Start()
	defer reg.Close()
	reg.Publish("agecli", "1.0.0", "<20")
	reg.Publish("agecli", "2.0.0", ">=20")
	lookup := RegistryLookup(download.NewClient("test"), npmreg.Config{Registry: reg.URL})
	doc, err := lookup(context.Background(), "agecli")
	if err != nil {
		t.Fatal(err)
	}
	want := Packument{Latest: "2.0.0", Versions: map[string]VersionInfo{"1.0.0": {Engines: "<20"}, "2.0.0": {Engines: ">=20"}}}
	if !reflect.DeepEqual(doc, want) {
		t.Errorf("lookup = %+v, want %+v", doc, want)
	}
	if _, err := lookup(context.Background(), "@corp/private"); !errors.Is(err, ErrNoLookup) {
		t.Errorf("a scoped package must not be asked of the default registry: %v", err)
	}
	if reg.Hits("@corp/private") != 0 {
		t.Error("the scoped name reached the registry")
	}
	if _, err := lookup(context.Background(), "nosuch"); err == nil {
		t.Error("a missing package: want an error")
	}
}
