package index

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/versions"
)

// Hostile and malformed index.json: each is a clear error naming the
// problem, never a panic, and the broken index is neither cached nor used.

func TestFaultHostileIndex(t *testing.T) {
	huge := append([]byte("["), bytes.Repeat([]byte(" "), versions.MaxIndexSize)...)
	huge = append(huge, ']')
	tests := []struct {
		name    string
		body    []byte
		chunked bool // no Content-Length
		want    string
	}{
		{"invalid-json", []byte(`[{"version":"v20.1.0",`), false, "index.json: "},
		{"not-json", []byte("<html>502 Bad Gateway</html>"), false, "invalid JSON"},
		{"binary", []byte("\x00\xff\xfe\x1f\x8b"), false, "invalid JSON"},
		{"empty", nil, false, "no data"},
		{"null", []byte("null"), false, "got null"},
		{"empty-list", []byte("[]"), false, "no releases"},
		{"object", []byte(`{"version":"v20.1.0"}`), false, "want a JSON list"},
		{"version-a-number", []byte(`[{"version":20,"date":"2024-01-01","files":[],"lts":false}]`), false, "entry 0"},
		{"files-a-string", []byte(`[{"version":"v20.1.0","date":"2024-01-01","files":"linux-x64","lts":false}]`), false, "entry 0"},
		{"lts-true", []byte(`[{"version":"v20.1.0","date":"2024-01-01","files":[],"lts":true}]`), false, "lts"},
		{"not-a-version", []byte(`[{"version":"v20.1.0","files":[],"lts":false},{"version":"latest; rm -rf /","files":[],"lts":false}]`), false, "entry 1: version"},
		{"version-huge", []byte(`[{"version":"v` + strings.Repeat("9", 1<<16) + `.0.0","files":[],"lts":false}]`), false, "not a version"},
		{"trailing-data", []byte(`[{"version":"v20.1.0","files":[],"lts":false}] {}`), false, "index.json"},
		{"deep-nesting", []byte(strings.Repeat("[", 100000)), false, "index.json"},
		{"huge", huge, false, "larger than"},
		{"huge-chunked", huge, true, "larger than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				if tt.chunked {
					w.Write(tt.body[:1])
					http.NewResponseController(w).Flush()
					w.Write(tt.body[1:])
					return
				}
				w.Write(tt.body)
			}))
			defer srv.Close()
			src := testIndexSource(srv.URL, t.TempDir())
			rs, _, err := src.Load(context.Background())
			if err == nil {
				t.Fatalf("Load = %d releases, want an error", len(rs))
			}
			t.Logf("error: %v", err)
			msg := err.Error()
			if !strings.HasPrefix(msg, "release index: ") || !strings.Contains(msg, tt.want) {
				t.Errorf("error = %q, want it to start with %q and name %q", msg, "release index: ", tt.want)
			}
			if len(msg) > 600 {
				t.Errorf("error is %d bytes long; it should quote the index briefly", len(msg))
			}
			if n := hits.Load(); n != 1 {
				t.Errorf("index fetched %d times; a bad index is not a transient failure", n)
			}
			// The bad index was not cached: a good one is used next time.
			if _, _, ok := src.readCache(); ok {
				t.Error("the bad index was cached")
			}
		})
	}
}

func TestFaultHostileIndexCache(t *testing.T) {
	// A cache file damaged on disk is ignored, and the network copy used.
	good := []byte(`[{"version":"v20.1.0","date":"2024-01-01","files":["linux-x64"],"lts":false}]`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(good) }))
	defer srv.Close()
	src := testIndexSource(srv.URL, t.TempDir())
	src.writeCache([]byte(`[{"version":"bogus"`), cacheMeta{URL: srv.URL, FetchedAt: time.Now()})
	rs, info, err := src.Load(context.Background())
	if err != nil || len(rs) != 1 || info.From != "network" {
		t.Errorf("Load = %d releases from %q, %v; want 1 from the network", len(rs), info.From, err)
	}
}

func testIndexSource(mirror, cache string) *IndexSource {
	c := download.NewClient("test")
	c.Retries, c.Backoff = 3, time.Millisecond
	return &IndexSource{Client: c, Mirror: mirror, CacheDir: cache, TTL: time.Hour, Now: time.Now}
}
