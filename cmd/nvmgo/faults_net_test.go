package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/nvmgo/nvmgo/internal/faulttest"
)

// Stalls and endless bodies against the built binary. The stall timer is
// set tiny through NVMGO_STALL_TIMEOUT, and a stalling file never sends
// again, so the cases hold on a machine of any speed; a healthy file that
// a busy machine reads late is only retried.

func TestFaultStallCLI(t *testing.T) {
	sums := faultVersion + "/SHASUMS256.txt.asc"
	for _, tt := range []struct{ name, path string }{
		{"shasums", sums},
		{"archive", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := newFaultCLI(t)
			c.env = append(c.env, "NVMGO_STALL_TIMEOUT=200ms")
			path := tt.path
			if path == "" {
				path = c.archive(".tar.xz")
			}
			c.m.SetFault(func(w http.ResponseWriter, r *http.Request) bool {
				if r.URL.Path != "/"+path {
					return false
				}
				faulttest.Trickle(w, r, []byte("-----BEGIN"))
				return true
			})
			c.mustFail([]string{"install", faultVersion}, c.m.URL+"/"+path, "no data for 200ms", "NVMGO_STALL_TIMEOUT")
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
			if how == "stall" {
				c.env = append(c.env, "NVMGO_STALL_TIMEOUT=200ms")
				want = []string{c.m.URL + " cannot be reached (no data for 200ms", "NVMGO_STALL_TIMEOUT"}
			}
			c.m.SetFault(func(w http.ResponseWriter, r *http.Request) bool {
				if r.URL.Path != "/index.json" {
					return false
				}
				if how == "stall" {
					faulttest.Trickle(w, r, []byte(`[{"version":"v2`))
				} else {
					faulttest.Endless(w, r, []byte("["))
				}
				return true
			})
			for _, args := range [][]string{{"ls-remote", "20"}, {"install", faultVersion}} {
				r := c.run(args...)
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
