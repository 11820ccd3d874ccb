//go:build unix

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A home another user owns (issue 11, item 8), on the real file system:
// doctor fails on it, install refuses it, and a shim running as root
// refuses to run what it holds, and so does exec; back in root's hands,
// all work again.
func TestUnsafeHomeOtherOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("chown needs root")
	}
	h := installedHome(t)
	shim := func() (string, int) {
		cmd := exec.Command(filepath.Join(h.shims, "node"), "--version")
		cmd.Env, cmd.Dir = h.env(), h.dir
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); ok {
			return out.String(), ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return out.String(), 0
	}
	if out, code := shim(); code != 0 {
		t.Fatalf("shim before: exit %d: %s", code, out)
	}
	if err := os.Chown(h.root, 4242, 4242); err != nil {
		t.Fatal(err)
	}
	out, code := shim()
	if code != 1 || !strings.Contains(out, "refusing to run as root from NVMGO_HOME "+h.root+": owned by uid 4242") || !strings.Contains(out, "\nhint: ") {
		t.Errorf("shim as root from another user's home: exit %d: %q", code, out)
	}
	by, dcode := doctor(t, h, []string{"PATH=" + h.shims + ":" + basePath()})
	wantFinding(t, by, "home", "fail", "owned by uid 4242", "your own")
	if dcode != 1 {
		t.Errorf("doctor exit %d, want 1", dcode)
	}
	if r := h.run(t, nil, "exec", "18", "--", "node", "--version"); r.code != 1 || !strings.Contains(r.stderr, "refusing to run as root from NVMGO_HOME") {
		t.Errorf("exec as root from another user's home: exit %d: %s", r.code, r.stderr)
	}
	r := h.run(t, nil, "install", "18") // installed, but the home is refused first
	if r.code != 1 || !strings.Contains(r.stderr, "NVMGO_HOME cannot be trusted") {
		t.Errorf("install: exit %d: %s", r.code, r.stderr)
	}
	if err := os.Chown(h.root, 0, 0); err != nil {
		t.Fatal(err)
	}
	if out, code := shim(); code != 0 {
		t.Errorf("shim after chown back: exit %d: %s", code, out)
	}
	if r := h.run(t, nil, "exec", "18", "--", "node", "--version"); r.code != 0 {
		t.Errorf("exec after chown back: exit %d: %s", r.code, r.stderr)
	}
}
