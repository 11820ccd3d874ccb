package shell

import (
	"embed"
	"fmt"
	"path"
	"path/filepath"
	"strings"
	"text/template"
)

//go:embed snippets/env.bash snippets/env.zsh snippets/env.fish snippets/env.ps1
var snippets embed.FS

var snippetFile = map[string]string{
	"bash":       "snippets/env.bash",
	"zsh":        "snippets/env.zsh",
	"fish":       "snippets/env.fish",
	"powershell": "snippets/env.ps1",
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
	tmpl, err := template.New("").Option("missingkey=error").ParseFS(snippets, snippetFile[sh])
	if err != nil {
		return "", fmt.Errorf("render %s snippet: %w", sh, err)
	}
	var b strings.Builder
	data := map[string]string{
		"Exe":   Quote(sh, o.Exe),
		"Home":  Quote(sh, o.Home),
		"Shims": Quote(sh, o.Shims),
	}
	if err := tmpl.ExecuteTemplate(&b, path.Base(snippetFile[sh]), data); err != nil {
		return "", fmt.Errorf("render %s snippet: %w", sh, err)
	}
	return b.String(), nil
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
