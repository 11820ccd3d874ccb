package download

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestFilePath(t *testing.T) {
	tests := []struct {
		url, goos, want, err string
	}{
		{"file:///srv/node-mirror/index.json", "linux", "/srv/node-mirror/index.json", ""},
		{"file://localhost/srv/m", "darwin", "/srv/m", ""},
		{"file:///srv/with%20space/v20.18.1", "linux", "/srv/with space/v20.18.1", ""},
		{"file://fileserver/share/m", "linux", "", "with a host"},
		{"file:relative/m", "linux", "", "absolute path"},
		{"http://127.0.0.1/x", "linux", "", "not a file:// URL"},
		{"file:///C:/node-mirror/index.json", "windows", `C:\node-mirror\index.json`, ""},
		{"file:///d:/m", "windows", `d:\m`, ""},
		{"file:///node-mirror", "windows", "", "drive letter"},
		{"file://fileserver/share/m", "windows", "", "with a host"},
	}
	for _, tt := range tests {
		got, err := FilePath(tt.url, tt.goos)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("FilePath(%q, %s) = %q, %v; want error with %q", tt.url, tt.goos, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("FilePath(%q, %s) = %q, %v; want %q", tt.url, tt.goos, got, err, tt.want)
		}
	}
}

func TestFileURLRoundTrip(t *testing.T) {
	tests := []struct{ path, goos, url string }{
		{"/srv/node mirror", "linux", "file:///srv/node%20mirror"},
		{"/Users/me/m", "darwin", "file:///Users/me/m"},
		{`C:\Users\me\node mirror`, "windows", "file:///C:/Users/me/node%20mirror"},
	}
	for _, tt := range tests {
		u := FileURL(tt.path, tt.goos)
		if u != tt.url {
			t.Errorf("FileURL(%q, %s) = %q, want %q", tt.path, tt.goos, u, tt.url)
		}
		back, err := FilePath(u, tt.goos)
		if err != nil || back != tt.path {
			t.Errorf("FilePath(%q) = %q, %v; want %q", u, back, err, tt.path)
		}
	}
}

// A file:// mirror answers like a static web server: documents, 404s that
// NotFound recognises, and Range requests for a resumed download.
func TestClientFileURLs(t *testing.T) {
	dir := t.TempDir()
	body := []byte(strings.Repeat("0123456789", 1000))
	if err := os.MkdirAll(filepath.Join(dir, "v20.18.1"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "v20.18.1", "a.tar.gz"), body, 0o644); err != nil {
		t.Fatal(err)
	}
	c := NewClient("test")
	c.Retries = 0
	base := FileURL(dir, runtime.GOOS)
	ctx := context.Background()

	r, err := c.Get(ctx, base+"/v20.18.1/a.tar.gz", nil, 1<<20)
	if err != nil || string(r.Body) != string(body) {
		t.Fatalf("Get: %v (%d bytes)", err, len(r.Body))
	}
	if _, err := c.Get(ctx, base+"/v20.18.1/SHASUMS256.txt.asc", nil, 1<<20); !NotFound(err) {
		t.Fatalf("Get of a missing file: %v, want a 404", err)
	}
	s, err := c.OpenAt(ctx, base+"/v20.18.1/a.tar.gz", 9995, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rest, err := io.ReadAll(s)
	if err != nil || string(rest) != "56789" {
		t.Fatalf("OpenAt 9995: %q, %v; want the last 5 bytes", rest, err)
	}
	if _, err := c.Get(ctx, "file://elsewhere/x", nil, 10); err == nil || !strings.Contains(err.Error(), "with a host") {
		t.Fatalf("file://elsewhere: %v", err)
	}
}

func TestMirrorURL(t *testing.T) {
	dir := t.TempDir()
	tests := []struct{ in, want string }{
		{"https://nodejs.org/dist", "https://nodejs.org/dist"},
		{"file:///srv/m", "file:///srv/m"},
		{"relative/dir", "relative/dir"},
		{dir, FileURL(dir, runtime.GOOS)},
		{dir + string(filepath.Separator), FileURL(dir, runtime.GOOS)},
	}
	for _, tt := range tests {
		if got := MirrorURL(tt.in); got != tt.want {
			t.Errorf("MirrorURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := Mirror(func(k string) string {
		if k == "NVMGO_NODE_MIRROR" {
			return dir
		}
		return ""
	}); got != FileURL(dir, runtime.GOOS) {
		t.Errorf("Mirror with a path = %q", got)
	}
}
