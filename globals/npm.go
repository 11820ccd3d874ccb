package globals

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/safe"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/shims"
)

// Runner runs the npm of target with args in dir and returns what it
// printed (stdout and stderr together).
type Runner func(ctx context.Context, target store.Installed, dir string, args []string) ([]byte, error)

// NpmRunner returns the Runner that starts target's own node with its own
// npm-cli.js, so its npm, its engines checks and the user's npm settings
// (registry, cache, proxy, .npmrc) apply as they are. Only the global
// prefix is pinned to target's folder: a prefix= in .npmrc would put the
// packages somewhere no shim looks.
func NpmRunner(goos string, environ []string) Runner {
	return func(ctx context.Context, target store.Installed, dir string, args []string) ([]byte, error) {
		node := store.NodeExe(target.Dir, goos)
		cli := store.NpmCLI(target.Dir, goos)
		if _, err := os.Stat(cli); err != nil {
			return nil, err
		}
		cmd := exec.CommandContext(ctx, node, append([]string{cli}, args...)...)
		cmd.Dir = dir
		cmd.Env = npmEnv(environ, store.BinDir(target.Dir, goos), target.Dir)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		return out.Bytes(), err
	}
}

// npmEnv is environ with binDir first on PATH (install scripts run this
// node), the prefix set to the version folder, and npm's advertising off.
func npmEnv(environ []string, binDir, prefix string) []string {
	out := slices.DeleteFunc(shims.PathFirst(environ, binDir), func(kv string) bool {
		k, _, _ := strings.Cut(kv, "=")
		switch strings.ToLower(k) {
		case "npm_config_prefix", "npm_config_global", "npm_config_location",
			"npm_config_update_notifier", "npm_config_fund", "npm_config_audit":
			return true
		}
		return false
	})
	return append(out, "npm_config_prefix="+filepath.Clean(prefix),
		"npm_config_update_notifier=false", "npm_config_fund=false", "npm_config_audit=false")
}

// npmError picks npm's error lines out of its output ("npm error ..." from
// npm 10, "npm ERR! ..." before), without the pointer to its log file; when
// there are none, the last lines.
// interrupted is a failed package's error when Ctrl-C stopped npm: what
// npm printed as it was killed says nothing of the package.
const interrupted = "interrupted"

// runError is npmError, or interrupted when ctx stopped the run.
func runError(ctx context.Context, out []byte, err error) string {
	if ctx.Err() != nil {
		return interrupted
	}
	return npmError(out, err)
}

func npmError(out []byte, err error) string {
	var lines []string
	for _, l := range strings.Split(strings.ReplaceAll(string(out), "\r\n", "\n"), "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "npm error") || strings.HasPrefix(l, "npm ERR!") {
			msg := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(l, "npm error"), "npm ERR!"))
			if msg == "" || strings.Contains(msg, "complete log of this run") || strings.HasPrefix(msg, "/") && strings.HasSuffix(msg, ".log") {
				continue
			}
			lines = append(lines, msg)
		}
	}
	if len(lines) == 0 {
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, l)
			}
		}
		if len(lines) > 3 {
			lines = lines[len(lines)-3:]
		}
	}
	if len(lines) > 4 {
		lines = lines[:4]
	}
	if len(lines) == 0 && err != nil {
		return Printable(hint.Text(err))
	}
	return Printable(strings.Join(lines, "; "))
}

// Printable makes npm's (and package.json's) text safe for a terminal,
// the way nvmgo escapes everything it prints (internal/safe).
func Printable(s string) string { return safe.Text(s) }
