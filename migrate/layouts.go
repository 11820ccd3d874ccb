package migrate

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"
)

// nvm: $NVM_DIR (install.sh's default: $XDG_CONFIG_HOME/nvm, else ~/.nvm);
// versions/node/vX.Y.Z, and vX.Y.Z at the top for 0.x; alias/NAME files
// hold a spec (alias/lts/ is nvm's own cache of LTS lines, not the user's).
func nvmRoot(env Env) (string, string) {
	if v := env.Getenv("NVM_DIR"); v != "" {
		return v, "NVM_DIR"
	}
	if x := env.Getenv("XDG_CONFIG_HOME"); x != "" {
		if fi, err := os.Stat(filepath.Join(x, "nvm")); err == nil && fi.IsDir() {
			return filepath.Join(x, "nvm"), "XDG_CONFIG_HOME"
		}
	}
	return userPath(env, ".nvm"), "default"
}

func scanNvm(l *Layout, env Env) error {
	l.addVersions(filepath.Join(l.Root, "versions", "node"))
	old := *l
	old.Versions = nil
	old.addVersions(l.Root)
	for _, f := range old.Versions {
		if f.Version.Major == 0 {
			l.Versions = append(l.Versions, f)
		}
	}
	ents, _ := os.ReadDir(filepath.Join(l.Root, "alias"))
	for _, e := range ents {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		target := readFirstWord(filepath.Join(l.Root, "alias", e.Name()))
		if target == "stable" {
			target = "node" // nvm's old name for the newest release
		}
		if target != "" {
			l.Aliases = append(l.Aliases, Alias{Name: e.Name(), Target: target})
		}
	}
	return nil
}

// fnm: $FNM_DIR, else the first that exists of $XDG_DATA_HOME/fnm
// (~/.local/share/fnm; %APPDATA%\fnm on Windows), ~/.fnm and, on macOS,
// ~/Library/Application Support/fnm; node-versions/vX.Y.Z/installation;
// aliases/NAME are links to an installation (default among them).
func fnmRoot(env Env) (string, string) {
	if v := env.Getenv("FNM_DIR"); v != "" {
		return v, "FNM_DIR"
	}
	var cands []string
	switch {
	case env.GOOS == "windows" && env.Getenv("APPDATA") != "":
		cands = append(cands, filepath.Join(env.Getenv("APPDATA"), "fnm"))
	case env.Getenv("XDG_DATA_HOME") != "":
		cands = append(cands, filepath.Join(env.Getenv("XDG_DATA_HOME"), "fnm"))
	default:
		cands = append(cands, userPath(env, ".local", "share", "fnm"))
	}
	cands = append(cands, userPath(env, ".fnm"))
	if env.GOOS == "darwin" {
		cands = append(cands, userPath(env, "Library", "Application Support", "fnm"))
	}
	return firstDir(cands), "default"
}

func scanFnm(l *Layout, env Env) error {
	l.addVersions(filepath.Join(l.Root, "node-versions"), "installation")
	ents, _ := os.ReadDir(filepath.Join(l.Root, "aliases"))
	for _, e := range ents {
		p := filepath.Join(l.Root, "aliases", e.Name())
		if t, err := os.Readlink(p); err == nil && filepath.Base(filepath.Clean(t)) != "installation" {
			l.Aliases = append(l.Aliases, Alias{Name: e.Name(), Target: "system"})
			continue
		}
		if v, ok := linkVersion(p); ok {
			l.Aliases = append(l.Aliases, Alias{Name: e.Name(), Target: v.String()})
		}
	}
	return nil
}

// volta: $VOLTA_HOME, else ~/.volta (%LOCALAPPDATA%\Volta on Windows);
// tools/image/node/X.Y.Z; the default in tools/user/platform.json.
func voltaRoot(env Env) (string, string) {
	if env.GOOS == "windows" {
		return envOr(env, "VOLTA_HOME", filepath.Join(env.Getenv("LOCALAPPDATA"), "Volta"))
	}
	return envOr(env, "VOLTA_HOME", userPath(env, ".volta"))
}

func scanVolta(l *Layout, env Env) error {
	l.addVersions(filepath.Join(l.Root, "tools", "image", "node"))
	// layouts before v2 kept tools/image/node/NODE/NPM
	for i, f := range l.Versions {
		if _, err := os.Stat(filepath.Join(f.Dir, "bin")); err == nil || env.GOOS == "windows" {
			continue
		}
		if ents, _ := os.ReadDir(f.Dir); len(ents) == 1 && ents[0].IsDir() {
			l.Versions[i].Dir = filepath.Join(f.Dir, ents[0].Name())
		}
	}
	b, err := os.ReadFile(filepath.Join(l.Root, "tools", "user", "platform.json"))
	if err != nil {
		return nil
	}
	var p struct {
		Node *struct {
			Runtime string `json:"runtime"`
		} `json:"node"`
	}
	if json.Unmarshal(b, &p) == nil && p.Node != nil && p.Node.Runtime != "" {
		l.Aliases = append(l.Aliases, Alias{Name: "default", Target: p.Node.Runtime})
	}
	return nil
}

// n: $N_CACHE_PREFIX, else $N_PREFIX, else /usr/local; n/versions/node/X.Y.Z.
// n has no aliases; the version it activated was copied over the prefix.
func nRoot(env Env) (string, string) {
	if v := env.Getenv("N_CACHE_PREFIX"); v != "" {
		return filepath.Join(v, "n", "versions"), "N_CACHE_PREFIX"
	}
	p, from := envOr(env, "N_PREFIX", "/usr/local")
	if env.GOOS == "windows" && from == "default" {
		return "", from
	}
	return filepath.Join(p, "n", "versions"), from
}

func scanN(l *Layout, env Env) error {
	l.addVersions(filepath.Join(l.Root, "node"))
	return nil
}

// mise: $MISE_DATA_DIR, else $XDG_DATA_HOME/mise or ~/.local/share/mise
// (%LOCALAPPDATA%\mise on Windows); installs/node/X.Y.Z (its 20 and latest
// links are skipped); the default from the global config's [tools] node.
func miseRoot(env Env) (string, string) {
	if v := env.Getenv("MISE_DATA_DIR"); v != "" {
		return v, "MISE_DATA_DIR"
	}
	if env.GOOS == "windows" {
		return filepath.Join(env.Getenv("LOCALAPPDATA"), "mise"), "default"
	}
	if x := env.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "mise"), "XDG_DATA_HOME"
	}
	return userPath(env, ".local", "share", "mise"), "default"
}

func scanMise(l *Layout, env Env) error {
	l.addVersions(filepath.Join(l.Root, "installs", "node"))
	if v := miseGlobalNode(env); v != "" {
		l.Aliases = append(l.Aliases, Alias{Name: "default", Target: v})
	}
	return nil
}

// miseGlobalNode reads node from the global config: $MISE_GLOBAL_CONFIG_FILE,
// else $MISE_CONFIG_DIR/config.toml, else $XDG_CONFIG_HOME/mise/config.toml
// or ~/.config/mise/config.toml. The value is a version, a list (the first
// wins) or a table with version.
func miseGlobalNode(env Env) string {
	path := env.Getenv("MISE_GLOBAL_CONFIG_FILE")
	if path == "" {
		dir := env.Getenv("MISE_CONFIG_DIR")
		if dir == "" {
			if x := env.Getenv("XDG_CONFIG_HOME"); x != "" {
				dir = filepath.Join(x, "mise")
			} else {
				dir = userPath(env, ".config", "mise")
			}
		}
		path = filepath.Join(dir, "config.toml")
	}
	var cfg struct {
		Tools map[string]any `toml:"tools"`
	}
	if _, err := toml.DecodeFile(path, &cfg); err != nil {
		return ""
	}
	for _, key := range []string{"node", "nodejs"} {
		if v := tomlVersion(cfg.Tools[key]); v != "" {
			return v
		}
	}
	return ""
}

func tomlVersion(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case []any:
		if len(t) > 0 {
			return tomlVersion(t[0])
		}
	case map[string]any:
		return tomlVersion(t["version"])
	}
	return ""
}

// asdf: $ASDF_DATA_DIR, else ~/.asdf; installs/nodejs/X.Y.Z; the default
// from nodejs in ~/.tool-versions ($ASDF_DEFAULT_TOOL_VERSIONS_FILENAME).
func asdfRoot(env Env) (string, string) {
	return envOr(env, "ASDF_DATA_DIR", userPath(env, ".asdf"))
}

func scanAsdf(l *Layout, env Env) error {
	l.addVersions(filepath.Join(l.Root, "installs", "nodejs"))
	name := env.Getenv("ASDF_DEFAULT_TOOL_VERSIONS_FILENAME")
	if name == "" {
		name = ".tool-versions"
	}
	if v := toolVersion(userPath(env, name), "nodejs"); v != "" {
		l.Aliases = append(l.Aliases, Alias{Name: "default", Target: v})
	}
	return nil
}

// toolVersion reads a tool's first version from a .tool-versions file.
func toolVersion(path, tool string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		if w := strings.Fields(line); len(w) >= 2 && w[0] == tool {
			return w[1]
		}
	}
	return ""
}

// nodenv: $NODENV_ROOT, else ~/.nodenv; versions/X.Y.Z; the default in
// the version file.
func nodenvRoot(env Env) (string, string) {
	return envOr(env, "NODENV_ROOT", userPath(env, ".nodenv"))
}

func scanNodenv(l *Layout, env Env) error {
	l.addVersions(filepath.Join(l.Root, "versions"))
	if v := readFirstWord(filepath.Join(l.Root, "version")); v != "" {
		l.Aliases = append(l.Aliases, Alias{Name: "default", Target: v})
	}
	return nil
}

// nvs: $NVS_HOME, else ~/.nvs (%LOCALAPPDATA%\nvs on Windows);
// node/X.Y.Z/ARCH for the official remote; the default is the link
// "default"; aliases in settings.json ("node/20.1.0", "default/20.1.0").
func nvsRoot(env Env) (string, string) {
	if env.GOOS == "windows" {
		return envOr(env, "NVS_HOME", filepath.Join(env.Getenv("LOCALAPPDATA"), "nvs"))
	}
	return envOr(env, "NVS_HOME", userPath(env, ".nvs"))
}

func scanNvs(l *Layout, env Env) error {
	base := filepath.Join(l.Root, "node")
	var byVersion Layout
	byVersion.Manager = l.Manager
	byVersion.addVersions(base)
	for _, f := range byVersion.Versions {
		archs, _ := os.ReadDir(f.Owner)
		for _, a := range archs {
			if a.IsDir() {
				g := f
				g.Dir = filepath.Join(f.Owner, a.Name())
				g.Owner = g.Dir // one architecture; the others stay
				l.Versions = append(l.Versions, g)
			}
		}
	}
	if v, ok := linkVersion(filepath.Join(l.Root, "default")); ok {
		l.Aliases = append(l.Aliases, Alias{Name: "default", Target: v.String()})
	}
	b, err := os.ReadFile(filepath.Join(l.Root, "settings.json"))
	if err != nil {
		return nil
	}
	var s struct {
		Aliases map[string]string `json:"aliases"`
	}
	if json.Unmarshal(b, &s) != nil {
		return nil
	}
	for name, target := range s.Aliases {
		remote, ver, ok := strings.Cut(target, "/")
		if ok && (remote == "node" || remote == "default") && !filepath.IsAbs(target) {
			l.Aliases = append(l.Aliases, Alias{Name: name, Target: ver})
		}
	}
	return nil
}

// nvm-windows: root: in $NVM_HOME\settings.txt (else $NVM_HOME itself);
// vX.Y.Z\node.exe; the default is what $NVM_SYMLINK (path: in the
// settings) links to.
func nvmWindowsRoot(env Env) (string, string) {
	home := env.Getenv("NVM_HOME")
	if home == "" {
		if env.GOOS != "windows" || env.Getenv("APPDATA") == "" {
			return "", "default"
		}
		home = filepath.Join(env.Getenv("APPDATA"), "nvm")
	}
	if root := settingsTxt(filepath.Join(home, "settings.txt"))["root"]; root != "" {
		return root, "NVM_HOME settings.txt"
	}
	return home, "NVM_HOME"
}

func scanNvmWindows(l *Layout, env Env) error {
	l.addVersions(l.Root)
	link := env.Getenv("NVM_SYMLINK")
	if link == "" {
		home := env.Getenv("NVM_HOME")
		if home == "" {
			home = l.Root
		}
		link = settingsTxt(filepath.Join(home, "settings.txt"))["path"]
	}
	if link != "" {
		if v, ok := linkVersion(link); ok {
			l.Aliases = append(l.Aliases, Alias{Name: "default", Target: v.String()})
		}
	}
	return nil
}

// settingsTxt reads nvm-windows' "key: value" lines.
func settingsTxt(path string) map[string]string {
	out := map[string]string{}
	b, err := os.ReadFile(path)
	if err != nil || len(b) > 1<<16 {
		return out
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
		if ok {
			out[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return out
}

func firstDir(cands []string) string {
	for _, c := range cands {
		if fi, err := os.Stat(c); c != "" && err == nil && fi.IsDir() {
			return c
		}
	}
	return cands[0]
}
