package download

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nvmgo/nvmgo/internal/faulttest"
)

// answer is how the test server answers one request for the file.
type answer struct {
	status      int  // an error status instead of the file
	cut         int  // send this many bytes of the body, then drop the connection
	stall       bool // after cut bytes, send nothing more (instead of dropping)
	ignoreRange bool // answer a Range request with the whole file
	wrongStart  bool // answer a Range request one byte early
	noLength    bool // no Content-Length
}

// fileServer serves data with answers[i] for request i (the last repeats)
// and records each request's Range and If-Range headers.
type fileServer struct {
	data    []byte
	answers []answer
	mu      sync.Mutex
	seen    []string
}

func (f *fileServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	i := len(f.seen)
	f.seen = append(f.seen, strings.TrimSpace(r.Header.Get("Range")+" "+r.Header.Get("If-Range")))
	f.mu.Unlock()
	a := f.answers[min(i, len(f.answers)-1)]
	if a.status != 0 {
		http.Error(w, "no", a.status)
		return
	}
	w.Header().Set("ETag", faulttest.ETag(f.data))
	body, status := f.data, http.StatusOK
	if rg, ok := strings.CutPrefix(r.Header.Get("Range"), "bytes="); ok && !a.ignoreRange {
		start, _ := strconv.Atoi(strings.TrimSuffix(rg, "-"))
		if start >= len(f.data) {
			w.Header().Set("Content-Range", fmt.Sprintf("bytes */%d", len(f.data)))
			w.WriteHeader(http.StatusRequestedRangeNotSatisfiable)
			return
		}
		if a.wrongStart {
			start--
		}
		w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, len(f.data)-1, len(f.data)))
		body, status = f.data[start:], http.StatusPartialContent
	}
	if !a.noLength {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.WriteHeader(status)
	if a.cut == 0 {
		w.Write(body)
		return
	}
	w.Write(body[:min(a.cut, len(body))])
	http.NewResponseController(w).Flush()
	if a.stall {
		<-r.Context().Done()
		return
	}
	panic(http.ErrAbortHandler)
}

func (f *fileServer) requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.seen...)
}

func TestStream(t *testing.T) {
	data := faulttest.Random(100_000, 3)
	etag := faulttest.ETag(data)
	tests := []struct {
		name     string
		answers  []answer
		wantErr  string   // "" for success
		requests []string // Range and If-Range of each request, when checked
	}{
		{"whole", []answer{{}}, "", []string{""}},
		{"no-length", []answer{{noLength: true}}, "", []string{""}},
		{"reset-then-range", []answer{{cut: 40_000}, {}}, "", []string{"", "bytes=40000- " + etag}},
		{"two-resets", []answer{{cut: 10_000}, {cut: 20_000}, {}}, "", []string{"", "bytes=10000- " + etag, "bytes=30000- " + etag}},
		{"range-ignored", []answer{{cut: 40_000}, {ignoreRange: true}}, "", nil},
		{"503-then-ok", []answer{{status: 503}, {}}, "", []string{"", ""}},
		{"404", []answer{{status: 404}}, "404 Not Found", []string{""}},
		{"wrong-offset", []answer{{cut: 40_000}, {wrongStart: true}}, "resumed at the wrong offset", nil},
		// progress resets the per-hiccup count; the total stays bounded
		{"reset-forever", []answer{{cut: 40_000}, {cut: 1}}, "gave up after 16 retries at byte 40016", nil},
		// A stall is a tiny timer against a server that never sends again,
		// so no machine is too slow for it.
		{"stall", []answer{{cut: 40_000, stall: true}, {cut: 1000, stall: true}}, "no data for 100ms", nil},
		{"no-progress", []answer{{cut: 40_000}, {cut: 0, status: 503}}, "gave up after 2 retries at byte 40000", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := &fileServer{data: data, answers: tt.answers}
			srv := httptest.NewServer(fs)
			defer srv.Close()
			var retries []int64
			c := fastClient()
			if tt.name == "stall" {
				c.Stall = 100 * time.Millisecond
			}
			got, err := readStreamWith(c, srv.URL, func(_ error, off int64) { retries = append(retries, off) })
			if tt.wantErr == "" {
				if err != nil || !bytes.Equal(got, data) {
					t.Fatalf("read %d bytes, %v; want the %d bytes of the file", len(got), err, len(data))
				}
			} else if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want %q", err, tt.wantErr)
			}
			if tt.requests != nil && fmt.Sprint(fs.requests()) != fmt.Sprint(tt.requests) {
				t.Errorf("requests (Range If-Range) = %q, want %q", fs.requests(), tt.requests)
			}
			t.Logf("resumed at %v", retries)
		})
	}
}

func readStream(url string, onRetry func(error, int64)) ([]byte, error) {
	return readStreamWith(fastClient(), url, onRetry)
}

func readStreamWith(c *Client, url string, onRetry func(error, int64)) ([]byte, error) {
	s, err := c.Open(context.Background(), url, 0)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	s.OnRetry = onRetry
	return io.ReadAll(s)
}

func TestStreamWrongContentLength(t *testing.T) {
	data := faulttest.Random(10_000, 4)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Range") != "" {
			http.ServeContent(w, r, "f", time.Time{}, bytes.NewReader(data))
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(data)+10))
		w.Write(data)
		http.NewResponseController(w).Flush()
		panic(http.ErrAbortHandler)
	}))
	defer srv.Close()
	_, err := readStream(srv.URL, nil)
	var he *HTTPError
	if !errors.As(err, &he) || he.Status != 416 || !strings.Contains(err.Error(), "wrong Content-Length") {
		t.Errorf("error = %v, want a 416 that says the Content-Length was wrong", err)
	}
}

func TestStreamErrorSticks(t *testing.T) {
	// Once a stream gives up, every Read says why (the installer reads on
	// after the extractor stops, to hash the rest).
	fs := &fileServer{data: faulttest.Random(10_000, 5), answers: []answer{{cut: 5000}, {status: 404}}}
	srv := httptest.NewServer(fs)
	defer srv.Close()
	s, err := fastClient().Open(context.Background(), srv.URL, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, first := io.ReadAll(s)
	_, again := s.Read(make([]byte, 10))
	if first == nil || again == nil || first.Error() != again.Error() {
		t.Errorf("first error %v, then %v; want the same error twice", first, again)
	}
	if s.Size() != 10_000 {
		t.Errorf("Size() = %d", s.Size())
	}
}

func TestStreamCancelled(t *testing.T) {
	fs := &fileServer{data: faulttest.Random(10_000, 6), answers: []answer{{cut: 5000, stall: true}}}
	srv := httptest.NewServer(fs)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	s, err := fastClient().Open(ctx, srv.URL, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err = io.ReadAll(s)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
}
