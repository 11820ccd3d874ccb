package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/internal/safe"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/versions"
)

type lsEntry struct {
	Version  string `json:"version"`
	LTS      string `json:"lts,omitempty"`
	Dir      string `json:"dir"`
	Current  bool   `json:"current"`
	Default  bool   `json:"default"`
	Verified string `json:"verified,omitempty"`
	Source   string `json:"source,omitempty"`
	File     string `json:"file,omitempty"`
	lifeFields
	marks string // end-of-life and security marks (notices.go)
}

type lsOptions struct {
	json bool
}

func newLsCmd(a *app) *cobra.Command {
	var o lsOptions
	c := &cobra.Command{
		Use:     "ls",
		Aliases: []string{"list"},
		Short:   "List installed versions",
		Args:    argsUsage(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			return lsRun(c.Context(), a, o)
		},
	}
	c.Flags().BoolVar(&o.json, "json", false, "print JSON")
	return c
}

func lsRun(ctx context.Context, a *app, o lsOptions) error {
	h, err := a.home()
	if err != nil {
		return err
	}
	list, broken, err := h.ListAll()
	if err != nil {
		return err
	}
	// Entries that break the version rule are never listed as installed;
	// they are named on stderr with the command that removes them.
	for _, b := range broken {
		v := b.Version.String()
		a.warnf("versions/%s is not a usable install (%s); remove it with: nvmgo uninstall %s", v, b.Why, v)
	}
	cur := ""
	if sel, err := a.selection(ctx); err == nil {
		cur = sel.Version
	}
	def := ""
	if raw, ok, _ := h.ReadAlias(store.DefaultAlias); ok {
		if spec, err := versions.ParseSpec(raw); err == nil {
			if in, err := h.Select(spec); err == nil {
				def = in.Version.String()
			}
		}
	}
	lf, _ := a.loadLife(ctx, true) // cached or embedded: no network
	entries := make([]lsEntry, 0, len(list))
	for i := len(list) - 1; i >= 0; i-- { // oldest first, like nvm
		in := list[i]
		m, _ := store.ReadMeta(in.Dir)
		v := in.Version.String()
		entries = append(entries, lsEntry{Version: v, LTS: m.LTS, Dir: in.Dir, Current: v == cur, Default: v == def,
			Verified: m.Verified, Source: m.Source, File: m.File, lifeFields: lf.fields(in.Version), marks: a.marks(lf, in.Version)})
	}
	if o.json {
		return a.printJSON(entries)
	}
	if len(entries) == 0 && len(broken) == 0 {
		fmt.Fprintln(a.stderr, "nvmgo: no versions installed; try: nvmgo install lts")
		return nil
	}
	printLs(a, entries)
	if cur == "system" {
		fmt.Fprintln(a.stdout, a.paint("32", "* ")+"system")
	}
	return nil
}

// printLs prints one line per install in aligned columns: mark, version,
// LTS codename, default, what was verified. Names from metadata files are
// escaped.
func printLs(a *app, entries []lsEntry) {
	wv, wl := 0, 0
	for _, e := range entries {
		wv = max(wv, len(e.Version))
		if e.LTS != "" {
			wl = max(wl, len(safe.Text(e.LTS))+2)
		}
	}
	for _, e := range entries {
		mark := "  "
		if e.Current {
			mark = a.paint("32", "* ")
		}
		lts := ""
		if e.LTS != "" {
			lts = "(" + safe.Text(e.LTS) + ")"
		}
		line := fmt.Sprintf("%s%-*s", mark, wv, e.Version)
		if wl > 0 {
			line += fmt.Sprintf("  %-*s", wl, lts)
		}
		def := ""
		if e.Default {
			def = "default"
		}
		line += fmt.Sprintf("  %-7s", def)
		if e.Verified != "" {
			line += "  [" + safe.Text(e.Verified) + "]"
		}
		fmt.Fprintln(a.stdout, strings.TrimRight(line, " ")+e.marks)
	}
}

// paint colours s when colour is on (a terminal, and no NO_COLOR).
func (a *app) paint(code, s string) string {
	if !a.color() {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}
