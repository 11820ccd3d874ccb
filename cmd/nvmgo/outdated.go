package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/internal/safe"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/shims"
	"github.com/nvmgo/nvmgo/versions"
	"github.com/nvmgo/nvmgo/versions/lifecycle"
)

type outdatedOptions struct {
	json    bool
	offline bool
}

// outdatedRow is one installed or pinned version and where it stands.
type outdatedRow struct {
	Version   string   `json:"version"`
	From      string   `json:"from"`           // "installed", or the pin file relative to here
	File      string   `json:"file,omitempty"` // the pin file, absolute
	Pin       string   `json:"pin,omitempty"`  // the pin as written
	Installed bool     `json:"installed"`
	Line      string   `json:"line"`
	Newest    string   `json:"newest"`            // the newest release of the line
	Security  []string `json:"security_releases"` // later security releases of the line, newest first
	Status    string   `json:"status"`            // current, active-lts, maintenance, end-of-life, pending, unknown
	Since     string   `json:"since,omitempty"`
	Until     string   `json:"until,omitempty"`
	Outdated  bool     `json:"outdated"`
	text      string
}

func newOutdatedCmd(a *app) *cobra.Command {
	var o outdatedOptions
	c := &cobra.Command{
		Use:   "outdated",
		Short: "Show installed and pinned versions that have newer or security releases, or whose line has ended",
		Long: `For each installed version and the version this project pins: the newest
release of its line, the security releases since, and the line's status.
Exit code 0 when all is current, 1 when something is outdated or
end-of-life, 2 on error.`,
		Args: argsUsage(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			return outdatedRun(c.Context(), a, o)
		},
	}
	c.Flags().BoolVar(&o.json, "json", false, "print JSON")
	c.Flags().BoolVar(&o.offline, "offline", false, "use the cached or embedded index and schedule only")
	return c
}

func outdatedRun(ctx context.Context, a *app, o outdatedOptions) error {
	err := outdatedReport(ctx, a, o)
	var ec exitCode
	if err == nil || errors.As(err, &ec) || errors.Is(err, context.Canceled) {
		return err
	}
	return usageErr(err) // exit 2: an error is not "outdated"
}

// outdatedReport prints the rows; exit code 1 when one is outdated.
func outdatedReport(ctx context.Context, a *app, o outdatedOptions) error {
	h, list, l, err := a.installedLife(ctx, o.offline)
	if err != nil {
		return err
	}
	rows := make([]outdatedRow, 0, len(list)+1)
	for i := len(list) - 1; i >= 0; i-- { // oldest first, like ls
		rows = append(rows, l.row(list[i].Version, "installed", true))
	}
	if row, ok, err := a.pinRow(h, l); err != nil {
		return err
	} else if ok {
		rows = append(rows, row)
	}
	outdated := 0
	for _, r := range rows {
		if r.Outdated {
			outdated++
		}
	}
	if o.json {
		if err := a.printJSON(rows); err != nil {
			return err
		}
	} else if len(rows) == 0 {
		fmt.Fprintln(a.stderr, "nvmgo: no versions installed and no project file here; try: nvmgo install lts")
	} else {
		printOutdated(a, rows)
	}
	if outdated > 0 {
		if !o.json {
			fmt.Fprintf(a.stderr, "nvmgo: %d of %d outdated; upgrade with: nvmgo upgrade --all (or nvmgo upgrade LINE)\n", outdated, len(rows))
		}
		return exitCode(1)
	}
	return nil
}

// installedLife is what outdated and upgrade judge: the installed versions
// (newest first) and the release lines' life.
func (a *app) installedLife(ctx context.Context, offline bool) (store.Home, []store.Installed, *life, error) {
	h, err := a.home()
	if err != nil {
		return h, nil, nil, err
	}
	list, err := h.List()
	if err != nil {
		return h, nil, nil, err
	}
	l, err := a.loadLife(ctx, offline)
	return h, list, l, err
}

// row judges one version.
func (l *life) row(v versions.Version, from string, installed bool) outdatedRow {
	st, newest, sec := l.facts(v)
	r := outdatedRow{Version: v.String(), From: from, Installed: installed, Line: lifecycle.LineOf(v),
		Newest: newest.Version, Security: []string{}, Status: string(st.Phase), text: st.String()}
	for _, s := range sec {
		r.Security = append(r.Security, s.Version)
	}
	if !st.Since.IsZero() {
		r.Since = st.Since.Format(time.DateOnly)
	}
	if !st.Until.IsZero() {
		r.Until = st.Until.Format(time.DateOnly)
	}
	if r.Newest == "" { // not in the index (an old cache): nothing newer is known
		r.Newest = r.Version
	}
	r.Outdated = r.Newest != r.Version || st.EOL()
	return r
}

// pinRow judges what the project here pins: an exact pin as written, any
// other spec as the installed version the shims run for it here (or, when
// none is installed, the release it would install).
func (a *app) pinRow(h store.Home, l *life) (outdatedRow, bool, error) {
	cwd := a.workDir()
	if cwd == "" {
		return outdatedRow{}, false, nil
	}
	pin, found, err := versions.FindPin(cwd)
	if err != nil || !found {
		return outdatedRow{}, false, err
	}
	from := pin.File
	if rel, err := filepath.Rel(cwd, pin.File); err == nil {
		from = rel
	}
	v, installed, ok, err := a.pinnedVersion(h, l, cwd, pin)
	if err != nil || !ok {
		return outdatedRow{}, false, err
	}
	r := l.row(v, from, installed)
	r.Pin, r.File = pin.Raw, pin.File
	return r, true, nil
}

// pinnedVersion is the version a pin stands for; ok is false for the
// system node, which is not nvmgo's to judge.
func (a *app) pinnedVersion(h store.Home, l *life, cwd string, pin versions.Pin) (v versions.Version, installed, ok bool, err error) {
	if pin.Spec.Kind == versions.SpecExact {
		_, err := h.Select(pin.Spec)
		return pin.Spec.Exact, err == nil, true, nil
	}
	// What the shims run here, this shell's own pin left aside.
	sel, err := shims.Resolve(shims.Env{Getenv: a.getenvNoShellPin, Cwd: cwd, Home: h, GOOS: a.goos})
	if err == nil && sel.System {
		return v, false, false, nil
	}
	if err == nil {
		if v, perr := versions.ParseVersion(sel.Version); perr == nil {
			return v, true, true, nil
		}
	}
	spec, _, err := h.ExpandAlias(pin.Spec)
	if err != nil {
		return v, false, false, fmt.Errorf("%s: %w", pin.File, err)
	}
	if spec.Kind == versions.SpecSystem {
		return v, false, false, nil
	}
	c, err := versions.Select(spec, versions.Candidates(l.all), "in the release index")
	if err != nil {
		return v, false, false, fmt.Errorf("%s: %w", pin.File, err)
	}
	return c.Version, false, true, nil
}

func printOutdated(a *app, rows []outdatedRow) {
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tFROM\tNEWEST\tSECURITY RELEASES SINCE\tLINE")
	for _, r := range rows {
		from := r.From
		if r.Pin != "" {
			from = safe.Text(r.From) + " (" + r.Pin + ")"
			if !r.Installed {
				from += ", not installed"
			}
		}
		newest := r.Newest
		if newest == r.Version {
			newest = "same"
		}
		sec := "none"
		if n := len(r.Security); n > 0 {
			sec = strconv.Itoa(n) + ", first " + r.Security[n-1]
		}
		status := r.text
		if r.Status == string(lifecycle.EndOfLife) {
			status = a.paint("31", status)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s %s\n", r.Version, from, newest, sec, r.Line, status)
	}
	tw.Flush()
}
