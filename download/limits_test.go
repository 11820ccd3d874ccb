package download

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nvmgo/nvmgo/internal/faulttest"
)

// Stalls, deadlines and size caps. Timers are tiny here, and every server
// that is meant to trip one never sends again until the test ends, so no
// machine is too slow or too fast for these tests.

func TestGetStall(t *testing.T) {
	tests := []struct {
		name  string
		serve func(w http.ResponseWriter, r *http.Request)
	}{
		{"no-headers", faulttest.Silent},
		{"few-bytes", func(w http.ResponseWriter, r *http.Request) { faulttest.Trickle(w, r, []byte(`[{"version":`)) }},
		{"length-then-nothing", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "1000")
			faulttest.Trickle(w, r, []byte("abc"))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n atomicCount
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.add()
				tt.serve(w, r)
			}))
			defer srv.Close()
			c := fastClient()
			c.Stall = 50 * time.Millisecond
			_, err := c.Get(context.Background(), srv.URL+"/index.json", nil, 1<<20)
			var se *StallError
			if !errors.As(err, &se) {
				t.Fatalf("Get = %v; want a stall", err)
			}
			msg := err.Error()
			for _, want := range []string{srv.URL + "/index.json", "no data for 50ms", "NVMGO_STALL_TIMEOUT"} {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q does not name %q", msg, want)
				}
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("error is not one line: %q", msg)
			}
			// The client gives up on the last try without waiting for
			// the server to get round to it: on a busy machine the
			// handler of that try may run only after Get returns.
			if got := n.waitFor(c.Retries + 1); got != c.Retries+1 {
				t.Errorf("%d requests, want %d (a stall is retried)", got, c.Retries+1)
			}
			var ne net.Error
			if !errors.As(err, &ne) || !ne.Timeout() || !Unreachable(err) {
				t.Errorf("a stall is not a timeout: %v", err)
			}
		})
	}
}

func TestGetDeadline(t *testing.T) {
	// The stall timer never fires (an hour); the deadline of the whole
	// call, retries included, does.
	srv := httptest.NewServer(http.HandlerFunc(faulttest.Silent))
	defer srv.Close()
	c := fastClient()
	c.Stall, c.Deadline = time.Hour, 50*time.Millisecond
	_, err := c.Get(context.Background(), srv.URL+"/SHASUMS256.txt", nil, 1<<20)
	var de *DeadlineError
	if !errors.As(err, &de) || !strings.Contains(err.Error(), srv.URL+"/SHASUMS256.txt") || !strings.Contains(err.Error(), "NVMGO_FETCH_TIMEOUT") {
		t.Fatalf("Get = %v; want a deadline error naming the URL", err)
	}
	if retryable(err) {
		t.Error("a passed deadline is retryable")
	}
}

func TestGetCancelIsNotAStall(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(faulttest.Silent))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	reqs := make(chan struct{})
	c := fastClient()
	c.HTTP.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		close(reqs)
		return http.DefaultTransport.RoundTrip(r)
	})
	go func() { <-reqs; cancel() }()
	_, err := c.Get(ctx, srv.URL, nil, 10)
	var se *StallError
	if !errors.Is(err, context.Canceled) || errors.As(err, &se) {
		t.Errorf("Get after cancel = %v; want context.Canceled", err)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestGetEndlessBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		faulttest.Endless(w, r, []byte("["))
	}))
	defer srv.Close()
	_, err := fastClient().Get(context.Background(), srv.URL+"/index.json", nil, 1<<20)
	var tl *TooLargeError
	if !errors.As(err, &tl) || !strings.Contains(err.Error(), "larger than 1048576 bytes") {
		t.Errorf("Get of an endless body = %v; want too large", err)
	}
}

func TestStreamCaps(t *testing.T) {
	t.Run("content-length-over-the-cap", func(t *testing.T) {
		var n atomicCount
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n.add()
			w.Header().Set("Content-Length", "1000001")
			faulttest.Trickle(w, r, []byte("x"))
		}))
		defer srv.Close()
		_, err := fastClient().Open(context.Background(), srv.URL+"/a.tar.xz", 1_000_000)
		var tl *TooLargeError
		if !errors.As(err, &tl) || n.get() != 1 {
			t.Errorf("Open = %v after %d requests; want too large, not retried", err, n.get())
		}
	})
	t.Run("endless-without-length", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			faulttest.Endless(w, r, nil)
		}))
		defer srv.Close()
		s, err := fastClient().Open(context.Background(), srv.URL+"/a.tar.xz", 1_000_000)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		got, err := readAllCount(s)
		var tl *TooLargeError
		if !errors.As(err, &tl) || got > 1_000_000+64<<10 {
			t.Errorf("read %d bytes, %v; want to stop at the cap of 1000000", got, err)
		}
	})
	t.Run("default-cap", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", strconv.FormatInt(MaxArchiveSize+1, 10))
			faulttest.Trickle(w, r, []byte("x"))
		}))
		defer srv.Close()
		_, err := fastClient().Open(context.Background(), srv.URL+"/a.zip", 0)
		var tl *TooLargeError
		if !errors.As(err, &tl) || tl.Limit != MaxArchiveSize {
			t.Errorf("Open = %v; want too large for the default cap", err)
		}
	})
}

func readAllCount(s *Stream) (int64, error) {
	buf := make([]byte, 32<<10)
	var total int64
	for {
		n, err := s.Read(buf)
		total += int64(n)
		if err != nil {
			return total, err
		}
	}
}

type atomicCount struct {
	mu sync.Mutex
	n  int
}

func (a *atomicCount) add() { a.mu.Lock(); a.n++; a.mu.Unlock() }

// waitFor waits until the count reaches want (or 10 s pass: a bound for a
// broken test, not a timing the test relies on) and returns the count.
func (a *atomicCount) waitFor(want int) int {
	for end := time.Now().Add(10 * time.Second); a.get() < want && time.Now().Before(end); {
		time.Sleep(time.Millisecond)
	}
	return a.get()
}

func (a *atomicCount) get() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.n
}
