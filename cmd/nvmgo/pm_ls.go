package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"
	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/safe"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/shims"
	"github.com/nvmgo/nvmgo/versions"
)

func newPMLsCmd(a *app) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "ls [NAME]",
		Short: "List installed package managers",
		Args:  argsUsage(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := ""
			if len(args) == 1 {
				name = args[0]
				if !versions.IsPackageManager(name) {
					return usageErr(fmt.Errorf("%q is not pnpm, yarn or npm", name))
				}
			}
			return a.pmLs(name, asJSON)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

type pmLsEntry struct {
	Name        string    `json:"name"`
	Version     string    `json:"version"`
	Package     string    `json:"package"`
	Hash        string    `json:"hash"`
	Dir         string    `json:"dir"`
	Default     bool      `json:"default"`
	InstalledAt time.Time `json:"installed_at"`
}

func (a *app) pmLs(name string, asJSON bool) error {
	h, err := a.home()
	if err != nil {
		return err
	}
	list, err := h.ListPM(name)
	if err != nil {
		return fmt.Errorf("list %s: %w", h.PMDir(), err)
	}
	defaults, _ := shims.ReadPMDefaults(h)
	out := make([]pmLsEntry, 0, len(list))
	for _, in := range list {
		m, err := store.ReadPMMeta(in.Dir)
		if err != nil {
			a.warnf("warning: %s", safe.Text(err.Error()))
		}
		e := pmLsEntry{Name: in.Name, Version: strings.TrimPrefix(in.Version.String(), "v"), Package: m.Package,
			Hash: m.Hash, Dir: in.Dir, InstalledAt: m.InstalledAt}
		if spec, ok := defaults[in.Name]; ok {
			if best, ok := shims.BestPM(list, in.Name, spec); ok && best.Dir == in.Dir {
				e.Default = true
			}
		}
		out = append(out, e)
	}
	if asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	if len(out) == 0 {
		fmt.Fprintln(a.stderr, "nvmgo: no package manager is installed; run: nvmgo pm install pnpm@latest")
		return nil
	}
	for _, e := range out {
		mark := " "
		if e.Default {
			mark = "*"
		}
		fmt.Fprintf(a.stdout, "%s %s@%s\n", mark, e.Name, e.Version)
	}
	return nil
}

func newPMUninstallCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "uninstall NAME@VERSION",
		Short: "Remove an installed package manager version",
		Args:  argsUsage(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			name, ver, err := splitPMArg(args[0])
			if err != nil {
				return err
			}
			v, perr := versions.ParseVersion(ver)
			if perr != nil || strings.TrimPrefix(v.String(), "v") != ver {
				return usageErr(hint.With(fmt.Errorf("uninstall %s: name an exact installed version", args[0]), "run: nvmgo pm ls "+name))
			}
			h, err := a.home()
			if err != nil {
				return err
			}
			if _, err := store.ReadPMMeta(h.PMVersionDir(name, ver)); err != nil {
				return hint.With(fmt.Errorf("uninstall %s: not installed", args[0]), "run: nvmgo pm ls "+name)
			}
			if err := removePM(h, name, ver); err != nil {
				return fmt.Errorf("uninstall %s: %w", args[0], err)
			}
			fmt.Fprintf(a.stdout, "uninstalled %s@%s\n", name, ver)
			if defs, _ := shims.ReadPMDefaults(h); defs[name] != "" {
				if list, err := h.ListPM(name); err == nil {
					if _, ok := shims.BestPM(list, name, defs[name]); !ok {
						a.warnf("warning: the default %s@%s matches no installed version now; set another with: nvmgo pm default %s@SPEC", name, safe.Text(defs[name]), name)
					}
				}
			}
			return nil
		},
	}
}

// removePM takes the folder out of pm/ in one rename under its install
// lock, then deletes it from tmp/.
func removePM(h store.Home, name, ver string) error {
	key := "pm-" + name + "@" + ver
	for _, d := range []string{h.LocksDir(), h.TmpDir()} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	lock := flock.New(filepath.Join(h.LocksDir(), key+".lock"))
	if err := lock.Lock(); err != nil {
		return err
	}
	defer lock.Unlock()
	aside := filepath.Join(h.TmpDir(), fmt.Sprintf("%s-removing-%d", key, time.Now().UnixNano()))
	if err := os.Rename(h.PMVersionDir(name, ver), aside); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		return err
	}
	return os.RemoveAll(aside)
}

func newPMDefaultCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "default NAME@SPEC",
		Short: "Set the package manager the shims run where no project pins one (installs it if needed)",
		Args:  argsUsage(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			name, spec, err := splitPMArg(args[0])
			if err != nil {
				return err
			}
			if spec == "" {
				spec = "*"
			}
			h, err := a.home()
			if err != nil {
				return err
			}
			list, err := h.ListPM(name)
			if err != nil {
				return err
			}
			if _, ok := shims.BestPM(list, name, spec); !ok {
				res, err := a.pmInstall(name+"@"+spec, "")
				if err != nil {
					return err
				}
				if _, err := versions.ParseRange(spec); err != nil {
					spec = res.Meta.Version // a dist-tag such as latest: keep what it named today
				}
			}
			if err := shims.WritePMDefault(h, name, spec); err != nil {
				return fmt.Errorf("default %s: %w", args[0], err)
			}
			fmt.Fprintf(a.stdout, "default %s: %s\n", name, safe.Text(spec))
			return nil
		},
	}
}
