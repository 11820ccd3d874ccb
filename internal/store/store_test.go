package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofrs/flock"
	"github.com/nvmgo/nvmgo/versions"
)

// The unix defaults of the home (TestWindowsDefault has Windows').
func TestDefault(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("unix paths")
	}
	for _, tt := range []struct {
		goos string
		env  map[string]string
		want string // "" means an error
	}{
		{"linux", map[string]string{"NVMGO_HOME": "/srv/nvmgo/", "HOME": "/u"}, "/srv/nvmgo"},
		{"linux", map[string]string{"XDG_DATA_HOME": "/x", "HOME": "/u"}, "/x/nvmgo"},
		{"linux", map[string]string{"XDG_DATA_HOME": "rel", "HOME": "/u"}, "/u/.local/share/nvmgo"},
		{"darwin", map[string]string{"HOME": "/Users/a"}, "/Users/a/.local/share/nvmgo"},
		{"linux", map[string]string{"LOCALAPPDATA": "/w"}, ""},
		{"linux", nil, ""},
	} {
		h, err := Default(func(k string) string { return tt.env[k] }, tt.goos)
		switch {
		case tt.want == "" && (err == nil || !strings.Contains(err.Error(), "NVMGO_HOME")):
			t.Errorf("Default(%s, %v) = %q, %v; want an error naming NVMGO_HOME", tt.goos, tt.env, h.Root, err)
		case tt.want != "" && (err != nil || h.Root != tt.want):
			t.Errorf("Default(%s, %v) = %q, %v; want %q", tt.goos, tt.env, h.Root, err, tt.want)
		}
	}
}

// Every path of the layout, in one table: what nvmgo writes where.
func TestLayout(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("unix paths (TestWindowsLayout has Windows')")
	}
	h := Home{Root: "/h"}
	v := h.VersionDir("v20.1.0")
	for _, tt := range []struct{ name, got, want string }{
		{"VersionsDir", h.VersionsDir(), "/h/versions"},
		{"VersionDir", v, "/h/versions/v20.1.0"},
		{"ShimsDir", h.ShimsDir(), "/h/shims"},
		{"AliasesDir", h.AliasesDir(), "/h/aliases"},
		{"TmpDir", h.TmpDir(), "/h/tmp"},
		{"LocksDir", h.LocksDir(), "/h/locks"},
		{"SelfDir", h.SelfDir(), "/h/bin"},
		{"PMDir", h.PMDir(), "/h/pm"},
		{"PMVersionDir", h.PMVersionDir("pnpm", "9.15.0"), "/h/pm/pnpm/9.15.0"},
		{"PMDefaultFile", h.PMDefaultFile(), "/h/pm/defaults"},
		{"lock of a version", h.lock("v20.1.0").Path(), "/h/locks/v20.1.0.lock"},
		{"lock of a pm", h.lock(pmKey("pnpm", "9.15.0")).Path(), "/h/locks/pm-pnpm@9.15.0.lock"},
		{"BinDir", BinDir(v, "linux"), "/h/versions/v20.1.0/bin"},
		{"NodeExe", NodeExe(v, "darwin"), "/h/versions/v20.1.0/bin/node"},
		{"NpmCLI", NpmCLI(v, "linux"), "/h/versions/v20.1.0/lib/node_modules/npm/bin/npm-cli.js"},
	} {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

// The names set aside into tmp/ read back as the key they were made for;
// scratch and reinstall names never read as a key, so no lock guards them.
func TestTmpNamesRoundTrip(t *testing.T) {
	h := Home{Root: t.TempDir()}
	for _, key := range []string{"v20.1.0", "v24.0.0-rc.1", pmKey("pnpm", "9.15.0"), pmKey("yarn", "4.0.0-rc.1")} {
		for _, kind := range []string{incomplete, removing} {
			name := filepath.Base(h.aside(key, kind))
			if got, ok := tmpKey(name); !ok || got != key {
				t.Errorf("tmpKey(%q) = %q, %v; want %q", name, got, ok, key)
			}
		}
	}
	if err := os.MkdirAll(h.VersionDir("v20.1.0"), 0o700); err != nil {
		t.Fatal(err)
	}
	aside, err := h.SetAside(context.Background(), "v20.1.0")
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{ScratchVerify, ScratchDoctor} {
		d, err := h.Scratch(kind)
		if err != nil {
			t.Fatal(err)
		}
		f, err := h.ScratchFile(kind)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		for _, p := range []string{d, f.Name(), aside} {
			if filepath.Dir(p) != h.TmpDir() {
				t.Errorf("%s is not in tmp/", p)
			}
			if k, ok := tmpKey(filepath.Base(p)); ok {
				t.Errorf("tmpKey(%q) = %q; a folder without a lock must not read as a key", filepath.Base(p), k)
			}
		}
	}
}

// A fill that succeeds appears whole, with the metadata Stage adds; a
// second Stage answers it without filling.
func TestStageSuccess(t *testing.T) {
	s := stageInstaller(t.TempDir())
	rel := stageRelease(t)
	rel.LTS = "Iron"
	res, err := s.Stage(context.Background(), rel, fillWith(func(string) error { return nil }))
	if err != nil {
		t.Fatal(err)
	}
	if res.Already || res.Dir != s.Home.VersionDir("v20.1.0") {
		t.Errorf("Stage = %+v", res)
	}
	m, err := ReadMeta(res.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if m.Version != "v20.1.0" || m.LTS != "Iron" || m.Entry == nil || !m.InstalledAt.Equal(s.Now()) || m.Verified != "test" {
		t.Errorf("metadata %+v", m)
	}
	if left, _ := os.ReadDir(s.Home.TmpDir()); len(left) > 0 {
		t.Errorf("tmp/ holds %v after a success", left)
	}
	again, err := s.Stage(context.Background(), rel, func(context.Context, string, string) (Meta, error) {
		t.Error("an installed version was filled again")
		return Meta{}, nil
	})
	if err != nil || !again.Already || again.Meta.SHA256 != m.SHA256 {
		t.Errorf("second Stage = %+v, %v; want already installed", again, err)
	}
}

// A failed fill leaves nothing: not in versions/, not in tmp/.
func TestStageFillErrorLeavesNothing(t *testing.T) {
	s := stageInstaller(t.TempDir())
	boom := errors.New("boom")
	_, err := s.Stage(context.Background(), stageRelease(t), func(_ context.Context, dest, staging string) (Meta, error) {
		if err := os.WriteFile(filepath.Join(dest, "half"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(staging, "archive.zip"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		return Meta{}, boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Stage = %v, want the fill's error", err)
	}
	for _, d := range []string{s.Home.VersionsDir(), s.Home.TmpDir()} {
		if left, _ := os.ReadDir(d); len(left) > 0 {
			t.Errorf("%s holds %v after a failed fill", d, left)
		}
	}
}

// signalWriter closes ch at the first write (the waiting message).
type signalWriter struct {
	once sync.Once
	ch   chan struct{}
	buf  bytes.Buffer
	mu   sync.Mutex
}

func (w *signalWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.once.Do(func() { close(w.ch) })
	return w.buf.Write(p)
}

// lockedHome is a Stager whose v20.1.0 lock the test holds, and a log
// that tells when Stage starts waiting for it.
func lockedHome(t *testing.T) (Stager, *flock.Flock) {
	s := stageInstaller(t.TempDir())
	if err := os.MkdirAll(s.Home.LocksDir(), 0o700); err != nil {
		t.Fatal(err)
	}
	held := s.Home.lock("v20.1.0")
	if err := held.Lock(); err != nil {
		t.Fatal(err)
	}
	s.Log = &signalWriter{ch: make(chan struct{})}
	return s, held
}

// Stage waits for the version's lock, says so, fills nothing meanwhile,
// and answers the install the lock's holder finished.
func TestStageWaitsForLock(t *testing.T) {
	s, held := lockedHome(t)
	log := s.Log.(*signalWriter)
	var filled atomic.Bool
	done := make(chan error, 1)
	var res Result
	go func() {
		var err error
		res, err = s.Stage(context.Background(), stageRelease(t), func(ctx context.Context, dest, staging string) (Meta, error) {
			filled.Store(true)
			return fillWith(func(string) error { return nil })(ctx, dest, staging)
		})
		done <- err
	}()
	<-log.ch // Stage found the lock taken
	if filled.Load() {
		t.Fatal("Stage filled while another held the lock")
	}
	// The holder finishes the install (made elsewhere, renamed in), then
	// lets go.
	elsewhere, err := stageInstaller(t.TempDir()).Stage(context.Background(), stageRelease(t), fillWith(func(string) error { return nil }))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(s.Home.VersionsDir(), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(elsewhere.Dir, s.Home.VersionDir("v20.1.0")); err != nil {
		t.Fatal(err)
	}
	if err := held.Unlock(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if filled.Load() || !res.Already {
		t.Errorf("Stage after the wait = %+v (filled %v); want the other's install", res, filled.Load())
	}
	if got := log.buf.String(); got != "nvmgo: waiting for another nvmgo installing v20.1.0\n" {
		t.Errorf("log = %q", got)
	}
}

// A cancelled wait for the lock is the context's error, and fills nothing.
func TestStageWaitCancelled(t *testing.T) {
	s, held := lockedHome(t)
	defer held.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	log := s.Log.(*signalWriter)
	go func() { <-log.ch; cancel() }()
	_, err := s.Stage(ctx, stageRelease(t), func(context.Context, string, string) (Meta, error) {
		t.Error("filled without the lock")
		return Meta{}, nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Stage = %v, want context.Canceled", err)
	}
}

// What a killed install left (its staging folder, an incomplete folder
// set aside) is swept by the next install of that version; an incomplete
// folder in versions/ is set aside, not trusted, and swept too.
func TestStageCrashLeftovers(t *testing.T) {
	s := stageInstaller(t.TempDir())
	h := s.Home
	for _, d := range []string{
		filepath.Join(h.TmpDir(), "v20.1.0-4265747002", "node", "bin"),
		filepath.Join(h.TmpDir(), "v20.1.0-incomplete-17", "bin"),
		filepath.Join(h.VersionDir("v20.1.0"), "bin"), // no metadata: incomplete
	} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(h.VersionDir("v20.1.0"), "stale"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := s.Stage(context.Background(), stageRelease(t), fillWith(func(string) error { return nil }))
	if err != nil || res.Already {
		t.Fatalf("Stage = %+v, %v; want a fresh install", res, err)
	}
	if _, err := os.Stat(filepath.Join(res.Dir, "stale")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the incomplete folder's files are in the new install: %v", err)
	}
	if left, _ := os.ReadDir(h.TmpDir()); len(left) > 0 {
		t.Errorf("tmp/ holds %v; want the leftovers swept", left)
	}
}

// Remove takes versions out whole: a complete install, a link (not what it
// points at), a broken entry; a version not there is no error.
func TestRemove(t *testing.T) {
	s := stageInstaller(t.TempDir())
	h := s.Home
	if _, err := s.Stage(context.Background(), stageRelease(t), fillWith(func(string) error { return nil })); err != nil {
		t.Fatal(err)
	}
	target := t.TempDir()
	if err := os.WriteFile(filepath.Join(target, "keep"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	linked := runtime.GOOS != "windows"
	if linked {
		if err := os.Symlink(target, h.VersionDir("v18.0.0")); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(h.VersionDir("v16.0.0"), "bin"), 0o700); err != nil { // broken
		t.Fatal(err)
	}
	for _, v := range []string{"v20.1.0", "v18.0.0", "v16.0.0", "v14.0.0"} {
		if err := h.Remove(v); err != nil {
			t.Errorf("Remove(%s) = %v", v, err)
		}
		if _, err := os.Lstat(h.VersionDir(v)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s is still there: %v", v, err)
		}
	}
	if b, err := os.ReadFile(filepath.Join(target, "keep")); linked && (err != nil || string(b) != "x") {
		t.Errorf("the link's target was harmed: %q, %v", b, err)
	}
	if left, _ := os.ReadDir(h.TmpDir()); len(left) > 0 {
		t.Errorf("tmp/ holds %v after Remove", left)
	}
}

// RemovePM and SetAside move under the same lock as installs.
func TestRemovePMAndSetAside(t *testing.T) {
	s := stageInstaller(t.TempDir())
	h := s.Home
	if _, err := s.StagePM(context.Background(), "pnpm", "9.12.0", func(context.Context, string, string) (PMMeta, error) {
		return PMMeta{}, nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := h.RemovePM("pnpm", "9.12.0"); err != nil {
		t.Fatal(err)
	}
	if err := h.RemovePM("pnpm", "9.12.0"); err != nil {
		t.Errorf("removing it again: %v", err)
	}
	if _, err := os.Lstat(h.PMVersionDir("pnpm", "9.12.0")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("pnpm 9.12.0 is still there: %v", err)
	}
	if aside, err := h.SetAside(context.Background(), "v20.1.0"); aside != "" || err != nil {
		t.Errorf("SetAside of a version not installed = %q, %v", aside, err)
	}
	res, err := s.Stage(context.Background(), stageRelease(t), fillWith(func(string) error { return nil }))
	if err != nil {
		t.Fatal(err)
	}
	aside, err := h.SetAside(context.Background(), "v20.1.0")
	if m, merr := ReadMeta(aside); err != nil || merr != nil || m.Version != "v20.1.0" {
		t.Fatalf("SetAside = %q, %v; want the install moved whole", aside, err)
	}
	if _, err := os.Lstat(res.Dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("versions/v20.1.0 is still there: %v", err)
	}
	h.sweep("v20.1.0", s.Now().Add(48*time.Hour))
	if _, err := os.Stat(aside); err != nil {
		t.Errorf("the sweep removed what a reinstall set aside: %v", err)
	}
}

// The metadata files read back as written.
func TestMetaRoundTrip(t *testing.T) {
	dir := t.TempDir()
	rel := stageRelease(t)
	m := Meta{Version: "v20.1.0", LTS: "Iron", Platform: "linux-x64", File: "node-v20.1.0-linux-x64.tar.xz",
		URL: "https://m.example/v20.1.0/node-v20.1.0-linux-x64.tar.xz", SHA256: strings.Repeat("b", 64),
		Source: "dist", Verified: "sha256 + release signature", Signer: "Ann <a@example>", Note: "n",
		InstalledAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Entry: &rel,
		Imported: &Imported{Manager: "nvm", Dir: "/n/v20.1.0", How: "copy"}}
	if err := WriteMeta(dir, m); err != nil {
		t.Fatal(err)
	}
	got, err := ReadMeta(dir)
	if err != nil || got.Entry == nil || got.Entry.Version != rel.Version {
		t.Fatalf("ReadMeta = %+v, %v; want the index entry of %s back", got, err, rel.Version)
	}
	got.Entry, m.Entry = nil, nil // the entry keeps what index.json has, not the parsed V
	if !reflect.DeepEqual(got, m) {
		t.Errorf("ReadMeta = %+v, %v; want %+v", got, err, m)
	}
	pm := PMMeta{Name: "pnpm", Version: "9.15.0", Package: "pnpm", URL: "https://r.example/pnpm.tgz",
		Integrity: "sha512-x", Hash: "sha512.ab", Hashes: map[string]string{"sha1": "cd"},
		Bin: map[string]string{"pnpm": "bin/pnpm.cjs"}, Native: "pnpm", Verified: "integrity",
		InstalledAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	if err := WritePMMeta(dir, pm); err != nil {
		t.Fatal(err)
	}
	gotPM, err := ReadPMMeta(dir)
	if err != nil || !reflect.DeepEqual(gotPM, pm) {
		t.Errorf("ReadPMMeta = %+v, %v; want %+v", gotPM, err, pm)
	}
	if _, err := ReadMeta(t.TempDir()); err == nil {
		t.Error("ReadMeta of a folder without metadata succeeded")
	}
}

// Removable: what uninstall SPEC takes, from installs and broken entries.
func TestRemovable(t *testing.T) {
	s := stageInstaller(t.TempDir())
	for _, r := range []struct{ v, lts string }{{"v22.1.0", ""}, {"v20.2.0", "Iron"}, {"v20.1.0", "Iron"}} {
		v, err := versions.ParseVersion(r.v)
		if err != nil {
			t.Fatal(err)
		}
		rel := versions.Release{Version: r.v, V: v, LTS: versions.LTS(r.lts)}
		if _, err := s.Stage(context.Background(), rel, fillWith(func(string) error { return nil })); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(s.Home.VersionDir("v16.0.0"), "bin"), 0o700); err != nil { // broken
		t.Fatal(err)
	}
	for _, tt := range []struct {
		spec string
		want string // the matches, or "broken VERSION"
	}{
		{"20", "v20.2.0 v20.1.0"},
		{"v20.1.0", "v20.1.0"},
		{"latest", "v22.1.0"},
		{"lts/*", "v20.2.0"},
		{"lts/iron", "v20.2.0 v20.1.0"}, // a line, like "20"
		{"v16.0.0", "broken v16.0.0"},
		{"16", ""}, // a broken entry only by its exact name
		{"v14.0.0", ""},
	} {
		spec, err := versions.ParseSpec(tt.spec)
		if err != nil {
			t.Fatal(err)
		}
		matches, broken, err := s.Home.Removable(spec)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range matches {
			got = append(got, m.Version.String())
		}
		if broken != nil {
			got = append(got, "broken "+broken.Version.String())
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("Removable(%s) = %q, want %q", tt.spec, got, tt.want)
		}
	}
}
