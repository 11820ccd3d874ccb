package home

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/nvmgo/nvmgo/versions"
)

// Meta is what nvmgo records about one install, written last into its folder.
type Meta struct {
	Version     string            `json:"version"`
	LTS         string            `json:"lts,omitempty"`
	Platform    string            `json:"platform"`
	File        string            `json:"file"`
	URL         string            `json:"url"`
	SHA256      string            `json:"sha256"`
	Source      string            `json:"source"`   // "dist", "unofficial", "npm"
	Verified    string            `json:"verified"` // what was checked, in words
	Signer      string            `json:"signer,omitempty"`
	Note        string            `json:"note,omitempty"`
	InstalledAt time.Time         `json:"installed_at"`
	Entry       *versions.Release `json:"entry,omitempty"`
	// Imported says the tree came from another version manager's folder
	// (nvmgo import), not from a verified archive.
	Imported *Imported `json:"imported,omitempty"`
}

// Imported is where an imported version came from.
type Imported struct {
	Manager string `json:"manager"` // "nvm", "fnm", ...
	Dir     string `json:"dir"`     // its folder there
	How     string `json:"how"`     // "hardlink", "copy", "move" or "link"
}

// Installed is one complete install under versions/.
type Installed struct {
	Version versions.Version
	Dir     string
}

// List returns the complete installs, newest first. A folder without a
// metadata file is not complete and is skipped.
func (h Home) List() ([]Installed, error) {
	ents, err := os.ReadDir(h.VersionsDir())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := make([]Installed, 0, len(ents))
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		v, err := versions.ParseVersion(e.Name())
		if err != nil || v.String() != e.Name() {
			continue
		}
		dir := filepath.Join(h.VersionsDir(), e.Name())
		if _, err := os.Lstat(filepath.Join(dir, MetaName)); err != nil {
			continue
		}
		out = append(out, Installed{Version: v, Dir: dir})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version.Compare(out[j].Version) > 0 })
	return out, nil
}

// ReadMeta reads the metadata of an installed version folder.
func ReadMeta(dir string) (Meta, error) {
	var m Meta
	b, err := os.ReadFile(filepath.Join(dir, MetaName))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("%s: %w", filepath.Join(dir, MetaName), err)
	}
	return m, nil
}

// WriteMeta writes the metadata file into dir (a staging folder, before the rename).
func WriteMeta(dir string, m Meta) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, MetaName), append(b, '\n'), 0o644)
}

// Candidates turns installs into resolution candidates. withLTS reads each
// metadata file for its LTS codename; only LTS specs need that.
func Candidates(list []Installed, withLTS bool) []versions.Candidate {
	out := make([]versions.Candidate, 0, len(list))
	for _, in := range list {
		c := versions.Candidate{Version: in.Version}
		if withLTS {
			if m, err := ReadMeta(in.Dir); err == nil {
				c.LTS = m.LTS
			}
		}
		out = append(out, c)
	}
	return out
}
