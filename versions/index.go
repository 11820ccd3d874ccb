package versions

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
)

// LTS is an index entry's LTS codename as written there ("Iron"), or ""
// where the index says false. The index mixes a boolean and a string in one
// field, so it needs its own JSON methods.
type LTS string

// UnmarshalJSON accepts false or a string and refuses everything else
// (true, numbers, null), so a changed index format is noticed, not guessed.
func (l *LTS) UnmarshalJSON(b []byte) error {
	if string(b) == "false" {
		*l = ""
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("lts: %w", err)
		}
		*l = LTS(s)
		return nil
	}
	return fmt.Errorf("lts: want false or a codename, got %s", quoteShort(string(b)))
}

// MarshalJSON writes false for "" so the output reads like the index.
func (l LTS) MarshalJSON() ([]byte, error) {
	if l == "" {
		return []byte("false"), nil
	}
	return json.Marshal(string(l))
}

// Release is one entry of the release index (index.json).
type Release struct {
	Version  string   `json:"version"`
	Date     string   `json:"date"`
	Files    []string `json:"files"`
	Npm      string   `json:"npm,omitempty"`
	V8       string   `json:"v8,omitempty"`
	UV       string   `json:"uv,omitempty"`
	Zlib     string   `json:"zlib,omitempty"`
	OpenSSL  string   `json:"openssl,omitempty"`
	Modules  string   `json:"modules,omitempty"`
	LTS      LTS      `json:"lts"`
	Security bool     `json:"security"`
	// V is Version parsed, filled in by ParseIndex.
	V Version `json:"-"`
}

// MaxIndexSize bounds the index we accept. The real one is about 330 KB;
// the limit leaves decades of growth and stops a broken mirror from making
// us decode something huge.
const MaxIndexSize = 32 << 20

// ParseIndex parses index.json strictly: invalid JSON, a field of the wrong
// type, a version that is not a version, trailing data, an empty list or a
// file over MaxIndexSize are errors naming the entry (counted from 0, as jq
// does). Unknown fields are allowed, since the index gains some over time.
// The releases come back newest first.
func ParseIndex(data []byte) ([]Release, error) {
	if len(data) > MaxIndexSize {
		return nil, fmt.Errorf("index.json: %d bytes is over the limit of %d", len(data), MaxIndexSize)
	}
	// The index as nodejs.org writes it takes the fast path; anything else
	// takes one Unmarshal, and only when that fails is the index decoded
	// again, entry by entry, to say where the error is.
	rs, ok := parseIndexFast(data)
	if !ok {
		if err := json.Unmarshal(data, &rs); err != nil {
			return nil, locateError(data, err)
		}
	}
	if rs == nil {
		return nil, errors.New("index.json: want a JSON list of releases, got null")
	}
	if len(rs) == 0 {
		return nil, errors.New("index.json: no releases")
	}
	for i := range rs {
		var reason string
		if rs[i].V, reason = parseVersion(rs[i].Version); reason != "" {
			return nil, fmt.Errorf("index.json: entry %d: version %s: not a version (%s)", i, quoteShort(rs[i].Version), reason)
		}
	}
	// The index is sorted already; sorting anyway means a mirror that
	// is not cannot make "newest" wrong.
	slices.SortStableFunc(rs, func(a, b Release) int { return b.V.Compare(a.V) })
	return rs, nil
}

// locateError decodes the index one entry at a time to find the entry that
// made Unmarshal fail with err.
func locateError(data []byte, err error) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, terr := dec.Token()
	if terr == io.EOF {
		return errors.New("index.json: invalid JSON: no data")
	}
	if terr != nil {
		return fmt.Errorf("index.json: invalid JSON: %w", terr)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return errors.New("index.json: want a JSON list of releases")
	}
	for i := 0; dec.More(); i++ {
		var r Release
		if err := dec.Decode(&r); err != nil {
			return fmt.Errorf("index.json: entry %d: %w", i, err)
		}
	}
	switch _, terr := dec.Token(); {
	case terr == io.EOF:
		return errors.New("index.json: invalid JSON: the list is cut short")
	case terr != nil:
		return fmt.Errorf("index.json: invalid JSON: %w", terr)
	}
	return fmt.Errorf("index.json: invalid JSON: %w", err)
}

// HasFile reports whether the release lists the platform id ("linux-x64",
// "win-x64-zip", "osx-arm64-tar") among its files.
func (r Release) HasFile(id string) bool {
	return slices.Contains(r.Files, id)
}

// Candidate is a version that a spec can resolve to, from the index or from
// the installed versions.
type Candidate struct {
	Version Version
	LTS     string // codename as in the index, "" when not LTS
}

// Candidates turns releases into candidates, in the same order. A release
// built by hand without V gets its Version parsed; one that does not parse
// is left out, since it could never be installed.
func Candidates(rs []Release) []Candidate {
	out := make([]Candidate, 0, len(rs))
	for _, r := range rs {
		v := r.V
		if v == (Version{}) {
			var err error
			if v, err = ParseVersion(r.Version); err != nil {
				continue
			}
		}
		out = append(out, Candidate{Version: v, LTS: string(r.LTS)})
	}
	return out
}
