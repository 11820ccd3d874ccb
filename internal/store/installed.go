package store

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
	typ     fs.FileMode // the entry's type in versions/, from its listing
}

// List returns the complete installs, newest first: the folders of
// versions/ that pass CheckVersion. Anything else there is left out (see
// ListAll).
func (h Home) List() ([]Installed, error) {
	list, _, err := h.ListAll()
	return list, err
}

// ListAll returns the complete installs, newest first, and the entries of
// versions/ named like a version that are not complete installs: a link, a
// file, a folder without valid metadata or without a runnable node (an
// unfinished install, a copy made by hand, or a planted one).
func (h Home) ListAll() ([]Installed, []Broken, error) {
	found, err := h.entries()
	if err != nil {
		return nil, nil, err
	}
	out := found[:0]
	var broken []Broken
	for _, in := range found {
		if err := checkVersion(in.Dir, in.typ); err != nil {
			broken = append(broken, Broken{Version: in.Version, Dir: in.Dir, Why: err.Error()})
			continue
		}
		out = append(out, in)
	}
	return out, broken, nil
}

// entries lists the entries of versions/ named by a version in its
// canonical form, newest first, without checking them. Hidden names and
// names that are no version are never nvmgo's: doctor's probes, for one.
func (h Home) entries() ([]Installed, error) {
	ents, err := os.ReadDir(h.VersionsDir())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := make([]Installed, 0, len(ents))
	for _, e := range ents {
		v, err := versions.ParseVersion(e.Name())
		if err != nil || v.String() != e.Name() {
			continue
		}
		out = append(out, Installed{Version: v, Dir: filepath.Join(h.VersionsDir(), e.Name()), typ: e.Type()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version.Compare(out[j].Version) > 0 })
	return out, nil
}

// ReadMeta reads the metadata file of a version folder: a regular file
// (never read through a link), of bounded size, holding valid JSON.
func ReadMeta(dir string) (Meta, error) {
	var m Meta
	p := filepath.Join(dir, MetaName)
	b, err := readRegular(p, maxMetaSize)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("%s: %w", p, err)
	}
	return m, nil
}

// WriteMeta writes the metadata file into dir (a staging folder, before the
// rename). Whatever is at its name is removed first and the file is made
// with O_EXCL, so the write never goes through a link or into a file that
// something else put there.
func WriteMeta(dir string, m Meta) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	p := filepath.Join(dir, MetaName)
	if err := os.RemoveAll(p); err != nil { // a link is removed, not followed
		return err
	}
	f, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY|oNoFollow, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(append(b, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
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
