package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/internal/safe"
	"github.com/nvmgo/nvmgo/shims"
)

type whichOptions struct {
	name string // the command; node when none is given
}

func newWhichCmd(a *app) *cobra.Command {
	var o whichOptions
	return &cobra.Command{
		Use:               "which [CMD]",
		Short:             "Print the real path a shim runs here (default: node)",
		Args:              argsUsage(cobra.MaximumNArgs(1)),
		ValidArgsFunction: completeCommands(a),
		RunE: func(c *cobra.Command, args []string) error {
			o.name = argOr(args, "node")
			return whichRun(c.Context(), a, o)
		},
	}
}

func whichRun(ctx context.Context, a *app, o whichOptions) error {
	name := o.name
	sel, err := a.selection(ctx)
	if err != nil {
		return err
	}
	h, err := a.home()
	if err != nil {
		return err
	}
	if p, ok, err := a.pmWhich(h, sel, name); ok {
		if err != nil {
			return err
		}
		fmt.Fprintln(a.stdout, safe.Text(p))
		return nil
	}
	if sel.System {
		p := shims.LookPathOutside(shims.Env{Getenv: a.getenv, Home: h, GOOS: a.goos}, name)
		if p == "" {
			return fmt.Errorf("%s: not found outside nvmgo (the system node is selected)", name)
		}
		fmt.Fprintln(a.stdout, safe.Text(p))
		return nil
	}
	cmd, ok := shims.Target(a.goos, sel.Dir, name, nil)
	if !ok {
		return shims.MissingError(h, a.goos, name, sel)
	}
	p := cmd.Path
	if len(cmd.Args) > 1 && name != "node" && a.goos == "windows" {
		p = cmd.Args[len(cmd.Args)-1]
	}
	fmt.Fprintln(a.stdout, safe.Text(p))
	return nil
}
