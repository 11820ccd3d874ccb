// Package migrate finds the Node versions other version managers installed (nvm, fnm, volta, n, mise, asdf, nodenv, nvs, nvm-windows), with their aliases and default, and copies their trees.
package migrate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/nvmgo/nvmgo/versions"
)

// Managers are the managers import knows, in the order "all" visits them.
var Managers = []string{"nvm", "fnm", "volta", "n", "mise", "asdf", "nodenv", "nvs", "nvm-windows"}

// Env is what finding a manager's folder needs.
type Env struct {
	Getenv func(string) string
	GOOS   string
	Home   string // the user's home folder
}

// Found is one Node version another manager installed.
type Found struct {
	Manager string           `json:"manager"`
	Version versions.Version `json:"-"`
	Dir     string           `json:"dir"` // the Node tree: bin/node (node.exe on Windows) inside
	// Owner is the manager's folder for this version, which --move empties
	// (fnm's node-versions/vX around its installation/, for instance).
	Owner string `json:"-"`
}

// Alias is a name another manager gives a version.
type Alias struct {
	Name   string `json:"name"`
	Target string `json:"target"` // a spec, as nvmgo would write it
}

// Layout is what one manager has on disk.
type Layout struct {
	Manager  string  `json:"manager"`
	Root     string  `json:"root"`
	From     string  `json:"from"` // the variable that named Root, or "default"
	Versions []Found `json:"versions"`
	Aliases  []Alias `json:"aliases,omitempty"` // "default" among them
	// Windows says the manager keeps Windows trees (node.exe at the top).
	Windows bool `json:"-"`
}

// ErrNotFound says a manager has no folder here.
var ErrNotFound = errors.New("not found")

// Discover reads one manager's folder. A manager that is not there gives
// ErrNotFound, wrapped with where it looked.
func Discover(manager string, env Env) (Layout, error) {
	d, ok := discoverers[manager]
	if !ok {
		return Layout{}, fmt.Errorf("unknown manager %q: use %s or all", manager, strings.Join(Managers, ", "))
	}
	root, from := d.root(env)
	l := Layout{Manager: manager, Root: root, From: from, Windows: env.GOOS == "windows" || manager == "nvm-windows"}
	if root == "" {
		return l, fmt.Errorf("%s: %w (set %s)", manager, ErrNotFound, d.envVar)
	}
	if fi, err := os.Stat(root); err != nil || !fi.IsDir() {
		return l, fmt.Errorf("%s: %w in %s (%s)", manager, ErrNotFound, root, from)
	}
	if err := d.scan(&l, env); err != nil {
		return l, fmt.Errorf("%s in %s: %w", manager, root, err)
	}
	sort.SliceStable(l.Versions, func(i, j int) bool { return l.Versions[i].Version.Compare(l.Versions[j].Version) > 0 })
	sort.Slice(l.Aliases, func(i, j int) bool { return l.Aliases[i].Name < l.Aliases[j].Name })
	return l, nil
}

// EnvVar is the variable that names a manager's folder (NVM_DIR ...).
func EnvVar(manager string) string { return discoverers[manager].envVar }

type discoverer struct {
	envVar string
	root   func(Env) (string, string)
	scan   func(*Layout, Env) error
}

var discoverers = map[string]discoverer{
	"nvm":         {"NVM_DIR", nvmRoot, scanNvm},
	"fnm":         {"FNM_DIR", fnmRoot, scanFnm},
	"volta":       {"VOLTA_HOME", voltaRoot, scanVolta},
	"n":           {"N_PREFIX", nRoot, scanN},
	"mise":        {"MISE_DATA_DIR", miseRoot, scanMise},
	"asdf":        {"ASDF_DATA_DIR", asdfRoot, scanAsdf},
	"nodenv":      {"NODENV_ROOT", nodenvRoot, scanNodenv},
	"nvs":         {"NVS_HOME", nvsRoot, scanNvs},
	"nvm-windows": {"NVM_HOME", nvmWindowsRoot, scanNvmWindows},
}

// envOr is the variable's value, or def when it is unset.
func envOr(env Env, name, def string) (string, string) {
	if v := env.Getenv(name); v != "" {
		return v, name
	}
	return def, "default"
}

// userPath joins parts under the user's home ("" when there is none).
func userPath(env Env, parts ...string) string {
	if env.Home == "" {
		return ""
	}
	return filepath.Join(append([]string{env.Home}, parts...)...)
}

// addVersions adds every folder of dir whose name is a version (with or
// without "v"); sub is the path from that folder to the Node tree. Links
// are skipped: managers make them as aliases (mise's 20 -> 20.11.0).
func (l *Layout) addVersions(dir string, sub ...string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if !e.IsDir() || e.Type()&fs.ModeSymlink != 0 {
			continue
		}
		v, err := versions.ParseVersion(e.Name())
		if err != nil {
			continue
		}
		owner := filepath.Join(dir, e.Name())
		l.Versions = append(l.Versions, Found{Manager: l.Manager, Version: v, Dir: filepath.Join(append([]string{owner}, sub...)...), Owner: owner})
	}
}

// versionOf reads the version a folder path names: its first element,
// from the end, that parses as a version.
func versionOf(path string) (versions.Version, bool) {
	for p := filepath.Clean(path); ; p = filepath.Dir(p) {
		if v, err := versions.ParseVersion(filepath.Base(p)); err == nil {
			return v, true
		}
		if filepath.Dir(p) == p {
			return versions.Version{}, false
		}
	}
}

// linkVersion reads a link that points at a version's folder.
func linkVersion(path string) (versions.Version, bool) {
	t, err := os.Readlink(path)
	if err != nil {
		return versions.Version{}, false
	}
	return versionOf(t)
}

// readFirstWord is the first word of a small text file.
func readFirstWord(path string) string {
	b, err := os.ReadFile(path)
	if err != nil || len(b) > 1<<16 {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}
