package store

import (
	"path/filepath"
	"runtime"
	"testing"
)

func TestDefaultCache(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("unix paths: /x is not absolute on Windows (TestWindowsDefaultCache covers it)")
	}
	abs := func(p string) string { a, _ := filepath.Abs(p); return a }
	for _, tt := range []struct {
		goos string
		env  map[string]string
		want string
	}{
		{"linux", map[string]string{"NVMGO_CACHE_DIR": "/c", "HOME": "/u"}, "/c"},
		{"linux", map[string]string{"XDG_CACHE_HOME": "/x", "HOME": "/u"}, filepath.Join("/x", "nvmgo")},
		{"linux", map[string]string{"XDG_CACHE_HOME": "rel", "HOME": "/u"}, filepath.Join("/u", ".cache", "nvmgo")},
		{"darwin", map[string]string{"HOME": "/Users/a"}, filepath.Join("/Users/a", "Library", "Caches", "nvmgo")},
		// A service that sets only NVMGO_HOME: the home's cache/, never $TMPDIR.
		{"linux", map[string]string{"NVMGO_HOME": "/srv/nvmgo", "TMPDIR": "/tmp"}, filepath.Join(abs("/srv/nvmgo"), "cache")},
		{"darwin", map[string]string{"NVMGO_HOME": "/srv/nvmgo"}, filepath.Join(abs("/srv/nvmgo"), "cache")},
		{"linux", map[string]string{"TMPDIR": "/tmp"}, ""},
		{"linux", nil, ""},
	} {
		if got := DirsFrom(func(k string) string { return tt.env[k] }).Cache(tt.goos); got != tt.want {
			t.Errorf("Cache(%s, %v) = %q, want %q", tt.goos, tt.env, got, tt.want)
		}
	}
}
