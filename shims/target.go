package shims

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/store"
)

// Command is what a shim runs: the program and its full argv.
type Command struct {
	Path string
	Args []string // argv, Args[0] included
}

// npmScripts maps the commands that Windows runs through node.exe directly
// (rather than through .cmd launchers) to their scripts under the version root.
var npmScripts = [...][2]string{
	{"npm", `node_modules\npm\bin\npm-cli.js`},
	{"npx", `node_modules\npm\bin\npx-cli.js`},
	{"corepack", `node_modules\corepack\dist\corepack.js`},
}

// Target works out the command a shim named name runs for an installed
// version folder dir. ok is false when that version lacks the command.
func Target(goos, dir, name string, args []string) (Command, bool) {
	if goos != "windows" {
		p := filepath.Join(dir, "bin", name)
		if !isFile(p) {
			return Command{}, false
		}
		return Command{Path: p, Args: append([]string{name}, args...)}, true
	}
	node := joinWin(dir, "node.exe")
	if name == "node" {
		return Command{Path: node, Args: append([]string{"node"}, args...)}, isFile(node)
	}
	for _, s := range npmScripts {
		if s[0] == name {
			script := joinWin(dir, s[1])
			if !isFile(script) {
				return Command{}, false
			}
			return Command{Path: node, Args: append([]string{"node", script}, args...)}, true
		}
	}
	if exe := joinWin(dir, name+".exe"); isFile(exe) {
		return Command{Path: exe, Args: append([]string{name}, args...)}, true
	}
	if cmd := joinWin(dir, name+".cmd"); isFile(cmd) {
		// Global package launchers are .cmd files; only cmd.exe runs them.
		return Command{Path: "cmd.exe", Args: append([]string{"cmd.exe", "/d", "/s", "/c", cmd}, args...)}, true
	}
	return Command{}, false
}

// joinWin joins with a backslash whatever the host, so Windows logic can be
// table-tested on any OS; on Windows filepath.Join would do the same.
func joinWin(dir, rel string) string {
	if filepath.Separator == '\\' {
		return filepath.Join(dir, rel)
	}
	return strings.TrimRight(dir, `\/`) + `\` + rel
}

// isFile is a variable so that tests can check Windows paths on any host.
// A backslash is an ordinary character in a unix file name (a home under
// /srv/a\b is valid), so the path is used as it is.
var isFile = func(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir()
}

// MissingError explains a command that the selected version lacks, and
// names the installed versions that have it.
func MissingError(h store.Home, goos, name string, sel Selection) error {
	by := strings.TrimPrefix(sel.Reason, "from ")
	if i := strings.Index(by, ": "); i > 0 && sel.Source == "file" {
		by = by[:i]
	}
	msg := fmt.Sprintf("%s: not installed for node %s (selected by %s)", name, sel.Version, by)
	var others []string
	if list, err := h.List(); err == nil {
		for _, in := range list {
			if in.Dir == sel.Dir {
				continue
			}
			if _, ok := Target(goos, in.Dir, name, nil); ok {
				others = append(others, in.Version.String())
			}
		}
	}
	sort.Strings(others)
	if len(others) > 0 {
		return errors.New(msg + "; it exists in " + strings.Join(others, ", "))
	}
	return hint.New(msg, "install it for this version (npm install -g <package>), or run: nvmgo reshim")
}
