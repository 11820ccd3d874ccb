package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/internal/store/staging"
	"github.com/nvmgo/nvmgo/migrate"
	"github.com/nvmgo/nvmgo/versions"
)

type importOptions struct {
	manager          optionalArg // none: all
	move, copy, link bool
	dryRun, json     bool
}

// importItem is one line of the import report.
type importItem struct {
	Kind    string `json:"kind"`   // "version" or "alias"
	Status  string `json:"status"` // imported, would import, skipped, refused, failed, clash
	Manager string `json:"manager"`
	Name    string `json:"name"` // a version, or an alias name
	Target  string `json:"target,omitempty"`
	Dir     string `json:"dir,omitempty"`
	Detail  string `json:"detail,omitempty"`
}

func newImportCmd(a *app) *cobra.Command {
	var o importOptions
	c := &cobra.Command{
		Use:   "import [" + strings.Join(migrate.Managers, "|") + "|all]",
		Short: "Bring in the Node versions, aliases and default of other version managers",
		Long: `Find the Node versions another manager installed (all of them without an
argument), check that each runs and reports its version, and bring it into
nvmgo atomically: hard links where the file system allows (no extra space, the
original untouched), else copies. --move empties the old place afterwards;
--link leaves the files there (refused where that manager moves or prunes its
folders by itself). Aliases and the default come along where their names are
free in nvmgo; clashes are listed.`,
		Args:      argsUsage(cobra.MaximumNArgs(1)),
		ValidArgs: append(append([]string{}, migrate.Managers...), "all"),
		RunE: func(c *cobra.Command, args []string) error {
			o.manager = optional(args)
			return importRun(c.Context(), a, o)
		},
	}
	f := c.Flags()
	f.BoolVar(&o.copy, "copy", false, "hard-link or copy the files (the default); the other manager keeps its own")
	f.BoolVar(&o.move, "move", false, "remove each version from the other manager once it is in nvmgo")
	f.BoolVar(&o.link, "link", false, "leave the files where they are and link to them")
	f.BoolVar(&o.dryRun, "dry-run", false, "say what would be imported, change nothing")
	f.BoolVar(&o.json, "json", false, "print the report as JSON")
	return c
}

func importRun(ctx context.Context, a *app, o importOptions) error {
	if n := btoi(o.copy) + btoi(o.move) + btoi(o.link); n > 1 {
		return usageErr(hint.New("import: use one of --copy, --move and --link", "run: nvmgo import --help"))
	}
	which := "all"
	if o.manager.given {
		which = strings.ToLower(o.manager.value)
	}
	managers := migrate.Managers
	if which != "all" {
		managers = []string{which}
	}
	userHome, _ := a.userHome()
	env := migrate.Env{Getenv: a.getenv, GOOS: a.goos, Home: userHome}
	var layouts []migrate.Layout
	var looked []string
	for _, m := range managers {
		l, err := migrate.Discover(m, env)
		if errors.Is(err, migrate.ErrNotFound) {
			looked = append(looked, hint.Text(err))
			if which != "all" {
				return hint.With(fmt.Errorf("import: %w", err), fmt.Sprintf("set %s to its folder if it is elsewhere", migrate.EnvVar(m)))
			}
			continue
		}
		if err != nil {
			return usageErr(fmt.Errorf("import: %w", err))
		}
		if o.link && which != "all" {
			if why := migrate.LinkRefusal(m, a.goos); why != "" {
				return hint.New(fmt.Sprintf("import %s --link: refused: %s", m, why), fmt.Sprintf("run: nvmgo import %s (hard links: no extra space either)", m))
			}
		}
		layouts = append(layouts, l)
	}
	if len(layouts) == 0 {
		fmt.Fprintf(a.stderr, "nvmgo: no other version manager's folder here (%s)\n", strings.Join(looked, "; "))
		return nil
	}
	items, failed := a.importLayouts(ctx, layouts, o)
	if o.json {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if items == nil {
			items = []importItem{}
		}
		if err := enc.Encode(items); err != nil {
			return err
		}
	} else {
		printImport(a, items)
	}
	if ctx.Err() != nil {
		// Each version is staged and renamed in whole, or not at all.
		return cancelledError{"import: cancelled; what the report above lists as imported is in nvmgo, nothing of the rest was left"}
	}
	if failed > 0 {
		return fmt.Errorf("import: %d versions could not be brought in (see above); nothing of them was left in %s", failed, "versions/")
	}
	return nil
}

// importLayouts brings in every version found, then the aliases, then
// refreshes the shims. It returns the report and how many versions failed.
func (a *app) importLayouts(ctx context.Context, layouts []migrate.Layout, o importOptions) ([]importItem, int) {
	h, err := a.home()
	if err != nil {
		return []importItem{{Kind: "version", Status: "failed", Detail: hint.Text(err)}}, 1
	}
	rels, _, _ := a.loadIndex(ctx, true) // LTS codenames, from the cache or the snapshot
	var items []importItem
	failed, imported := 0, 0
	seen := map[string]string{}
versions:
	for _, l := range layouts {
		for _, f := range l.Versions {
			if ctx.Err() != nil {
				break versions
			}
			it := a.importVersion(ctx, h, l, f, rels, seen, o)
			switch it.Status {
			case "failed":
				failed++
			case "imported":
				imported++
			}
			items = append(items, it)
		}
	}
	// Interrupted: no aliases (they may name what did not come in), but
	// shims for what did.
	for _, l := range layouts {
		if ctx.Err() == nil {
			items = append(items, a.importAliases(ctx, h, l, o.dryRun)...)
		}
	}
	if imported > 0 {
		if err := a.reshim(); err != nil {
			items = append(items, importItem{Kind: "version", Status: "failed", Detail: hint.Text(err)})
			failed++
		}
	}
	return items, failed
}

func (a *app) importVersion(ctx context.Context, h store.Home, l migrate.Layout, f migrate.Found, rels []versions.Release, seen map[string]string, o importOptions) importItem {
	ver := f.Version.String()
	it := importItem{Kind: "version", Manager: l.Manager, Name: ver, Dir: f.Dir}
	if why := migrate.LinkRefusal(l.Manager, a.goos); o.link && why != "" {
		it.Status, it.Detail = "refused", "--link: "+why
		return it
	}
	if from, ok := seen[ver]; ok {
		it.Status, it.Detail = "skipped", "taken from "+from
		return it
	}
	if _, err := store.ReadMeta(h.VersionDir(ver)); err == nil {
		it.Status, it.Detail = "skipped", "already installed"
		return it
	}
	if l.Windows != (a.goos == "windows") {
		it.Status, it.Detail = "refused", "a tree for another OS"
		return it
	}

	if err := migrate.Check(ctx, f, a.goos, l.Windows); ctx.Err() != nil {
		it.Status, it.Detail = "skipped", "interrupted"
		return it
	} else if err != nil {
		it.Status, it.Detail = "refused", "not a complete Node install: "+hint.Text(err)
		return it
	}
	seen[ver] = l.Manager
	if o.dryRun {
		it.Status, it.Detail = "would import", importHow(o)
		return it
	}
	how, err := a.bringIn(ctx, h, l, f, rels, o)
	if ctx.Err() != nil && err != nil {
		it.Status, it.Detail = "skipped", "interrupted; nothing of it was left"
		delete(seen, ver)
		return it
	}
	if err != nil {
		it.Status, it.Detail = "failed", hint.Text(err)
		delete(seen, ver)
		return it
	}
	it.Status, it.Detail = "imported", how
	if o.move {
		if err := removeOwner(f); err != nil {
			it.Detail += "; the old folder could not be removed: " + hint.Text(err)
		} else {
			it.Detail += "; removed from " + l.Manager
		}
	}
	return it
}

func importHow(o importOptions) string {
	switch {
	case o.link:
		return "link"
	case o.move:
		return "move"
	}
	return "hard links, else copies"
}

// bringIn installs one found tree through the installer's staging folder,
// lock and rename, so versions/ never holds half of it.
func (a *app) bringIn(ctx context.Context, h store.Home, l migrate.Layout, f migrate.Found, rels []versions.Release, o importOptions) (string, error) {
	rel := versions.Release{Version: f.Version.String(), V: f.Version}
	for _, r := range rels {
		if r.V.Compare(f.Version) == 0 {
			rel = r
			break
		}
	}
	p, _ := a.platform("")
	in := staging.Stager{Home: h, GOOS: a.goos, Log: a.stderr, Now: a.now}
	how := ""
	res, err := in.Stage(ctx, rel, func(ctx context.Context, dest, staging string) (store.Meta, error) {
		var err error
		var lost []string
		if o.link {
			how, err = migrate.HowLink, migrate.LinkTree(f.Dir, dest)
		} else {
			how, lost, err = migrate.CopyTree(ctx, f.Dir, dest)
		}
		if err != nil {
			return store.Meta{}, h.WriteErr(err)
		}
		if len(lost) > 0 {
			how += "; links not made again (npm link them again): " + strings.Join(lost, ", ")
		}
		if o.move {
			how = "move (" + how + ")"
		}
		return store.Meta{Platform: p.String(), Source: "import",
			Verified: "imported from " + l.Manager + ", not verified against SHASUMS",
			Imported: &store.Imported{Manager: l.Manager, Dir: f.Dir, How: how}}, nil
	})
	if err != nil {
		return "", err
	}
	if res.Already {
		return "already installed", nil
	}
	return how, nil
}

// removeOwner empties the old place after a --move: the version's folder
// in the other manager, and its parent when that is left empty (nvs keeps
// node/VERSION/ARCH).
func removeOwner(f migrate.Found) error {
	if err := os.RemoveAll(f.Owner); err != nil {
		return err
	}
	if f.Manager == "nvs" {
		os.Remove(filepath.Dir(f.Owner)) // only when empty
	}
	return nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
