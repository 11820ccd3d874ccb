// Package shell renders the per-shell integration snippets and edits shell profiles to load them.
package shell

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
)

// Supported lists the canonical names of the shells nvmgo integrates with.
var Supported = []string{"bash", "zsh", "fish", "powershell"}

// ErrUnsupported is wrapped by every error about a shell nvmgo does not know.
var ErrUnsupported = errors.New("unsupported shell")

// Normalize maps a shell name, a path to a shell, or a process name such as
// "-bash", "/bin/zsh", "pwsh" or "powershell.exe" to its canonical name.
func Normalize(name string) (string, error) {
	base := strings.TrimSpace(name)
	if i := strings.LastIndexAny(base, `/\`); i >= 0 {
		base = base[i+1:]
	}
	base = strings.ToLower(strings.TrimPrefix(base, "-"))
	base = strings.TrimSuffix(base, ".exe")
	switch base {
	case "bash", "zsh", "fish":
		return base, nil
	case "powershell", "pwsh", "pwsh-preview", "ps1":
		return "powershell", nil
	}
	if name == "" {
		return "", fmt.Errorf("%w: no shell name given (supported: %s)", ErrUnsupported, supportedList())
	}
	return "", fmt.Errorf("%w %q (supported: %s)", ErrUnsupported, name, supportedList())
}

func supportedList() string { return strings.Join(Supported, ", ") }

// Detect picks the shell to integrate with: the --shell flag when given, then
// the parent process's name, then $SHELL (shellVar); on Windows it falls
// back to PowerShell. A parent that is not a supported shell (sudo, make,
// sh) is skipped, but an unsupported flag or $SHELL is an error.
func Detect(flag, shellVar, parentName string) (string, error) {
	return detect(flag, shellVar, parentName, runtime.GOOS)
}

func detect(flag, shellVar, parentName, goos string) (string, error) {
	if flag != "" {
		return Normalize(flag)
	}
	if parentName != "" {
		if sh, err := Normalize(parentName); err == nil {
			return sh, nil
		}
	}
	if shellVar != "" {
		if sh, err := Normalize(shellVar); err == nil || goos != "windows" {
			return sh, err
		}
	}
	if goos == "windows" {
		return "powershell", nil
	}
	return "", fmt.Errorf("%w: cannot detect the shell, pass --shell (supported: %s)", ErrUnsupported, supportedList())
}

// Quote returns s as one single-quoted word for shell, which is a canonical
// name from Supported; any other name gets POSIX quoting.
func Quote(shell, s string) string {
	switch shell {
	case "fish":
		// Inside fish single quotes only \' and \\ are escapes.
		s = strings.ReplaceAll(s, `\`, `\\`)
		return "'" + strings.ReplaceAll(s, "'", `\'`) + "'"
	case "powershell":
		// PowerShell also ends single-quoted strings at the typographic
		// quotes U+2018..U+201B; doubling any quote character escapes it.
		var b strings.Builder
		b.WriteByte('\'')
		for _, r := range s {
			b.WriteRune(r)
			if r == '\'' || (r >= '\u2018' && r <= '\u201b') {
				b.WriteRune(r)
			}
		}
		b.WriteByte('\'')
		return b.String()
	default:
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
}

// SetEnvCode returns one line of shell code, ending in a newline, that sets
// and exports the environment variable name to value.
func SetEnvCode(shell, name, value string) (string, error) {
	sh, err := checkNameShell(shell, name)
	if err != nil {
		return "", err
	}
	v := Quote(sh, value)
	switch sh {
	case "fish":
		return "set -gx " + name + " " + v + "\n", nil
	case "powershell":
		return "$env:" + name + " = " + v + "\n", nil
	default:
		return "export " + name + "=" + v + "\n", nil
	}
}

// UnsetEnvCode returns one line of shell code, ending in a newline, that
// removes the environment variable name; it succeeds when name is unset.
func UnsetEnvCode(shell, name string) (string, error) {
	sh, err := checkNameShell(shell, name)
	if err != nil {
		return "", err
	}
	switch sh {
	case "fish":
		return "set -e " + name + "; true\n", nil
	case "powershell":
		return "Remove-Item -LiteralPath Env:" + name + " -ErrorAction SilentlyContinue\n", nil
	default:
		return "unset " + name + "\n", nil
	}
}

func checkNameShell(shell, name string) (string, error) {
	sh, err := Normalize(shell)
	if err != nil {
		return "", err
	}
	if !validName(name) {
		return "", fmt.Errorf("invalid environment variable name %q", name)
	}
	return sh, nil
}

func validName(name string) bool {
	for i, r := range name {
		switch {
		case r == '_', r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return name != ""
}

// MessageCode returns one line of code, ending in a newline, that prints
// msg on the shell's stderr. The nvmgo function evaluates it, so its own
// redirection (`nvmgo use 20 2>/dev/null`) applies, which fish does not do
// for the stderr of a command substitution inside a function.
func MessageCode(shell, msg string) (string, error) {
	sh, err := Normalize(shell)
	if err != nil {
		return "", err
	}
	if sh == "powershell" {
		return "[Console]::Error.WriteLine(" + Quote(sh, msg) + ")\n", nil
	}
	return "printf '%s\\n' " + Quote(sh, msg) + " >&2\n", nil
}
