package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/internal/safe"
)

type reshimOptions struct{} // no flags; here for the shape every command has

func newReshimCmd(a *app) *cobra.Command {
	var o reshimOptions
	return &cobra.Command{
		Use:   "reshim",
		Short: "Recreate the shims for every command of every installed version",
		Args:  argsUsage(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			return reshimRun(c.Context(), a, o)
		},
	}
}

func reshimRun(_ context.Context, a *app, _ reshimOptions) error {
	added, removed, err := a.reshimChanges()
	if err != nil {
		return err
	}
	h, err := a.home()
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "shims in %s: %d added, %d removed\n", safe.Text(h.ShimsDir()), len(added), len(removed))
	return nil
}
