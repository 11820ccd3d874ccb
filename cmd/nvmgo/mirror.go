package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/download/mirror"
	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/safe"
	"github.com/nvmgo/nvmgo/versions"
)

type mirrorSyncOptions struct {
	dir           string
	versions      []string
	platforms     string
	formats       string
	upstream      string
	allowUnsigned bool
	json          bool
}

func newMirrorCmd(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:   "mirror",
		Short: "Keep a folder in the shape of nodejs.org/dist, for networks with no internet",
		Args:  argsUsage(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			return usageErr(hint.New("mirror: name a subcommand", "run: nvmgo mirror sync --help"))
		},
	}
	c.AddCommand(newMirrorSyncCmd(a))
	return c
}

func newMirrorSyncCmd(a *app) *cobra.Command {
	var o mirrorSyncOptions
	c := &cobra.Command{
		Use:   "sync DIR --versions SPECS [--platforms TAGS]",
		Short: "Download verified releases into DIR, laid out like nodejs.org/dist",
		Long: `Copy the newest release matching each spec into DIR, in the layout of
nodejs.org/dist: vX.Y.Z/ with the archives, SHASUMS256.txt, .asc and .sig, and
index.json and index.tab listing what DIR holds. Every file is checked against
the signed SHASUMS256.txt before it lands. A second run downloads only what is
new; a killed run resumes. Serve DIR with any static web server (or copy it to
an Artifactory generic repository or an S3 bucket) and point NVMGO_NODE_MIRROR
at it, or use it as file:///path/to/DIR.`,
		Example: `  nvmgo mirror sync ./node-dist --versions "lts/* 22 20.18" --platforms linux-x64,linux-arm64,darwin-arm64,win-x64`,
		Args:    argsUsage(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			o.dir = args[0]
			return mirrorSyncRun(c.Context(), a, o)
		},
	}
	f := c.Flags()
	f.StringArrayVar(&o.versions, "versions", nil, `version specs, separated by spaces or commas ("lts/* 22 20.18"); a range with spaces (">=18 <21") counts as one`)
	f.StringVar(&o.platforms, "platforms", "", "dist platform tags, comma-separated (default: this machine's): "+strings.Join(mirror.Tags, ","))
	f.StringVar(&o.formats, "formats", "xz,gz,zip", "file formats, comma-separated: xz, gz, zip, 7z, msi, pkg, exe")
	f.StringVar(&o.upstream, "upstream", "", "the dist mirror to copy from (default: NVMGO_NODE_MIRROR, else https://nodejs.org/dist)")
	f.BoolVar(&o.allowUnsigned, "allow-unsigned", false, "accept release folders whose SHASUMS256.txt is not signed (sha256 is still checked)")
	f.BoolVar(&o.json, "json", false, "print the report as JSON")
	_ = c.RegisterFlagCompletionFunc("platforms", completeList(mirror.Tags))
	_ = c.RegisterFlagCompletionFunc("formats", completeList([]string{"xz", "gz", "zip", "7z", "msi", "pkg", "exe"}))
	return c
}

// completeList completes one more item of a comma-separated list.
func completeList(items []string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(_ *cobra.Command, _ []string, typed string) ([]string, cobra.ShellCompDirective) {
		head := ""
		if i := strings.LastIndexByte(typed, ','); i >= 0 {
			head = typed[:i+1]
		}
		var out []string
		for _, it := range items {
			if !strings.Contains(","+head, ","+it+",") {
				out = append(out, head+it)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	}
}

func mirrorSyncRun(ctx context.Context, a *app, o mirrorSyncOptions) error {
	dir := o.dir
	req, err := a.mirrorRequest(o)
	if err != nil {
		return err
	}
	kr, err := a.keyring()
	if err != nil {
		return err
	}
	upstream := strings.TrimRight(download.MirrorURL(o.upstream), "/")
	indexURL := ""
	if upstream == "" {
		upstream, indexURL = a.cfg().Mirror, a.cfg().IndexURL
	}
	s := &mirror.Syncer{
		Client: a.httpClient(), Upstream: upstream, IndexURL: indexURL, Keyring: kr,
		AllowUnsigned: o.allowUnsigned || a.cfg().AllowUnsigned,
		Log:           a.stderr, Progress: a.stderrIsTerminal(),
	}
	if s.AllowUnsigned {
		a.warnf("warning: --allow-unsigned: release folders without signed checksums will be copied")
	}
	rep, err := s.Sync(ctx, req)
	if errors.Is(err, context.Canceled) {
		// hint.With gives an interrupted error no hint; this one has a step.
		return &hint.Error{Err: cancelledError{fmt.Sprintf("mirror sync %s: interrupted (%v); nothing partial is visible in it", dir, err)},
			Hint: "run the same sync again: it resumes where it stopped"}
	}
	if err != nil {
		return fmt.Errorf("mirror sync %s: %w", dir, err)
	}
	if o.json {
		return a.printJSON(rep)
	}
	printSyncReport(a, rep)
	return nil
}

// mirrorRequest checks the flags before any network round trip.
func (a *app) mirrorRequest(o mirrorSyncOptions) (mirror.Request, error) {
	req := mirror.Request{Dir: o.dir}
	for _, v := range o.versions {
		req.Specs = append(req.Specs, splitSpecs(v)...)
	}
	if len(req.Specs) == 0 {
		return req, usageErr(hint.New("mirror sync: no versions given", "run: nvmgo mirror sync DIR --versions \"lts/* 22\""))
	}
	for _, s := range req.Specs {
		if _, err := versions.ParseSpec(s); err != nil {
			return req, usageErr(err)
		}
	}
	tags := o.platforms
	if tags == "" {
		p, err := a.platform("")
		if err != nil {
			return req, err
		}
		tags = p.Tag()
		a.warnf("no --platforms: syncing %s, this machine's platform", tags)
	}
	var err error
	if req.Tags, err = mirror.ParseTags(tags); err != nil {
		return req, usageErr(fmt.Errorf("--platforms: %w", err))
	}
	if req.Formats, err = mirror.ParseFormats(o.formats); err != nil {
		return req, usageErr(fmt.Errorf("--formats: %w", err))
	}
	if err := mirror.CheckFormats(req.Tags, req.Formats); err != nil {
		return req, usageErr(err)
	}
	if h, err := a.home(); err == nil {
		req.Expand = func(s versions.Spec) (versions.Spec, error) {
			s, _, err := h.ExpandAlias(s)
			return s, err
		}
	}
	return req, nil
}

// splitSpecs splits a --versions value into specs at commas, and at spaces
// too unless the part is a range that needs them (">=18 <21", "18 - 20").
func splitSpecs(v string) []string {
	var out []string
	for _, part := range strings.Split(v, ",") {
		fields := strings.Fields(part)
		ranged := false
		for _, f := range fields {
			if f == "-" || f == "||" || strings.ContainsAny(f[:1], "<>=") {
				ranged = true
			}
		}
		if ranged {
			out = append(out, strings.Join(fields, " "))
		} else {
			out = append(out, fields...)
		}
	}
	return out
}

func printSyncReport(a *app, rep mirror.Report) {
	for _, r := range rep.Releases {
		down, skip, replaced := 0, 0, ""
		var bytes int64
		for _, f := range r.Files {
			switch f.Status {
			case mirror.Skipped:
				skip++
				continue
			case mirror.Replaced:
				replaced += ", replaced " + f.Name + " (its sha256 in the folder was wrong)"
			}
			down++
			bytes += f.Bytes
		}
		fmt.Fprintf(a.stdout, "%s%s for %s: %d downloaded (%s), %d already there%s\n",
			r.Version, safe.Text(ltsSuffix(r.LTS)), safe.Text(strings.Join(r.Specs, ", ")), down, mirror.Size(bytes), skip, replaced)
		for _, tag := range r.Missing {
			fmt.Fprintf(a.stdout, "  no %s build\n", tag)
		}
	}
	fmt.Fprintf(a.stdout, "synced %d release(s) into %s: %d file(s) downloaded (%s), %d skipped (already there, sha256 checked); index.json lists %d release(s)\n",
		len(rep.Releases), safe.Text(rep.Dir), rep.Downloaded, mirror.Size(rep.Bytes), rep.Skipped, len(rep.Index))
}
