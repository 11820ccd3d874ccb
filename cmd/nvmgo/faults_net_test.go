package main

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/nvmgo/nvmgo/internal/faulttest"
)

// Stalls and endless bodies against the built binary. The binary's stall
// timer is real (NVMGO_STALL_TIMEOUT=200ms): no fake clock reaches it. So
// the files a command needs before the stalled one are served first, by a
// command that runs with the default timer (the index goes into the cache
// that way), and the tiny timer guards only the server meant to stall,
// which never sends again. quietRun checks what the mirror was asked for
// under it.

// stallTimer is the NVMGO_STALL_TIMEOUT of the commands that meet a stall.
const stallTimer = "NVMGO_STALL_TIMEOUT=200ms"

// quietRun runs nvmgo with the tiny stall timer and returns the mirror
// paths asked for meanwhile (the fault f sees every request first).
func (c *faultCLI) quietRun(f func(http.ResponseWriter, *http.Request) bool, args ...string) (result, []string) {
	c.t.Helper()
	var mu sync.Mutex
	var asked []string
	c.m.SetFault(func(w http.ResponseWriter, r *http.Request) bool {
		mu.Lock()
		asked = append(asked, strings.TrimPrefix(r.URL.Path, "/"))
		mu.Unlock()
		return f(w, r)
	})
	defer c.m.SetFault(nil)
	cmd := c.command(context.Background(), "nvmgo", args...)
	cmd.Env = append(slices.Clip(c.env), stallTimer)
	r := c.runCmd(cmd)
	mu.Lock()
	defer mu.Unlock()
	return r, asked
}

// trickleOn answers path with a few bytes and then silence.
func trickleOn(path string, prefix []byte) func(http.ResponseWriter, *http.Request) bool {
	return func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/"+path {
			return false
		}
		faulttest.Trickle(w, r, prefix)
		return true
	}
}

func TestFaultStallCLI(t *testing.T) {
	sums := faultVersion + "/SHASUMS256.txt.asc"
	for _, tt := range []struct {
		name, path string
		healthy    []string // served under the tiny timer before the stall
	}{
		{"shasums", sums, nil},
		// The checksums come before the archive and cannot be cached:
		// a small file, and Get tries it five times with 3 s of backoff
		// between, so only a machine that misses 200ms five times over
		// could turn its stall timer on it.
		{"archive", "", []string{sums}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := newFaultCLI(t)
			if r := c.run("ls-remote", "20"); r.code != 0 { // the index, into the cache
				t.Fatalf("ls-remote exited %d:\n%s", r.code, r.stderr)
			}
			path := tt.path
			if path == "" {
				path = c.archive(".tar.xz")
			}
			r, asked := c.quietRun(trickleOn(path, []byte("-----BEGIN")), "install", faultVersion)
			c.checkFail(r, []string{"install", faultVersion}, c.m.URL+"/"+path, "no data for 200ms", "NVMGO_STALL_TIMEOUT")
			if got := slices.DeleteFunc(asked, func(p string) bool { return p == path }); !slices.Equal(got, tt.healthy) {
				t.Errorf("under the tiny stall timer the mirror was asked for %q besides %s; want %q", got, path, tt.healthy)
			}
			if n := assertOnlyComplete(t, c.home); n != 0 {
				t.Errorf("versions/ holds %d installs", n)
			}
			faulttest.AssertNoStaging(t, c.home)
		})
	}
}

// A stalled or endless index.json falls back to the embedded index with a
// warning that names the mirror and what happened, for install and
// ls-remote alike: neither waits without end.
func TestFaultIndexCLI(t *testing.T) {
	for _, how := range []string{"stall", "endless"} {
		t.Run(how, func(t *testing.T) {
			t.Parallel()
			c := newFaultCLI(t)
			// An endless index is a bad answer; a stalled one a mirror that
			// cannot be reached, remembered for the next command.
			want := []string{c.m.URL + "/index.json", "larger than", "could not fetch the release index"}
			fault := func(w http.ResponseWriter, r *http.Request) bool {
				if r.URL.Path != "/index.json" {
					return false
				}
				faulttest.Endless(w, r, []byte("["))
				return true
			}
			if how == "stall" {
				want = []string{c.m.URL + " cannot be reached (no data for 200ms", "NVMGO_STALL_TIMEOUT"}
				fault = trickleOn("index.json", []byte(`[{"version":"v2`))
			}
			// ls-remote meets the stall under the tiny timer and asks for
			// nothing else; install, with the default timer, finds the
			// mirror remembered as unreachable and does not ask for the
			// index again.
			for _, args := range [][]string{{"ls-remote", "20"}, {"install", faultVersion}} {
				var r result
				if how == "stall" && args[0] == "ls-remote" {
					var asked []string
					r, asked = c.quietRun(fault, args...)
					if got := slices.DeleteFunc(asked, func(p string) bool { return p == "index.json" }); len(got) > 0 {
						t.Errorf("under the tiny stall timer the mirror was asked for %q besides index.json", got)
					}
				} else {
					c.m.SetFault(fault)
					r = c.run(args...)
					c.m.SetFault(nil)
				}
				if r.code != 0 {
					t.Fatalf("%v with a bad index exited %d:\n%s", args, r.code, r.stderr)
				}
				for _, w := range want {
					if !strings.Contains(r.stderr, w) {
						t.Errorf("%v: stderr does not name %q:\n%s", args, w, r.stderr)
					}
				}
			}
			c.assertInstalled()
		})
	}
}

func TestFaultEndlessArchiveCLI(t *testing.T) {
	c := newFaultCLI(t)
	c.env = append(c.env, "NVMGO_ARCHIVE_FORMAT=xz") // not the .tar.gz of a fast link
	path := c.archive(".tar.xz")
	data := c.m.File(path)
	c.m.SetFault(func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/"+path {
			return false
		}
		faulttest.Endless(w, r, data)
		return true
	})
	c.mustFail([]string{"install", faultVersion}, c.m.URL+"/"+path, "more than 65536 bytes after the end of the archive")
	if n := assertOnlyComplete(t, c.home); n != 0 {
		t.Errorf("versions/ holds %d installs", n)
	}
	faulttest.AssertNoStaging(t, c.home)
	c.m.SetFault(nil)
	c.mustInstall()
}
