package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/safe"
	"github.com/nvmgo/nvmgo/internal/store"
)

type defaultOptions struct {
	spec optionalArg // none: show the default
}

func newDefaultCmd(a *app) *cobra.Command {
	var o defaultOptions
	return &cobra.Command{
		Use:               "default [SPEC]",
		Short:             "Show or set the version used outside projects",
		Args:              argsUsage(cobra.MaximumNArgs(1)),
		ValidArgsFunction: completeInstalled(a),
		RunE: func(c *cobra.Command, args []string) error {
			o.spec = optional(args)
			return defaultRun(c.Context(), a, o)
		},
	}
}

func defaultRun(ctx context.Context, a *app, o defaultOptions) error {
	if o.spec.given {
		return setAlias(ctx, a, store.DefaultAlias, o.spec.value)
	}
	return showAlias(a, store.DefaultAlias)
}

func showAlias(a *app, name string) error {
	h, err := a.home()
	if err != nil {
		return err
	}
	raw, ok, err := h.ReadAlias(name)
	if err != nil {
		return err
	}
	if !ok {
		return hint.New(fmt.Sprintf("no %s version is set", name), fmt.Sprintf("run: nvmgo %s SPEC", name))
	}
	fmt.Fprintln(a.stdout, safe.Text(raw))
	return nil
}
