package shims

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/nvmgo/nvmgo/internal/config/env"
	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/safe"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/versions"
)

// PMAutoInstallEnv set to 0 stops the shims from installing a pinned
// package manager that is missing.
const PMAutoInstallEnv = env.PMAutoInstall

// PMShims are the package manager commands that get shims whatever is
// installed (npm and npx are in Always).
var PMShims = []string{"pnpm", "pnpx", "yarn", "yarnpkg"}

// PMTool maps a shim name to the package manager it belongs to.
func PMTool(name string) (string, bool) {
	switch name {
	case "pnpm", "pnpx":
		return "pnpm", true
	case "yarn", "yarnpkg":
		return "yarn", true
	case "npm", "npx":
		return "npm", true
	}
	return "", false
}

// PMRun is what the pin says for a package manager shim.
type PMRun struct {
	Choice versions.PMChoice
	Dir    string // the installed version's folder
	Script string // the entry script for the shim name
	Native string // pnpm's native binary, run without node; "" for scripts
}

// PMPinned finds the project's package manager for the shim name. found
// is false where the project pins none (and for npm/npx where it pins
// another one: npm stays the node version's own). A pinned version that is
// missing is installed first when the pin allows it (installFn), else an
// error or, for onFail warn and ignore, found = false after a warning.
func PMPinned(e Env, name string, warn io.Writer, install func(versions.PMChoice) error) (PMRun, bool, error) {
	tool, _ := PMTool(name)
	if e.Cwd == "" {
		return PMRun{}, false, nil
	}
	proj, found, err := versions.FindPMProject(e.Cwd)
	if err != nil && tool == "npm" {
		// npm is the node version's own unless a project pins another: a
		// package.json it cannot read must not take npm away (npm itself
		// reports the file, and npm init can fix it).
		return PMRun{}, false, nil
	}
	if err != nil || !found {
		return PMRun{}, false, err
	}
	c := proj.Choose(tool)
	if c.Name != tool {
		if tool == "npm" {
			return PMRun{}, false, nil
		}
		return PMRun{}, false, hint.New(fmt.Sprintf("%s: this project uses %s (%s in %s)", name, c.Name, c.Raw, c.File), "run "+c.Name+" instead, or change the pin")
	}
	run, ok, err := findPMInstall(e.Home, c, name)
	if err != nil || ok {
		return run, ok, err
	}
	what := fmt.Sprintf("%s (%s in %s)", pinLabel(c), c.Raw, c.File)
	switch {
	case c.OnFail == versions.OnFailIgnore:
		return PMRun{}, false, nil
	case c.OnFail == versions.OnFailWarn:
		fmt.Fprintf(warn, "nvmgo: warning: %s is not installed; running the unpinned %s\n", safe.Text(what), name)
		return PMRun{}, false, nil
	case c.OnFail == versions.OnFailDownload && !env.No(e.Getenv(PMAutoInstallEnv)) && install != nil:
		fmt.Fprintf(warn, "nvmgo: installing %s, pinned by %s\n", pinLabel(c), safe.Text(c.File))
		if err := install(c); err != nil {
			return PMRun{}, false, err
		}
		if run, ok, err := findPMInstall(e.Home, c, name); err != nil || ok {
			return run, ok, err
		}
		return PMRun{}, false, fmt.Errorf("%s: installed, but no installed version matches %s", name, c.Raw)
	}
	return PMRun{}, false, hint.New(what+" is not installed", "run: nvmgo pm install "+quoteArg(installArg(c)))
}

// pinLabel is name@version, or name@range for a devEngines range.
func pinLabel(c versions.PMChoice) string {
	if c.Version != "" {
		return c.Name + "@" + c.Version
	}
	_, r, _ := strings.Cut(c.Raw, "@")
	return c.Name + "@" + r
}

// installArg is what `nvmgo pm install` gets for the choice.
func installArg(c versions.PMChoice) string {
	arg := pinLabel(c)
	if c.Hash.Algo != "" {
		arg += "+" + c.Hash.String()
	}
	return arg
}

// findPMInstall looks for an installed version that meets the choice: the
// exact one, or the newest in the range. A pinned hash is checked against
// the digests recorded at install time.
func findPMInstall(h store.Home, c versions.PMChoice, name string) (PMRun, bool, error) {
	dir := ""
	if c.Version != "" {
		dir = h.PMVersionDir(c.Name, c.Version)
	} else {
		list, err := h.ListPM(c.Name)
		if err != nil {
			return PMRun{}, false, err
		}
		for _, in := range list {
			if c.Range.Contains(in.Version) {
				dir = in.Dir
				break
			}
		}
	}
	if dir == "" {
		return PMRun{}, false, nil
	}
	m, err := store.ReadPMMeta(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return PMRun{}, false, nil
	}
	if err != nil {
		return PMRun{}, false, err
	}
	if err := m.CheckHash(c.Hash); err != nil {
		return PMRun{}, false, hint.With(fmt.Errorf("%s: %w (%s)", name, err, c.File), "check packageManager in "+c.File)
	}
	script, ok := m.Bin[name]
	if !ok {
		return PMRun{}, false, fmt.Errorf("%s: %s@%s has no %s command", name, m.Name, m.Version, name)
	}
	run := PMRun{Choice: c, Dir: dir, Script: filepath.Join(dir, filepath.FromSlash(script))}
	if m.Native != "" {
		run.Native = filepath.Join(dir, filepath.FromSlash(m.Native))
	}
	return run, true, nil
}

// PMUnpinned is the command for a package manager shim where no project
// pins one and the node version has no such command: the node version's
// corepack (node 24 and older), else the user's default (pm default).
func PMUnpinned(e Env, sel Selection, name string, args []string) (Command, bool) {
	if name == "npm" || name == "npx" {
		return Command{}, false
	}
	if !sel.System {
		if c, ok := Target(e.GOOS, sel.Dir, "corepack", append([]string{name}, args...)); ok {
			return c, true
		}
	}
	tool, _ := PMTool(name)
	defs, _ := ReadPMDefaults(e.Home)
	spec, ok := defs[tool]
	if !ok {
		return Command{}, false
	}
	list, _ := e.Home.ListPM(tool)
	in, ok := BestPM(list, tool, spec)
	if !ok {
		return Command{}, false
	}
	m, err := store.ReadPMMeta(in.Dir)
	if err != nil || m.Bin[name] == "" {
		return Command{}, false
	}
	run := PMRun{Script: filepath.Join(in.Dir, filepath.FromSlash(m.Bin[name]))}
	if m.Native != "" {
		run.Native = filepath.Join(in.Dir, filepath.FromSlash(m.Native))
	}
	return PMCommand(e, sel, name, run, args)
}

// PMCommand is the command that runs a package manager install for the
// shim name: pnpm's native binary directly (pnpx is its dlx), else the
// entry script with the selected node.
func PMCommand(e Env, sel Selection, name string, run PMRun, args []string) (Command, bool) {
	if run.Native != "" && isFile(run.Native) {
		argv := []string{"pnpm"}
		if name == "pnpx" {
			argv = append(argv, "dlx")
		}
		return Command{Path: run.Native, Args: append(argv, args...)}, true
	}
	script := run.Script
	node := ""
	if sel.System {
		node = LookPathOutside(e, "node")
	} else {
		node = store.NodeExe(sel.Dir, e.GOOS)
		if !isFile(node) {
			node = ""
		}
	}
	if node == "" {
		return Command{}, false
	}
	return Command{Path: node, Args: append([]string{"node", script}, args...)}, true
}

// NoPMError is the error of a package manager shim with nothing to run.
func NoPMError(name string, sel Selection) error {
	tool, _ := PMTool(name)
	return hint.New(fmt.Sprintf("%s: no project here pins %s, node %s has no %s, and no default is set", name, tool, sel.Version, name),
		"run: nvmgo pm default "+tool+"@latest (or npm install -g "+tool+")")
}

// NoCorepackError is what the corepack shim says for a node version
// without corepack: Node 25 and later ship none, nor does a node 24 or
// older installed from the npm registry (its node packages carry no
// corepack, and nothing it serves says which one a release bundled).
func NoCorepackError(sel Selection) error {
	why := "Node.js 25 stopped shipping it"
	if v, err := versions.ParseVersion(sel.Version); err == nil && v.Major < 25 {
		why = "an install from the npm registry carries none"
	}
	return hint.New(fmt.Sprintf("corepack: node %s has no corepack (%s); nvmgo runs the package manager package.json pins without it: run pnpm or yarn directly", sel.Version, why),
		"pin one with: nvmgo pm pin pnpm@latest (or install corepack: npm install -g corepack)")
}

// pmInstallFirst runs `nvmgo pm install NAME@SPEC[+HASH]` with the full
// binary; its output is shown only when it fails, so a first use costs one
// stderr line.
func pmInstallFirst(h store.Home, c versions.PMChoice) error {
	exe, err := os.ReadFile(filepath.Join(h.SelfDir(), "nvmgo.path"))
	if err != nil {
		return fmt.Errorf("auto-install: cannot find the nvmgo binary (run `nvmgo reshim` once): %w", err)
	}
	cmd := exec.Command(strings.TrimSpace(string(exe)), "pm", "install", installArg(c))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &out
	onTerminal := isTerminal(os.Stderr)
	if onTerminal {
		// the install draws its progress bar (and no other line) there,
		// and says itself what failed
		cmd.Stderr = os.Stderr
	}
	// Ctrl-C reaches the install too; it cleans up and the shim exits 130.
	restore := ignoreInterrupts()
	err = cmd.Run()
	restore()
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() == 130 {
		return interrupted{}
	}
	if err != nil && onTerminal {
		return reported{}
	}
	if err != nil {
		msg, advice := err.Error(), ""
		for line := range strings.SplitSeq(out.String(), "\n") {
			switch {
			case strings.HasPrefix(line, "nvmgo: ") && !strings.HasPrefix(line, "nvmgo: downloading "):
				msg = strings.TrimPrefix(line, "nvmgo: ")
			case strings.HasPrefix(line, "hint: "):
				advice = strings.TrimPrefix(line, "hint: ")
			}
		}
		return hint.With(fmt.Errorf("auto-install of %s failed: %s", installArg(c), msg), advice)
	}
	return nil
}

// reported is a failure the child process already reported on stderr.
type reported struct{}

func (reported) Error() string { return "failed (reported above)" }

// isTerminal reports whether f is a character device (a terminal), without
// the terminal package's weight in the shim.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
