package shims

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// PathFirst returns a copy of environ with dir first on PATH (PATH=dir
// when there is none), so a child and its children find that folder's node
// before any other. Windows spells the variable in any case; unix only as
// PATH. The input is not changed.
func PathFirst(environ []string, dir string) []string {
	out := make([]string, 0, len(environ)+2)
	sawPath := false
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok && isPathKey(k) {
			sawPath = true
			kv = k + "=" + dir + string(os.PathListSeparator) + v
		}
		out = append(out, kv)
	}
	if !sawPath {
		out = append(out, "PATH="+dir)
	}
	return out
}

func isPathKey(k string) bool {
	return k == "PATH" || runtime.GOOS == "windows" && strings.EqualFold(k, "PATH")
}

// FindIn is exec.LookPath over the folders dirs instead of the process's
// PATH: the first file there that runs as name (on Windows trying the
// PATHEXT extensions). skip, if not nil, passes over a file found (nvmgo's own shims), and the
// search goes on in the next folder.
func FindIn(name string, dirs []string, skip func(dir, path string) bool) string {
	for _, dir := range dirs {
		if dir == "" {
			continue
		}
		p, err := exec.LookPath(filepath.Join(dir, name))
		if err == nil && (skip == nil || !skip(dir, p)) {
			return p
		}
	}
	return ""
}
