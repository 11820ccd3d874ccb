//go:build unix

package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// doctorHome is an installed home that is healthy: the index cached by one
// ls-remote, the shims first on PATH and the integration loaded.
func doctorHome(t *testing.T) (*cliHome, []string) {
	t.Helper()
	h := installedHome(t)
	h.must(t, "ls-remote")
	h.must(t, "setup", "--shell", "bash") // login shells get nvmgo too
	return h, []string{"PATH=" + h.shims + ":" + basePath(), "NVMGO_SHELL_INTEGRATION=bash"}
}

// doctor runs `nvmgo doctor --json` and returns its findings by check name
// (a check may report more than once) and its exit code.
func doctor(t *testing.T, h *cliHome, env []string, extra ...string) (map[string][]finding, int) {
	t.Helper()
	r := h.run(t, append(append([]string{}, env...), extra...), "doctor", "--json")
	var fs []finding
	if err := json.Unmarshal([]byte(r.stdout), &fs); err != nil {
		t.Fatalf("doctor --json: exit %d, %v\n%s\nstderr:\n%s", r.code, err, r.stdout, r.stderr)
	}
	if r.stderr != "" {
		t.Errorf("doctor --json wrote to stderr: %q", r.stderr)
	}
	by := map[string][]finding{}
	for _, f := range fs {
		by[f.Check] = append(by[f.Check], f)
		if f.Status != "ok" && f.Fix == "" {
			t.Errorf("%s is %s without a fix: %s", f.Check, f.Status, f.Detail)
		}
		if f.Status != "ok" && f.Status != "warn" && f.Status != "fail" {
			t.Errorf("%s: unknown status %q", f.Check, f.Status)
		}
	}
	return by, r.code
}

// wantFinding checks that check reported status with detail and fix
// containing the given text.
func wantFinding(t *testing.T, by map[string][]finding, check, status, detail, fix string) {
	t.Helper()
	for _, f := range by[check] {
		if f.Status == status && strings.Contains(f.Detail, detail) && strings.Contains(f.Fix, fix) {
			return
		}
	}
	t.Errorf("no %s finding %q with detail ~%q and fix ~%q; got %+v", status, check, detail, fix, by[check])
}

// allOK checks that every check passed, and that the usual ones ran.
func allOK(t *testing.T, by map[string][]finding, code int) {
	t.Helper()
	for _, c := range []string{"home", "PATH", "shell integration", "login shell", "sh -c", "default PATH", "shims", "writable", "default", "index cache", "mirror"} {
		if len(by[c]) == 0 {
			t.Errorf("doctor did not report %q", c)
		}
	}
	for c, fs := range by {
		for _, f := range fs {
			// What a process with the OS's PATH runs depends on the machine
			// (a system node, or none); it must name it, not pass.
			if c == "default PATH" && strings.Contains(f.Detail, "env -i PATH=") {
				continue
			}
			if f.Status != "ok" {
				t.Errorf("%s: %s: %s (fix: %s)", c, f.Status, f.Detail, f.Fix)
			}
		}
	}
	if code != 0 {
		t.Errorf("exit %d, want 0", code)
	}
}

func TestDoctorHealthy(t *testing.T) {
	t.Parallel()
	h, env := doctorHome(t)
	by, code := doctor(t, h, env)
	allOK(t, by, code)
	wantFinding(t, by, "default", "ok", "18 -> "+v18, "")
	wantFinding(t, by, "shims", "ok", "8 shims", "")
	wantFinding(t, by, "mirror", "ok", h.mirrorURL, "")

	r := h.run(t, env, "doctor")
	if r.code != 0 || r.stderr != "" {
		t.Errorf("doctor: exit %d, stderr %q", r.code, r.stderr)
	}
	for _, line := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
		if strings.HasPrefix(line, "warn default PATH ") || strings.HasPrefix(line, "     fix: in cron jobs") {
			continue
		}
		if !strings.HasPrefix(line, "ok   ") {
			t.Errorf("doctor line %q is not ok", line)
		}
	}
}

// TestDoctorNodeHere: doctor says when the node that runs here is on a line
// that has ended (Node 18 ended on 2025-04-30), and what to run; the other
// tests run with notices off (cliHome.env).
func TestDoctorNodeHere(t *testing.T) {
	t.Parallel()
	h, env := doctorHome(t)
	by, code := doctor(t, h, env, "NVMGO_NO_NOTICES=")
	wantFinding(t, by, "node here", "warn", v18+": Node.js 18 reached end-of-life on 2025-04-30", "run: nvmgo install lts")
	if code != 0 {
		t.Errorf("exit %d, want 0: an ended line is a warning", code)
	}
}

// TestDoctorInIntegratedShell runs doctor from a real shell that loaded
// `nvmgo env`: PATH and the integration are as a user has them.
func TestDoctorInIntegratedShell(t *testing.T) {
	for _, s := range shellCases {
		t.Run(s.name, func(t *testing.T) {
			s.need(t)
			t.Parallel()
			h, _ := doctorHome(t)
			h.must(t, "setup", "--shell", s.name)
			out, err := h.script(t, s, "{EVAL}\nnvmgo doctor --json\n").Output()
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			var fs []finding
			if err := json.Unmarshal(out, &fs); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			by := map[string][]finding{}
			for _, f := range fs {
				by[f.Check] = append(by[f.Check], f)
			}
			allOK(t, by, 0)
			wantFinding(t, by, "shell integration", "ok", "loaded ("+s.name+")", "")
		})
	}
}

func TestDoctorBroken(t *testing.T) {
	tests := []struct {
		name                       string
		env                        func(h *cliHome) []string // overrides after the healthy ones
		breakIt                    func(t *testing.T, h *cliHome)
		check, detail, fix, status string
		code                       int
		repair                     []string // an nvmgo command that should make it healthy again
	}{
		{
			name:  "shims not on PATH",
			env:   func(h *cliHome) []string { return []string{"PATH=" + basePath()} },
			check: "PATH", status: "fail", detail: h0shims + " is not on PATH", fix: "open a new shell (bash is set up)", code: 1,
		},
		{
			name: "nvm's node ahead of the shims",
			env: func(h *cliHome) []string {
				return []string{"PATH=" + filepath.Join(h.userHome, ".nvm/versions/node/v1/bin") + ":" + h.shims + ":" + basePath()}
			},
			breakIt: func(t *testing.T, h *cliHome) {
				writeExec(t, filepath.Join(h.userHome, ".nvm/versions/node/v1/bin/node"))
			},
			check: "PATH", status: "fail", detail: "another node comes before the shims: " + h0user + "/.nvm/versions/node/v1/bin/node", fix: "nvmgo line last", code: 1,
		},
		{
			name: "nvm named among other managers",
			env: func(h *cliHome) []string {
				return []string{"PATH=" + filepath.Join(h.userHome, ".nvm/versions/node/v1/bin") + ":" + h.shims + ":" + basePath()}
			},
			breakIt: func(t *testing.T, h *cliHome) {
				writeExec(t, filepath.Join(h.userHome, ".nvm/versions/node/v1/bin/node"))
			},
			check: "other managers", status: "fail", detail: "nvm is ahead of nvmgo on PATH: " + h0user + "/.nvm/versions/node/v1/bin", fix: "remove nvm's line", code: 1,
		},
		{
			name: "volta's folder ahead, even without a node in it",
			env: func(h *cliHome) []string {
				return []string{"PATH=" + filepath.Join(h.userHome, ".volta/bin") + ":" + h.shims + ":" + basePath()}
			},
			check: "other managers", status: "fail", detail: "volta is ahead of nvmgo on PATH", fix: "volta", code: 1,
		},
		{
			name:    "a missing shim",
			breakIt: func(t *testing.T, h *cliHome) { mustRemove(t, filepath.Join(h.shims, "npm")) },
			check:   "shims", status: "fail", detail: "missing shims: npm", fix: "nvmgo reshim", code: 1,
			repair: []string{"reshim"},
		},
		{
			name:    "the shim binary is gone",
			breakIt: func(t *testing.T, h *cliHome) { mustRemove(t, filepath.Join(h.root, "bin", "nvmgo-shim")) },
			check:   "shims", status: "fail", detail: "shim binary is missing", fix: "nvmgo reshim", code: 1,
			repair: []string{"reshim"},
		},
		{
			name: "a stale shim",
			breakIt: func(t *testing.T, h *cliHome) {
				if err := os.Symlink("../bin/nvmgo-shim", filepath.Join(h.shims, "oldtool")); err != nil {
					t.Fatal(err)
				}
			},
			check: "shims", status: "warn", detail: "stale shims: oldtool", fix: "nvmgo reshim", code: 0,
			repair: []string{"reshim"},
		},
		{
			name: "default names an uninstalled version",
			breakIt: func(t *testing.T, h *cliHome) {
				if err := os.WriteFile(filepath.Join(h.root, "aliases", "default"), []byte("22\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			},
			check: "default", status: "fail", detail: `default "22"`, fix: "nvmgo install 22", code: 1,
			repair: []string{"default", "20"},
		},
		{
			name:    "no default",
			breakIt: func(t *testing.T, h *cliHome) { mustRemove(t, filepath.Join(h.root, "aliases", "default")) },
			check:   "default", status: "warn", detail: "no default version", fix: "nvmgo default lts", code: 0,
			repair: []string{"default", "lts"},
		},
		{
			name: "tmp is a file, so NVMGO_HOME is not writable",
			breakIt: func(t *testing.T, h *cliHome) {
				tmp := filepath.Join(h.root, "tmp")
				if err := os.RemoveAll(tmp); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(tmp, []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
			},
			check: "writable", status: "fail", detail: "not a directory", fix: "make " + h0root + " writable", code: 1,
		},
		{
			name:  "integration not loaded",
			env:   func(h *cliHome) []string { return []string{"NVMGO_SHELL_INTEGRATION="} },
			check: "shell integration", status: "warn", detail: "not loaded", fix: "open a new shell", code: 0,
		},
		{
			name:  "mirror unreachable is a warning",
			env:   func(h *cliHome) []string { return []string{"NVMGO_NODE_MIRROR=http://127.0.0.1:9"} },
			check: "mirror", status: "warn", detail: "cannot reach http://127.0.0.1:9", fix: "NVMGO_NODE_MIRROR", code: 0,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h, env := doctorHome(t)
			if tc.breakIt != nil {
				tc.breakIt(t, h)
			}
			if tc.env != nil {
				env = append(env, tc.env(h)...)
			}
			r := strings.NewReplacer(h0shims, h.shims, h0user, h.userHome, h0root, h.root)
			by, code := doctor(t, h, env)
			wantFinding(t, by, tc.check, tc.status, r.Replace(tc.detail), r.Replace(tc.fix))
			if code != tc.code {
				t.Errorf("exit %d, want %d", code, tc.code)
			}
			if tc.repair != nil {
				h.must(t, tc.repair...)
				by, code := doctor(t, h, env)
				allOK(t, by, code)
			}
		})
	}
}

// Placeholders in TestDoctorBroken's table for one test's folders.
const (
	h0shims = "{SHIMS}"
	h0user  = "{USER}"
	h0root  = "{ROOT}"
)

func writeExec(t *testing.T, p string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("#!/bin/sh\necho v1.0.0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
}

func mustRemove(t *testing.T, p string) {
	t.Helper()
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
}

// TestDoctorReadOnlyHome makes NVMGO_HOME read-only with chmod, which stops
// anyone but root (root is covered by the tmp-is-a-file case).
func TestDoctorReadOnlyHome(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("chmod does not stop root; TestDoctorBroken covers it with a file in place of tmp/")
	}
	t.Parallel()
	h, env := doctorHome(t)
	for _, d := range []string{h.root, filepath.Join(h.root, "tmp"), filepath.Join(h.root, "versions")} {
		if err := os.Chmod(d, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(d, 0o755) })
	}
	by, code := doctor(t, h, env)
	wantFinding(t, by, "writable", "fail", "permission denied", "make "+h.root+" writable")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
}

// TestDoctorMirrorTimeout checks that a mirror that never answers costs a
// short wait and a warning, not a hang or a failure.
func TestDoctorMirrorTimeout(t *testing.T) {
	t.Parallel()
	h, env := doctorHome(t)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	// A doctor that waited for the silent mirror would hang here and fail by
	// the test deadline; no wall-clock bound, which a busy machine breaks.
	by, code := doctor(t, h, env, "NVMGO_NODE_MIRROR="+srv.URL)
	wantFinding(t, by, "mirror", "warn", "cannot reach "+srv.URL, "NVMGO_NODE_MIRROR")
	if code != 0 {
		t.Errorf("exit %d, want 0", code)
	}
}

// TestDoctorText checks the human output: one line per check, a fix line
// under each that is not ok, exit 1 and nothing on stderr.
func TestDoctorText(t *testing.T) {
	t.Parallel()
	h, env := doctorHome(t)
	mustRemove(t, filepath.Join(h.shims, "npm"))
	r := h.run(t, append(env, "NVMGO_NODE_MIRROR=http://127.0.0.1:9"), "doctor")
	for _, want := range []string{
		"\nFAIL shims              missing shims: npm\n     fix: run: nvmgo reshim\n",
		"\nwarn mirror             cannot reach http://127.0.0.1:9",
		"\n     fix: check the network or set NVMGO_NODE_MIRROR\n",
		"\nok   default            18 -> " + v18 + "\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("doctor output lacks %q:\n%s", want, r.stdout)
		}
	}
	if r.code != 1 || r.stderr != "" {
		t.Errorf("doctor: exit %d, stderr %q; want 1 and nothing", r.code, r.stderr)
	}
}
