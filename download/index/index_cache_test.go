package index

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nvmgo/nvmgo/internal/store"
)

// indexServer serves indexNew and counts requests.
func indexServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte(indexNew))
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// plantCache writes a cache for mirror into dir by hand, as another user
// could: an old index with a fetch time far in the future.
func plantCache(t *testing.T, mirror, dir string) {
	t.Helper()
	src := &IndexSource{Mirror: mirror, CacheDir: dir}
	data, meta := src.indexCachePaths()
	if err := os.WriteFile(data, []byte(indexOld), 0o644); err != nil {
		t.Fatal(err)
	}
	m := `{"url":"` + mirror + `/index.json","fetched_at":"2099-01-01T00:00:00Z"}`
	if err := os.WriteFile(meta, []byte(m), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A cache folder that fails the safety check is neither read nor written,
// and the user is told once.
func TestIndexCacheUnsafeFolder(t *testing.T) {
	srv, hits := indexServer(t)
	dir := t.TempDir()
	plantCache(t, srv.URL, dir)
	var warn bytes.Buffer
	src := testIndexSource(srv.URL, dir)
	src.Warn = &warn
	src.CheckDir = func(p string) error { return &store.UnsafeError{Path: p, Why: "writable by every user (mode 0777)"} }
	for i := 0; i < 2; i++ {
		rs, info, err := src.Load(context.Background())
		if err != nil || info.From != "network" || rs[0].Version != "v20.2.0" {
			t.Fatalf("Load = %v from %q, %v; want the network's index", rs, info.From, err)
		}
	}
	if hits.Load() != 2 {
		t.Errorf("%d requests, want 2 (no cache)", hits.Load())
	}
	if strings.Count(warn.String(), "not using the index cache") != 1 || !strings.Contains(warn.String(), "NVMGO_CACHE_DIR") {
		t.Errorf("warnings %q, want one naming NVMGO_CACHE_DIR", warn.String())
	}
	data, _ := src.indexCachePaths()
	if b, _ := os.ReadFile(data); string(b) != indexOld {
		t.Errorf("the cache in the unsafe folder was written: %q", b)
	}
}

// The cache is written through fresh names (O_EXCL), never through a link
// planted at a name nvmgo could be guessed to use, and its folder is 0700.
func TestIndexCacheWritesNoLink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks")
	}
	srv, _ := indexServer(t)
	dir := filepath.Join(t.TempDir(), "cache")
	victim := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(victim, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	src := testIndexSource(srv.URL, dir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	data, meta := src.indexCachePaths()
	for _, p := range []string{data, meta} {
		for pid := os.Getpid() - 2; pid <= os.Getpid()+2; pid++ {
			if err := os.Symlink(victim, p+"."+strconv.Itoa(pid)+".tmp"); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, _, err := src.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep" {
		t.Errorf("the victim was overwritten: %q", b)
	}
	if b, _ := os.ReadFile(data); string(b) != indexNew {
		t.Errorf("cache holds %q", b)
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("cache folder %v, %v; want 0700", fi.Mode(), err)
	}
}

func TestFresh(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		at   time.Time
		want bool
	}{
		{now, true},
		{now.Add(-59 * time.Minute), true},
		{now.Add(-time.Hour), false},
		{now.Add(time.Second), false},
		{time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{time.Time{}, false},
	} {
		if got := fresh(tt.at, now, time.Hour); got != tt.want {
			t.Errorf("fresh(%v) = %v, want %v", tt.at, got, tt.want)
		}
	}
}

// FuzzReadCache: whatever bytes sit in the cache's two files, an offline
// Load either refuses them or returns the index they hold with a fetch
// time; the metadata decoder never accepts another mirror's cache nor a
// zero time, and nothing panics.
func FuzzReadCache(f *testing.F) {
	const mirror = "https://m.example/dist"
	f.Add([]byte(`{"url":"https://m.example/dist/index.json","etag":"\"e\"","fetched_at":"2026-01-01T00:00:00Z"}`), []byte(indexNew))
	f.Add([]byte(`{"url":"https://m.example/dist/index.json","fetched_at":"2099-01-01T00:00:00Z"}`), []byte(indexOld))
	f.Add([]byte(`{"url":"https://other/index.json","fetched_at":"2026-01-01T00:00:00Z"}`), []byte(indexOld))
	f.Add([]byte(`{"fetched_at":"0001-01-01T00:00:00Z"}`), []byte(`[]`))
	f.Add([]byte(`{"url":1}`), []byte(`[{"version":"v1"`))
	f.Add([]byte{}, []byte{})
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, meta, data []byte) {
		if m, ok := decodeCacheMeta(meta, mirror+"/index.json"); ok {
			if m.URL != mirror+"/index.json" || m.FetchedAt.IsZero() {
				t.Errorf("accepted %+v", m)
			}
			if fresh(m.FetchedAt, now, time.Hour) && (m.FetchedAt.After(now) || now.Sub(m.FetchedAt) >= time.Hour) {
				t.Errorf("fresh(%v) at %v", m.FetchedAt, now)
			}
		} else if m != (cacheMeta{}) {
			t.Errorf("refused meta returned %+v", m)
		}
		dir := t.TempDir()
		src := &IndexSource{Mirror: mirror, CacheDir: dir, TTL: time.Hour, Offline: true, Now: func() time.Time { return now }}
		dp, mp := src.indexCachePaths()
		if os.WriteFile(dp, data, 0o600) != nil || os.WriteFile(mp, meta, 0o600) != nil {
			t.Fatal("write")
		}
		rs, info, err := src.Load(context.Background())
		if err == nil && (info.From != "cache" || info.FetchedAt.IsZero()) {
			t.Errorf("Load = %d releases from %q at %v", len(rs), info.From, info.FetchedAt)
		}
	})
}

// The unreachable-mirror memo lives in the cache folder too: in a folder
// that fails the check, a planted one is not believed (it would send
// installs to another source) and none is written.
func TestDownMemoOnlyInTrustedFolder(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	src := &IndexSource{Mirror: "https://m.example", CacheDir: dir, TTL: time.Hour, Now: func() time.Time { return now }}
	memo := `{"mirror":"https://m.example","at":"2026-01-01T00:00:00Z","cause":"connection refused"}`
	if err := os.WriteFile(src.downPath(), []byte(memo), 0o600); err != nil {
		t.Fatal(err)
	}
	if cause, down := src.Down(); !down || cause != "connection refused" {
		t.Fatalf("Down in a trusted folder = %q, %v", cause, down)
	}
	untrusted := &IndexSource{Mirror: src.Mirror, CacheDir: dir, TTL: time.Hour, Now: src.Now,
		CheckDir: func(p string) error { return &store.UnsafeError{Path: p, Why: "writable by every user (mode 0777)"} }}
	if _, down := untrusted.Down(); down {
		t.Error("a memo in an untrusted folder was believed")
	}
}
