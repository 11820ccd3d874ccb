package main

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/shims"
)

func newCurrentCmd(a *app) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "current",
		Short: "Show the version a shim runs here, and why",
		Args:  argsUsage(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			sel, err := a.selection()
			if err != nil {
				return err
			}
			a.notice(c.Context(), sel.Version)
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(sel)
			}
			fmt.Fprintf(a.stdout, "%s (%s)\n", sel.Version, sel.Reason)
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func newWhichCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "which [CMD]",
		Short: "Print the real path a shim runs here (default: node)",
		Args:  argsUsage(cobra.MaximumNArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			name := "node"
			if len(args) == 1 {
				name = args[0]
			}
			sel, err := a.selection()
			if err != nil {
				return err
			}
			h, err := a.home()
			if err != nil {
				return err
			}
			if sel.System {
				p := shims.LookPathOutside(shims.Env{Getenv: a.getenv, Home: h, GOOS: a.goos}, name)
				if p == "" {
					return fmt.Errorf("%s: not found outside nvmgo (the system node is selected)", name)
				}
				fmt.Fprintln(a.stdout, p)
				return nil
			}
			cmd, ok := shims.Target(a.goos, sel.Dir, name, nil)
			if !ok {
				return errors.New(name + ": not installed for node " + sel.Version + " (" + sel.Reason + ")")
			}
			p := cmd.Path
			if len(cmd.Args) > 1 && name != "node" && a.goos == "windows" {
				p = cmd.Args[len(cmd.Args)-1]
			}
			fmt.Fprintln(a.stdout, p)
			return nil
		},
	}
}
