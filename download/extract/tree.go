package extract

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
)

type kind uint8

const (
	dirKind kind = iota + 1
	fileKind
	linkKind
)

// tree records every path Extract has made under dest. dest starts empty
// and only Extract writes to it, so the record is the truth: a parent that
// is not a recorded directory is never walked through, and nothing is made
// where something already is. It is used by one goroutine.
type tree struct {
	dest  string
	top   string // the archive's top-level folder, once seen
	nodes map[string]kind
	stats Stats

	entries  int   // entries seen, bounded by maxEntries
	declared int64 // file sizes from the headers, bounded by maxBytes
	maxBytes int64
	reserved []string // names under dest the caller keeps for itself
}

func newTree(dest string, maxBytes int64) *tree {
	if maxBytes <= 0 {
		maxBytes = defaultMaxBytes
	}
	return &tree{dest: dest, nodes: make(map[string]kind, 8192), maxBytes: maxBytes}
}

// count adds an entry of size bytes to the totals. Sizes are those in the
// headers, which archive/tar and archive/zip hold the content to.
func (t *tree) count(name string, size int64) error {
	t.entries++
	if t.entries > maxEntries {
		return fmt.Errorf("entry %q: archive has more than %d entries", name, maxEntries)
	}
	if size < 0 || size > t.maxBytes-t.declared {
		return fmt.Errorf("entry %q: archive content exceeds %d bytes", name, t.maxBytes)
	}
	t.declared += size
	return nil
}

// rel checks an entry name and returns its slash path under the top-level
// folder: "" for the top folder itself, ok false for an entry to skip (".").
func (t *tree) rel(name string, isDir bool) (rel string, ok bool, err error) {
	comps, err := splitName(name, isDir)
	if err != nil || len(comps) == 0 {
		return "", false, err
	}
	if t.top == "" {
		t.top = comps[0]
	} else if comps[0] != t.top {
		return "", false, fmt.Errorf("archive has more than one top-level entry: %q and %q", t.top, comps[0])
	}
	if len(comps) == 1 && !isDir {
		return "", false, fmt.Errorf("archive has a non-folder at the top: %q", name)
	}
	if len(comps) > 1 {
		for _, r := range t.reserved {
			if strings.EqualFold(comps[1], r) {
				return "", false, unsafe(name, "name "+r+" is reserved for nvmgo's own files")
			}
		}
	}
	return strings.Join(comps[1:], "/"), true, nil
}

// osPath returns the file system path of rel.
func (t *tree) osPath(rel string) string {
	return filepath.Join(t.dest, filepath.FromSlash(rel))
}

// mkdirAll makes rel and its parents as real directories, refusing to pass
// through a symlink or a file.
func (t *tree) mkdirAll(name, rel string) error {
	if rel == "" || rel == "." {
		return nil
	}
	switch t.nodes[rel] {
	case dirKind:
		return nil
	case linkKind:
		return unsafe(name, "path goes through symlink "+rel)
	case fileKind:
		return fmt.Errorf("entry %q: %s is a file, not a folder", name, rel)
	}
	if err := t.mkdirAll(name, path.Dir(rel)); err != nil {
		return err
	}
	if err := os.Mkdir(t.osPath(rel), 0o755); err != nil {
		return fmt.Errorf("entry %q: %w", name, err)
	}
	t.nodes[rel] = dirKind
	t.stats.Dirs++
	return nil
}

// claim makes the parents of rel and reserves rel for a new non-directory.
func (t *tree) claim(name, rel string, k kind) error {
	if rel == "" {
		return fmt.Errorf("archive has a non-folder at the top: %q", name)
	}
	if err := t.mkdirAll(name, path.Dir(rel)); err != nil {
		return err
	}
	if _, dup := t.nodes[rel]; dup {
		return unsafe(name, "duplicate entry")
	}
	t.nodes[rel] = k
	return nil
}

// symlink makes the symlink rel -> target after checking the target.
func (t *tree) symlink(name, rel, target string) error {
	if runtime.GOOS == "windows" {
		return fmt.Errorf("entry %q: symlinks are not extracted on Windows: %w", name, errors.ErrUnsupported)
	}
	if err := checkLinkTarget(name, rel, target); err != nil {
		return err
	}
	if err := t.claim(name, rel, linkKind); err != nil {
		return err
	}
	if err := os.Symlink(target, t.osPath(rel)); err != nil {
		return fmt.Errorf("entry %q: %w", name, err)
	}
	t.stats.Symlinks++
	return nil
}

// hardlink makes rel a hard link to the regular file the archive path
// target names, which must already be extracted. The caller has made sure
// the target's content is written.
func (t *tree) hardlink(name, rel, target string) error {
	trel, ok, err := t.rel(target, false)
	if err != nil || !ok {
		return unsafe(name, fmt.Sprintf("hard link target %q is not a file in the archive's folder", target))
	}
	if t.nodes[trel] != fileKind {
		return unsafe(name, "hard link target "+target+" is not an extracted regular file")
	}
	if err := t.claim(name, rel, fileKind); err != nil {
		return err
	}
	if err := os.Link(t.osPath(trel), t.osPath(rel)); err != nil {
		return fmt.Errorf("entry %q: %w", name, err)
	}
	t.stats.Files++
	return nil
}
