package versions

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// PMHash is the "+<algo>.<hex>" part of a packageManager field, as
// corepack writes it.
type PMHash struct {
	Algo string // sha1, sha224, sha256, sha384, sha512
	Hex  string // lower-case
}

// String is "algo.hex", or "" for no hash.
func (h PMHash) String() string {
	if h.Algo == "" {
		return ""
	}
	return h.Algo + "." + h.Hex
}

// pmHashSizes are the digest sizes, in bytes, of the algorithms corepack
// accepts (whatever Node's crypto.createHash knows; these are the ones
// corepack and its users write).
var pmHashSizes = map[string]int{"sha1": 20, "sha224": 28, "sha256": 32, "sha384": 48, "sha512": 64}

// PackageManagers are the names nvmgo installs and runs.
var PackageManagers = []string{"pnpm", "yarn", "npm"}

// IsPackageManager reports whether name is one of PackageManagers.
func IsPackageManager(name string) bool {
	return name == "pnpm" || name == "yarn" || name == "npm"
}

// PMOnFail values of devEngines.packageManager.onFail.
const (
	OnFailError    = "error"
	OnFailWarn     = "warn"
	OnFailIgnore   = "ignore"
	OnFailDownload = "download"
)

// PMRequirement is one devEngines.packageManager entry.
type PMRequirement struct {
	Name    string
	Version string // the range as written; "" means any
	Range   Range
	OnFail  string // as written; "" when absent
}

// PMProject is what one package.json says about its package manager.
type PMProject struct {
	File string
	// Manager is the packageManager field: an exact version and an
	// optional hash. Empty Name when the field is absent.
	Manager struct {
		Name, Version string
		Hash          PMHash
	}
	Dev []PMRequirement
}

// ParsePackageManagerField parses "name@version[+algo.hex]".
func ParsePackageManagerField(s string) (name, version string, hash PMHash, err error) {
	name, rest, ok := strings.Cut(s, "@")
	if !ok || name == "" || rest == "" {
		return "", "", PMHash{}, fmt.Errorf("%s is not NAME@VERSION (for example pnpm@9.12.0)", quoteShort(s))
	}
	if !IsPackageManager(name) {
		return "", "", PMHash{}, fmt.Errorf("%s: unknown package manager %s (nvmgo runs pnpm, yarn and npm)", quoteShort(s), quoteShort(name))
	}
	version, build, hasBuild := strings.Cut(rest, "+")
	v, err := ParseVersion(version)
	if err != nil || strings.HasPrefix(version, "v") || strings.HasPrefix(version, "V") {
		return "", "", PMHash{}, fmt.Errorf("%s: %s is not an exact version (packageManager takes one, such as %s@10.9.0)", quoteShort(s), quoteShort(version), name)
	}
	version = strings.TrimPrefix(v.String(), "v")
	if hasBuild {
		algo, hx, ok := strings.Cut(build, ".")
		size, known := pmHashSizes[algo]
		if !ok || !known {
			return "", "", PMHash{}, fmt.Errorf("%s: hash %s is not <algo>.<hex> with algo sha1, sha224, sha256, sha384 or sha512", quoteShort(s), quoteShort(build))
		}
		b, err := hex.DecodeString(hx)
		if err != nil || len(b) != size {
			return "", "", PMHash{}, fmt.Errorf("%s: %s hash is not %d hex digits", quoteShort(s), algo, 2*size)
		}
		hash = PMHash{Algo: algo, Hex: strings.ToLower(hx)}
	}
	return name, version, hash, nil
}

// ParsePMProject reads the packageManager and devEngines.packageManager
// fields of a package.json. found is false when neither is set.
func ParsePMProject(data []byte) (p PMProject, found bool, err error) {
	if err := checkText(data); err != nil {
		return p, false, err
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	top, err := jsonObject(data, "package.json")
	if err != nil {
		return p, false, err
	}
	if top == nil {
		return p, false, errors.New("package.json is not a JSON object")
	}
	if s, ok, err := jsonString(top["packageManager"], "packageManager"); err != nil {
		return p, false, err
	} else if ok {
		m := &p.Manager
		if m.Name, m.Version, m.Hash, err = ParsePackageManagerField(s); err != nil {
			return p, false, fmt.Errorf("packageManager: %w", err)
		}
	}
	if raw := top["devEngines"]; raw != nil {
		dev, err := jsonObject(raw, "devEngines")
		if err != nil {
			return p, false, err
		}
		if p.Dev, err = pmRequirements(dev["packageManager"]); err != nil {
			return p, false, fmt.Errorf("devEngines.packageManager: %w", err)
		}
	}
	if err := p.check(); err != nil {
		return p, false, err
	}
	return p, p.Manager.Name != "" || len(p.Dev) > 0, nil
}

// pmRequirements reads devEngines.packageManager: one object or an array.
func pmRequirements(raw json.RawMessage) ([]PMRequirement, error) {
	var entries []json.RawMessage
	switch firstByte(raw) {
	case 0, 'n':
		return nil, nil
	case '[':
		if err := json.Unmarshal(raw, &entries); err != nil {
			return nil, err
		}
	default:
		entries = []json.RawMessage{raw}
	}
	out := make([]PMRequirement, 0, len(entries))
	for _, e := range entries {
		obj, err := jsonObject(e, "entry")
		if err != nil {
			return nil, err
		}
		var r PMRequirement
		var ok bool
		if r.Name, ok, err = jsonString(obj["name"], "name"); err != nil {
			return nil, err
		} else if !ok {
			return nil, errors.New("an entry has no name (pnpm, yarn or npm)")
		}
		if !IsPackageManager(r.Name) {
			return nil, fmt.Errorf("unknown package manager %s (nvmgo runs pnpm, yarn and npm)", quoteShort(r.Name))
		}
		if r.Version, _, err = jsonString(obj["version"], "version"); err != nil {
			return nil, err
		}
		if r.Range, err = ParseRange(r.Version); err != nil {
			return nil, fmt.Errorf("%s: %w", r.Name, err)
		}
		if r.OnFail, _, err = jsonString(obj["onFail"], "onFail"); err != nil {
			return nil, err
		}
		switch r.OnFail {
		case "", OnFailError, OnFailWarn, OnFailIgnore, OnFailDownload:
		default:
			return nil, fmt.Errorf("%s: onFail %s is not error, warn, ignore or download", r.Name, quoteShort(r.OnFail))
		}
		out = append(out, r)
	}
	return out, nil
}

// check is the rule that joins the two fields: packageManager must be one
// of the devEngines entries and satisfy its range.
func (p PMProject) check() error {
	m := p.Manager
	if m.Name == "" || len(p.Dev) == 0 {
		return nil
	}
	var names []string
	for _, r := range p.Dev {
		if r.Name != m.Name {
			names = append(names, r.Name)
			continue
		}
		v, _ := ParseVersion(m.Version)
		if r.Range.Contains(v) {
			return nil
		}
		return fmt.Errorf("packageManager %s@%s does not satisfy devEngines.packageManager %s@%s; make them agree",
			m.Name, m.Version, r.Name, pmRangeText(r.Version))
	}
	return fmt.Errorf("packageManager %s@%s is not in devEngines.packageManager (%s); make them agree",
		m.Name, m.Version, strings.Join(names, ", "))
}

func pmRangeText(s string) string {
	if s == "" {
		return "*"
	}
	return s
}

// PMChoice is the package manager a project asks a shim for.
type PMChoice struct {
	File    string
	Name    string
	Version string // exact (from packageManager); "" when only a range is given
	Hash    PMHash
	Range   Range
	Raw     string // what the project wrote, for messages
	OnFail  string // the effective onFail: never ""
}

// Choose picks the package manager the project pins. packageManager wins
// (checked against devEngines when parsing); otherwise the devEngines entry
// named tool, else the first entry. The effective onFail is the devEngines
// entry's, else "download" for a packageManager pin (what corepack does)
// and "error" for a devEngines range (npm's default).
func (p PMProject) Choose(tool string) PMChoice {
	var req *PMRequirement
	want := tool
	if p.Manager.Name != "" {
		want = p.Manager.Name
	}
	for i := range p.Dev {
		if p.Dev[i].Name == want {
			req = &p.Dev[i]
			break
		}
	}
	if req == nil && p.Manager.Name == "" && len(p.Dev) > 0 {
		req = &p.Dev[0]
	}
	c := PMChoice{File: p.File}
	if p.Manager.Name != "" {
		m := p.Manager
		c.Name, c.Version, c.Hash, c.OnFail = m.Name, m.Version, m.Hash, OnFailDownload
		c.Raw = "packageManager " + m.Name + "@" + m.Version
		if m.Hash.Algo != "" {
			c.Raw += "+" + m.Hash.String()
		}
		c.Range, _ = ParseRange(m.Version)
		if req != nil && req.OnFail != "" {
			c.OnFail = req.OnFail
		}
		return c
	}
	c.Name, c.Range, c.OnFail = req.Name, req.Range, req.OnFail
	c.Raw = "devEngines.packageManager " + req.Name + "@" + pmRangeText(req.Version)
	if c.OnFail == "" {
		c.OnFail = OnFailError
	}
	return c
}

// FindPMProject walks up from dir to the nearest package.json that pins a
// package manager. A package.json that is not valid JSON is an error naming
// it (the package manager would refuse it too).
func FindPMProject(dir string) (PMProject, bool, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return PMProject{}, false, err
	}
	for {
		path := joinDir(abs, packageJSONFile)
		data, ok, err := readPinData(path, packageJSONFile)
		if err != nil {
			return PMProject{}, false, err
		}
		if ok {
			p, found, err := ParsePMProject(data)
			if err != nil {
				return PMProject{}, false, fmt.Errorf("%s: %w", path, err)
			}
			if found {
				p.File = path
				return p, true, nil
			}
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return PMProject{}, false, nil
		}
		abs = parent
	}
}
