package main

import (
	"context"
	"time"

	"github.com/spf13/cobra"
)

// completeInstalled completes installed versions and aliases as the first
// argument, and nothing after it.
func completeInstalled(a *app) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return completeInstalledThen(a, cobra.ShellCompDirectiveNoFileComp)
}

// completeInstalledThen is completeInstalled with what later arguments get
// (files, for exec and run).
func completeInstalledThen(a *app, later cobra.ShellCompDirective) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(c *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, later
		}
		h, err := a.home()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		if list, err := h.List(); err == nil {
			for _, in := range list {
				out = append(out, in.Version.String())
			}
		}
		if al, err := h.Aliases(); err == nil {
			for _, x := range al {
				out = append(out, x[0])
			}
		}
		return append(out, "lts", "latest", "system"), cobra.ShellCompDirectiveNoFileComp
	}
}

// completeAliases completes alias names.
func completeAliases(a *app) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(c *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		h, err := a.home()
		if err != nil || len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		if al, err := h.Aliases(); err == nil {
			for _, x := range al {
				out = append(out, x[0])
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeRemote completes remote versions from the cached (or embedded)
// index, never waiting on the network.
func completeRemote(a *app) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(c *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		rels, _, err := a.indexSource(true).Load(ctx)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		out := []string{"lts", "latest"}
		seen := map[uint64]bool{}
		for _, r := range rels {
			if r.LTS != "" && !seen[r.V.Major] {
				out = append(out, "lts/"+lower(string(r.LTS)))
			}
			seen[r.V.Major] = true
			out = append(out, r.Version)
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
	}
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}
