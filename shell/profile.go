package shell

import (
	"fmt"
	"path/filepath"
	"strings"
)

// The lines that fence what nvmgo setup adds to a profile file.
const (
	BeginMarker  = "# >>> nvmgo >>>"
	EndMarker    = "# <<< nvmgo <<<"
	BackupSuffix = ".nvmgo-backup"
)

// ProfileFiles lists the start-up files that shell reads, for the given GOOS
// and user home: bash ~/.bashrc (and ~/.bash_profile on macOS, whose
// terminals start login shells), zsh ${ZDOTDIR:-~}/.zshrc, fish
// ${XDG_CONFIG_HOME:-~/.config}/fish/conf.d/nvmgo.fish, and PowerShell's
// $PROFILE (on Windows for both PowerShell 7 and Windows PowerShell 5.1).
func ProfileFiles(shell, goos, userHome string, getenv func(string) string) ([]string, error) {
	sh, err := Normalize(shell)
	if err != nil {
		return nil, err
	}
	if userHome == "" {
		return nil, fmt.Errorf("find %s profile: no home folder", sh)
	}
	env := func(k string) string {
		if getenv == nil {
			return ""
		}
		return getenv(k)
	}
	switch sh {
	case "bash":
		files := []string{filepath.Join(userHome, ".bashrc")}
		if goos == "darwin" {
			files = append(files, filepath.Join(userHome, ".bash_profile"))
		}
		return files, nil
	case "zsh":
		dir := env("ZDOTDIR")
		if !filepath.IsAbs(dir) {
			dir = userHome
		}
		return []string{filepath.Join(dir, ".zshrc")}, nil
	case "fish":
		return []string{filepath.Join(configHome(env, userHome), "fish", "conf.d", "nvmgo.fish")}, nil
	default:
		const name = "Microsoft.PowerShell_profile.ps1"
		if goos == "windows" {
			docs := documentsDir(userHome)
			return []string{
				filepath.Join(docs, "PowerShell", name),
				filepath.Join(docs, "WindowsPowerShell", name),
			}, nil
		}
		return []string{filepath.Join(configHome(env, userHome), "powershell", name)}, nil
	}
}

// configHome follows the XDG rule that a relative $XDG_CONFIG_HOME is ignored.
func configHome(getenv func(string) string, userHome string) string {
	if dir := getenv("XDG_CONFIG_HOME"); filepath.IsAbs(dir) {
		return dir
	}
	return filepath.Join(userHome, ".config")
}

// EvalLine returns the line that loads the integration at shell start-up.
func EvalLine(shell, exe string) (string, error) {
	sh, err := Normalize(shell)
	if err != nil {
		return "", err
	}
	q := Quote(sh, exe)
	switch sh {
	case "fish":
		return q + " env --shell fish | source", nil
	case "powershell":
		return "& " + q + " env --shell powershell | Out-String | Invoke-Expression", nil
	default:
		return `eval "$(` + q + ` env --shell ` + sh + `)"`, nil
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
