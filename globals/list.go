// Package globals lists, copies and installs the global npm packages of installed Node versions.
package globals

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Package is one global package of a Node install.
type Package struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	// Engines is its engines.node range ("" when it states none).
	Engines string `json:"engines,omitempty"`
	// Linked says `npm link` put it there: the folder is a link to Target.
	Linked bool   `json:"linked,omitempty"`
	Target string `json:"target,omitempty"`
	// Bundled marks npm and corepack, which ship with Node itself.
	Bundled bool     `json:"bundled,omitempty"`
	Bins    []string `json:"bins,omitempty"`
}

// bundled are the packages a Node archive brings; a copy leaves them as
// the target version ships them, as nvm's reinstall-packages does.
var bundled = map[string]bool{"npm": true, "corepack": true}

// ModulesDir is the global node_modules folder of a Node install:
// lib/node_modules on unix, node_modules at the top on Windows.
func ModulesDir(versionDir, goos string) string {
	if goos == "windows" {
		return filepath.Join(versionDir, "node_modules")
	}
	return filepath.Join(versionDir, "lib", "node_modules")
}

// List reads the global packages of the Node install in versionDir from
// its node_modules folder (what `npm ls -g --depth=0` reports, without
// starting node), sorted by name. A folder without a readable package.json
// is left out: npm would not count it as installed either.
func List(versionDir, goos string) ([]Package, error) {
	root := ModulesDir(versionDir, goos)
	ents, err := os.ReadDir(root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Package
	for _, e := range ents {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		if strings.HasPrefix(name, "@") {
			scoped, err := os.ReadDir(filepath.Join(root, name))
			if err != nil {
				continue
			}
			for _, s := range scoped {
				if p, ok := readPackage(root, name+"/"+s.Name()); ok {
					out = append(out, p)
				}
			}
			continue
		}
		if p, ok := readPackage(root, name); ok {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

type manifest struct {
	Name    string          `json:"name"`
	Version string          `json:"version"`
	Engines json.RawMessage `json:"engines"`
	Bin     json.RawMessage `json:"bin"`
}

func readPackage(root, name string) (Package, bool) {
	dir := filepath.Join(root, filepath.FromSlash(name))
	fi, err := os.Lstat(dir)
	if err != nil {
		return Package{}, false
	}
	p := Package{Name: name, Bundled: bundled[name]}
	// A link (a junction on Windows reports as irregular) is npm link's work.
	if fi.Mode()&(fs.ModeSymlink|fs.ModeIrregular) != 0 {
		target, err := os.Readlink(dir)
		if err != nil {
			return Package{}, false
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(dir), target)
		}
		p.Linked, p.Target = true, filepath.Clean(target)
	}
	b, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return Package{}, false
	}
	var m manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return Package{}, false
	}
	p.Version = m.Version
	p.Engines = enginesNode(m.Engines)
	p.Bins = binNames(name, m.Bin)
	return p, true
}

// enginesNode reads engines.node; old packages wrote engines as an array
// of strings ("node >= 0.4"), which npm ignores, and so does this.
func enginesNode(raw json.RawMessage) string {
	var e map[string]any
	if json.Unmarshal(raw, &e) != nil {
		return ""
	}
	s, _ := e["node"].(string)
	return strings.TrimSpace(s)
}

// binNames reads bin: a string names one command after the package (its
// name without the scope), an object names several.
func binNames(name string, raw json.RawMessage) []string {
	var one string
	if json.Unmarshal(raw, &one) == nil && one != "" {
		return []string{name[strings.LastIndexByte(name, '/')+1:]}
	}
	var many map[string]string
	if json.Unmarshal(raw, &many) != nil {
		return nil
	}
	out := make([]string, 0, len(many))
	for k := range many {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Spec is how npm is asked for this package: name@version.
func (p Package) Spec() string {
	if p.Version == "" {
		return p.Name
	}
	return p.Name + "@" + p.Version
}

func (p Package) String() string {
	if p.Linked {
		return fmt.Sprintf("%s@%s -> %s", p.Name, p.Version, p.Target)
	}
	return p.Spec()
}
