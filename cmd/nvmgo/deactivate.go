package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/shell"
	"github.com/nvmgo/nvmgo/shims"
)

type deactivateOptions struct {
	printEnv bool
	shell    string
}

func newDeactivateCmd(a *app) *cobra.Command {
	var o deactivateOptions
	c := &cobra.Command{
		Use:   "deactivate",
		Short: "Undo `nvmgo use` in this shell (project files and the default decide again)",
		Args:  argsUsage(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			return deactivateRun(c.Context(), a, o)
		},
	}
	c.Flags().BoolVar(&o.printEnv, "print-env", false, "print shell code (used by the nvmgo shell function)")
	c.Flags().StringVar(&o.shell, "shell", "", "shell for --print-env")
	return c
}

func deactivateRun(_ context.Context, a *app, o deactivateOptions) error {
	if !o.printEnv {
		return hint.New("deactivate works through the nvmgo shell function", "run: eval \"$(nvmgo env)\"")
	}
	name, err := shell.Normalize(o.shell)
	if err != nil {
		return usageErr(err)
	}
	code, err := shell.UnsetEnvCode(name, shims.VersionEnv)
	if err != nil {
		return err
	}
	fmt.Fprint(a.stdout, code)
	return nil
}
