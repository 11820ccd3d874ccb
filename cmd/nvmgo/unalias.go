package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/internal/safe"
)

type unaliasOptions struct {
	name string
}

func newUnaliasCmd(a *app) *cobra.Command {
	var o unaliasOptions
	return &cobra.Command{
		Use:               "unalias NAME",
		Short:             "Remove an alias",
		Args:              argsUsage(cobra.ExactArgs(1)),
		ValidArgsFunction: completeAliases(a),
		RunE: func(c *cobra.Command, args []string) error {
			o.name = args[0]
			return unaliasRun(c.Context(), a, o)
		},
	}
}

func unaliasRun(_ context.Context, a *app, o unaliasOptions) error {
	h, err := a.home()
	if err != nil {
		return err
	}
	if err := h.RemoveAlias(o.name); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "removed alias %s\n", safe.Text(o.name))
	return nil
}
