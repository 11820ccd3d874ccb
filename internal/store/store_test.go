package store

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

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
		{"shim link", orErr(h.LinkFromShims(h.SelfDir() + "/nvmgo-shim")), "../bin/nvmgo-shim"},
		{"lock of a version", h.LockPath("v20.1.0"), "/h/locks/v20.1.0.lock"},
		{"lock of a pm", h.LockPath(PMKey("pnpm", "9.15.0")), "/h/locks/pm-pnpm@9.15.0.lock"},
		{"BinDir", BinDir(v, "linux"), "/h/versions/v20.1.0/bin"},
		{"NodeExe", NodeExe(v, "darwin"), "/h/versions/v20.1.0/bin/node"},
		{"NpmCLI", NpmCLI(v, "linux"), "/h/versions/v20.1.0/lib/node_modules/npm/bin/npm-cli.js"},
	} {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

// The staging folders and the names set aside into tmp/ read back as the
// key they were made for (the sweep finds their lock by it);
// scratch and reinstall names never read as a key, so no lock guards them.
func TestTmpNamesRoundTrip(t *testing.T) {
	h := Home{Root: t.TempDir()}
	if err := MkdirPrivate(h.TmpDir()); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"v20.1.0", "v24.0.0-rc.1", PMKey("pnpm", "9.15.0"), PMKey("yarn", "4.0.0-rc.1")} {
		staging, err := h.NewStaging(key)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{h.Aside(key, Incomplete), h.Aside(key, Removing), staging} {
			if got, ok := TmpKey(filepath.Base(p)); !ok || got != key || filepath.Dir(p) != h.TmpDir() {
				t.Errorf("TmpKey(%q) = %q, %v; want %q, in tmp/", p, got, ok, key)
			}
		}
	}
	aside := h.ReinstallAside("v20.1.0")
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
			if k, ok := TmpKey(filepath.Base(p)); ok {
				t.Errorf("TmpKey(%q) = %q; a folder without a lock must not read as a key", filepath.Base(p), k)
			}
		}
	}
}

// The metadata files read back as written.
func TestMetaRoundTrip(t *testing.T) {
	dir := t.TempDir()
	rel := release(t, "v20.1.0", "")
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
	h := Home{Root: t.TempDir()}
	for _, r := range []struct{ v, lts string }{{"v22.1.0", ""}, {"v20.2.0", "Iron"}, {"v20.1.0", "Iron"}} {
		rel := release(t, r.v, r.lts)
		dir := makeVersion(t, h, r.v, "")
		if err := WriteMeta(dir, Meta{Version: r.v, LTS: r.lts, Entry: &rel}); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(h.VersionDir("v16.0.0"), "bin"), 0o700); err != nil { // broken
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
		matches, broken, err := h.Removable(spec)
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

// release is the index entry of version v with lts (a codename or "").
func release(t *testing.T, v, lts string) versions.Release {
	t.Helper()
	pv, err := versions.ParseVersion(v)
	if err != nil {
		t.Fatal(err)
	}
	return versions.Release{Version: v, V: pv, LTS: versions.LTS(lts)}
}

// orErr is v, or "error: ..." when err is not nil.
func orErr(v string, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	return v
}
