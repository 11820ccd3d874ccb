package shims

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/windows"

	"github.com/nvmgo/nvmgo/internal/store"
)

// The test binary doubles as the programs under test: with NVMGO_WINTEST=1
// it is the shim when it runs from a shims folder (as shims\node.exe and so
// on), else the fake node.exe or global .exe that the shim runs; with
// NVMGO_WINTEST=ctrlc it drives the Ctrl-C test in a console of its own.
// The roles run from TestMain, not init: Go does not deliver Ctrl-C to a
// program still inside its package initialisation.
func TestMain(m *testing.M) {
	switch os.Getenv("NVMGO_WINTEST") {
	case "1":
		if exe, _ := os.Executable(); filepath.Base(filepath.Dir(exe)) == "shims" {
			os.Exit(Main(Name(os.Args[0]), os.Args[1:], os.Stderr))
		}
		os.Exit(fakeProgram(os.Args[1:]))
	case "ctrlc":
		wd, _ := os.Getwd()
		os.Exit(ctrlcDriver(os.Args[1:], os.Environ(), wd))
	}
	os.Exit(m.Run())
}

// fakeProgram stands in for node.exe (its first argument may be a script)
// and for global .exe commands. It acts on its first other argument.
func fakeProgram(args []string) int {
	script := ""
	if len(args) > 0 && strings.HasSuffix(args[0], ".js") {
		script, args = args[0], args[1:]
	}
	if len(args) == 0 {
		args = []string{"--version"}
	}
	exe, _ := os.Executable()
	switch args[0] {
	case "--version":
		fmt.Println(filepath.Base(filepath.Dir(exe)))
	case "argv":
		if script != "" {
			script = filepath.Base(script)
		}
		b, _ := json.Marshal(map[string]any{"script": script, "args": args[1:]})
		fmt.Println(string(b))
	case "env":
		fmt.Printf("PATH=%s\n%s=%s\n", os.Getenv("PATH"), DepthEnv, os.Getenv(DepthEnv))
	case "exit":
		n, _ := strconv.Atoi(args[1])
		return n
	case "wait-file":
		// Runs until the file args[1] exists (the test's "you may go");
		// writes args[2], when given, once it runs.
		if len(args) > 2 {
			_ = os.WriteFile(args[2], []byte("ready"), 0o644)
		}
		for i := 0; i < 1500; i++ {
			if _, err := os.Stat(args[1]); err == nil {
				return 0
			}
			time.Sleep(20 * time.Millisecond)
		}
		return 3
	case "wait-interrupt":
		ch := make(chan os.Signal, 1)
		signal.Notify(ch, os.Interrupt)
		_ = os.WriteFile(args[1], []byte("ready"), 0o644)
		select {
		case <-ch:
			_ = os.WriteFile(args[1], []byte("interrupted"), 0o644)
			// Let the console's control thread finish first: wine can lose
			// the exit code of a process that exits while it runs.
			time.Sleep(200 * time.Millisecond)
			return 42
		case <-time.After(8 * time.Second):
			return 3
		}
	default:
		fmt.Fprintf(os.Stderr, "fake: unknown %q\n", args[0])
		return 99
	}
	return 0
}

// cmdShim is the launcher that npm 6 (cmd-shim 3) writes for a global
// package bin; it passes the arguments on with %* like today's. Today's
// launcher ends in `goto #_undefined_# 2>NUL || ... & "%_prog%" ...`, a
// trick that wine's cmd.exe does not follow (it stops at the failed goto),
// so the test uses the older form to run under wine too.
const cmdShim = "@ECHO off\r\nSETLOCAL\r\nCALL :find_dp0\r\n\r\n" +
	"IF EXIST \"%dp0%\\node.exe\" (\r\n  SET \"_prog=%dp0%\\node.exe\"\r\n) ELSE (\r\n  SET \"_prog=node\"\r\n  SET PATHEXT=%PATHEXT:;.JS;=;%\r\n)\r\n\r\n" +
	"\"%_prog%\"  \"%dp0%\\node_modules\\typescript\\bin\\tsc.js\" %*\r\nENDLOCAL\r\nEXIT /b %errorlevel%\r\n" +
	":find_dp0\r\nSET dp0=%~dp0\r\nEXIT /b\r\n"

// shimHome is an NVMGO_HOME (with spaces in its path) holding v20.0.0,
// whose node.exe and esbuild.exe are copies of this test binary, with npm,
// a global .cmd launcher (tsc) and shims made by Reshim with this test
// binary as the shim.
type shimHome struct {
	h   store.Home
	ver string // the version folder
	exe string // this test binary
	cwd string
}

func newShimHome(t *testing.T) *shimHome {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(t.TempDir(), "nvmgo home")
	s := &shimHome{h: store.Home{Root: root}, exe: exe, cwd: t.TempDir()}
	s.ver = s.h.VersionDir("v20.0.0")
	versionTree(t, s.ver, "node_modules/npm/bin/npm-cli.js", "node_modules/npm/bin/npx-cli.js",
		"node_modules/typescript/bin/tsc.js", "npm.cmd", "npx.cmd")
	for _, n := range []string{"node.exe", "esbuild.exe"} {
		if err := store.CopyNew(exe, filepath.Join(s.ver, n), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(s.ver, "tsc.cmd"), []byte(cmdShim), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := store.WriteMeta(s.ver, store.Meta{Version: "v20.0.0", Platform: "win-x64"}); err != nil {
		t.Fatal(err)
	}
	if err := s.h.WriteAlias(store.DefaultAlias, "20"); err != nil {
		t.Fatal(err)
	}
	// as reshim.Reshim does with a new binary (that package imports this one)
	if err := store.MkdirPrivate(filepath.Dir(ShimBinary(s.h, "windows"))); err != nil {
		t.Fatal(err)
	}
	if err := store.CopyNew(exe, ShimBinary(s.h, "windows"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Relink(s.h, "windows", true); err != nil {
		t.Fatal(err)
	}
	return s
}

// command prepares shims\<name>.exe with args, stdout and stderr to files
// (as node.exe needs under wine).
func (s *shimHome) command(t *testing.T, env []string, name string, args ...string) (*exec.Cmd, func() (string, string)) {
	t.Helper()
	c := exec.Command(filepath.Join(s.h.ShimsDir(), name+".exe"), args...)
	c.Dir = s.cwd
	c.Env = append(cleanEnv(), "NVMGO_WINTEST=1", "NVMGO_HOME="+s.h.Root)
	c.Env = append(c.Env, env...)
	dir := t.TempDir()
	out, err := os.Create(filepath.Join(dir, "out"))
	if err != nil {
		t.Fatal(err)
	}
	errf, err := os.Create(filepath.Join(dir, "err"))
	if err != nil {
		t.Fatal(err)
	}
	c.Stdout, c.Stderr = out, errf
	t.Cleanup(func() { out.Close(); errf.Close() }) // before TempDir's own cleanup
	return c, func() (string, string) {
		out.Close()
		errf.Close()
		o, _ := os.ReadFile(out.Name())
		e, _ := os.ReadFile(errf.Name())
		return strings.TrimSpace(string(o)), strings.TrimSpace(string(e))
	}
}

// run runs shims\<name>.exe and returns its exit code, stdout and stderr.
func (s *shimHome) run(t *testing.T, env []string, name string, args ...string) (int, string, string) {
	t.Helper()
	c, output := s.command(t, env, name, args...)
	err := c.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run %s: %v", name, err)
	}
	o, e := output()
	return code, o, e
}

// cleanEnv is this process's environment without anything nvmgo reads.
func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(strings.ToUpper(k), "NVMGO_") {
			out = append(out, kv)
		}
	}
	return out
}

func TestWindowsShimRuns(t *testing.T) {
	s := newShimHome(t)
	tricky := []string{"x y", "a&b", `q"t`, "^caret", `trail\`, `a b\`, "(paren)", "semi;colon", "comma,", "eq=x", "!bang!", "|pipe", "tab\there", ""}
	if !underWine() {
		// Wine's cmd.exe expands %...% and parses < > differently from Windows.
		tricky = append(tricky, "100%", "%PATH%", "%%", "<lt>", "a>b")
	}
	tests := []struct {
		name   string
		env    []string
		cmd    string
		args   []string
		code   int
		stdout string // exact, unless it starts with "~" (then: contains)
		stderr string // contains
	}{
		{"node version", nil, "node", []string{"--version"}, 0, "v20.0.0", ""},
		{"npm runs npm-cli.js", nil, "npm", []string{"argv", "i", "x y"}, 0, `{"args":["i","x y"],"script":"npm-cli.js"}`, ""},
		{"npx runs npx-cli.js", nil, "npx", []string{"argv"}, 0, `{"args":[],"script":"npx-cli.js"}`, ""},
		{"global exe", nil, "esbuild", []string{"argv", "a b"}, 0, `{"args":["a b"],"script":""}`, ""},
		{"global cmd with tricky args", nil, "tsc", append([]string{"argv"}, tricky...), 0, jsonArgv("tsc.js", tricky), ""},
		{"exit code passes through", nil, "node", []string{"exit", "7"}, 7, "", ""},
		{"large exit code", nil, "node", []string{"exit", "255"}, 255, "", ""},
		{"version folder first on PATH", nil, "node", []string{"env"}, 0, "~PATH=" + s.ver + ";", ""},
		{"depth counter", nil, "node", []string{"env"}, 0, "~" + DepthEnv + "=1", ""},
		{"env pin", []string{"NVMGO_NODE_VERSION=v20.0.0"}, "node", []string{"--version"}, 0, "v20.0.0", ""},
		{"env pin not installed", []string{"NVMGO_NODE_VERSION=18"}, "node", nil, 1, "", "nvmgo install 18"},
		{"shim loop", []string{DepthEnv + "=8"}, "node", nil, 1, "", "shim loop"},
		{"command the version lacks", nil, "lacked", nil, 127, "", "lacked: not installed for node v20.0.0"},
	}
	// A global command's shim outlives the version that provided it (another
	// version may still have it); make one that no version provides by hand.
	// (yarn.exe is a package-manager shim now, always there.)
	if err := os.Link(ShimBinary(s.h, "windows"), filepath.Join(s.h.ShimsDir(), "lacked.exe")); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := s.run(t, tt.env, tt.cmd, tt.args...)
			okOut := out == tt.stdout
			if strings.HasPrefix(tt.stdout, "~") {
				okOut = strings.Contains(out, tt.stdout[1:])
			}
			if code != tt.code || !okOut || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("%s %q: exit %d, stdout %q, stderr %q; want exit %d, stdout %q, stderr containing %q",
					tt.cmd, tt.args, code, out, errOut, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
}

// underWine reports whether this runs under wine rather than Windows.
func underWine() bool {
	return windows.NewLazySystemDLL("ntdll.dll").NewProc("wine_get_version").Find() == nil
}

func jsonArgv(script string, args []string) string {
	b, _ := json.Marshal(map[string]any{"script": script, "args": args})
	return string(b)
}

func TestWindowsReshimLinks(t *testing.T) {
	s := newShimHome(t)
	want := []string{"corepack.exe", "esbuild.exe", "node.exe", "npm.exe", "npx.exe", "pnpm.exe", "pnpx.exe", "tsc.exe", "yarn.exe", "yarnpkg.exe"}
	if got := dirNames(t, s.h.ShimsDir()); !reflect.DeepEqual(got, want) {
		t.Fatalf("shims = %q, want %q", got, want)
	}
	target, err := os.Stat(ShimBinary(s.h, "windows"))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range want {
		fi, err := os.Stat(filepath.Join(s.h.ShimsDir(), n))
		if err != nil {
			t.Fatal(err)
		}
		if !os.SameFile(fi, target) {
			t.Errorf("%s is not a hard link of %s", n, ShimBinary(s.h, "windows"))
		}
	}
	// A launcher that goes away takes its shim with it; a new one, in any
	// case, gets a lower-case shim.
	if err := os.Remove(filepath.Join(s.ver, "tsc.cmd")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.ver, "Prettier.CMD"), []byte("@echo off\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	added, removed, err := Relink(s.h, "windows", false)
	if err != nil || !reflect.DeepEqual(added, []string{"prettier"}) || !reflect.DeepEqual(removed, []string{"tsc"}) {
		t.Errorf("Reshim = +%q -%q, %v; want +[prettier] -[tsc]", added, removed, err)
	}
	// Twice is a no-op.
	added, removed, err = Relink(s.h, "windows", false)
	if err != nil || len(added)+len(removed) != 0 {
		t.Errorf("second Reshim = +%q -%q, %v; want no change", added, removed, err)
	}
}

// TestHome gives the tests of package shims_test, which can import
// shims/reshim (it imports shims), a shimHome.
type TestHome struct{ s *shimHome }

func NewTestHome(t *testing.T) TestHome { return TestHome{newShimHome(t)} }
func (h TestHome) Home() store.Home     { return h.s.h }
func (h TestHome) Exe() string          { return h.s.exe }
func (h TestHome) Command(t *testing.T, env []string, name string, args ...string) (*exec.Cmd, func() (string, string)) {
	return h.s.command(t, env, name, args...)
}
func DirNames(t *testing.T, dir string) []string { return dirNames(t, dir) }

// WaitFile waits until the file p exists: a fake program is running. The
// bound only ends a hung test; nothing depends on how fast it starts.
func WaitFile(t *testing.T, p string) {
	t.Helper()
	for i := 0; i < 1500; i++ {
		if _, err := os.Stat(p); err == nil {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s did not appear in 30 s", p)
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

// TestWindowsCtrlC presses Ctrl-C in a console where a shim runs node: the
// shim must outlive it, and end with node's own exit code. A driver process
// in a new console sends the event, so nothing else (go test) receives it.
// Wine delivers console events only to a console on a terminal, and not to
// a new one, so scripts/wine-unit.sh runs this test under `script` with
// NVMGO_WINTEST_CONSOLE=same: the test process is then the driver itself.
func TestWindowsCtrlC(t *testing.T) {
	s := newShimHome(t)
	dir := t.TempDir()
	args := []string{filepath.Join(s.h.ShimsDir(), "node.exe"), filepath.Join(dir, "node-state"), filepath.Join(dir, "result")}
	env := append(cleanEnv(), "NVMGO_HOME="+s.h.Root)
	log := filepath.Join(dir, "driver.log")
	if os.Getenv("NVMGO_WINTEST_CONSOLE") == "same" {
		ctrlcDriver(args, env, s.cwd)
	} else {
		c := exec.Command(s.exe, args...)
		c.Dir = s.cwd
		c.Env = append(env, "NVMGO_WINTEST=ctrlc")
		c.SysProcAttr = &syscall.SysProcAttr{CreationFlags: windows.CREATE_NEW_CONSOLE}
		f, err := os.Create(log)
		if err != nil {
			t.Fatal(err)
		}
		c.Stdout, c.Stderr = f, f
		err = c.Run()
		f.Close()
		if err != nil {
			b, _ := os.ReadFile(log)
			t.Fatalf("driver: %v: %s", err, b)
		}
	}
	res, _ := os.ReadFile(filepath.Join(dir, "result"))
	state, _ := os.ReadFile(filepath.Join(dir, "node-state"))
	if r := string(res); strings.HasPrefix(r, "skip: ") {
		t.Skip(r)
	}
	if string(res) != "shim exit 42" || string(state) != "interrupted" {
		b, _ := os.ReadFile(log)
		t.Errorf("after Ctrl-C: %q, node %q; want shim exit 42 (node's code), node interrupted; driver log: %s", res, state, b)
	}
}

// ctrlcDriver starts the shim, waits until node is ready, sends Ctrl-C to
// every process in its console (itself included, so it catches the signal
// while it runs) and writes the shim's exit code to the result file.
func ctrlcDriver(args, env []string, dir string) int {
	shim, state, result := args[0], args[1], args[2]
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt)
	defer signal.Stop(ch)
	report := func(format string, a ...any) int {
		_ = os.WriteFile(result, []byte(fmt.Sprintf(format, a...)), 0o644)
		return 0
	}
	c := exec.Command(shim, "wait-interrupt", state)
	c.Dir = dir
	c.Env = append(env, "NVMGO_WINTEST=1")
	c.Stdout, c.Stderr = io.Discard, os.Stderr
	if err := c.Start(); err != nil {
		return report("start: %v", err)
	}
	for i := 0; i < 1000; i++ {
		if b, _ := os.ReadFile(state); string(b) == "ready" {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := windows.GenerateConsoleCtrlEvent(windows.CTRL_C_EVENT, 0); err != nil {
		_ = c.Process.Kill()
		_ = c.Wait()
		return report("skip: no console to send Ctrl-C in (GenerateConsoleCtrlEvent: %v)", err)
	}
	err := c.Wait()
	if ee, ok := err.(*exec.ExitError); ok {
		return report("shim exit %d", ee.ExitCode())
	}
	if err != nil {
		return report("wait: %v", err)
	}
	return report("shim exit 0")
}
