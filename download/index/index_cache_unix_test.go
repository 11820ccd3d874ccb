//go:build unix

package index

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The case on the real file system: a cache folder another user
// made (or can write to) holding an index fetched "in 2099" is not used.
func TestIndexCacheOtherUsersFolder(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("chown needs root")
	}
	for name, spoil := range map[string]func(string) error{
		"owned by another user": func(d string) error { return os.Chown(d, 4242, 4242) },
		"world-writable":        func(d string) error { return os.Chmod(d, 0o777) },
		"parent world-writable": func(d string) error { return os.Chmod(filepath.Dir(d), 0o777) },
	} {
		t.Run(name, func(t *testing.T) {
			srv, hits := indexServer(t)
			dir := filepath.Join(t.TempDir(), "nvmgo-cache")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			plantCache(t, srv.URL, dir)
			if err := spoil(dir); err != nil {
				t.Fatal(err)
			}
			var warn bytes.Buffer
			src := testIndexSource(srv.URL, dir)
			src.Warn = &warn
			rs, info, err := src.Load(context.Background())
			if err != nil || info.From != "network" || rs[0].Version != "v20.2.0" || hits.Load() != 1 {
				t.Errorf("Load = %v from %q, %v (%d requests); want the network's index", rs, info.From, err, hits.Load())
			}
			if !strings.Contains(warn.String(), "not using the index cache") {
				t.Errorf("warning %q", warn.String())
			}
		})
	}
}
