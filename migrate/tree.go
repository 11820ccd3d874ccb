package migrate

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/nvmgo/nvmgo/internal/store"
)

// Check says whether f.Dir is a complete Node install: its node runs and
// reports the version the folder claims. A tree for another OS than this
// one (goos) is only checked for its node binary.
func Check(ctx context.Context, f Found, goos string, windowsTree bool) error {
	treeOS := goos
	if windowsTree {
		treeOS = "windows"
	}
	node := store.NodeExe(f.Dir, treeOS)
	fi, err := os.Stat(node)
	if err != nil {
		return fmt.Errorf("no node binary at %s", node)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a file", node)
	}
	if (treeOS == "windows") != (goos == "windows") {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "--version")
	cmd.Dir = f.Dir
	out, err := cmd.Output()
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%s --version did not answer in time", node)
		}
		return fmt.Errorf("%s --version failed: %v", node, err)
	}
	got := strings.TrimSpace(string(out))
	if got != f.Version.String() {
		if len(got) > 40 {
			got = got[:40] + "..."
		}
		return fmt.Errorf("%s --version says %q, but the folder claims %s", node, got, f.Version)
	}
	return nil
}

// How a tree is brought over.
const (
	HowHardlink = "hardlink" // hard links where the file system allows, else copies
	HowCopy     = "copy"     // copies only (the file system refused links)
	HowLink     = "link"     // the version's top folders are links to the other manager's
)

// CopyTree copies the tree at src into dst (an empty folder): folders are
// made, links are made again as they are, regular files are hard-linked
// to the originals where the file system allows (no extra space, the
// original untouched) and copied where it does not. It reports whether
// every file could be linked, and the links it could not make again
// (Windows junctions that npm link left, where links need admin rights).
func CopyTree(ctx context.Context, src, dst string) (how string, lost []string, err error) {
	canLink := true
	copied := false
	err = filepath.WalkDir(src, func(p string, d fs.DirEntry, werr error) error {
		if werr != nil {
			return werr
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil || rel == "." {
			return err
		}
		out := filepath.Join(dst, rel)
		switch t := d.Type(); {
		case t&(fs.ModeSymlink|fs.ModeIrregular) != 0:
			// A junction reports as irregular (and may say dir): never walk into it.
			target, err := os.Readlink(p)
			if err == nil {
				err = os.Symlink(target, out)
			}
			if err != nil {
				lost = append(lost, rel)
			}
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		case d.IsDir():
			fi, err := d.Info()
			if err != nil {
				return err
			}
			return os.Mkdir(out, fi.Mode().Perm()|0o700)
		case t.IsRegular():
			if canLink {
				lerr := os.Link(p, out)
				if lerr == nil {
					return nil
				}
				canLink = false // another device, FAT, a share: copy the rest
			}
			copied = true
			fi, err := d.Info()
			if err != nil {
				return err
			}
			return store.CopyNew(p, out, fi.Mode().Perm())
		}
		return nil // sockets, devices: not part of a Node tree
	})
	if copied {
		return HowCopy, lost, err
	}
	return HowHardlink, lost, err
}

// LinkTree makes dst hold one link per top entry of src (bin, lib,
// include, share ...), so a version folder with nvmgo's metadata file can
// stand on another manager's tree without writing into it.
func LinkTree(src, dst string) error {
	ents, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	if len(ents) == 0 {
		return errors.New(src + " is empty")
	}
	for _, e := range ents {
		if e.Name() == store.MetaName {
			continue
		}
		if e.Name() == "bin" && e.IsDir() {
			// nvmgo runs bin/node only from a real folder, as a real file:
			// a hard link (a copy across file systems); the rest are links.
			if err := linkBin(filepath.Join(src, "bin"), filepath.Join(dst, "bin")); err != nil {
				return err
			}
			continue
		}
		if err := os.Symlink(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

func linkBin(src, dst string) error {
	ents, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	if err := os.Mkdir(dst, 0o755); err != nil {
		return err
	}
	for _, e := range ents {
		from, to := filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())
		if e.Name() == "node" && e.Type().IsRegular() {
			if os.Link(from, to) == nil {
				continue
			}
			if err := store.CopyNew(from, to, 0o755); err != nil {
				return err
			}
			continue
		}
		if err := os.Symlink(from, to); err != nil {
			return err
		}
	}
	return nil
}

// LinkRefusal says why --link is refused for a manager on goos ("" when
// it is not): the shims would then depend on a folder the other manager
// moves or removes by itself, or on links Windows grants only to admins.
func LinkRefusal(manager, goos string) string {
	switch {
	case goos == "windows" || manager == "nvm-windows":
		return "Windows makes links only with administrator rights or developer mode, and a shim behind a broken link cannot run"
	case manager == "volta":
		return "volta moves its node images when it migrates its layout (its v2 layout moved tools/image/node/NODE/NPM to tools/image/node/NODE), which would break the links"
	case manager == "mise":
		return "mise removes versions no config file uses (mise prune, mise upgrade), which would break the links"
	}
	return ""
}
