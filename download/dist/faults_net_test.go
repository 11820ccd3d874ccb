package dist

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/nvmgo/nvmgo/internal/faulttest"
)

// Stalls and endless bodies on every file an install reads. The stall
// timer runs on a fake clock that moves only when the stalling server has
// gone quiet (see TestFaultSlowServer), so the cases do not depend on the
// machine's speed.

const tinyStall = 100 * time.Millisecond

func TestFaultStall(t *testing.T) {
	for _, file := range []string{"SHASUMS256.txt.asc", "SHASUMS256.txt", "SHASUMS256.txt.sig", "archive"} {
		for _, how := range []string{"no-headers", "few-bytes"} {
			t.Run(file+"/"+how, func(t *testing.T) {
				r := newRig(t, "linux")
				// A fake clock, moved only once the client waits on the
				// stalled server: the files before it cannot trip the timer.
				clock := clockwork.NewFakeClock()
				r.in.Client.Stall, r.in.Client.Clock = tinyStall, clock
				quiet := make(chan struct{})
				defer advanceOn(quiet, clock)()
				path := faultVersion + "/" + file
				switch file {
				case "archive":
					path = r.path()
				case "SHASUMS256.txt", "SHASUMS256.txt.sig":
					// Served only when there is no .asc; the .sig makes it signed.
					sig, err := r.m.Signer.DetachSign(r.m.File(faultVersion + "/SHASUMS256.txt"))
					if err != nil {
						t.Fatal(err)
					}
					r.m.Set(faultVersion+"/SHASUMS256.txt.asc", nil)
					r.m.Set(faultVersion+"/SHASUMS256.txt.sig", sig)
				}
				r.in.Client.HTTP.Transport = faulttest.Starved(r.in.Client.HTTP.Transport, path, int64(len("-----BEGIN")), quiet)
				var q requests
				r.m.SetFault(onPath(path, &q, func(_ int, w http.ResponseWriter, req *http.Request) bool {
					if how == "no-headers" {
						select { // the client waits for the headers
						case quiet <- struct{}{}:
						case <-req.Context().Done():
						}
						faulttest.Silent(w, req)
					} else {
						faulttest.Trickle(w, req, []byte("-----BEGIN"))
					}
					return true
				}))
				r.mustFail(t, r.m.URL+"/"+path, "no data for 100ms", "NVMGO_STALL_TIMEOUT")
				if got, want := len(q.all()), r.in.Client.Retries+1; got != want {
					t.Errorf("%s requested %d times, want %d (1 + retries)", path, got, want)
				}
			})
		}
	}
}

func TestFaultDeadline(t *testing.T) {
	// A SHASUMS256.txt.asc that never completes within the deadline: the
	// stall timer is an hour, the deadline of the whole fetch tiny.
	r := newRig(t, "linux")
	r.in.Client.Stall, r.in.Client.Deadline = time.Hour, tinyStall
	path := faultVersion + "/SHASUMS256.txt.asc"
	r.m.SetFault(onPath(path, &requests{}, func(_ int, w http.ResponseWriter, req *http.Request) bool {
		faulttest.Trickle(w, req, []byte("-----BEGIN"))
		return true
	}))
	r.mustFail(t, r.m.URL+"/"+path, "not complete after 100ms", "NVMGO_FETCH_TIMEOUT")
}

func TestFaultEndlessBody(t *testing.T) {
	t.Run("after-a-valid-archive", func(t *testing.T) {
		// The archive unpacks completely; what follows it is read only up
		// to MaxTrailer, not for as long as the server sends.
		r := newRig(t, "linux")
		data := r.data()
		r.m.SetFault(onPath(r.path(), &requests{}, func(_ int, w http.ResponseWriter, req *http.Request) bool {
			faulttest.Endless(w, req, data)
			return true
		}))
		r.mustFail(t, r.m.URL+"/"+r.path(), "more than 65536 bytes after the end of the archive")
	})
	t.Run("archive-without-end", func(t *testing.T) {
		r := newRig(t, "linux")
		r.in.MaxArchive = 4 << 20
		r.m.SetFault(onPath(r.path(), &requests{}, func(_ int, w http.ResponseWriter, req *http.Request) bool {
			faulttest.Endless(w, req, r.data()[:1000]) // a good start, then zeros: a corrupt archive
			return true
		}))
		r.mustFail(t, r.m.URL+"/"+r.path(), "larger than 4194304 bytes")
	})
	t.Run("zip", func(t *testing.T) {
		// Zips are saved before they are unpacked: the cap stops the save.
		r := newRig(t, "windows")
		r.in.MaxArchive = 4 << 20
		r.m.SetFault(onPath(r.path(), &requests{}, func(_ int, w http.ResponseWriter, req *http.Request) bool {
			faulttest.Endless(w, req, r.data())
			return true
		}))
		r.mustFail(t, r.m.URL+"/"+r.path(), "larger than 4194304 bytes")
	})
	t.Run("content-length-over-the-cap", func(t *testing.T) {
		r := newRig(t, "linux")
		r.in.MaxArchive = 4 << 20
		var q requests
		r.m.SetFault(onPath(r.path(), &q, func(_ int, w http.ResponseWriter, req *http.Request) bool {
			w.Header().Set("Content-Length", "4194305")
			faulttest.Trickle(w, req, r.data()[:100])
			return true
		}))
		r.mustFail(t, r.m.URL+"/"+r.path(), "larger than 4194304 bytes")
		if n := len(q.all()); n != 1 {
			t.Errorf("archive requested %d times; an oversize answer is not retried", n)
		}
	})
	t.Run("shasums", func(t *testing.T) {
		r := newRig(t, "linux")
		path := faultVersion + "/SHASUMS256.txt.asc"
		r.m.SetFault(onPath(path, &requests{}, func(_ int, w http.ResponseWriter, req *http.Request) bool {
			faulttest.Endless(w, req, r.m.File(path))
			return true
		}))
		r.mustFail(t, r.m.URL+"/"+path, "larger than 1048576 bytes")
	})
}

// A mirror that refuses the request (401, 403) on the checksums or on the
// archive: the hint names where the credentials come from.
func TestFaultAuthRefused(t *testing.T) {
	for _, status := range []int{http.StatusUnauthorized, http.StatusForbidden} {
		for _, file := range []string{"SHASUMS256.txt.asc", "archive"} {
			t.Run(fmt.Sprintf("%d-%s", status, file), func(t *testing.T) {
				r := newRig(t, "linux")
				path := faultVersion + "/" + file
				if file == "archive" {
					path = r.path()
				}
				r.m.SetFault(onPath(path, &requests{}, func(_ int, w http.ResponseWriter, _ *http.Request) bool {
					http.Error(w, "no", status)
					return true
				}))
				r.mustFail(t, r.m.URL+"/"+path, http.StatusText(status), "NVMGO_MIRROR_AUTH_HEADER", "~/.netrc")
			})
		}
	}
}
