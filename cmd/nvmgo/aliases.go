package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/internal/safe"
	"github.com/nvmgo/nvmgo/versions"
)

type aliasesOptions struct {
	json bool
}

func newAliasesCmd(a *app) *cobra.Command {
	var o aliasesOptions
	c := &cobra.Command{
		Use:   "aliases",
		Short: "List aliases and what they resolve to",
		Args:  argsUsage(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			return aliasesRun(c.Context(), a, o)
		},
	}
	c.Flags().BoolVar(&o.json, "json", false, "print JSON")
	return c
}

// aliasRow is one alias and the installed version it selects ("" none).
type aliasRow struct {
	Name     string `json:"name"`
	Spec     string `json:"spec"`
	Resolved string `json:"resolved,omitempty"`
}

func aliasesRun(_ context.Context, a *app, o aliasesOptions) error {
	h, err := a.home()
	if err != nil {
		return err
	}
	all, err := h.Aliases()
	if err != nil {
		return err
	}
	rows := make([]aliasRow, 0, len(all))
	for _, al := range all {
		r := aliasRow{Name: al[0], Spec: al[1]}
		if spec, err := versions.ParseSpec(al[1]); err == nil {
			in, err := h.Select(spec)
			switch {
			case err == nil:
				r.Resolved = in.Version.String()
			case errors.Is(err, versions.ErrSystem):
				r.Resolved = "system"
			}
		}
		rows = append(rows, r)
	}
	if o.json {
		return json.NewEncoder(a.stdout).Encode(rows)
	}
	for _, r := range rows {
		res := r.Resolved
		if res == "" {
			res = "not installed"
		}
		fmt.Fprintf(a.stdout, "%s -> %s (%s)\n", safe.Text(r.Name), safe.Text(r.Spec), res)
	}
	return nil
}
