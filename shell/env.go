package shell

import (
	_ "embed" // the snippets
	"fmt"
	"path/filepath"
	"strings"
)

// The snippets hold three placeholders, {{.Exe}}, {{.Home}} and {{.Shims}},
// replaced by quoted words, and the bash/zsh one also {{.Shell}}, the shell
// it is rendered for (TestSnippetPlaceholders keeps it so). A plain
// replacement, not text/template: every shell start renders one.
var (
	//go:embed snippets/env.sh
	snippetPOSIX string // bash and zsh
	//go:embed snippets/complete.bash
	completeBash string
	//go:embed snippets/complete.zsh
	completeZsh string
	//go:embed snippets/env.posix.sh
	snippetSh string // POSIX sh, for ~/.profile
	//go:embed snippets/env.fish
	snippetFish string
	//go:embed snippets/env.ps1
	snippetPS1 string
)

// placeholders are the names every snippet uses.
var placeholders = []string{"{{.Exe}}", "{{.Home}}", "{{.Shims}}"}

// shellPlaceholder is the one more name a snippet may use: the canonical
// shell name, inserted as it is (it needs no quoting).
const shellPlaceholder = "{{.Shell}}"

func snippet(sh string) string {
	switch sh {
	case "bash":
		return snippetPOSIX + completeBash
	case "zsh":
		return snippetPOSIX + completeZsh
	case "fish":
		return snippetFish
	case "powershell":
		return snippetPS1
	}
	return ""
}

// EnvOptions says what the integration snippet points at.
type EnvOptions struct {
	Shell string // a name Normalize accepts
	Exe   string // absolute path of the nvmgo binary, called by the nvmgo shell function
	Home  string // NVMGO_HOME
	Shims string // the shims folder put first on PATH
}

// Env returns the integration snippet for o.Shell, to be evaluated by that
// shell: it exports NVMGO_HOME and NVMGO_SHELL_INTEGRATION, puts the shims
// folder first on PATH exactly once, and defines the nvmgo function.
func Env(o EnvOptions) (string, error) {
	sh, err := Normalize(o.Shell)
	if err != nil {
		return "", err
	}
	if !isAbs(o.Exe) {
		return "", fmt.Errorf("render %s snippet: nvmgo path %q is not absolute", sh, o.Exe)
	}
	if o.Home == "" || o.Shims == "" {
		return "", fmt.Errorf("render %s snippet: home and shims folders are required", sh)
	}
	if sh != "powershell" && strings.ContainsRune(o.Shims, ':') {
		return "", fmt.Errorf("render %s snippet: shims folder %q contains ':', which PATH cannot hold", sh, o.Shims)
	}
	// One pass: a path that itself contains "{{.Home}}" is not re-expanded.
	r := strings.NewReplacer(
		placeholders[0], Quote(sh, o.Exe),
		placeholders[1], Quote(sh, o.Home),
		placeholders[2], Quote(sh, o.Shims),
		shellPlaceholder, sh,
	)
	return r.Replace(snippet(sh)), nil
}

// isAbs accepts absolute paths of the host and Windows drive or UNC paths,
// so a PowerShell snippet for Windows can be rendered and tested anywhere.
func isAbs(p string) bool {
	if filepath.IsAbs(p) {
		return true
	}
	if len(p) >= 3 && p[1] == ':' && (p[2] == '\\' || p[2] == '/') {
		c := p[0] | 0x20
		return c >= 'a' && c <= 'z'
	}
	return strings.HasPrefix(p, `\\`)
}

// EnvPOSIX returns the POSIX sh file that ~/.profile sources: NVMGO_HOME and
// the shims on PATH, nothing a plain sh (dash) cannot run, so a desktop
// session that reads ~/.profile gives GUI apps the shims too.
func EnvPOSIX(home, shims string) (string, error) {
	if home == "" || shims == "" {
		return "", fmt.Errorf("render sh snippet: home and shims folders are required")
	}
	if strings.ContainsRune(shims, ':') {
		return "", fmt.Errorf("render sh snippet: shims folder %q contains ':', which PATH cannot hold", shims)
	}
	r := strings.NewReplacer("{{.Home}}", Quote("sh", home), "{{.Shims}}", Quote("sh", shims))
	return r.Replace(snippetSh), nil
}
