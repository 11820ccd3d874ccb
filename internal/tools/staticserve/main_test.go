package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseRate(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true}, {"4096", 4096, true}, {"4MB", 4 << 20, true}, {"512kB", 512 << 10, true},
		{"-1", 0, false}, {"fast", 0, false}, {"4 MB", 0, false},
	}
	for _, tt := range tests {
		got, err := parseRate(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseRate(%q) = %d, %v; want %d (ok %v)", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

// The throttled writer hands every byte on, and Range requests still work
// through it (a resumed download asks for one).
func TestHandlerServesRanges(t *testing.T) {
	dir := t.TempDir()
	body := bytes.Repeat([]byte("0123456789"), 5000)
	if err := os.WriteFile(filepath.Join(dir, "a.bin"), body, 0o644); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	srv := httptest.NewServer(handler(http.FileServer(http.Dir(dir)), 1<<30, &log))
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/a.bin", nil)
	req.Header.Set("Range", "bytes=49990-")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusPartialContent || string(got) != "0123456789" {
		t.Errorf("range: %d %q", resp.StatusCode, got)
	}
	resp, err = http.Get(srv.URL + "/a.bin")
	if err != nil {
		t.Fatal(err)
	}
	got, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(got, body) {
		t.Errorf("whole file: %d bytes, want %d", len(got), len(body))
	}
	if !strings.Contains(log.String(), `range="bytes=49990-"`) {
		t.Errorf("log: %s", log.String())
	}
}
