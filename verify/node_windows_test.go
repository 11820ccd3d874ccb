package verify

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/windows"
)

// nodeExe is a real node.exe: NVMGO_TEST_NODE_EXE (scripts/wine-unit.sh
// points it at the official win-x64 build), else node.exe on PATH.
func nodeExe(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("NVMGO_TEST_NODE_EXE"); p != "" {
		return p
	}
	p, err := exec.LookPath("node.exe")
	if err != nil {
		t.Skip("no node.exe: set NVMGO_TEST_NODE_EXE")
	}
	p, err = filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestWindowsRunNodeExe runs every check with the official node.exe, in a
// scratch folder with spaces. Under wine, node.exe fails when its stdout is
// a pipe; Run hands it files, so this passes there too.
func TestWindowsRunNodeExe(t *testing.T) {
	node := nodeExe(t)
	npm := os.Getenv("NVMGO_TEST_NPM_CLI") // the real npm-cli.js, when given
	want := ""
	if npm == "" {
		npm = filepath.Join(t.TempDir(), "npm cli.js")
		writeFile(t, npm, "console.log('10.9.9');\n")
		want = "10.9.9"
	}
	dir := filepath.Join(t.TempDir(), "scratch dir")
	rep, err := Run(context.Background(), Options{Node: node, NpmCLI: npm, Dir: dir, Timeout: 60 * time.Second})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	for _, c := range rep.Checks {
		t.Logf("%-16s ok=%v %s (%d ms)", c.Name, c.OK, c.Detail, c.Millis)
	}
	if !rep.OK || len(rep.Checks) != len(checkOrder) {
		t.Fatalf("report not OK: %+v", rep)
	}
	if c := checkByName(t, rep, CheckNpm); want != "" && c.Detail != want {
		t.Errorf("npm check %q, want %q", c.Detail, want)
	}
	for _, f := range []string{"node-version.out", "server.out"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("child output not in a file: %v", err)
		}
	}
}

// TestWindowsStopEndsJob starts node.exe with a script that starts another
// node.exe and keeps running; stop must end both (the job object), and
// return only once the first has been waited for.
func TestWindowsStopEndsJob(t *testing.T) {
	node := nodeExe(t)
	dir := filepath.Join(t.TempDir(), "job dir")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	pidFile := filepath.Join(dir, "child.pid")
	script := filepath.Join(dir, "parent.js")
	writeFile(t, script, `var cp = require('child_process');
var c = cp.spawn(process.execPath, ['-e', 'setInterval(function () {}, 1000)'], {stdio: 'ignore'});
require('fs').writeFileSync(process.argv[2], String(c.pid));
setInterval(function () {}, 1000);
`)
	p, err := startProc(dir, "parent", os.Environ(), node, script, pidFile)
	if err != nil {
		t.Fatal(err)
	}
	var child int
	for i := 0; i < 1500 && child == 0; i++ {
		b, _ := os.ReadFile(pidFile)
		child, _ = strconv.Atoi(strings.TrimSpace(string(b)))
		if child == 0 {
			if p.exited() {
				p.stop()
				t.Fatalf("node exited: %s", exitDetail(p))
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	if child == 0 {
		p.stop()
		t.Fatalf("no child pid within 30s; stderr: %s", tail(p.errPath))
	}
	if p.sys.job == 0 {
		t.Error("the child was not put in a job object")
	}
	p.stop()
	if !p.exited() {
		t.Error("stop returned before the child was waited for")
	}
	deadline := time.Now().Add(5 * time.Second)
	for running(child) {
		if time.Now().After(deadline) {
			t.Fatalf("grandchild %d still runs after stop", child)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// running reports whether process pid has not exited.
func running(pid int) bool {
	h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, uint32(pid))
	if err != nil {
		return false
	}
	defer windows.CloseHandle(h)
	var code uint32
	return windows.GetExitCodeProcess(h, &code) == nil && code == uint32(windows.STATUS_PENDING)
}
