//go:build unix

package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nvmgo/nvmgo/internal/faulttest"
)

// signalHome is an nvmgo home with one version installed from a local
// mirror by the binary TestMain built, and the environment to run its shims.
type signalHome struct {
	root, shims string
	env         []string
}

func newSignalHome(t *testing.T) signalHome {
	t.Helper()
	_, work, root, env := mirrorHome(t, []string{"v20.18.1"}, []string{"linux-x64", "darwin-x64", "darwin-arm64"})
	h := signalHome{root: root, shims: filepath.Join(root, "shims"), env: env}
	install := exec.Command(filepath.Join(binDir, "nvmgo"), "install", "20")
	install.Env, install.Dir = h.env, work
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("nvmgo install 20: %v\n%s", err, out)
	}
	return h
}

// started is a shim process whose child has said "ready" on stdout.
type started struct {
	cmd    *exec.Cmd
	stdout *bufio.Reader
	stderr *bytes.Buffer
}

// start runs a shim in a process group of its own (as a shell runs a
// foreground job) and waits for its child to print "ready".
func (h signalHome) start(t *testing.T, shim string, args ...string) *started {
	t.Helper()
	cmd := exec.Command(filepath.Join(h.shims, shim), args...)
	cmd.Env, cmd.Dir = h.env, t.TempDir()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
	s := &started{cmd: cmd, stdout: bufio.NewReader(out), stderr: &stderr}
	line := make(chan string, 1)
	go func() {
		l, _ := s.stdout.ReadString('\n')
		line <- l
	}()
	select {
	case l := <-line:
		if strings.TrimSpace(l) != "ready" {
			t.Fatalf("%s: first line %q, want ready; stderr: %s", shim, l, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("%s: no ready line in 20s; stderr: %s", shim, stderr.String())
	}
	return s
}

// wait returns the rest of stdout and the exit code, failing after 20s.
func (s *started) wait(t *testing.T) (string, int) {
	t.Helper()
	done := make(chan struct{})
	var rest []byte
	var err error
	go func() {
		rest, _ = io.ReadAll(s.stdout)
		err = s.cmd.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("the shim did not end within 20s after the signal; stderr: %s", s.stderr.String())
	}
	var ee *exec.ExitError
	switch {
	case err == nil:
		return string(rest), 0
	case errors.As(err, &ee):
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return string(rest), 128 + int(ws.Signal())
		}
		return string(rest), ee.ExitCode()
	}
	t.Fatal(err)
	return "", 0
}

// trapScript traps SIGINT and SIGTERM, says which it got and exits 42/43.
const trapScript = `
process.on("SIGINT", () => { console.log("child got SIGINT"); process.exit(42); });
process.on("SIGTERM", () => { console.log("child got SIGTERM"); process.exit(43); });
console.log("ready");
setInterval(() => {}, 1000);
`

// On unix the node shim execs: the pid the shell knows is node's own, so a
// signal sent to it (kill -INT PID) reaches node's handler directly.
func TestShimSignalExecReachesNode(t *testing.T) {
	h := newSignalHome(t)
	for _, tc := range []struct {
		sig  syscall.Signal
		want string
		code int
	}{
		{syscall.SIGINT, "child got SIGINT", 42},
		{syscall.SIGTERM, "child got SIGTERM", 43},
	} {
		t.Run(tc.sig.String(), func(t *testing.T) {
			s := h.start(t, "node", "-e", trapScript)
			if err := s.cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			out, code := s.wait(t)
			if !strings.Contains(out, tc.want) || code != tc.code {
				t.Fatalf("stdout %q, exit %d; want %q and exit %d; stderr: %s", out, code, tc.want, tc.code, s.stderr.String())
			}
		})
	}
}

// Ctrl-C at a terminal sends SIGINT to the whole foreground process group.
func TestShimSignalCtrlCExec(t *testing.T) {
	h := newSignalHome(t)
	s := h.start(t, "node", "-e", trapScript)
	if err := syscall.Kill(-s.cmd.Process.Pid, syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	out, code := s.wait(t)
	if !strings.Contains(out, "child got SIGINT") || code != 42 {
		t.Fatalf("stdout %q, exit %d; want the handler's line and 42; stderr: %s", out, code, s.stderr.String())
	}
}

// npmGlobalScript replaces the fake npm-cli.js: `install -g NAME` writes
// bin/NAME, says ready and waits for a signal; SIGINT exits 42, SIGTERM 43.
const npmGlobalScript = `#!/usr/bin/env node
const fs = require("fs"), path = require("path");
const prefix = path.resolve(__dirname, "..", "..", "..", "..");
const name = process.argv[process.argv.length - 1];
fs.writeFileSync(path.join(prefix, "bin", name), "#!/bin/sh\necho " + name + "\n", { mode: 0o755 });
const trap = process.argv.includes("--trap");
if (trap) {
  process.on("SIGINT", () => { console.log("npm got SIGINT"); process.exit(42); });
  process.on("SIGTERM", () => { console.log("npm got SIGTERM"); process.exit(43); });
}
console.log("ready");
setInterval(() => {}, 1000);
`

func (h signalHome) slowNpm(t *testing.T) {
	t.Helper()
	p := filepath.Join(h.root, "versions", "v20.18.1", "lib", "node_modules", "npm", "bin", "npm-cli.js")
	if err := os.WriteFile(p, []byte(npmGlobalScript), 0o755); err != nil {
		t.Fatal(err)
	}
}

// `npm install -g` runs as a child of the shim (it reshims afterwards): the
// shim survives Ctrl-C, the child's handler decides, its exit code passes
// through, and the new command is shimmed.
func TestShimSignalCtrlCNpmGlobal(t *testing.T) {
	h := newSignalHome(t)
	h.slowNpm(t)
	s := h.start(t, "npm", "install", "-g", "--trap", "slowtool")
	if err := syscall.Kill(-s.cmd.Process.Pid, syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	out, code := s.wait(t)
	if !strings.Contains(out, "npm got SIGINT") || code != 42 {
		t.Fatalf("stdout %q, exit %d; want npm's handler line and 42; stderr: %s", out, code, s.stderr.String())
	}
	if _, err := os.Lstat(filepath.Join(h.shims, "slowtool")); err != nil {
		t.Fatalf("no shim for the new global command after the interrupted install: %v", err)
	}
}

// A child without a handler dies of Ctrl-C; the shim reports 130, as a
// shell would.
func TestShimSignalCtrlCNpmGlobalNoHandler(t *testing.T) {
	h := newSignalHome(t)
	h.slowNpm(t)
	s := h.start(t, "npm", "install", "-g", "slowtool")
	if err := syscall.Kill(-s.cmd.Process.Pid, syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if _, code := s.wait(t); code != 130 {
		t.Fatalf("exit %d, want 130; stderr: %s", code, s.stderr.String())
	}
}

// A SIGTERM sent to the shim alone (a supervisor, timeout(1), docker stop)
// must reach the npm child rather than kill the shim and orphan npm.
func TestShimSignalTermNpmGlobal(t *testing.T) {
	h := newSignalHome(t)
	h.slowNpm(t)
	s := h.start(t, "npm", "install", "-g", "--trap", "slowtool")
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	out, code := s.wait(t)
	if !strings.Contains(out, "npm got SIGTERM") || code != 43 {
		t.Fatalf("stdout %q, exit %d; want npm's SIGTERM handler line and 43; stderr: %s", out, code, s.stderr.String())
	}
}

// TestShimAutoInstallInterrupted: Ctrl-C during a shim's auto-install ends
// with the install's own "cancelled; nothing was installed" line written
// before the shim exits (so before the shell prints its prompt), exit 130,
// and no second line from the shim.
func TestShimAutoInstallInterrupted(t *testing.T) {
	m, work, root, env := mirrorHome(t, []string{"v20.18.1", "v22.12.0"}, []string{hostTag()})
	install := exec.Command(filepath.Join(binDir, "nvmgo"), "install", "20")
	install.Env, install.Dir = env, work
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("nvmgo install 20: %v\n%s", err, out)
	}
	proj := filepath.Join(work, "proj")
	if err := os.MkdirAll(proj, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(proj, ".nvmrc"), []byte("22\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	path := "v22.12.0/node-v22.12.0-" + hostTag() + ".tar.xz"
	data := m.File(path)
	reached := make(chan struct{}, 1)
	m.SetFault(faulttest.StallAfter(path, data, len(data)/2, reached))

	rd, wr, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	cmd := exec.Command(filepath.Join(root, "shims", "node"), "--version")
	cmd.Env, cmd.Dir = append(env, "NVMGO_AUTO_INSTALL=1"), proj
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Stdout, cmd.Stderr = io.Discard, wr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	wr.Close()
	<-reached
	faulttest.Wait(5*time.Second, func() bool { return len(faulttest.Staging(root)) > 0 })
	syscall.Kill(-cmd.Process.Pid, syscall.SIGINT) // the terminal signals the whole foreground group
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 {
		t.Errorf("shim after Ctrl-C: %v, want exit 130", err)
	}
	// What is in the pipe the moment the shim has exited: the install's
	// last line must already be there.
	rd.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	got, _ := io.ReadAll(rd)
	if want := "nvmgo: install 22: cancelled; nothing was installed\n"; !strings.HasSuffix(string(got), want) {
		t.Errorf("stderr when the shim exited = %q, want it to end with %q", got, want)
	}
	faulttest.AssertNoStaging(t, root)
}
