package npmreg

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/nvmgo/nvmgo/internal/store"
)

// arrange moves the verified, unpacked packages into dest in the layout of
// the official archive for goos, so shims, npm and verify find everything
// where they would after a dist install. parts[0] is the node package;
// parts[1], when present, is npm.
func arrange(goos string, parts []part, dest string) error {
	var err error
	if goos == "windows" {
		err = arrangeWindows(parts, dest)
	} else {
		err = arrangeUnix(parts, dest)
	}
	if err != nil {
		return fmt.Errorf("arrange the npm packages: %w; nothing was installed", err)
	}
	return nil
}

// arrangeUnix builds bin/node, include/, share/, the *.md files and
// LICENSE from the node package, lib/node_modules/npm from npm, and the
// relative bin/npm and bin/npx links that install.py makes.
func arrangeUnix(parts []part, dest string) error {
	node := parts[0]
	if err := moveTop(node.dir, dest, func(name string, dir bool) bool { return name != "package.json" }); err != nil {
		return err
	}
	exe := filepath.Join(dest, "bin", "node")
	if err := requireFile(exe, node, "bin/node"); err != nil {
		return err
	}
	if err := os.Chmod(exe, 0o755); err != nil {
		return err
	}
	if len(parts) < 2 {
		return nil
	}
	mods := filepath.Join(dest, "lib", "node_modules")
	if err := os.MkdirAll(mods, 0o755); err != nil {
		return err
	}
	if err := os.Rename(parts[1].dir, filepath.Join(mods, "npm")); err != nil {
		return err
	}
	for _, cmd := range []string{"npm", "npx"} {
		target := filepath.Join(mods, "npm", "bin", cmd+"-cli.js")
		if err := requireFile(target, parts[1], "bin/"+cmd+"-cli.js"); err != nil {
			return err
		}
		if err := os.Chmod(target, 0o755); err != nil {
			return err
		}
		link := "../lib/node_modules/npm/bin/" + cmd + "-cli.js"
		if err := os.Symlink(link, filepath.Join(dest, "bin", cmd)); err != nil {
			return err
		}
	}
	return nil
}

// arrangeWindows puts node.exe (bin/node.exe in the package) and any
// LICENSE or *.md at the top, npm in node_modules/npm, and copies npm's
// npm, npm.cmd, npx and npx.cmd shims to the top, as vcbuild.bat does.
func arrangeWindows(parts []part, dest string) error {
	node := parts[0]
	exe := filepath.Join(node.dir, "bin", "node.exe")
	if err := requireFile(exe, node, "bin/node.exe"); err != nil {
		return err
	}
	if err := os.Rename(exe, filepath.Join(dest, "node.exe")); err != nil {
		return err
	}
	topFiles := func(name string, dir bool) bool { return !dir && name != "package.json" }
	if err := moveTop(node.dir, dest, topFiles); err != nil {
		return err
	}
	if len(parts) < 2 {
		return nil
	}
	npm := filepath.Join(dest, "node_modules", "npm")
	if err := os.MkdirAll(filepath.Dir(npm), 0o755); err != nil {
		return err
	}
	if err := os.Rename(parts[1].dir, npm); err != nil {
		return err
	}
	if err := requireFile(filepath.Join(npm, "bin", "npm-cli.js"), parts[1], "bin/npm-cli.js"); err != nil {
		return err
	}
	for _, name := range []string{"npm.cmd", "npm", "npx.cmd", "npx"} {
		err := store.CopyNew(filepath.Join(npm, "bin", name), filepath.Join(dest, name), 0o644)
		if errors.Is(err, fs.ErrNotExist) && name != "npm.cmd" {
			continue // npm before 5.2 had no npx
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// moveTop renames the top-level entries of src that keep accepts into dest.
func moveTop(src, dest string, keep func(name string, dir bool) bool) error {
	ents, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range ents {
		if !keep(e.Name(), e.IsDir()) {
			continue
		}
		if err := os.Rename(filepath.Join(src, e.Name()), filepath.Join(dest, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// requireFile checks that the package pt gave the regular file p (name is
// its path inside the package, for the message).
func requireFile(p string, pt part, name string) error {
	if fi, err := os.Lstat(p); err != nil || !fi.Mode().IsRegular() {
		return fmt.Errorf("%s@%s has no file %s", pt.pkg, pt.version, name)
	}
	return nil
}
