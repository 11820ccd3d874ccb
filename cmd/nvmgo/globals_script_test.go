package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/nvmgo/nvmgo/internal/testregistry"
)

// cmdRegistry starts a local npm registry and points npm at it:
// registry NAME@VERSION[:ENGINES]... (in order; the last of a name is latest).
func cmdRegistry(ts *testscript.TestScript, neg bool, args []string) {
	r := testregistry.Start()
	ts.Defer(r.Close)
	for _, a := range args {
		spec, engines, _ := strings.Cut(a, ":")
		i := strings.LastIndexByte(spec, '@')
		if i <= 0 {
			ts.Fatalf("registry: %q is not NAME@VERSION[:ENGINES]", a)
		}
		r.Publish(spec[:i], spec[i+1:], engines)
	}
	ts.Setenv("npm_config_registry", r.URL)
	ts.Setenv("npm_config_cache", ts.MkAbs(".npmcache"))
	ts.Setenv("REGISTRY", r.URL)
}

// cmdRealNpm swaps the stand-in npm of installed versions for the npm on
// this machine's PATH (the test mirror's archives carry a fake one):
// realnpm VERSION... (guard the script with [!exec:npm] skip).
func cmdRealNpm(ts *testscript.TestScript, neg bool, args []string) {
	npm, err := exec.LookPath("npm")
	ts.Check(err)
	cli, err := filepath.EvalSymlinks(npm)
	if err != nil || filepath.Base(cli) != "npm-cli.js" {
		ts.Fatalf("realnpm: npm at %s is not a link to npm-cli.js", npm)
	}
	npmDir := filepath.Dir(filepath.Dir(cli))
	for _, v := range args {
		dst := filepath.Join(ts.Getenv("NVMGO_HOME"), "versions", v, "lib", "node_modules", "npm")
		ts.Check(os.RemoveAll(dst))
		ts.Check(os.Symlink(npmDir, dst))
	}
}
