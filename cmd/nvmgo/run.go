package main

import "github.com/spf13/cobra"

// newRunCmd is `exec SPEC -- node ARGS...` in fewer words, as nvm has it.
func newRunCmd(a *app) *cobra.Command {
	var o execOptions
	c := &cobra.Command{
		Use:   "run SPEC [ARGS...]",
		Short: "Run node of a version with ARGS",
		Args:  argsUsage(cobra.MinimumNArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			o.spec, o.name, o.args = args[0], "node", args[1:]
			return execRun(c.Context(), a, o)
		},
		ValidArgsFunction: completeInstalledThen(a, cobra.ShellCompDirectiveDefault),
	}
	c.Flags().SetInterspersed(false)
	return c
}
