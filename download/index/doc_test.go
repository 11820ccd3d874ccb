package index

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// A second document (the release schedule) shares the index's cache rules
// but not its cache file: fresh within the TTL, revalidated after it,
// unusable data never cached, the fallback last.
func TestLoadDocBesideTheIndex(t *testing.T) {
	body := `{"v":1}`
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		if r.URL.Path == "/index.json" {
			w.Write([]byte(indexOld))
			return
		}
		if r.Header.Get("If-None-Match") == `"s1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"s1"`)
		w.Write([]byte(body))
	}))
	defer srv.Close()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	src := testIndexSource(srv.URL, t.TempDir())
	src.Now = func() time.Time { return now }
	var got string
	doc := Doc{Name: "release schedule", URL: srv.URL + "/schedule.json", Cache: "schedule", Key: srv.URL + "/schedule.json", Max: 1 << 10,
		Parse: func(b []byte) error {
			if !strings.HasPrefix(string(b), "{") {
				return errors.New("not an object")
			}
			got = string(b)
			return nil
		},
		Fallback: func() ([]byte, string, error) { return []byte(`{"embedded":1}`), "embedded copy", nil }}
	load := func(wantFrom, wantBody string, wantHits int) {
		t.Helper()
		got = ""
		info, err := src.LoadDoc(context.Background(), doc)
		if err != nil || info.From != wantFrom || got != wantBody || hits != wantHits {
			t.Fatalf("LoadDoc = %q from %q, %v after %d requests; want %q from %q after %d", got, info.From, err, hits, wantBody, wantFrom, wantHits)
		}
	}
	load("network", `{"v":1}`, 1)
	if _, _, err := src.Load(context.Background()); err != nil { // the index has its own file
		t.Fatal(err)
	}
	load("cache", `{"v":1}`, 2)
	now = now.Add(2 * time.Hour) // stale: revalidated with the ETag
	load("cache", `{"v":1}`, 3)
	src.Offline = true
	load("cache", `{"v":1}`, 3)
	src.Offline = false
	// a URL that answers with something unusable: nothing cached, the
	// fallback answers
	body = "not json"
	doc.URL = srv.URL + "/other.json"
	doc.Key = doc.URL
	load("embedded", `{"embedded":1}`, 4)
	if data, _, ok := src.readDocCache(doc); ok {
		t.Errorf("unusable data was cached: %q", data)
	}
}
