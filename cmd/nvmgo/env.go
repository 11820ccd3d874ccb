package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/shell"
)

type envOptions struct {
	shell string // "": detected
	json  bool
}

func newEnvCmd(a *app) *cobra.Command {
	var o envOptions
	c := &cobra.Command{
		Use:   "env",
		Short: "Print shell code that sets nvmgo up (eval it in your profile)",
		Long: `Print the code for your shell profile:

  bash/zsh:    eval "$(nvmgo env)"
  fish:        nvmgo env | source
  PowerShell:  nvmgo env --shell powershell | Out-String | Invoke-Expression

It puts the shims first on PATH and defines an nvmgo function whose 'use'
switches the current shell. This runs nvmgo at every shell start; 'nvmgo
setup' instead writes the same code to files in NVMGO_HOME and a line that
sources them, which starts no process.`,
		Args: argsUsage(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			return envRun(c.Context(), a, o)
		},
	}
	c.Flags().StringVar(&o.shell, "shell", "", "bash, zsh, fish or powershell (default: detected)")
	c.Flags().BoolVar(&o.json, "json", false, "print the settings as JSON instead of code")
	return c
}

// envRun prints the integration snippet (or its settings as JSON). Every
// shell start runs it, so it is also reached without cobra: see envFastPath.
func envRun(_ context.Context, a *app, o envOptions) error {
	h, err := a.home()
	if err != nil {
		return err
	}
	name, err := detectShell(a, o.shell)
	if err != nil {
		return err
	}
	exe, err := selfPath()
	if err != nil {
		return err
	}
	if o.json {
		return json.NewEncoder(a.stdout).Encode(map[string]string{
			"shell": name, "NVMGO_HOME": h.Root, "shims": h.ShimsDir(), "nvmgo": exe,
		})
	}
	code, err := shell.Env(shell.EnvOptions{Shell: name, Exe: exe, Home: h.Root, Shims: h.ShimsDir()})
	if err != nil {
		return err
	}
	_, err = io.WriteString(a.stdout, code)
	return err
}

// envFastPath recognises exactly `env [--shell S | --shell=S] [--json]`,
// the line in every shell profile, so it runs without building the cobra
// tree. Anything else (help, a typo, another flag) returns ok=false and goes
// through cobra, which prints the usual messages.
func envFastPath(args []string) (o envOptions, ok bool) {
	if len(args) == 0 || args[0] != "env" {
		return envOptions{}, false
	}
	seenShell := false
	for i := 1; i < len(args); i++ {
		switch arg := args[i]; {
		case arg == "--json" && !o.json:
			o.json = true
		case arg == "--shell" && !seenShell && i+1 < len(args) && args[i+1] != "" && args[i+1][0] != '-':
			o.shell, seenShell = args[i+1], true
			i++
		case strings.HasPrefix(arg, "--shell=") && !seenShell && len(arg) > len("--shell="):
			o.shell, seenShell = arg[len("--shell="):], true
		default:
			return envOptions{}, false
		}
	}
	return o, true
}

// detectShell reads the parent process only when --shell is not given.
func detectShell(a *app, flag string) (string, error) {
	parent := ""
	if flag == "" {
		parent = shell.ParentProcessName()
	}
	name, err := shell.Detect(flag, a.cfg().Shell.Shell, parent)
	if err != nil {
		return "", usageErr(err)
	}
	return name, nil
}

// selfPath is the absolute path of this binary, rendered into shell code.
func selfPath() (string, error) {
	p, err := os.Executable()
	if err != nil {
		return "", err
	}
	if r, err := filepath.EvalSymlinks(p); err == nil {
		p = r
	}
	return p, nil
}
