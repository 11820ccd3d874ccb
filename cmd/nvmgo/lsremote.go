package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/internal/safe"
	"github.com/nvmgo/nvmgo/versions"
)

type lsRemoteOptions struct {
	spec               optionalArg // none: every release
	json, lts, offline bool
}

func newLsRemoteCmd(a *app) *cobra.Command {
	var o lsRemoteOptions
	c := &cobra.Command{
		Use:   "ls-remote [SPEC]",
		Short: "List releases from the release index (newest last)",
		Args:  argsUsage(cobra.MaximumNArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			o.spec = optional(args)
			return lsRemoteRun(c.Context(), a, o)
		},
	}
	c.Flags().BoolVar(&o.json, "json", false, "print the matching index entries as JSON")
	c.Flags().BoolVar(&o.lts, "lts", false, "only LTS releases")
	c.Flags().BoolVar(&o.offline, "offline", false, "use the cached or embedded index only")
	return c
}

func lsRemoteRun(ctx context.Context, a *app, o lsRemoteOptions) error {
	var spec *versions.Spec
	if o.spec.given {
		s, err := versions.ParseSpec(o.spec.value)
		if err != nil {
			return usageErr(err)
		}
		if h, err := a.home(); err == nil {
			if s, _, err = h.ExpandAlias(s); err != nil {
				return err
			}
		}
		spec = &s
	}
	rels, info, err := a.loadIndex(ctx, o.offline)
	if err != nil {
		return err
	}
	if o.offline {
		if info.From == "embedded" {
			fmt.Fprintf(a.stderr, "nvmgo: offline: using the %s\n", embeddedLabel())
		} else {
			fmt.Fprintf(a.stderr, "nvmgo: offline: using the release index cached %s\n", info.FetchedAt.Local().Format("2006-01-02 15:04"))
		}
	}
	matches, err := remoteMatches(rels, spec, o.lts)
	if err != nil {
		return err
	}
	lf := a.lifeOf(ctx, rels)
	if o.json {
		out := make([]remoteEntry, len(matches))
		for i, r := range matches {
			out[i] = remoteEntry{r, lf.fields(r.V)}
		}
		return a.printJSON(out)
	}
	installed := map[string]bool{}
	if h, err := a.home(); err == nil {
		if list, err := h.List(); err == nil {
			for _, in := range list {
				installed[in.Version.String()] = true
			}
		}
	}
	w := bufio.NewWriter(a.stdout) // one write, not one per release
	for _, r := range matches {
		a.printRelease(w, r, installed[r.Version], lf)
	}
	return w.Flush()
}

// remoteMatches are the releases ls-remote lists for spec (nil: all),
// only LTS ones with lts, newest last; no match is the index's error.
func remoteMatches(rels []versions.Release, spec *versions.Spec, lts bool) ([]versions.Release, error) {
	matches := make([]versions.Release, 0, len(rels))
	cands := versions.Candidates(rels)
	keep := map[versions.Version]bool{}
	if spec != nil {
		for _, m := range versions.Filter(*spec, cands) {
			keep[m.Version] = true
		}
		// "latest" names one release, as install reads it; lts, lts/x and
		// ranges list their whole line, as nvm does.
		if spec.Kind == versions.SpecLatest {
			keep = map[versions.Version]bool{}
			if c, err := versions.Select(*spec, cands, "in the release index"); err == nil {
				keep[c.Version] = true
			}
		}
	}
	for _, r := range rels {
		if (spec == nil || keep[r.V]) && (!lts || r.LTS != "") {
			matches = append(matches, r)
		}
	}
	if len(matches) == 0 && spec != nil {
		_, err := versions.Select(*spec, cands, "in the release index")
		if err == nil {
			err = fmt.Errorf("no LTS release matches %q", spec.Raw)
		}
		return nil, err
	}
	// newest last, like nvm
	for i, j := 0, len(matches)-1; i < j; i, j = i+1, j-1 {
		matches[i], matches[j] = matches[j], matches[i]
	}
	return matches, nil
}

// remoteEntry is an index entry with what the schedule says of it.
type remoteEntry struct {
	versions.Release
	lifeFields
}

func (a *app) printRelease(w io.Writer, r versions.Release, installed bool, lf *life) {
	mark := "  "
	if installed {
		mark = a.paint("32", "* ")
	}
	npm := r.Npm
	if npm == "" {
		npm = "-"
	}
	line := fmt.Sprintf("%s%-10s %s  npm %-8s", mark, safe.Text(r.Version), safe.Text(r.Date), safe.Text(npm))
	if r.LTS != "" {
		line += " " + a.paint("36", "LTS "+safe.Text(string(r.LTS)))
	}
	if r.Security {
		line += " " + a.paint("33", "security")
	}
	line += a.marks(lf, r.V)
	fmt.Fprintln(w, strings.TrimRight(line, " "))
}
