package migrate

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// fakeTree writes a small Node tree: bin/node is a script that prints
// version (node.exe at the top for a Windows tree), npm beside it.
func fakeTree(t *testing.T, dir, version string, windows bool) {
	t.Helper()
	files := map[string]string{
		"bin/node":                             "#!/bin/sh\necho " + version + "\n",
		"bin/npm":                              "",
		"lib/node_modules/npm/package.json":    `{"name":"npm","version":"10.8.2"}`,
		"lib/node_modules/npm/bin/npm-cli.js":  "// npm\n",
		"include/node/node.h":                  "",
		"share/doc/node/gdbinit":               "",
		"lib/node_modules/corepack/index.js":   "",
		"lib/node_modules/npm/node_modules/.x": "",
	}
	if windows {
		files = map[string]string{"node.exe": "MZ fake " + version, "npm.cmd": "@echo off\r\n", "node_modules/npm/package.json": `{"name":"npm"}`}
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if name == "bin/npm" {
			if err := os.Symlink("../lib/node_modules/npm/bin/npm-cli.js", p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

func write(t *testing.T, path, body string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, path string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.Symlink(target, path); err != nil {
		t.Fatal(err)
	}
}

type want struct {
	root     string   // relative to the user home
	versions []string // "vX dir-relative-to-root", newest first
	aliases  []Alias
}

// TestDiscover builds each manager's real layout (from its source: nvm's
// nvm.sh and install.sh, fnm's config.rs and alias.rs, volta-layout v4 and
// toolchain/serial.rs, n's bin/n, mise's dirs, asdf-nodejs, nodenv, nvs's
// lib/use.js and settings.js, nvm-windows' nvm.go) under a fake home.
func TestDiscover(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("unix layouts with links")
	}
	tests := []struct {
		manager string
		goos    string
		env     map[string]string // values may start with ~/ for the home
		build   func(t *testing.T, u string)
		want    want
	}{
		{"nvm", "linux", nil, func(t *testing.T, u string) {
			fakeTree(t, u+"/.nvm/versions/node/v20.11.0", "v20.11.0", false)
			fakeTree(t, u+"/.nvm/versions/node/v18.19.0", "v18.19.0", false)
			fakeTree(t, u+"/.nvm/v0.12.18", "v0.12.18", false)
			fakeTree(t, u+"/.nvm/versions/io.js/v3.3.1", "v3.3.1", false)
			write(t, u+"/.nvm/alias/default", "20\n")
			write(t, u+"/.nvm/alias/work", "v18.19.0\n")
			write(t, u+"/.nvm/alias/old", "stable\n")
			write(t, u+"/.nvm/alias/lts/iron", "v20.11.0\n")
			write(t, u+"/.nvm/alias/lts/*", "lts/iron\n")
		}, want{".nvm", []string{"v20.11.0 versions/node/v20.11.0", "v18.19.0 versions/node/v18.19.0", "v0.12.18 v0.12.18"},
			[]Alias{{"default", "20"}, {"old", "node"}, {"work", "v18.19.0"}}}},
		{"nvm", "linux", map[string]string{"NVM_DIR": "~/custom/nvm"}, func(t *testing.T, u string) {
			fakeTree(t, u+"/custom/nvm/versions/node/v22.12.0", "v22.12.0", false)
			fakeTree(t, u+"/.nvm/versions/node/v20.11.0", "v20.11.0", false)
		}, want{"custom/nvm", []string{"v22.12.0 versions/node/v22.12.0"}, nil}},
		{"nvm", "linux", map[string]string{"XDG_CONFIG_HOME": "~/.config"}, func(t *testing.T, u string) {
			fakeTree(t, u+"/.config/nvm/versions/node/v22.12.0", "v22.12.0", false)
		}, want{".config/nvm", []string{"v22.12.0 versions/node/v22.12.0"}, nil}},
		{"fnm", "linux", nil, func(t *testing.T, u string) {
			fakeTree(t, u+"/.local/share/fnm/node-versions/v20.11.0/installation", "v20.11.0", false)
			fakeTree(t, u+"/.local/share/fnm/node-versions/v22.12.0/installation", "v22.12.0", false)
			symlink(t, u+"/.local/share/fnm/node-versions/v20.11.0/installation", u+"/.local/share/fnm/aliases/default")
			symlink(t, u+"/.local/share/fnm/node-versions/v22.12.0/installation", u+"/.local/share/fnm/aliases/newest")
			symlink(t, "/usr", u+"/.local/share/fnm/aliases/sys")
		}, want{".local/share/fnm", []string{"v22.12.0 node-versions/v22.12.0/installation", "v20.11.0 node-versions/v20.11.0/installation"},
			[]Alias{{"default", "v20.11.0"}, {"newest", "v22.12.0"}, {"sys", "system"}}}},
		{"fnm", "darwin", nil, func(t *testing.T, u string) {
			fakeTree(t, u+"/.fnm/node-versions/v20.11.0/installation", "v20.11.0", false)
		}, want{".fnm", []string{"v20.11.0 node-versions/v20.11.0/installation"}, nil}},
		{"fnm", "darwin", nil, func(t *testing.T, u string) {
			fakeTree(t, u+"/Library/Application Support/fnm/node-versions/v20.11.0/installation", "v20.11.0", false)
		}, want{"Library/Application Support/fnm", []string{"v20.11.0 node-versions/v20.11.0/installation"}, nil}},
		{"volta", "linux", nil, func(t *testing.T, u string) {
			fakeTree(t, u+"/.volta/tools/image/node/20.11.0", "v20.11.0", false)
			fakeTree(t, u+"/.volta/tools/image/node/16.20.2/8.19.4", "v16.20.2", false) // a layout before v2
			write(t, u+"/.volta/tools/user/platform.json", `{"node":{"runtime":"20.11.0","npm":null},"pnpm":null,"yarn":null}`)
		}, want{".volta", []string{"v20.11.0 tools/image/node/20.11.0", "v16.20.2 tools/image/node/16.20.2/8.19.4"}, []Alias{{"default", "20.11.0"}}}},
		{"n", "linux", map[string]string{"N_PREFIX": "~/n"}, func(t *testing.T, u string) {
			fakeTree(t, u+"/n/n/versions/node/20.11.0", "v20.11.0", false)
			fakeTree(t, u+"/n/n/versions/node/18.19.0", "v18.19.0", false)
		}, want{"n/n/versions", []string{"v20.11.0 node/20.11.0", "v18.19.0 node/18.19.0"}, nil}},
		{"n", "linux", map[string]string{"N_PREFIX": "~/n", "N_CACHE_PREFIX": "~/cache"}, func(t *testing.T, u string) {
			fakeTree(t, u+"/cache/n/versions/node/20.11.0", "v20.11.0", false)
		}, want{"cache/n/versions", []string{"v20.11.0 node/20.11.0"}, nil}},
		{"mise", "linux", nil, func(t *testing.T, u string) {
			fakeTree(t, u+"/.local/share/mise/installs/node/20.11.0", "v20.11.0", false)
			symlink(t, "./20.11.0", u+"/.local/share/mise/installs/node/20")
			symlink(t, "./20.11.0", u+"/.local/share/mise/installs/node/latest")
			write(t, u+"/.config/mise/config.toml", "[tools]\nnode = [\"20\", \"18\"]\npython = \"3.12\"\n")
		}, want{".local/share/mise", []string{"v20.11.0 installs/node/20.11.0"}, []Alias{{"default", "20"}}}},
		{"mise", "linux", map[string]string{"MISE_DATA_DIR": "~/md", "MISE_GLOBAL_CONFIG_FILE": "~/m.toml"}, func(t *testing.T, u string) {
			fakeTree(t, u+"/md/installs/node/22.12.0", "v22.12.0", false)
			write(t, u+"/m.toml", "[tools]\nnode = { version = \"lts\" }\n")
		}, want{"md", []string{"v22.12.0 installs/node/22.12.0"}, []Alias{{"default", "lts"}}}},
		{"asdf", "linux", nil, func(t *testing.T, u string) {
			fakeTree(t, u+"/.asdf/installs/nodejs/20.11.0", "v20.11.0", false)
			write(t, u+"/.tool-versions", "# tools\npython 3.12.0\nnodejs 20.11.0 18.19.0\n")
		}, want{".asdf", []string{"v20.11.0 installs/nodejs/20.11.0"}, []Alias{{"default", "20.11.0"}}}},
		{"nodenv", "linux", map[string]string{"NODENV_ROOT": "~/nodenv"}, func(t *testing.T, u string) {
			fakeTree(t, u+"/nodenv/versions/20.11.0", "v20.11.0", false)
			symlink(t, "20.11.0", u+"/nodenv/versions/20")
			write(t, u+"/nodenv/version", "20.11.0\n")
		}, want{"nodenv", []string{"v20.11.0 versions/20.11.0"}, []Alias{{"default", "20.11.0"}}}},
		{"nvs", "linux", nil, func(t *testing.T, u string) {
			fakeTree(t, u+"/.nvs/node/20.11.0/x64", "v20.11.0", false)
			fakeTree(t, u+"/.nvs/nightly/23.0.0/x64", "v23.0.0", false)
			symlink(t, "node/20.11.0/x64", u+"/.nvs/default")
			write(t, u+"/.nvs/settings.json", `{"aliases":{"work":"default/20.11.0","local":"/opt/node-build","ch":"chakracore/10.0.0"},"remotes":{"default":"node"}}`)
		}, want{".nvs", []string{"v20.11.0 node/20.11.0/x64"}, []Alias{{"default", "v20.11.0"}, {"work", "20.11.0"}}}},
		{"nvm-windows", "windows", map[string]string{"NVM_HOME": "~/AppData/Roaming/nvm", "NVM_SYMLINK": "~/nodejs"}, func(t *testing.T, u string) {
			write(t, u+"/AppData/Roaming/nvm/settings.txt", "root: "+u+"/nvmroot\r\npath: "+u+"/nodejs\r\narch: 64\r\n")
			fakeTree(t, u+"/nvmroot/v20.11.0", "v20.11.0", true)
			fakeTree(t, u+"/nvmroot/v18.19.0", "v18.19.0", true)
			symlink(t, u+"/nvmroot/v18.19.0", u+"/nodejs")
		}, want{"nvmroot", []string{"v20.11.0 v20.11.0", "v18.19.0 v18.19.0"}, []Alias{{"default", "v18.19.0"}}}},
	}
	for i, tt := range tests {
		t.Run(tt.manager+"/"+tt.goos, func(t *testing.T) {
			u := t.TempDir()
			tt.build(t, u)
			env := Env{GOOS: tt.goos, Home: u, Getenv: func(k string) string {
				v := tt.env[k]
				if rest, ok := strings.CutPrefix(v, "~/"); ok {
					return filepath.Join(u, rest)
				}
				return v
			}}
			l, err := Discover(tt.manager, env)
			if err != nil {
				t.Fatalf("case %d: %v", i, err)
			}
			root := filepath.Join(u, tt.want.root)
			if l.Root != root {
				t.Errorf("root = %s, want %s", l.Root, root)
			}
			var got []string
			for _, f := range l.Versions {
				rel, _ := filepath.Rel(root, f.Dir)
				got = append(got, f.Version.String()+" "+filepath.ToSlash(rel))
				if f.Manager != tt.manager {
					t.Errorf("%s: manager %q", f.Version, f.Manager)
				}
			}
			if !reflect.DeepEqual(got, tt.want.versions) {
				t.Errorf("versions = %q, want %q", got, tt.want.versions)
			}
			if !reflect.DeepEqual(l.Aliases, tt.want.aliases) {
				t.Errorf("aliases = %v, want %v", l.Aliases, tt.want.aliases)
			}
		})
	}
}

func TestDiscoverMissing(t *testing.T) {
	u := t.TempDir()
	for _, m := range Managers {
		_, err := Discover(m, Env{GOOS: "linux", Home: u, Getenv: func(k string) string {
			if k == "N_PREFIX" {
				return filepath.Join(u, "nowhere")
			}
			return ""
		}})
		if err == nil || !strings.Contains(err.Error(), "not found") {
			t.Errorf("%s: err = %v, want not found", m, err)
		}
	}
	if _, err := Discover("rvm", Env{Getenv: func(string) string { return "" }}); err == nil || !strings.Contains(err.Error(), "unknown manager") {
		t.Errorf("unknown manager: %v", err)
	}
}

func TestCheck(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake node is a shell script")
	}
	root := t.TempDir()
	l := Layout{Manager: "nvm"}
	fakeTree(t, filepath.Join(root, "v20.11.0"), "v20.11.0", false)
	fakeTree(t, filepath.Join(root, "v18.19.0"), "v18.19.1", false) // the folder lies
	os.MkdirAll(filepath.Join(root, "v16.20.2", "bin"), 0o755)      // no node
	fakeTree(t, filepath.Join(root, "v14.21.3"), "v14.21.3", false)
	os.WriteFile(filepath.Join(root, "v14.21.3", "bin", "node"), []byte("#!/bin/sh\nexit 3\n"), 0o755)
	l.addVersions(root)
	want := map[string]string{
		"v20.11.0": "",
		"v18.19.0": `says "v18.19.1", but the folder claims v18.19.0`,
		"v16.20.2": "no node binary",
		"v14.21.3": "--version failed",
	}
	for _, f := range l.Versions {
		err := Check(context.Background(), f, "linux", false)
		w := want[f.Version.String()]
		if (w == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), w)) {
			t.Errorf("%s: Check = %v, want %q", f.Version, err, w)
		}
	}
}

func TestCopyTree(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("links")
	}
	src, dst := filepath.Join(t.TempDir(), "src"), t.TempDir()
	fakeTree(t, src, "v20.11.0", false)
	how, lost, err := CopyTree(context.Background(), src, dst)
	if err != nil || how != HowHardlink || lost != nil {
		t.Fatalf("CopyTree = %s, %v, %v", how, lost, err)
	}
	a, _ := os.Stat(filepath.Join(src, "bin", "node"))
	b, err := os.Stat(filepath.Join(dst, "bin", "node"))
	if err != nil || !os.SameFile(a, b) {
		t.Errorf("bin/node is not a hard link of the original: %v", err)
	}
	if b.Mode().Perm()&0o100 == 0 {
		t.Errorf("bin/node lost its exec bit: %v", b.Mode())
	}
	if l, err := os.Readlink(filepath.Join(dst, "bin", "npm")); err != nil || l != "../lib/node_modules/npm/bin/npm-cli.js" {
		t.Errorf("bin/npm = %q, %v; want the relative link kept", l, err)
	}
	if _, err := os.Stat(filepath.Join(dst, "lib", "node_modules", "npm", "node_modules", ".x")); err != nil {
		t.Errorf("dot files are part of the tree: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := CopyTree(ctx, src, t.TempDir()); err == nil {
		t.Error("a cancelled copy must fail")
	}
}

func TestLinkTree(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("links")
	}
	src, dst := filepath.Join(t.TempDir(), "src"), t.TempDir()
	fakeTree(t, src, "v20.11.0", false)
	if err := LinkTree(src, dst); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(filepath.Join(dst, "bin", "node")); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("bin/node must be a real file in a real folder: %v", err)
	}
	for _, top := range []string{"lib", "include", "share"} {
		if l, err := os.Readlink(filepath.Join(dst, top)); err != nil || l != filepath.Join(src, top) {
			t.Errorf("%s -> %q, %v", top, l, err)
		}
	}
}

func TestLinkRefusal(t *testing.T) {
	for _, goos := range []string{"linux", "darwin", "windows"} {
		for _, m := range Managers {
			why := LinkRefusal(m, goos)
			refused := goos == "windows" || m == "nvm-windows" || m == "volta" || m == "mise"
			if (why != "") != refused {
				t.Errorf("LinkRefusal(%s, %s) = %q, want refused=%v", m, goos, why, refused)
			}
		}
	}
}

// TestRoots is where each manager is looked for, per OS, without any
// folder on disk (so the first default applies where several are tried).
func TestRoots(t *testing.T) {
	h := string(filepath.Separator) + "h"
	j := func(p ...string) string { return filepath.Join(append([]string{h}, p...)...) }
	win := map[string]string{"APPDATA": j("AppData", "Roaming"), "LOCALAPPDATA": j("AppData", "Local")}
	tests := []struct {
		manager, goos string
		env           map[string]string
		root, from    string
	}{
		{"nvm", "linux", nil, j(".nvm"), "default"},
		{"nvm", "darwin", map[string]string{"NVM_DIR": j("x")}, j("x"), "NVM_DIR"},
		{"fnm", "linux", nil, j(".local", "share", "fnm"), "default"},
		{"fnm", "linux", map[string]string{"XDG_DATA_HOME": j("data")}, j("data", "fnm"), "default"},
		{"fnm", "darwin", nil, j(".local", "share", "fnm"), "default"},
		{"fnm", "windows", win, j("AppData", "Roaming", "fnm"), "default"},
		{"fnm", "windows", map[string]string{"FNM_DIR": j("f")}, j("f"), "FNM_DIR"},
		{"volta", "linux", nil, j(".volta"), "default"},
		{"volta", "windows", win, j("AppData", "Local", "Volta"), "default"},
		{"n", "linux", nil, filepath.Join("/usr/local", "n", "versions"), "default"},
		{"n", "darwin", map[string]string{"N_PREFIX": j("n")}, j("n", "n", "versions"), "N_PREFIX"},
		{"n", "windows", nil, "", "default"},
		{"mise", "linux", nil, j(".local", "share", "mise"), "default"},
		{"mise", "linux", map[string]string{"XDG_DATA_HOME": j("data")}, j("data", "mise"), "XDG_DATA_HOME"},
		{"mise", "windows", win, j("AppData", "Local", "mise"), "default"},
		{"asdf", "darwin", nil, j(".asdf"), "default"},
		{"asdf", "linux", map[string]string{"ASDF_DATA_DIR": j("a")}, j("a"), "ASDF_DATA_DIR"},
		{"nodenv", "linux", nil, j(".nodenv"), "default"},
		{"nvs", "linux", nil, j(".nvs"), "default"},
		{"nvs", "windows", win, j("AppData", "Local", "nvs"), "default"},
		{"nvm-windows", "windows", win, j("AppData", "Roaming", "nvm"), "NVM_HOME"},
		{"nvm-windows", "linux", nil, "", "default"},
	}
	for _, tt := range tests {
		env := Env{GOOS: tt.goos, Home: h, Getenv: func(k string) string { return tt.env[k] }}
		root, from := discoverers[tt.manager].root(env)
		if root != tt.root || from != tt.from {
			t.Errorf("%s on %s with %v: root %q (%s), want %q (%s)", tt.manager, tt.goos, tt.env, root, from, tt.root, tt.from)
		}
	}
}

// TestDiscoverWindowsTrees reads the Windows layouts (node.exe at the top
// of each tree), without links, so it runs on Windows too.
func TestDiscoverWindowsTrees(t *testing.T) {
	u := t.TempDir()
	fakeTree(t, filepath.Join(u, "fnm", "node-versions", "v20.11.0", "installation"), "v20.11.0", true)
	fakeTree(t, filepath.Join(u, "volta", "tools", "image", "node", "22.12.0"), "v22.12.0", true)
	write(t, filepath.Join(u, "volta", "tools", "user", "platform.json"), `{"node":{"runtime":"22.12.0"}}`)
	fakeTree(t, filepath.Join(u, "nvs", "node", "18.19.0", "x64"), "v18.19.0", true)
	fakeTree(t, filepath.Join(u, "nvs", "node", "18.19.0", "x86"), "v18.19.0", true)
	fakeTree(t, filepath.Join(u, "nvmw", "v20.11.0"), "v20.11.0", true)
	write(t, filepath.Join(u, "nvmw", "settings.txt"), "root: "+filepath.Join(u, "nvmw")+"\r\narch: 64\r\n")
	env := map[string]string{"FNM_DIR": filepath.Join(u, "fnm"), "VOLTA_HOME": filepath.Join(u, "volta"),
		"NVS_HOME": filepath.Join(u, "nvs"), "NVM_HOME": filepath.Join(u, "nvmw")}
	e := Env{GOOS: "windows", Home: u, Getenv: func(k string) string { return env[k] }}
	for m, want := range map[string][]string{
		"fnm":         {"v20.11.0 " + filepath.Join(u, "fnm", "node-versions", "v20.11.0", "installation")},
		"volta":       {"v22.12.0 " + filepath.Join(u, "volta", "tools", "image", "node", "22.12.0")},
		"nvs":         {"v18.19.0 " + filepath.Join(u, "nvs", "node", "18.19.0", "x64"), "v18.19.0 " + filepath.Join(u, "nvs", "node", "18.19.0", "x86")},
		"nvm-windows": {"v20.11.0 " + filepath.Join(u, "nvmw", "v20.11.0")},
	} {
		l, err := Discover(m, e)
		if err != nil {
			t.Fatalf("%s: %v", m, err)
		}
		var got []string
		for _, f := range l.Versions {
			got = append(got, f.Version.String()+" "+f.Dir)
			if err := Check(context.Background(), f, "linux", true); err != nil {
				t.Errorf("%s %s: a Windows tree is checked for node.exe only off Windows: %v", m, f.Version, err)
			}
		}
		if !reflect.DeepEqual(got, want) || !l.Windows {
			t.Errorf("%s: versions %q (windows %v), want %q", m, got, l.Windows, want)
		}
	}
}
