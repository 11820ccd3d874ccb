package dist

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/download/platform"
	"github.com/nvmgo/nvmgo/download/signature"
	"github.com/nvmgo/nvmgo/internal/faulttest"
	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/internal/store/staging"
	"github.com/nvmgo/nvmgo/internal/testmirror"
	"github.com/nvmgo/nvmgo/versions"
)

// The fault-injection suite of the installer: a signed in-memory mirror,
// a real NVMGO_HOME in a temporary folder, and faults injected into the
// mirror's answers. Every case ends with assertOnlyComplete.

const faultVersion = "v20.18.1"

// rig is one mirror, one home and an installer with fast retries.
type rig struct {
	m    *testmirror.Mirror
	home string
	rel  versions.Release
	art  platform.Artifact
	in   *Installer
	log  *faulttest.SyncBuffer
}

// path is the mirror path of the archive the installer downloads.
func (r *rig) path() string { return faultVersion + "/" + r.art.FileName }

// data is the archive as the mirror holds it.
func (r *rig) data() []byte { return r.m.File(r.path()) }

func newRig(t *testing.T, goos string, vs ...string) *rig {
	t.Helper()
	if len(vs) == 0 {
		vs = []string{faultVersion}
	}
	m, kr := testmirror.StartTest(t, testmirror.Options{Versions: vs, Tags: []string{"linux-x64", "win-x64"}})
	r := &rig{m: m, home: t.TempDir(), log: &faulttest.SyncBuffer{}}
	r.rel = r.release(t, faultVersion)
	var err error
	r.art, err = platform.Select(platform.Platform{OS: goos, Arch: "amd64"}, r.rel, platform.PreferXZ)
	if err != nil {
		t.Fatal(err)
	}
	r.in = r.installer(kr, goos)
	return r
}

func (r *rig) release(t *testing.T, v string) versions.Release {
	t.Helper()
	rels, err := versions.ParseIndex(r.m.File("index.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, rel := range rels {
		if rel.Version == v {
			return rel
		}
	}
	t.Fatalf("%s not in the mirror", v)
	return versions.Release{}
}

func (r *rig) installer(kr *signature.Keyring, goos string) *Installer {
	c := download.NewClient("test")
	c.Retries, c.Backoff = 3, time.Millisecond
	return &Installer{Home: store.Home{Root: r.home}, Client: c, Mirror: r.m.URL, Keyring: kr,
		GOOS: goos, Log: r.log, Now: time.Now}
}

func (r *rig) install(t *testing.T) (staging.Result, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return r.in.Install(ctx, r.rel, r.art)
}

// mustInstall installs and checks the result is a complete install.
func (r *rig) mustInstall(t *testing.T) staging.Result {
	t.Helper()
	res, err := r.install(t)
	if err != nil {
		t.Fatalf("install: %v\nlog:\n%s", err, r.log)
	}
	if n := assertOnlyComplete(t, r.home); n != 1 {
		t.Errorf("versions/ holds %d complete installs, want 1", n)
	}
	faulttest.AssertNoStaging(t, r.home)
	return res
}

// mustFail installs, wants an error naming every one of want with a hint
// line, and checks nothing was installed and no staging is left.
func (r *rig) mustFail(t *testing.T, want ...string) error {
	t.Helper()
	_, err := r.install(t)
	if err == nil {
		t.Fatalf("install succeeded; want an error naming %q", want)
	}
	t.Logf("error: %v", err)
	faulttest.AssertHint(t, hint.Text(err), want...)
	if n := assertOnlyComplete(t, r.home); n != 0 {
		t.Errorf("versions/ holds %d installs after a failed install", n)
	}
	faulttest.AssertNoStaging(t, r.home)
	return err
}

// assertOnlyComplete is the check every fault case ends with.
func assertOnlyComplete(t *testing.T, root string) int {
	t.Helper()
	return faulttest.AssertOnlyComplete(t, root)
}

// requests records the Range header of each request for one path.
type requests struct {
	mu     sync.Mutex
	ranges []string
}

func (q *requests) add(r *http.Request) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.ranges = append(q.ranges, r.Header.Get("Range"))
	return len(q.ranges)
}

func (q *requests) all() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]string(nil), q.ranges...)
}

// onPath runs f (given the request's number, from 1) for requests of path.
func onPath(path string, q *requests, f func(n int, w http.ResponseWriter, r *http.Request) bool) func(http.ResponseWriter, *http.Request) bool {
	return func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/"+path {
			return false
		}
		return f(q.add(r), w, r)
	}
}

func TestFaultServerErrorThenSuccess(t *testing.T) {
	for _, status := range []int{http.StatusInternalServerError, http.StatusServiceUnavailable, http.StatusTooManyRequests} {
		for _, file := range []string{"archive", "SHASUMS256.txt.asc"} {
			t.Run(fmt.Sprintf("%d-%s", status, file), func(t *testing.T) {
				r := newRig(t, "linux")
				path := r.path()
				if file != "archive" {
					path = faultVersion + "/" + file
				}
				var q requests
				r.m.SetFault(onPath(path, &q, func(n int, w http.ResponseWriter, _ *http.Request) bool {
					if n <= 2 {
						http.Error(w, "busy", status)
						return true
					}
					return false
				}))
				r.mustInstall(t)
				if got := len(q.all()); got != 3 {
					t.Errorf("%s requested %d times, want 3 (two failures, then success)", path, got)
				}
			})
		}
	}
}

func TestFaultServerErrorForever(t *testing.T) {
	r := newRig(t, "linux")
	var q requests
	r.m.SetFault(onPath(r.path(), &q, func(_ int, w http.ResponseWriter, _ *http.Request) bool {
		http.Error(w, "down", http.StatusServiceUnavailable)
		return true
	}))
	r.mustFail(t, "503 Service Unavailable", r.art.FileName)
	if got, want := len(q.all()), r.in.Client.Retries+1; got != want {
		t.Errorf("archive requested %d times, want %d (1 + retries)", got, want)
	}
}

func TestFaultResetMidBody(t *testing.T) {
	t.Run("resumed-with-range", func(t *testing.T) {
		r := newRig(t, "linux")
		data, half := r.data(), len(r.data())/2
		var q requests
		r.m.SetFault(onPath(r.path(), &q, func(n int, w http.ResponseWriter, _ *http.Request) bool {
			if n == 1 {
				faulttest.Reset(w, data, half)
				return true
			}
			return false // the mirror serves the Range request
		}))
		r.mustInstall(t)
		got := q.all()
		if want := []string{"", fmt.Sprintf("bytes=%d-", half)}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("Range headers = %q, want %q", got, want)
		}
		if !strings.Contains(r.log.String(), fmt.Sprintf("interrupted at %d bytes", half)) {
			t.Errorf("log does not say the download was resumed:\n%s", r.log)
		}
	})
	t.Run("server-ignores-range", func(t *testing.T) {
		r := newRig(t, "linux")
		data := r.data()
		var q requests
		r.m.SetFault(onPath(r.path(), &q, func(n int, w http.ResponseWriter, _ *http.Request) bool {
			if n == 1 {
				faulttest.Reset(w, data, len(data)/3)
				return true
			}
			w.Header().Set("Content-Length", fmt.Sprint(len(data)))
			w.Write(data) // a 200 with everything: the client skips what it has
			return true
		}))
		r.mustInstall(t)
		if got := len(q.all()); got != 2 {
			t.Errorf("archive requested %d times, want 2", got)
		}
	})
	t.Run("reset-every-time", func(t *testing.T) {
		r := newRig(t, "linux")
		data := r.data()
		var q requests
		r.m.SetFault(onPath(r.path(), &q, func(n int, w http.ResponseWriter, _ *http.Request) bool {
			faulttest.Reset(w, data, len(data)/2)
			return true
		}))
		r.mustFail(t, "gave up after 3 retries", r.art.FileName)
	})
}

func TestFaultTruncatedBody(t *testing.T) {
	t.Run("no-length", func(t *testing.T) {
		// A body that ends early with no Content-Length looks complete to
		// HTTP; only the sha256 can tell.
		r := newRig(t, "linux")
		data := r.data()
		r.m.SetFault(onPath(r.path(), &requests{}, func(_ int, w http.ResponseWriter, _ *http.Request) bool {
			conn, buf, _ := http.NewResponseController(w).Hijack()
			fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
			buf.Write(data[:len(data)/2])
			buf.Flush()
			conn.Close()
			return true
		}))
		r.mustFail(t, "checksum mismatch", r.art.FileName)
	})
	t.Run("first-time-only", func(t *testing.T) {
		r := newRig(t, "linux")
		data := r.data()
		r.m.SetFault(onPath(r.path(), &requests{}, func(n int, w http.ResponseWriter, _ *http.Request) bool {
			if n > 1 {
				return false
			}
			w.Header().Set("Content-Length", fmt.Sprint(len(data)))
			w.Write(data[:len(data)-100])
			panic(http.ErrAbortHandler) // the server closes the connection
		}))
		r.mustInstall(t)
	})
}

func TestFaultWrongContentLength(t *testing.T) {
	lying := func(r *rig, length int) {
		data := r.data()
		r.m.SetFault(onPath(r.path(), &requests{}, func(_ int, w http.ResponseWriter, req *http.Request) bool {
			if req.Header.Get("Range") != "" {
				return false
			}
			conn, buf, _ := http.NewResponseController(w).Hijack()
			fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\nETag: %s\r\n\r\n", length, faulttest.ETag(data))
			buf.Write(data)
			buf.Flush()
			conn.Close()
			return true
		}))
	}
	t.Run("longer-than-the-file", func(t *testing.T) {
		r := newRig(t, "linux")
		lying(r, len(r.data())+100)
		r.mustFail(t, "Content-Length", r.art.FileName)
	})
	t.Run("shorter-than-the-file", func(t *testing.T) {
		r := newRig(t, "linux")
		lying(r, len(r.data())-100)
		r.mustFail(t, "checksum mismatch", r.art.FileName)
	})
}

// The stall timer runs on a fake clock that moves only when the server
// has gone quiet and the client has taken in everything before that:
// SHASUMS and the healthy first half cannot trip it however busy the
// machine is, and each stall is exactly one retry.
func TestFaultSlowServer(t *testing.T) {
	t.Run("body-stalls", func(t *testing.T) {
		r := newRig(t, "linux")
		clock := stallClock(r)
		data := r.data()
		r.m.SetFault(faulttest.StallAfter(r.path(), data, len(data)/2, nil))
		starved := make(chan struct{})
		r.in.Client.HTTP.Transport = faulttest.Starved(r.in.Client.HTTP.Transport, r.path(), int64(len(data)/2), starved)
		defer advanceOn(starved, clock)()
		r.mustFail(t, "no data for 150ms", "gave up after 3 retries", r.art.FileName)
	})
	t.Run("no-headers", func(t *testing.T) {
		r := newRig(t, "linux")
		clock := stallClock(r)
		reached := make(chan struct{})
		q := &requests{}
		r.m.SetFault(onPath(r.path(), q, func(_ int, _ http.ResponseWriter, req *http.Request) bool {
			select { // the request is here: the client waits for headers
			case reached <- struct{}{}:
			case <-req.Context().Done():
			}
			<-req.Context().Done()
			return true
		}))
		defer advanceOn(reached, clock)()
		r.mustFail(t, "no data for 150ms", r.art.FileName)
		if n := len(q.all()); n != 4 {
			t.Errorf("%d requests; want 4 (each stall is one retry of 3)", n)
		}
	})
}

// stallClock puts r's client on a fake clock with a 150ms stall timer.
func stallClock(r *rig) *clockwork.FakeClock {
	clock := clockwork.NewFakeClock()
	r.in.Client.Clock, r.in.Client.Stall = clock, 150*time.Millisecond
	return clock
}

// advanceOn moves clock past the stall timer each time quiet says the
// server has stopped sending; the returned func stops it.
func advanceOn(quiet <-chan struct{}, clock *clockwork.FakeClock) func() {
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-quiet:
				clock.Advance(150 * time.Millisecond)
			case <-done:
				return
			}
		}
	}()
	return func() { close(done) }
}

func TestFaultInterrupted(t *testing.T) {
	r := newRig(t, "linux")
	data := r.data()
	reached := make(chan struct{}, 1)
	r.m.SetFault(faulttest.StallAfter(r.path(), data, len(data)/2, reached))
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-reached; cancel() }()
	_, err := r.in.Install(ctx, r.rel, r.art)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("install after Ctrl-C: %v, want context.Canceled", err)
	}
	assertOnlyComplete(t, r.home)
	faulttest.AssertNoStaging(t, r.home)
}
