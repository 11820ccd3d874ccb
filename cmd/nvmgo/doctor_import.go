package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/nvmgo/nvmgo/globals"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/migrate"
)

// shellMarks are text that, on a profile line, loads another manager.
var shellMarks = []struct{ manager, mark string }{
	{"nvm", "nvm.sh"}, {"nvm", "NVM_DIR"},
	{"fnm", "fnm env"},
	{"volta", "VOLTA_HOME"}, {"volta", ".volta/bin"},
	{"mise", "mise activate"}, {"mise", "mise/shims"},
	{"asdf", "asdf.sh"}, {"asdf", "asdf.fish"}, {"asdf", ".asdf/shims"}, {"asdf", "ASDF_DATA_DIR"},
	{"nodenv", "nodenv init"}, {"nodenv", ".nodenv/"},
	{"nvs", "nvs.sh"}, {"nvs", "NVS_HOME"},
	{"n", "N_PREFIX"},
}

// importFindings tells about other managers' Node versions that nvmgo
// lacks (with the import to run) and the profile lines that load them
// (with where they are, to remove by hand: doctor never edits them).
func importFindings(a *app) []finding {
	h, err := a.home()
	if err != nil {
		return nil
	}
	userHome, _ := a.userHome()
	var out []finding
	env := migrate.Env{Getenv: a.getenv, GOOS: a.goos, Home: userHome}
	for _, m := range migrate.Managers {
		l, err := migrate.Discover(m, env)
		if err != nil {
			continue
		}
		var missing []string
		for _, f := range l.Versions {
			if _, err := store.ReadMeta(h.VersionDir(f.Version.String())); err != nil {
				missing = append(missing, f.Version.String())
			}
		}
		if len(missing) > 0 {
			out = append(out, finding{"other managers", "warn",
				fmt.Sprintf("%s has %d Node versions nvmgo lacks in %s: %s", m, len(missing), globals.Printable(l.Root), strings.Join(missing, ", ")),
				"run: nvmgo import " + m + " (add --dry-run to see what it would do)"})
		}
	}
	out = append(out, linkedFindings(a, h)...)
	for _, line := range profileLines(a, userHome) {
		out = append(out, finding{"shell lines", "warn",
			fmt.Sprintf("%s:%d loads %s: %s", globals.Printable(line.file), line.n, line.manager, globals.Printable(line.text)),
			"remove that line from " + globals.Printable(line.file) + " yourself once `nvmgo import " + line.manager + "` has run (nvmgo never edits it)"})
	}
	return out
}

type profileLine struct {
	file, manager, text string
	n                   int
}

// profileFiles are the shell start files other managers' installers write to.
func profileFiles(a *app, userHome string) []string {
	if userHome == "" {
		return nil
	}
	zdot := a.cfg().Shell.ZDOTDIR
	if zdot == "" {
		zdot = userHome
	}
	files := []string{
		filepath.Join(userHome, ".bashrc"), filepath.Join(userHome, ".bash_profile"), filepath.Join(userHome, ".profile"),
		filepath.Join(zdot, ".zshrc"), filepath.Join(zdot, ".zprofile"), filepath.Join(zdot, ".zshenv"),
		filepath.Join(userHome, ".config", "fish", "config.fish"),
	}
	conf, _ := filepath.Glob(filepath.Join(userHome, ".config", "fish", "conf.d", "*.fish"))
	files = append(files, conf...)
	if a.goos == "windows" {
		for _, d := range []string{"PowerShell", "WindowsPowerShell"} {
			files = append(files, filepath.Join(userHome, "Documents", d, "Microsoft.PowerShell_profile.ps1"))
		}
	}
	return files
}

// profileLines finds the lines, comments aside, that load another manager.
func profileLines(a *app, userHome string) []profileLine {
	var out []profileLine
	for _, file := range profileFiles(a, userHome) {
		f, err := os.Open(file)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			text := strings.TrimSpace(sc.Text())
			if text == "" || strings.HasPrefix(text, "#") || strings.Contains(text, "nvmgo") {
				continue
			}
			for _, m := range shellMarks {
				if strings.Contains(text, m.mark) {
					out = append(out, profileLine{file: file, manager: m.manager, text: text, n: n})
					break
				}
			}
		}
		f.Close()
	}
	return out
}

// linkedFindings fails a version imported with --link whose node is gone
// with the other manager's folder.
func linkedFindings(a *app, h store.Home) []finding {
	list, err := h.List()
	if err != nil {
		return nil
	}
	var out []finding
	for _, in := range list {
		m, err := store.ReadMeta(in.Dir)
		if err != nil || m.Imported == nil || m.Imported.How != migrate.HowLink {
			continue
		}
		if danglingLink(in.Dir) {
			out = append(out, finding{"imported links", "fail",
				fmt.Sprintf("%s links to %s's %s, which is gone", in.Version, m.Imported.Manager, globals.Printable(m.Imported.Dir)),
				"run: nvmgo install --reinstall " + in.Version.String()})
		}
	}
	return out
}

// danglingLink says whether a top entry of dir is a link to nothing.
func danglingLink(dir string) bool {
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		p := filepath.Join(dir, e.Name())
		if fi, err := os.Lstat(p); err == nil && fi.Mode()&os.ModeSymlink != 0 {
			if _, err := os.Stat(p); err != nil {
				return true
			}
		}
	}
	return false
}
