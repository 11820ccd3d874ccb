package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/internal/safe"
	"github.com/nvmgo/nvmgo/shims"
)

type currentOptions struct {
	json bool
}

func newCurrentCmd(a *app) *cobra.Command {
	var o currentOptions
	c := &cobra.Command{
		Use:   "current",
		Short: "Show the version a shim runs here, and why",
		Args:  argsUsage(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			return currentRun(c.Context(), a, o)
		},
	}
	c.Flags().BoolVar(&o.json, "json", false, "print JSON")
	return c
}

func currentRun(ctx context.Context, a *app, o currentOptions) error {
	h, err := a.home()
	if err != nil {
		return err
	}
	sel, err := shims.Explain(shims.Env{Getenv: a.getenv, Cwd: a.workDir(), Home: h, GOOS: a.goos})
	for _, w := range sel.Warnings {
		fmt.Fprintf(a.stderr, "nvmgo: warning: %s\n", safe.Text(w))
	}
	if err != nil {
		return a.pinHint(ctx, h, err)
	}
	a.notice(ctx, sel.Version)
	pm := a.pmCurrentHere(h)
	if o.json {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false) // ranges hold < and >
		return enc.Encode(struct {
			shims.Selection
			PackageManager *pmCurrent `json:"package_manager,omitempty"`
		}{sel, pm})
	}
	writeCurrent(a.stdout, sel)
	writePMCurrent(a.stdout, pm)
	return nil
}

// writeCurrent prints the version and why on the first line, then what
// else decided it: the package.json ranges it was checked against, the
// pins they ruled out, the project pin that NVMGO_NODE_VERSION overrides,
// and a .node-version and .nvmrc that disagree.
func writeCurrent(w io.Writer, sel shims.Selection) {
	fmt.Fprintf(w, "%s (%s)\n", safe.Text(sel.Version), safe.Text(sel.Reason))
	for _, c := range sel.Constraints {
		fmt.Fprintf(w, "  checked against %s (%s %s)\n", safe.Text(c.Range), safe.Text(c.File), c.Field)
	}
	for _, p := range sel.PassedOver {
		from := p.File
		if from == "" {
			from = "the default alias"
		}
		fmt.Fprintf(w, "  passed over %s (%s): %s\n", safe.Text(p.Spec), safe.Text(from), safe.Text(p.Why))
	}
	if o := sel.Overrides; o != nil {
		runs := "not installed"
		if o.Version != "" {
			runs = "would run " + o.Version
		}
		fmt.Fprintf(w, "  overrides %s, which asks for %s (%s); run `nvmgo deactivate` to follow the project\n", safe.Text(o.File), safe.Text(o.Spec), safe.Text(runs))
	}
	if sel.Conflict != "" {
		fmt.Fprintf(w, "  note: %s\n", safe.Text(sel.Conflict))
	}
}
