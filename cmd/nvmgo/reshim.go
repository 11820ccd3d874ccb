package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/shims"
)

func newReshimCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "reshim",
		Short: "Recreate the shims for every command of every installed version",
		Args:  argsUsage(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			h, err := a.home()
			if err != nil {
				return err
			}
			src, err := shimSource(a.goos)
			if err != nil {
				return err
			}
			added, removed, err := shims.Reshim(h, a.goos, src)
			if err != nil {
				return err
			}
			if err := recordSelf(h); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "shims in %s: %d added, %d removed\n", h.ShimsDir(), len(added), len(removed))
			return nil
		},
	}
}
