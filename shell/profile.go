package shell

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The lines that fence what nvmgo setup adds to a profile file.
const (
	BeginMarker  = "# >>> nvmgo >>>"
	EndMarker    = "# <<< nvmgo <<<"
	BackupSuffix = ".nvmgo-backup"
)

// Profile is one start-up file that setup edits, and the kind of line it
// gets: a shell name, or "sh" for ~/.profile, which POSIX sh reads too.
type Profile struct {
	Path string
	Kind string
}

// Profiles lists the start-up files setup writes for shell on goos:
//
//   - bash: ~/.bashrc (interactive shells), and the one login file bash
//     reads, the first of ~/.bash_profile, ~/.bash_login and ~/.profile
//     that exists (~/.profile when none does, so an existing ~/.profile is
//     never hidden behind a new ~/.bash_profile);
//   - zsh: ${ZDOTDIR:-~}/.zshrc and .zprofile (login shells that are not
//     interactive read only the latter);
//   - fish: ${XDG_CONFIG_HOME:-~/.config}/fish/conf.d/nvmgo.fish;
//   - PowerShell: $PROFILE (on Windows for PowerShell 7 and 5.1);
//   - on Linux, for every shell, ~/.profile as well: desktop sessions read
//     it, so GUI apps and IDEs started from the desktop find the shims.
func Profiles(shell, goos, userHome string, env Vars) ([]Profile, error) {
	sh, err := Normalize(shell)
	if err != nil {
		return nil, err
	}
	if userHome == "" {
		return nil, fmt.Errorf("find %s profile: no home folder", sh)
	}
	dotProfile := Profile{filepath.Join(userHome, ".profile"), "sh"}
	var out []Profile
	switch sh {
	case "bash":
		out = append(out, Profile{filepath.Join(userHome, ".bashrc"), "bash"}, bashLogin(userHome))
	case "zsh":
		dir := zdotdir(env, userHome)
		out = append(out, Profile{filepath.Join(dir, ".zshrc"), "zsh"}, Profile{filepath.Join(dir, ".zprofile"), "zsh"})
	case "fish":
		out = append(out, Profile{fishConf(env, userHome), "fish"})
	default:
		for _, f := range powershellProfiles(goos, userHome, env) {
			out = append(out, Profile{f, "powershell"})
		}
	}
	if goos == "linux" && out[len(out)-1] != dotProfile {
		out = append(out, dotProfile)
	}
	return out, nil
}

// bashLogin is the login file bash reads, as bash picks it.
func bashLogin(userHome string) Profile {
	for _, name := range []string{".bash_profile", ".bash_login"} {
		p := filepath.Join(userHome, name)
		if _, err := os.Lstat(p); err == nil {
			return Profile{p, "bash"}
		}
	}
	return Profile{filepath.Join(userHome, ".profile"), "sh"}
}

// AllProfiles lists every file that setup may have written for any shell,
// for `setup --uninstall`.
func AllProfiles(goos, userHome string, env Vars) []string {
	var out []string
	for _, n := range []string{".bashrc", ".bash_profile", ".bash_login", ".profile", ".zshrc", ".zprofile"} {
		out = append(out, filepath.Join(userHome, n))
	}
	if dir := zdotdir(env, userHome); dir != userHome {
		out = append(out, filepath.Join(dir, ".zshrc"), filepath.Join(dir, ".zprofile"))
	}
	out = append(out, fishConf(env, userHome))
	return append(out, powershellProfiles(goos, userHome, env)...)
}

// Vars are what shell integration reads from the environment (nvmgo's
// internal/config reads them once, with VarsFrom).
type Vars struct {
	Shell         string // SHELL: the login shell, for Detect
	ZDOTDIR       string // ZDOTDIR: zsh's folder for .zshrc and .zprofile
	XDGConfigHome string // XDG_CONFIG_HOME: fish's and PowerShell's config (unix)
}

// VarsFrom reads Vars through getenv.
func VarsFrom(getenv func(string) string) Vars {
	return Vars{Shell: getenv("SHELL"), ZDOTDIR: getenv("ZDOTDIR"), XDGConfigHome: getenv("XDG_CONFIG_HOME")}
}

func zdotdir(env Vars, userHome string) string {
	if dir := env.ZDOTDIR; filepath.IsAbs(dir) {
		return dir
	}
	return userHome
}

func fishConf(env Vars, userHome string) string {
	return filepath.Join(configHome(env, userHome), "fish", "conf.d", "nvmgo.fish")
}

func powershellProfiles(goos, userHome string, env Vars) []string {
	const name = "Microsoft.PowerShell_profile.ps1"
	if goos == "windows" {
		docs := documentsDir(userHome)
		return []string{filepath.Join(docs, "PowerShell", name), filepath.Join(docs, "WindowsPowerShell", name)}
	}
	return []string{filepath.Join(configHome(env, userHome), "powershell", name)}
}

// configHome follows the XDG rule that a relative $XDG_CONFIG_HOME is ignored.
func configHome(env Vars, userHome string) string {
	if dir := env.XDGConfigHome; filepath.IsAbs(dir) {
		return dir
	}
	return filepath.Join(userHome, ".config")
}

// SourceLine is the line setup writes into a profile of the given kind: it
// sources the file rendered in nvmgoHome, guarded so that a missing file
// costs nothing and breaks nothing; it starts no process. The "sh" line of
// ~/.profile loads the bash file when bash reads it, the POSIX one otherwise.
func SourceLine(kind, nvmgoHome string) (string, error) {
	if kind == "sh" {
		b, s := Quote("sh", RenderedFile(nvmgoHome, "bash")), Quote("sh", RenderedFile(nvmgoHome, "sh"))
		return `if [ -n "${BASH_VERSION-}" ] && [ -r ` + b + ` ]; then . ` + b + `; elif [ -r ` + s + ` ]; then . ` + s + `; fi`, nil
	}
	sh, err := Normalize(kind)
	if err != nil {
		return "", err
	}
	f := Quote(sh, RenderedFile(nvmgoHome, sh))
	switch sh {
	case "fish":
		return "if test -r " + f + "; source " + f + "; end", nil
	case "powershell":
		return "if (Test-Path -LiteralPath " + f + ") { . " + f + " }", nil
	default:
		return "if [ -r " + f + " ]; then . " + f + "; fi", nil
	}
}

func profileBlock(evalLine, eol string) string {
	return strings.Join([]string{
		BeginMarker,
		"# Added by `nvmgo setup`; `nvmgo setup --uninstall` removes it.",
		evalLine,
		EndMarker,
	}, eol) + eol
}

// span is one fenced block: byte offsets from the start of its begin marker
// line to just after the end marker line's line ending (if it has one).
type span struct{ start, end int }

// findBlocks locates the fenced blocks; a marker without its partner is an
// error, because guessing where a hand-edited block ends could eat lines.
func findBlocks(content string) ([]span, error) {
	var blocks []span
	open, openLine := -1, 0
	for off, n := 0, 1; off < len(content); n++ {
		end := strings.IndexByte(content[off:], '\n')
		if end < 0 {
			end = len(content)
		} else {
			end += off + 1
		}
		switch strings.TrimSpace(content[off:end]) {
		case BeginMarker:
			if open >= 0 {
				return nil, fmt.Errorf("line %d: a second %q before the %q of line %d", n, BeginMarker, EndMarker, openLine)
			}
			open, openLine = off, n
		case EndMarker:
			if open < 0 {
				return nil, fmt.Errorf("line %d: %q without %q before it", n, EndMarker, BeginMarker)
			}
			blocks = append(blocks, span{open, end})
			open = -1
		}
		off = end
	}
	if open >= 0 {
		return nil, fmt.Errorf("line %d: %q without %q after it", openLine, BeginMarker, EndMarker)
	}
	return blocks, nil
}

// lineEnding returns the file's line ending, taken from its first line.
func lineEnding(content string) string {
	if i := strings.IndexByte(content, '\n'); i > 0 && content[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

// blockEOL is the line ending of a fenced block's begin marker line.
func blockEOL(content string, s span) string {
	if i := strings.IndexByte(content[s.start:s.end], '\n'); i > 0 && content[s.start+i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

// withBlock puts the block holding evalLine into content: in place of the
// first fenced block, removing any others, or else at the end with the
// file's line ending. A file without a final line ending keeps that state,
// with the block as its last line, so that withoutBlock can give back the
// same bytes.
func withBlock(content, evalLine string) (string, error) {
	blocks, err := findBlocks(content)
	if err != nil {
		return "", err
	}
	if len(blocks) == 0 {
		eol := lineEnding(content)
		block := profileBlock(evalLine, eol)
		if content == "" || strings.HasSuffix(content, "\n") {
			return content + block, nil
		}
		return content + eol + strings.TrimSuffix(block, eol), nil
	}
	var b strings.Builder
	last := 0
	for i, s := range blocks {
		b.WriteString(content[last:s.start])
		if i == 0 {
			eol := blockEOL(content, s)
			block := profileBlock(evalLine, eol)
			if s.end == len(content) && !strings.HasSuffix(content, "\n") {
				block = strings.TrimSuffix(block, eol)
			}
			b.WriteString(block)
		}
		last = s.end
	}
	b.WriteString(content[last:])
	return b.String(), nil
}

// withoutBlock removes every fenced block, and the line ending that withBlock
// added before a block that ends the file without a final line ending.
func withoutBlock(content string) (string, error) {
	blocks, err := findBlocks(content)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	last := 0
	for _, s := range blocks {
		start := s.start
		if s.end == len(content) && !strings.HasSuffix(content, "\n") {
			if eol := blockEOL(content, s); strings.HasSuffix(content[last:start], eol) {
				start -= len(eol)
			}
		}
		b.WriteString(content[last:start])
		last = s.end
	}
	b.WriteString(content[last:])
	return b.String(), nil
}
