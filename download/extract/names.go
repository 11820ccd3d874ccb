package extract

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
)

// unsafe returns an error for the entry name that wraps ErrUnsafePath.
func unsafe(name, why string) error {
	return fmt.Errorf("%w %q: %s", ErrUnsafePath, name, why)
}

// splitName checks an archive entry name and returns its components, with
// "." and empty ones dropped. It refuses absolute names (unix and Windows
// forms), "..", NUL, backslashes and colons (drive letters, UNC paths and
// NTFS streams), and on Windows names the system would alias or reserve.
func splitName(name string, isDir bool) ([]string, error) {
	switch {
	case strings.ContainsAny(name, "\x00\\:"):
		return nil, unsafe(name, "NUL, backslash or colon in name")
	case strings.HasPrefix(name, "/"):
		return nil, unsafe(name, "absolute path")
	case !isDir && strings.HasSuffix(name, "/"):
		return nil, unsafe(name, "non-directory name ends in a slash")
	}
	var comps []string
	for c := range strings.SplitSeq(name, "/") {
		switch c {
		case "", ".":
			continue
		case "..":
			return nil, unsafe(name, "path contains ..")
		}
		if runtime.GOOS == "windows" && !windowsSafe(c) {
			return nil, unsafe(name, "name reserved or aliased on Windows")
		}
		comps = append(comps, c)
	}
	return comps, nil
}

// windowsSafe reports whether c names a distinct file on Windows: not a
// reserved device name, and without the trailing dot or space Windows drops.
func windowsSafe(c string) bool {
	if strings.HasSuffix(c, ".") || strings.HasSuffix(c, " ") || strings.ContainsAny(c, `<>"|?*`) {
		return false
	}
	return filepath.IsLocal(c)
}

// checkLinkTarget checks the target of a symlink whose own path under dest
// is rel. The target must be relative, with ".." only as leading components
// and no more of them than rel has parent folders. Every folder Extract
// makes is a real directory, so the leading ".." components resolve exactly
// as counted; and since every other symlink obeys the same rule, following
// one in the rest of the target cannot leave dest either. A ".." after a
// name is refused because the name may be a symlink, which makes the lexical
// answer wrong (a -> b/.., where b -> .., resolves above dest).
func checkLinkTarget(name, rel, target string) error {
	switch {
	case target == "":
		return unsafe(name, "empty symlink target")
	case strings.ContainsAny(target, "\x00\\:"):
		return unsafe(name, "NUL, backslash or colon in symlink target")
	case strings.HasPrefix(target, "/"):
		return unsafe(name, "absolute symlink target "+target)
	}
	up, down := 0, 0
	for c := range strings.SplitSeq(target, "/") {
		switch {
		case c == "" || c == ".":
		case c == ".." && down > 0:
			return unsafe(name, "symlink target "+target+" has .. after a name")
		case c == "..":
			up++
		default:
			down++
		}
	}
	if depth := strings.Count(rel, "/"); up > depth {
		return unsafe(name, "symlink target "+target+" leaves the destination")
	}
	return nil
}
