package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/internal/safe"
)

// completeInstalled completes installed versions and aliases as the first
// argument, and nothing after it.
func completeInstalled(a *app) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return completeInstalledThen(a, cobra.ShellCompDirectiveNoFileComp)
}

// completeInstalledThen is completeInstalled with what later arguments get
// (files, for exec and run).
func completeInstalledThen(a *app, later cobra.ShellCompDirective) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(c *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, later
		}
		out := installedVersions(a, toComplete)
		h, err := a.home()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		if al, err := h.Aliases(); err == nil {
			for _, x := range al {
				out = append(out, x[0])
			}
		}
		return append(out, "lts", "latest", "system"), cobra.ShellCompDirectiveNoFileComp
	}
}

// completeVersionsOnly completes installed versions only (uninstall).
func completeVersionsOnly(a *app) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(c *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return installedVersions(a, toComplete), cobra.ShellCompDirectiveNoFileComp
	}
}

// installedVersions lists installed versions, without the "v" when what
// was typed starts with a digit, so the shell's own prefix match keeps them.
func installedVersions(a *app, toComplete string) []string {
	h, err := a.home()
	if err != nil {
		return nil
	}
	bare := toComplete != "" && toComplete[0] >= '0' && toComplete[0] <= '9'
	var out []string
	if list, err := h.List(); err == nil {
		for _, in := range list {
			v := in.Version.String()
			if bare {
				v = strings.TrimPrefix(v, "v")
			}
			out = append(out, v)
		}
	}
	return out
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
// index, never waiting on the network. Only candidates that start with
// what was typed are returned (a shell offered all ~900 takes seconds per
// Tab), in the form typed: "20.1" gets 20.1x.y, "v20.1" gets v20.1x.y.
func completeRemote(a *app) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(c *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		ctx, cancel := context.WithTimeout(c.Context(), 2*time.Second)
		defer cancel()
		rels, _, err := a.indexSource(true).Load(ctx)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		typed := lower(toComplete)
		bare := typed != "" && typed[0] >= '0' && typed[0] <= '9'
		var out []string
		add := func(cand string) {
			// a name from the index that a terminal would act on is no candidate
			if strings.HasPrefix(lower(cand), typed) && safe.Text(cand) == cand {
				out = append(out, cand)
			}
		}
		add("lts")
		add("latest")
		seen := map[uint64]bool{}
		for _, r := range rels {
			if r.LTS != "" && !seen[r.V.Major] {
				add("lts/" + lower(string(r.LTS)))
			}
			seen[r.V.Major] = true
			if bare {
				add(strings.TrimPrefix(r.Version, "v"))
			} else {
				add(r.Version)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
	}
}

// completeCommands completes the commands a shim can run: node, npm,
// npx, corepack and the global package commands that have shims.
func completeCommands(a *app) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(c *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		h, err := a.home()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		ents, _ := os.ReadDir(h.ShimsDir())
		var out []string
		for _, e := range ents {
			name := e.Name()
			if a.goos == "windows" {
				name = strings.TrimSuffix(strings.ToLower(name), ".exe")
				if strings.HasSuffix(name, ".cmd") || strings.HasSuffix(name, ".ps1") {
					continue
				}
			}
			if strings.HasPrefix(name, ".") || !strings.HasPrefix(name, toComplete) || slices.Contains(out, name) {
				continue
			}
			out = append(out, name)
		}
		if len(out) == 0 { // no shims yet: the commands every release has
			for _, n := range []string{"node", "npm", "npx", "corepack"} {
				if strings.HasPrefix(n, toComplete) {
					out = append(out, n)
				}
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// bashWordsStandIn is bash-completion's _get_comp_words_by_ref, which
// cobra's bash script calls when that package is missing (a bare Debian,
// macOS's bash): the words of the line up to the cursor, split on blanks.
// It is defined only where the package did not define it.
const bashWordsStandIn = `# nvmgo: a stand-in for bash-completion's _get_comp_words_by_ref when that
# package is not installed (cobra's script needs it).
if ! declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
_get_comp_words_by_ref() {
    local __line=${COMP_LINE:0:COMP_POINT}
    read -r -a words <<<"$__line"
    if [[ -z $__line || $__line == *[[:blank:]] ]]; then
        words+=("")
    fi
    cword=$((${#words[@]} - 1))
    cur=${words[cword]}
    prev=${words[cword - 1]:-}
}
fi
`

// withBashStandIn makes `nvmgo completion bash` print the stand-in first.
func withBashStandIn(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() != "completion" {
			continue
		}
		for _, sub := range c.Commands() {
			if sub.Name() == "bash" && sub.RunE != nil {
				run := sub.RunE
				sub.RunE = func(cmd *cobra.Command, args []string) error {
					fmt.Fprint(cmd.OutOrStdout(), bashWordsStandIn)
					return run(cmd, args)
				}
			}
		}
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
