package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/nvmgo/nvmgo/internal/testmirror"
)

// binDir holds the nvmgo binary built once for the end-to-end tests, with
// -tags nvmgotest so it trusts the test mirror's signing key.
var binDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "nvmgo-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	build := exec.Command("go", "build", "-tags", "nvmgotest", "-o", dir, "./", "../nvmgo-shim")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building nvmgo for the end-to-end tests:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// TestScript runs testdata/script/*.txtar against the built binary and a
// local mirror started by the `mirror` command inside each script.
func TestScript(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the scripts use unix shells; Windows runs scripts/e2e-windows.sh")
	}
	testscript.Run(t, testscript.Params{
		Dir:   "testdata/script",
		Setup: scriptSetup,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"mirror":      cmdMirror,
			"mirror-set":  cmdMirrorSet,
			"mirror-get":  cmdMirrorGet,
			"mirror-hits": cmdMirrorHits,
			"mirror-stop": cmdMirrorStop,
			"status":      cmdStatus,
			"pmreg":       cmdPMRegistry,
		},
		RequireExplicitExec: true,
	})
}

func scriptSetup(env *testscript.Env) error {
	work := env.WorkDir
	home := filepath.Join(work, ".nvmgo")
	env.Setenv("NVMGO_HOME", home)
	env.Setenv("NVMGO_CACHE_DIR", filepath.Join(work, ".cache"))
	env.Setenv("HOME", filepath.Join(work, ".userhome"))
	env.Setenv("XDG_DATA_HOME", "")
	env.Setenv("NO_COLOR", "1")
	env.Setenv("NVMGO_NODE_VERSION", "")
	for _, k := range []string{"NVM_NODEJS_ORG_MIRROR", "FNM_NODE_DIST_MIRROR", "N_NODE_MIRROR", "NVMGO_AUTO_INSTALL", "NVMGO_SHELL_INTEGRATION"} {
		env.Setenv(k, "")
	}
	// Only loopback: a mirror that is not started answers "connection refused".
	env.Setenv("NVMGO_NODE_MIRROR", "http://127.0.0.1:9")
	// The npm registry fallback (an unreachable mirror switches to it) must
	// not reach registry.npmjs.org either.
	env.Setenv("npm_config_registry", "http://127.0.0.1:9")
	env.Setenv("NPM_CONFIG_REGISTRY", "")
	env.Setenv("NPM_CONFIG_USERCONFIG", "")
	env.Setenv("npm_config_userconfig", "")
	sysPath := "/usr/bin:/bin"
	env.Setenv("PATH", strings.Join([]string{binDir, filepath.Join(home, "shims"), sysPath}, string(os.PathListSeparator)))
	env.Setenv("SHIMS", filepath.Join(home, "shims"))
	env.Setenv("NODE_BIN", findNode())
	return nil
}

func findNode() string {
	if p, err := exec.LookPath("node"); err == nil {
		return p
	}
	return "/usr/bin/node"
}

// mirrors maps each running script to its mirror; scripts run in parallel,
// so the map is guarded.
var (
	mirrorsMu sync.Mutex
	mirrors   = map[*testscript.TestScript]*testmirror.Mirror{}
)

func mirrorOf(ts *testscript.TestScript) *testmirror.Mirror {
	mirrorsMu.Lock()
	defer mirrorsMu.Unlock()
	m := mirrors[ts]
	if m == nil {
		ts.Fatalf("no mirror: run `mirror VERSION...` first")
	}
	return m
}

// cmdMirror starts a mirror: mirror [-unsigned] [-tags t1,t2] VERSION...
func cmdMirror(ts *testscript.TestScript, neg bool, args []string) {
	o := testmirror.Options{RealNode: findNode()}
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		switch args[0] {
		case "-unsigned":
			o.Unsigned = true
		case "-tags":
			o.Tags = strings.Split(args[1], ",")
			args = args[1:]
		default:
			ts.Fatalf("mirror: unknown flag %s", args[0])
		}
		args = args[1:]
	}
	if len(o.Tags) == 0 {
		o.Tags = []string{"linux-x64", "linux-arm64", "darwin-x64", "darwin-arm64", "win-x64"}
	}
	o.Versions = args
	m, err := testmirror.Start(o)
	ts.Check(err)
	ts.Defer(func() {
		m.Close()
		mirrorsMu.Lock()
		delete(mirrors, ts)
		mirrorsMu.Unlock()
	})
	mirrorsMu.Lock()
	mirrors[ts] = m
	mirrorsMu.Unlock()
	key := ts.MkAbs("testkey.asc")
	ts.Check(os.WriteFile(key, m.Signer.PublicArmored(), 0o644))
	ts.Setenv("NVMGO_NODE_MIRROR", m.URL)
	ts.Setenv("NVMGO_TEST_KEYRING", key)
	ts.Setenv("MIRROR", m.URL)
}

// cmdMirrorSet replaces a mirror file with a work file: mirror-set PATH FILE
// (FILE "-" removes it).
func cmdMirrorSet(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: mirror-set PATH FILE (after mirror)")
	}
	m := mirrorOf(ts)
	if args[1] == "-" {
		m.Set(args[0], nil)
		return
	}
	m.Set(args[0], []byte(ts.ReadFile(args[1])))
}

// cmdMirrorGet copies a mirror file into the work folder: mirror-get PATH FILE.
func cmdMirrorGet(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: mirror-get PATH FILE")
	}
	data := mirrorOf(ts).File(args[0])
	if data == nil {
		ts.Fatalf("mirror-get: the mirror has no %s", args[0])
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), data, 0o644))
}

// cmdMirrorHits checks how many requests a mirror file got: mirror-hits PATH N.
func cmdMirrorHits(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: mirror-hits PATH N")
	}
	want, err := strconv.Atoi(args[1])
	ts.Check(err)
	got := mirrorOf(ts).Hits(args[0])
	if (got == want) == neg {
		ts.Fatalf("mirror-hits %s: got %d requests, want %s%d", args[0], got, map[bool]string{true: "not ", false: ""}[neg], want)
	}
}

// cmdMirrorStop stops the mirror's server; its URL stays in the environment,
// so the next request is refused, as when the network is down.
func cmdMirrorStop(ts *testscript.TestScript, neg bool, args []string) {
	mirrorOf(ts).Close()
}

// cmdStatus runs a program and checks its exact exit code, keeping its
// stdout and stderr for the next stdout/stderr lines: status N PROG ARGS...
func cmdStatus(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: status N PROG [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		got = ee.ExitCode()
	case err != nil:
		ts.Fatalf("status: %v", err)
	}
	if got != want {
		ts.Fatalf("exit status %d, want %d", got, want)
	}
}
