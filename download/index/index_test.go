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
)

const (
	indexOld = `[{"version":"v20.1.0","date":"2024-01-01","files":["linux-x64"],"lts":false}]`
	indexNew = `[{"version":"v20.2.0","date":"2024-02-01","files":["linux-x64"],"lts":false},` +
		`{"version":"v20.1.0","date":"2024-01-01","files":["linux-x64"],"lts":false}]`
)

func TestIndexSourceLoad(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		cacheAge time.Duration // 0: no cache; negative: from the future
		offline  bool
		status   int // of the server: 200 (indexNew), 304, 500
		fallback bool
		from     string // IndexInfo.From, or "ERR substring"
		newest   string
		hits     int32
		warn     string
	}{
		{"network", 0, false, 200, false, "network", "v20.2.0", 1, ""},
		{"fresh-cache", time.Minute, false, 200, false, "cache", "v20.1.0", 0, ""},
		{"stale-cache-refreshed", 2 * time.Hour, false, 200, false, "network", "v20.2.0", 1, ""},
		{"stale-cache-not-modified", 2 * time.Hour, false, 304, false, "cache", "v20.1.0", 1, ""},
		{"stale-cache-server-down", 2 * time.Hour, false, 500, false, "stale-cache", "v20.1.0", 4, "could not refresh"},
		{"offline-old-cache", 1000 * time.Hour, true, 200, false, "cache", "v20.1.0", 0, ""},
		{"offline-no-cache", 0, true, 200, false, "ERR --offline and no cached index", "", 0, ""},
		{"offline-embedded", 0, true, 200, true, "embedded", "v20.1.0", 0, ""}, // the caller names the index
		{"down-embedded", 0, false, 500, true, "embedded", "v20.1.0", 4, "could not fetch"},
		{"down-no-fallback", 0, false, 500, false, "ERR release index: GET", "", 4, ""},
		{"unexpected-304", 0, false, 304, false, "ERR unexpected 304", "", 1, ""},
		// A fetch time in the future (a clock set back, a planted file) is stale.
		{"future-cache-refreshed", -70 * 365 * 24 * time.Hour, false, 200, false, "network", "v20.2.0", 1, ""},
		{"future-cache-server-down", -time.Minute, false, 500, false, "stale-cache", "v20.1.0", 4, "could not refresh"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			var ifNoneMatch atomic.Value
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				ifNoneMatch.Store(r.Header.Get("If-None-Match"))
				switch tt.status {
				case 304:
					w.WriteHeader(http.StatusNotModified)
				case 500:
					http.Error(w, "down", 500)
				default:
					w.Header().Set("ETag", `"new"`)
					w.Write([]byte(indexNew))
				}
			}))
			defer srv.Close()
			var warn bytes.Buffer
			src := testIndexSource(srv.URL, t.TempDir())
			src.Now, src.Offline, src.Warn = func() time.Time { return now }, tt.offline, &warn
			if tt.fallback {
				src.Fallback = func() ([]byte, string, error) { return []byte(indexOld), "test snapshot", nil }
			}
			if tt.cacheAge != 0 {
				src.writeCache([]byte(indexOld), cacheMeta{URL: srv.URL + "/index.json", ETag: `"old"`, FetchedAt: now.Add(-tt.cacheAge)})
			}
			rs, info, err := src.Load(context.Background())
			if want, isErr := strings.CutPrefix(tt.from, "ERR "); isErr {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("Load error = %v, want %q", err, want)
				}
			} else if err != nil || info.From != tt.from || rs[0].Version != tt.newest {
				t.Errorf("Load = %v from %q, %v; want %s from %q", rs, info.From, err, tt.newest, tt.from)
			}
			if got := hits.Load(); got != tt.hits {
				t.Errorf("%d requests, want %d", got, tt.hits)
			}
			if tt.cacheAge != 0 && hits.Load() > 0 && ifNoneMatch.Load() != `"old"` {
				t.Errorf("If-None-Match = %q, want the cached ETag", ifNoneMatch.Load())
			}
			if !strings.Contains(warn.String(), tt.warn) || (tt.warn == "" && warn.Len() > 0) {
				t.Errorf("warning %q, want %q", warn.String(), tt.warn)
			}
		})
	}
}

func TestIndexCachePerMirror(t *testing.T) {
	dir := t.TempDir()
	a := testIndexSource("https://a.example", dir)
	b := testIndexSource("https://b.example", dir)
	a.writeCache([]byte(indexOld), cacheMeta{URL: "https://a.example/index.json", FetchedAt: time.Now()})
	if _, _, ok := b.readCache(); ok {
		t.Error("mirror b reads the cache of mirror a")
	}
	if data, _, ok := a.readCache(); !ok || string(data) != indexOld {
		t.Errorf("readCache = %q, %v", data, ok)
	}
}

func TestIndexRevalidationUpdatesCacheTime(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotModified)
	}))
	defer srv.Close()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	src := testIndexSource(srv.URL, t.TempDir())
	src.Now = func() time.Time { return now }
	src.writeCache([]byte(indexOld), cacheMeta{URL: srv.URL + "/index.json", ETag: `"e"`, FetchedAt: now.Add(-5 * time.Hour)})
	if _, _, err := src.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, m, _ := src.readCache(); !m.FetchedAt.Equal(now) || m.ETag != `"e"` {
		t.Errorf("cache meta after a 304 = %+v; want FetchedAt now and the ETag kept", m)
	}
}
