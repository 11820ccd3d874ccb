package globals

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/versions"
)

// writePkg puts a package folder with a package.json under a version's
// global node_modules.
func writePkg(t *testing.T, versionDir, goos, name string, m map[string]any) {
	t.Helper()
	dir := filepath.Join(ModulesDir(versionDir, goos), filepath.FromSlash(name))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	m["name"] = name
	b, _ := json.Marshal(m)
	if err := os.WriteFile(filepath.Join(dir, "package.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func installed(t *testing.T, root, v string) store.Installed {
	t.Helper()
	ver, err := versions.ParseVersion(v)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "versions", v)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return store.Installed{Version: ver, Dir: dir}
}

func TestList(t *testing.T) {
	for _, goos := range []string{"linux", "windows"} {
		t.Run(goos, func(t *testing.T) {
			root := t.TempDir()
			in := installed(t, root, "v20.18.1")
			writePkg(t, in.Dir, goos, "npm", map[string]any{"version": "10.8.2", "bin": map[string]string{"npm": "bin/npm-cli.js", "npx": "bin/npx-cli.js"}})
			writePkg(t, in.Dir, goos, "corepack", map[string]any{"version": "0.29.4"})
			writePkg(t, in.Dir, goos, "semver", map[string]any{"version": "7.6.3", "bin": map[string]string{"semver": "bin/semver.js"}, "engines": map[string]string{"node": ">=10"}})
			writePkg(t, in.Dir, goos, "@scope/tool", map[string]any{"version": "1.0.0", "bin": "cli.js"})
			writePkg(t, in.Dir, goos, "oldstyle", map[string]any{"version": "0.1.0", "engines": []string{"node >= 0.4"}})
			// no package.json: not an install npm would count
			os.MkdirAll(filepath.Join(ModulesDir(in.Dir, goos), "half"), 0o755)
			os.MkdirAll(filepath.Join(ModulesDir(in.Dir, goos), ".bin"), 0o755)
			os.WriteFile(filepath.Join(ModulesDir(in.Dir, goos), ".package-lock.json"), []byte("{}"), 0o644)
			proj := filepath.Join(root, "proj")
			os.MkdirAll(proj, 0o755)
			os.WriteFile(filepath.Join(proj, "package.json"), []byte(`{"name":"mylinked","version":"0.0.1","bin":{"ml":"x.js"}}`), 0o644)
			rel, _ := filepath.Rel(ModulesDir(in.Dir, goos), proj)
			linked := canLink(t)
			if linked {
				if err := os.Symlink(rel, filepath.Join(ModulesDir(in.Dir, goos), "mylinked")); err != nil {
					t.Fatal(err)
				}
			}
			got, err := List(in.Dir, goos)
			if err != nil {
				t.Fatal(err)
			}
			want := []Package{
				{Name: "@scope/tool", Version: "1.0.0", Bins: []string{"tool"}},
				{Name: "corepack", Version: "0.29.4", Bundled: true},
				{Name: "mylinked", Version: "0.0.1", Linked: true, Target: proj, Bins: []string{"ml"}},
				{Name: "npm", Version: "10.8.2", Bundled: true, Bins: []string{"npm", "npx"}},
				{Name: "oldstyle", Version: "0.1.0"},
				{Name: "semver", Version: "7.6.3", Engines: ">=10", Bins: []string{"semver"}},
			}
			if !linked {
				want = append(want[:2], want[3:]...)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("List =\n%+v\nwant\n%+v", got, want)
			}
		})
	}
	if got, err := List(filepath.Join(t.TempDir(), "none"), "linux"); err != nil || got != nil {
		t.Errorf("List of a missing folder = %v, %v; want nothing, no error", got, err)
	}
}

// canLink says whether this system makes links a program can follow
// (wine's pretend to succeed and leave nothing).
func canLink(t *testing.T) bool {
	d := t.TempDir()
	if os.Symlink(d, filepath.Join(d, "l")) != nil {
		return false
	}
	_, err := os.Lstat(filepath.Join(d, "l"))
	return err == nil
}

func TestSupports(t *testing.T) {
	for _, tt := range []struct {
		engines, node string
		want          bool
	}{
		{"", "v22.12.0", true},
		{">=18", "v22.12.0", true},
		{">=18", "v16.20.2", false},
		{"^18.17.0 || >=20.5.0", "v20.4.0", false},
		{"^18.17.0 || >=20.5.0", "v20.18.1", true},
		{"<20", "v22.12.0", false},
		{">=18", "v24.0.0-rc.1", true},
		{"not a range", "v22.12.0", true}, // npm cannot read it either; it installs anyway
	} {
		v, _ := versions.ParseVersion(tt.node)
		if got := Supports(tt.engines, v); got != tt.want {
			t.Errorf("Supports(%q, %s) = %v, want %v", tt.engines, tt.node, got, tt.want)
		}
	}
}

func TestNewest(t *testing.T) {
	doc := Packument{Latest: "3.1.0", Versions: map[string]VersionInfo{
		"1.0.0":       {Engines: ">=10"},
		"2.0.0":       {Engines: ">=16"},
		"2.1.0":       {Engines: ">=16", Deprecated: true},
		"3.0.0":       {Engines: ">=20"},
		"3.1.0":       {Engines: ">=20"},
		"3.2.0-beta":  {Engines: ">=10"},
		"4.0.0":       {Engines: ">=10"}, // above latest: not offered
		"not.a.valid": {},
	}}
	for _, tt := range []struct {
		node, want string
		ok         bool
	}{
		{"v22.12.0", "3.1.0", true},
		{"v18.20.8", "2.0.0", true}, // 2.1.0 is deprecated
		{"v12.22.12", "1.0.0", true},
		{"v8.17.0", "", false},
	} {
		v, _ := versions.ParseVersion(tt.node)
		got, ok := Newest(doc, v)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Newest for %s = %q, %v; want %q, %v", tt.node, got, ok, tt.want, tt.ok)
		}
	}
	only := Packument{Latest: "1.0.0", Versions: map[string]VersionInfo{"1.0.0": {Deprecated: true}}}
	if got, ok := Newest(only, versions.Version{Major: 20}); got != "1.0.0" || !ok {
		t.Errorf("Newest with only deprecated versions = %q, %v; want the deprecated one", got, ok)
	}
}

func TestReadDefaultPackages(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		name, text string
		want       []string
		err        string
	}{
		{"nvm's example", "rimraf\nobject-inspect@1.0.2\nstevemao/left-pad\n", []string{"rimraf", "object-inspect@1.0.2", "stevemao/left-pad"}, ""},
		{"comments, blanks, CRLF, BOM, no final newline", "\ufeff# tools\r\n\r\n  typescript  \r\n\t# indented comment\r\n@scope/pkg@^2", []string{"typescript", "@scope/pkg@^2"}, ""},
		{"two on a line", "rimraf\neslint prettier\n", nil, ":2: only one package per line"},
		{"trailing comment", "rimraf # cleaner\n", nil, ":1: only one package per line"},
		{"an option", "--force\n", nil, "npm option"},
		{"empty", "", nil, ""},
	} {
		p := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "_"))
		os.WriteFile(p, []byte(tt.text), 0o644)
		got, err := ReadDefaultPackages(p)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: err = %v, want %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: = %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
}

func TestDefaultPackagesFile(t *testing.T) {
	root := t.TempDir()
	nvmgo, nvm, user := filepath.Join(root, "nvmgo"), filepath.Join(root, "nvm"), filepath.Join(root, "user")
	for _, d := range []string{nvmgo, nvm, filepath.Join(user, ".nvm")} {
		os.MkdirAll(d, 0o755)
	}
	env := map[string]string{"NVM_DIR": nvm, "HOME": user}
	getenv := func(k string) string { return env[k] }
	if got := DefaultPackagesFile(nvmgo, getenv); got != "" {
		t.Errorf("no files: %q", got)
	}
	os.WriteFile(filepath.Join(user, ".nvm", "default-packages"), []byte("x\n"), 0o644)
	if got := DefaultPackagesFile(nvmgo, getenv); got != "" {
		t.Errorf("NVM_DIR set: ~/.nvm must not be read, got %q", got)
	}
	delete(env, "NVM_DIR")
	if got := DefaultPackagesFile(nvmgo, getenv); got != filepath.Join(user, ".nvm", "default-packages") {
		t.Errorf("nvm's default folder: %q", got)
	}
	env["NVM_DIR"] = nvm
	os.WriteFile(filepath.Join(nvm, "default-packages"), []byte("x\n"), 0o644)
	if got := DefaultPackagesFile(nvmgo, getenv); got != filepath.Join(nvm, "default-packages") {
		t.Errorf("nvm's: %q", got)
	}
	os.WriteFile(filepath.Join(nvmgo, "default-packages"), []byte("x\n"), 0o644)
	if got := DefaultPackagesFile(nvmgo, getenv); got != filepath.Join(nvmgo, "default-packages") {
		t.Errorf("nvmgo's own wins: %q", got)
	}
}

func TestNpmError(t *testing.T) {
	for _, tt := range []struct{ out, want string }{
		{"npm error code E404\nnpm error 404 Not Found - GET http://127.0.0.1:1/nope - Not found\nnpm error A complete log of this run can be found in: /home/u/.npm/_logs/x.log\n",
			"code E404; 404 Not Found - GET http://127.0.0.1:1/nope - Not found"},
		{"npm ERR! code ETARGET\nnpm ERR! notarget No matching version found for x@9.\n\nnpm ERR! A complete log of this run can be found in:\nnpm ERR!     /root/.npm/_logs/y.log\n",
			"code ETARGET; notarget No matching version found for x@9."},
		{"something\nelse\nwent\nwrong\n", "else; went; wrong"},
	} {
		if got := npmError([]byte(tt.out), errors.New("exit status 1")); got != tt.want {
			t.Errorf("npmError(%q) = %q, want %q", tt.out, got, tt.want)
		}
	}
	if got := npmError(nil, errors.New("fork/exec: no such file")); got != "fork/exec: no such file" {
		t.Errorf("npmError without output = %q", got)
	}
}

func TestNpmEnv(t *testing.T) {
	got := npmEnv([]string{"PATH=/usr/bin", "npm_config_prefix=/elsewhere", "NPM_CONFIG_PREFIX=/x", "HOME=/h", "npm_config_registry=http://r"}, "/v/bin", "/v")
	want := []string{"PATH=/v/bin" + string(os.PathListSeparator) + "/usr/bin", "HOME=/h", "npm_config_registry=http://r",
		"npm_config_prefix=" + filepath.Clean("/v"), "npm_config_update_notifier=false", "npm_config_fund=false", "npm_config_audit=false"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("npmEnv =\n%q\nwant\n%q", got, want)
	}
}

// fakeNpm is a Runner that acts like npm install -g / npm link on the
// target's folder: a spec whose name starts with "bad" fails, as does any
// batch that holds one.
type fakeNpm struct {
	goos  string
	calls []string
}

func (f *fakeNpm) run(ctx context.Context, to store.Installed, dir string, args []string) ([]byte, error) {
	f.calls = append(f.calls, strings.Join(args, " "))
	mods := ModulesDir(to.Dir, f.goos)
	switch args[0] {
	case "link":
		b, err := os.ReadFile(filepath.Join(dir, "package.json"))
		if err != nil {
			return nil, err
		}
		var m manifest
		json.Unmarshal(b, &m)
		os.MkdirAll(mods, 0o755)
		return nil, os.Symlink(dir, filepath.Join(mods, m.Name))
	case "install":
		specs := args[2:]
		for _, s := range specs {
			if strings.HasPrefix(s, "bad") {
				return []byte("npm error code E404\nnpm error 404 Not Found - GET http://127.0.0.1/" + s + "\n"), errors.New("exit status 1")
			}
		}
		for _, s := range specs {
			i := strings.LastIndexByte(s, '@')
			name, ver := s[:i], s[i+1:]
			if ver == "*" || ver == "latest" {
				ver = "9.9.9"
			}
			dir := filepath.Join(mods, filepath.FromSlash(name))
			os.MkdirAll(dir, 0o755)
			os.WriteFile(filepath.Join(dir, "package.json"), []byte(fmt.Sprintf(`{"name":%q,"version":%q}`, name, ver)), 0o644)
		}
		return nil, nil
	}
	return nil, fmt.Errorf("fake npm: %v", args)
}

func TestCopy(t *testing.T) {
	if !canLink(t) {
		t.Skip("this system makes no links (wine)")
	}
	root := t.TempDir()
	from, to := installed(t, root, "v18.20.8"), installed(t, root, "v22.12.0")
	writePkg(t, from.Dir, "linux", "npm", map[string]any{"version": "10.8.2"})
	writePkg(t, from.Dir, "linux", "semver", map[string]any{"version": "7.6.3", "engines": map[string]string{"node": ">=10"}})
	writePkg(t, from.Dir, "linux", "oldcli", map[string]any{"version": "1.2.0", "engines": map[string]string{"node": ">=14 <20"}})
	writePkg(t, from.Dir, "linux", "badpkg", map[string]any{"version": "1.0.0"})
	writePkg(t, from.Dir, "linux", "@corp/tool", map[string]any{"version": "2.0.0", "engines": map[string]string{"node": "18"}})
	writePkg(t, from.Dir, "linux", "have", map[string]any{"version": "1.0.0"})
	writePkg(t, from.Dir, "linux", "gone", map[string]any{"version": "1.0.0"})
	writePkg(t, to.Dir, "linux", "npm", map[string]any{"version": "10.9.0"})
	writePkg(t, to.Dir, "linux", "have", map[string]any{"version": "1.1.0"})
	proj := filepath.Join(root, "proj")
	os.MkdirAll(proj, 0o755)
	os.WriteFile(filepath.Join(proj, "package.json"), []byte(`{"name":"mylinked","version":"0.0.1"}`), 0o644)
	os.Symlink(proj, filepath.Join(ModulesDir(from.Dir, "linux"), "mylinked"))
	os.Symlink(filepath.Join(root, "deleted"), filepath.Join(ModulesDir(from.Dir, "linux"), "gone2"))

	lookups := []string{}
	lookup := func(ctx context.Context, name string) (Packument, error) {
		lookups = append(lookups, name)
		if strings.HasPrefix(name, "@") {
			return Packument{}, ErrNoLookup
		}
		return Packument{Latest: "2.1.0", Versions: map[string]VersionInfo{"1.2.0": {Engines: ">=14 <20"}, "2.0.0": {Engines: ">=18"}, "2.1.0": {Engines: ">=20"}}}, nil
	}
	f := &fakeNpm{goos: "linux"}
	rep, err := Copy(context.Background(), from, to, Options{Run: f.run, Lookup: lookup, GOOS: "linux"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Result{}
	for _, r := range rep.Results {
		got[r.Name] = r
	}
	check := func(name, status, version string) {
		t.Helper()
		r := got[name]
		if r.Status != status || r.Version != version {
			t.Errorf("%s: %+v; want %s %s", name, r, status, version)
		}
	}
	check("npm", Skipped, "10.9.0")
	check("semver", Installed, "7.6.3")
	check("oldcli", Installed, "2.1.0")
	check("@corp/tool", Installed, "9.9.9") // npm chose
	check("badpkg", Failed, "")
	check("have", Skipped, "1.1.0")
	check("gone", Installed, "1.0.0")
	check("mylinked", Relinked, "0.0.1")
	if e := got["badpkg"].Error; !strings.Contains(e, "E404") {
		t.Errorf("badpkg error = %q, want npm's E404", e)
	}
	if n := got["oldcli"].Note; !strings.Contains(n, "oldcli@1.2.0 needs node >=14 <20; 2.1.0 is the newest") {
		t.Errorf("oldcli note = %q", n)
	}
	if !strings.Contains(got["@corp/tool"].Note, "npm chose") {
		t.Errorf("@corp/tool note = %q", got["@corp/tool"].Note)
	}
	if _, ok := got["gone2"]; ok {
		t.Errorf("a link to a deleted folder has no package.json and is not listed: %+v", got["gone2"])
	}
	if len(rep.Failed()) != 1 {
		t.Errorf("Failed = %+v, want badpkg only", rep.Failed())
	}
	wantCalls := []string{
		"install --global @corp/tool@* badpkg@1.0.0 gone@1.0.0 oldcli@2.1.0 semver@7.6.3",
		"install --global @corp/tool@*", "install --global badpkg@1.0.0", "install --global gone@1.0.0",
		"install --global oldcli@2.1.0", "install --global semver@7.6.3", "link",
	}
	if !reflect.DeepEqual(f.calls, wantCalls) {
		t.Errorf("npm calls =\n%q\nwant\n%q", f.calls, wantCalls)
	}
	if !reflect.DeepEqual(lookups, []string{"@corp/tool", "oldcli"}) {
		t.Errorf("lookups = %q: only packages whose engines exclude the target are looked up", lookups)
	}
	if fi, err := os.Lstat(filepath.Join(ModulesDir(to.Dir, "linux"), "mylinked")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("mylinked is not a link in the target: %v", err)
	}
	if _, err := Copy(context.Background(), from, from, Options{Run: f.run, GOOS: "linux"}); err == nil {
		t.Error("copying a version onto itself must fail")
	}
}

func TestCopyAllTogether(t *testing.T) {
	root := t.TempDir()
	from, to := installed(t, root, "v20.18.1"), installed(t, root, "v22.12.0")
	writePkg(t, from.Dir, "linux", "a", map[string]any{"version": "1.0.0"})
	writePkg(t, from.Dir, "linux", "b", map[string]any{"version": "2.0.0"})
	f := &fakeNpm{goos: "linux"}
	rep, err := Copy(context.Background(), from, to, Options{Run: f.run, GOOS: "linux", LatestNpm: true})
	if err != nil {
		t.Fatal(err)
	}
	// no lookup: npm@latest; then one npm run for both packages
	want := []string{"install --global npm@latest", "install --global a@1.0.0 b@2.0.0"}
	if !reflect.DeepEqual(f.calls, want) {
		t.Errorf("calls = %q, want %q", f.calls, want)
	}
	if len(rep.Results) != 3 || len(rep.Failed()) != 0 {
		t.Errorf("results = %+v", rep.Results)
	}
}

// TestCopyInterrupted: npm stopped by the caller's cancel fails its
// packages as "interrupted", not with what the killed npm printed, and
// Copy says it was cancelled.
func TestCopyInterrupted(t *testing.T) {
	root := t.TempDir()
	from, to := installed(t, root, "v20.18.1"), installed(t, root, "v22.12.0")
	writePkg(t, from.Dir, "linux", "a", map[string]any{"version": "1.0.0"})
	writePkg(t, from.Dir, "linux", "b", map[string]any{"version": "2.0.0"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var calls int
	run := func(ctx context.Context, _ store.Installed, _ string, _ []string) ([]byte, error) {
		calls++
		cancel() // Ctrl-C while npm runs; npm dies of it
		return []byte("npm warn something\n"), errors.New("signal: killed")
	}
	rep, err := Copy(ctx, from, to, Options{Run: run, GOOS: "linux"})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Copy interrupted = %v, want context.Canceled", err)
	}
	if calls != 1 {
		t.Errorf("npm ran %d times after the cancel, want once (no one-at-a-time retries)", calls)
	}
	failed := rep.Failed()
	if len(failed) != 2 {
		t.Fatalf("results = %+v, want a and b failed", rep.Results)
	}
	for _, f := range failed {
		if f.Error != interrupted {
			t.Errorf("%s: error %q, want %q", f.Name, f.Error, interrupted)
		}
	}
}

func TestCopyNoSupportingVersion(t *testing.T) {
	root := t.TempDir()
	from, to := installed(t, root, "v22.12.0"), installed(t, root, "v16.20.2")
	writePkg(t, from.Dir, "linux", "modern", map[string]any{"version": "5.0.0", "engines": map[string]string{"node": ">=20"}})
	f := &fakeNpm{goos: "linux"}
	lookup := func(ctx context.Context, name string) (Packument, error) {
		return Packument{Latest: "5.0.0", Versions: map[string]VersionInfo{"5.0.0": {Engines: ">=20"}}}, nil
	}
	rep, err := Copy(context.Background(), from, to, Options{Run: f.run, Lookup: lookup, GOOS: "linux"})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.calls) != 0 || len(rep.Failed()) != 1 || !strings.Contains(rep.Failed()[0].Error, "no published version supports node v16.20.2") {
		t.Errorf("calls %q, report %+v", f.calls, rep)
	}
}

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"plain: E404 - GET /x":      "plain: E404 - GET /x",
		"red \x1b[31mX\x1b[0m":      `red \x1b[31mX\x1b[0m`,
		"over\rwrite":               `over\x0dwrite`,
		"rtl \u202eevil":            `rtl \u202eevil`,
		"bad \xff byte":             `bad \xff byte`,
		`C:\Users\ann\npm-cache ok`: `C:\Users\ann\npm-cache ok`,
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestChooseOffline: a registry that cannot be asked leaves the choice to
// npm (with its cache) instead of failing the package.
func TestChooseOffline(t *testing.T) {
	v22, _ := versions.ParseVersion("v22.12.0")
	p := Package{Name: "oldcli", Version: "1.2.0", Engines: "<20"}
	down := func(ctx context.Context, name string) (Packument, error) {
		return Packument{}, errors.New("dial tcp 127.0.0.1:9: connection refused")
	}
	pl, err := choose(context.Background(), p, v22, down)
	if err != nil || pl.spec != "oldcli@*" || !strings.Contains(pl.note, "could not be asked (dial tcp") {
		t.Errorf("choose offline = %+v, %v", pl, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := choose(ctx, p, v22, down); !errors.Is(err, context.Canceled) {
		t.Errorf("choose interrupted = %v, want context.Canceled", err)
	}
	fits := Package{Name: "semver", Version: "7.6.3", Engines: ">=10"}
	if pl, err := choose(context.Background(), fits, v22, down); err != nil || pl.spec != "semver@7.6.3" {
		t.Errorf("a package that fits needs no registry: %+v, %v", pl, err)
	}
}
