package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/nvmgo/nvmgo/versions"
)

// PMDir holds the installed package managers, one folder per name.
func (h Home) PMDir() string { return filepath.Join(h.Root, "pm") }

// PMVersionDir is the folder of one installed package manager version
// ("pnpm", "9.15.0"): the package's own files plus the metadata file.
func (h Home) PMVersionDir(name, version string) string {
	return filepath.Join(h.Root, "pm", name, version)
}

// PMDefaultFile holds the user's default package managers (name@spec lines).
func (h Home) PMDefaultFile() string { return filepath.Join(h.Root, "pm", "defaults") }

// PMMeta is what nvmgo records about one package manager install, written
// last into its folder.
type PMMeta struct {
	Name      string `json:"name"`
	Version   string `json:"version"`
	Package   string `json:"package"` // the npm package: pnpm, yarn, @yarnpkg/cli-dist, npm
	URL       string `json:"url"`
	Integrity string `json:"integrity"` // the registry's dist.integrity, checked
	// Hash is the digest corepack computes for this version ("sha512.<hex>"),
	// what `packageManager` may carry after a '+'.
	Hash string `json:"hash"`
	// Hashes are the same bytes' digests under every algorithm a
	// packageManager hash may name (sha1 ... sha512), so a pin with any of
	// them is checked against an installed version without a download.
	Hashes map[string]string `json:"hashes,omitempty"`
	// Bin maps each command (pnpm, pnpx, yarn, yarnpkg, npm, npx) to its
	// entry script, slash-separated and relative to the folder.
	Bin map[string]string `json:"bin"`
	// Native is pnpm's native binary (pnpm 12 and later), relative to the
	// folder; the shims run it directly, without a node start.
	Native      string    `json:"native,omitempty"`
	Verified    string    `json:"verified"`
	InstalledAt time.Time `json:"installed_at"`
}

// PMInstalled is one complete package manager install.
type PMInstalled struct {
	Name    string
	Version versions.Version
	Dir     string
}

// ListPM returns the complete installs of the package manager name (every
// name when name is ""), by name and then newest first. A folder without
// metadata is not complete and is skipped.
func (h Home) ListPM(name string) ([]PMInstalled, error) {
	names := versions.PackageManagers
	if name != "" {
		names = []string{name}
	}
	var out []PMInstalled
	for _, n := range names {
		ents, err := os.ReadDir(filepath.Join(h.PMDir(), n))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		var list []PMInstalled
		for _, e := range ents {
			v, err := versions.ParseVersion(e.Name())
			if !e.IsDir() || err != nil || v.String() != "v"+e.Name() {
				continue
			}
			dir := filepath.Join(h.PMDir(), n, e.Name())
			if _, err := os.Lstat(filepath.Join(dir, MetaName)); err != nil {
				continue
			}
			list = append(list, PMInstalled{Name: n, Version: v, Dir: dir})
		}
		sort.Slice(list, func(i, j int) bool { return list[i].Version.Compare(list[j].Version) > 0 })
		out = append(out, list...)
	}
	return out, nil
}

// ReadPMMeta reads the metadata of an installed package manager folder.
func ReadPMMeta(dir string) (PMMeta, error) {
	var m PMMeta
	b, err := os.ReadFile(filepath.Join(dir, MetaName))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("%s: %w", filepath.Join(dir, MetaName), err)
	}
	return m, nil
}

// WritePMMeta writes the metadata file into dir (a staging folder).
func WritePMMeta(dir string, m PMMeta) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, MetaName), append(b, '\n'), 0o644)
}

// CheckHash compares a packageManager hash with what was recorded at
// install time. An install made before Hashes existed knows only sha512.
func (m PMMeta) CheckHash(want versions.PMHash) error {
	if want.Algo == "" {
		return nil
	}
	got, ok := m.Hashes[want.Algo]
	if !ok && want.Algo == "sha512" {
		got, ok = strings.CutPrefix(m.Hash, "sha512.")
	}
	switch {
	case !ok:
		return fmt.Errorf("%s@%s was installed without a %s digest; reinstall it (nvmgo pm uninstall, then run it again)", m.Name, m.Version, want.Algo)
	case got != want.Hex:
		return fmt.Errorf("%s@%s is installed with %s.%s, but %s is pinned", m.Name, m.Version, want.Algo, got, want)
	}
	return nil
}
