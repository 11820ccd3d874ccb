package download

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestRetryable(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{nil, false},
		{context.Canceled, false},
		{fmt.Errorf("GET x: %w", context.Canceled), false},
		{&HTTPError{Status: 500}, true},
		{&HTTPError{Status: 502}, true},
		{&HTTPError{Status: 503}, true},
		{&HTTPError{Status: 429}, true},
		{&HTTPError{Status: 408}, true},
		{&HTTPError{Status: 404}, false},
		{&HTTPError{Status: 403}, false},
		{&HTTPError{Status: 416}, false},
		{fmt.Errorf("wrapped: %w", &HTTPError{Status: 410}), false},
		{&TooLargeError{URL: "u", Limit: 1}, false},
		{io.ErrUnexpectedEOF, true},
		{errors.New("connection reset by peer"), true},
		{context.DeadlineExceeded, true},
		{fmt.Errorf("Get u: %w", &net.OpError{Op: "dial", Err: &net.DNSError{Err: "no such host", Name: "nodejs.org", IsNotFound: true}}), false},
		{&net.DNSError{Err: "i/o timeout", Name: "nodejs.org", IsTimeout: true}, true},
	}
	for _, tt := range tests {
		if got := retryable(tt.err); got != tt.want {
			t.Errorf("retryable(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

func TestNotFoundAndUnreachable(t *testing.T) {
	tests := []struct {
		err                   error
		notFound, unreachable bool
	}{
		{&HTTPError{Status: 404}, true, false},
		{&HTTPError{Status: 410}, true, false},
		{fmt.Errorf("x: %w", &HTTPError{Status: 404}), true, false},
		{&HTTPError{Status: 500}, false, true},
		{&HTTPError{Status: 403}, false, false},
		{&net.OpError{Op: "dial", Err: errors.New("refused")}, false, true},
		{&net.DNSError{Err: "no such host", Name: "x"}, false, true},
		{fmt.Errorf("GET: %w", io.ErrUnexpectedEOF), false, true},
		{errors.New("checksum mismatch"), false, false},
	}
	for _, tt := range tests {
		if got := NotFound(tt.err); got != tt.notFound {
			t.Errorf("NotFound(%v) = %v", tt.err, got)
		}
		if got := Unreachable(tt.err); got != tt.unreachable {
			t.Errorf("Unreachable(%v) = %v", tt.err, got)
		}
	}
}

func TestHTTPErrorMessage(t *testing.T) {
	e := &HTTPError{URL: "https://x/y", Status: 503}
	if got, want := e.Error(), "GET https://x/y: 503 Service Unavailable"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestParseContentRangeStart(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"bytes 100-999/1000", 100, true},
		{"bytes 0-0/1", 0, true},
		{"bytes 100-999/*", 100, true},
		{"bytes */1000", 0, false},
		{"bytes -5/10", 0, false},
		{"", 0, false},
		{"bytes x-1/2", 0, false},
		{"100-999/1000", 100, true},
	}
	for _, tt := range tests {
		got, ok := parseContentRangeStart(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseContentRangeStart(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// step is one canned answer of a test server.
type step struct {
	status int
	body   string
	header map[string]string
	length int // Content-Length to announce; 0 means the body's
}

// serveSteps answers request i with steps[i] (the last one repeats) and
// counts the requests.
func serveSteps(t *testing.T, steps []step, seen func(*http.Request)) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		if seen != nil {
			seen(r)
		}
		s := steps[min(i, len(steps)-1)]
		for k, v := range s.header {
			w.Header().Set(k, v)
		}
		if s.length != 0 {
			w.Header().Set("Content-Length", fmt.Sprint(s.length))
		}
		if s.status == 0 {
			s.status = http.StatusOK
		}
		w.WriteHeader(s.status)
		io.WriteString(w, s.body)
		if s.length > len(s.body) {
			http.NewResponseController(w).Flush()
			panic(http.ErrAbortHandler)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func fastClient() *Client {
	c := NewClient("1.2.3")
	c.Retries, c.Backoff = 2, time.Millisecond
	return c
}

func TestClientGet(t *testing.T) {
	tests := []struct {
		name     string
		steps    []step
		limit    int64
		want     string // body, or a substring of the error after "ERR "
		requests int32
	}{
		{"ok", []step{{body: "hello"}}, 100, "hello", 1},
		{"500-then-ok", []step{{status: 500}, {body: "hello"}}, 100, "hello", 2},
		{"503-twice-then-ok", []step{{status: 503}, {status: 503}, {body: "hi"}}, 100, "hi", 3},
		{"503-forever", []step{{status: 503}}, 100, "ERR 503 Service Unavailable", 3},
		{"404-not-retried", []step{{status: 404}}, 100, "ERR 404 Not Found", 1},
		{"403-not-retried", []step{{status: 403}}, 100, "ERR 403 Forbidden", 1},
		{"over-limit", []step{{body: strings.Repeat("x", 101)}}, 100, "ERR larger than 100 bytes", 1},
		{"at-limit", []step{{body: strings.Repeat("x", 100)}}, 100, strings.Repeat("x", 100), 1},
		{"cut-short-then-ok", []step{{body: "hel", length: 5}, {body: "hello"}}, 100, "hello", 2},
		{"cut-short-forever", []step{{body: "hel", length: 5}}, 100, "ERR unexpected EOF", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, n := serveSteps(t, tt.steps, nil)
			resp, err := fastClient().Get(context.Background(), srv.URL+"/f", nil, tt.limit)
			if want, isErr := strings.CutPrefix(tt.want, "ERR "); isErr {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("Get error = %v, want it to contain %q", err, want)
				}
			} else if err != nil || string(resp.Body) != tt.want {
				t.Errorf("Get = %q, %v; want %q", resp.Body, err, tt.want)
			}
			if got := n.Load(); got != tt.requests {
				t.Errorf("%d requests, want %d", got, tt.requests)
			}
		})
	}
}

func TestClientGetHeaders(t *testing.T) {
	var got http.Header
	srv, _ := serveSteps(t, []step{{status: http.StatusNotModified, header: map[string]string{"ETag": `"abc"`}}},
		func(r *http.Request) { got = r.Header.Clone() })
	c := fastClient()
	c.Header = func(url string) http.Header { return http.Header{"Authorization": {"Bearer t"}} }
	resp, err := c.Get(context.Background(), srv.URL, http.Header{"If-None-Match": {`"abc"`}}, 10)
	if err != nil || !resp.NotModified || resp.ETag != `"abc"` {
		t.Errorf("Get = %+v, %v; want a 304 with its ETag", resp, err)
	}
	for k, want := range map[string]string{"User-Agent": "nvmgo/1.2.3", "Authorization": "Bearer t", "If-None-Match": `"abc"`} {
		if got.Get(k) != want {
			t.Errorf("request header %s = %q, want %q", k, got.Get(k), want)
		}
	}
}

func TestClientGetCancelled(t *testing.T) {
	srv, n := serveSteps(t, []step{{status: 503}}, nil)
	c := fastClient()
	c.Backoff = time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := c.Get(ctx, srv.URL, nil, 10)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Get after cancel = %v, want context.Canceled", err)
	}
	if n.Load() != 1 {
		t.Errorf("%d requests, want 1 (the backoff was cancelled)", n.Load())
	}
}
