package store

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/nvmgo/nvmgo/versions"
)

// Broken is an entry of versions/ named like a version that is not a
// complete install. ls and doctor report it; uninstall removes it.
type Broken struct {
	Version versions.Version
	Dir     string
	Why     string
}

// ReservedNames are the names nvmgo writes into a version folder itself;
// an archive or package holding one is refused.
var ReservedNames = []string{MetaName}

// maxMetaSize bounds the metadata file: nvmgo writes about 2 KB.
const maxMetaSize = 1 << 20

// CheckVersion is the one rule for what counts as installed, applied by
// install, ls, the shims, uninstall and doctor alike: dir is a real folder
// (not a link), holds a metadata file that is a regular file with valid
// JSON naming the folder's version, and a node binary that is a runnable
// regular file (not a link, a folder or an empty file) where the layout of
// the installed platform puts it.
func CheckVersion(dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	return checkVersion(dir, fi.Mode().Type())
}

// checkVersion is CheckVersion with the folder's type known (from the
// directory listing, which saves the shims a stat). It decodes only the two
// fields it needs: the shims run it before every node.
func checkVersion(dir string, typ fs.FileMode) error {
	switch {
	case typ&fs.ModeSymlink != 0:
		return errors.New("it is a symlink, not a folder")
	case !typ.IsDir():
		return errors.New("it is not a folder")
	}
	var m metaHead
	b, err := readRegular(filepath.Join(dir, MetaName), maxMetaSize)
	if err == nil {
		m, err = decodeHead(b)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("it has no %s: an unfinished install or a folder made by hand", MetaName)
	}
	if err != nil {
		return fmt.Errorf("its %s is unreadable: %w", MetaName, err)
	}
	if name := filepath.Base(dir); m.Version != name {
		return fmt.Errorf("its %s names version %q, not %s", MetaName, m.Version, name)
	}
	return CheckNode(dir, LayoutOS(m.Platform))
}

// LayoutOS is the OS whose archive layout a platform tag ("linux-x64",
// "win-x64", "darwin-arm64") has; "" (metadata of an old or hand-made
// install) means this machine's.
func LayoutOS(platform string) string {
	switch {
	case platform == "":
		return runtime.GOOS
	case strings.HasPrefix(platform, "win"):
		return "windows"
	case strings.HasPrefix(platform, "darwin"), strings.HasPrefix(platform, "osx"):
		return "darwin"
	}
	return "linux"
}

// CheckNode checks that the node binary of a version folder laid out for
// goos is a runnable regular file, reached through real folders only.
func CheckNode(dir, goos string) error {
	node := NodeExe(dir, goos)
	rel, _ := filepath.Rel(dir, node)
	rel = filepath.ToSlash(rel)
	if goos != "windows" {
		bin, err := os.Lstat(filepath.Dir(node))
		if err != nil || !bin.IsDir() {
			return fmt.Errorf("its bin/ is not a real folder, so %s cannot be trusted", rel)
		}
	}
	fi, err := os.Lstat(node)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("it has no %s", rel)
	case err != nil:
		return err
	case fi.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("its %s is a symlink, not the node binary", rel)
	case !fi.Mode().IsRegular():
		return fmt.Errorf("its %s is not a regular file", rel)
	case fi.Size() == 0:
		return fmt.Errorf("its %s is an empty file", rel)
	case goos != "windows" && runtime.GOOS != "windows" && fi.Mode().Perm()&0o111 == 0:
		return fmt.Errorf("its %s is not executable", rel)
	}
	return nil
}

// readRegular reads a regular file of at most max bytes without following
// a link at its name (O_NOFOLLOW) nor blocking on a FIFO put there
// (O_NONBLOCK): open, fstat, one read, close.
func readRegular(path string, max int64) ([]byte, error) {
	if oNoFollow == 0 { // no O_NOFOLLOW here: look first
		if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return nil, fmt.Errorf("%s is a symlink", path)
		}
	}
	f, err := os.OpenFile(path, os.O_RDONLY|oNoFollow|oNonBlock, 0)
	if err != nil {
		if isLoop(err) {
			return nil, fmt.Errorf("%s is a symlink", path)
		}
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	switch {
	case err != nil:
		return nil, err
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("%s is not a regular file", path)
	case fi.Size() > max:
		return nil, fmt.Errorf("%s is larger than %d bytes", path, max)
	}
	b := make([]byte, fi.Size())
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}
