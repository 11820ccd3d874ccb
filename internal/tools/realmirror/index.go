package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/nvmgo/nvmgo/download/index/snapshot"
)

// release is one index.json entry, its fields in nodejs.org's order.
type release struct {
	Version  string   `json:"version"`
	Date     string   `json:"date"`
	Files    []string `json:"files"`
	NPM      string   `json:"npm,omitempty"`
	V8       string   `json:"v8"`
	UV       string   `json:"uv,omitempty"`
	Zlib     string   `json:"zlib,omitempty"`
	OpenSSL  string   `json:"openssl,omitempty"`
	Modules  string   `json:"modules,omitempty"`
	LTS      any      `json:"lts"` // false or the codename
	Security bool     `json:"security"`
}

// lookupRelease finds vVERSION in nvmgo's embedded release index
// (download/index/snapshot, made from versions/testdata/index.json, the real
// nodejs.org/dist/index.json).
func lookupRelease(version string) (release, error) {
	idx, err := snapshot.Index()
	if err != nil {
		return release{}, fmt.Errorf("%s: %w", snapshot.Label, err)
	}
	var all []release
	if err := json.Unmarshal(idx, &all); err != nil {
		return release{}, fmt.Errorf("%s: %w", snapshot.Label, err)
	}
	for _, r := range all {
		if r.Version == "v"+version {
			return r, nil
		}
	}
	return release{}, fmt.Errorf("v%s is not in the %s (make snapshot refreshes it from versions/testdata/index.json)", version, snapshot.Label)
}

// date is the release date, used as the mtime of every archive member.
func (r release) date() time.Time {
	t, err := time.Parse("2006-01-02", r.Date)
	if err != nil {
		return time.Unix(0, 0).UTC()
	}
	return t.UTC()
}

// keepFiles cuts Files down to the ids in built, keeping the index's order.
func (r *release) keepFiles(built []string) {
	var kept []string
	for _, id := range r.Files {
		if slices.Contains(built, id) {
			kept = append(kept, id)
		}
	}
	r.Files = kept
}

// encodeIndex renders index.json as nodejs.org does: one entry a line,
// newest first.
func encodeIndex(rs []release) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("[\n")
	for i, r := range rs {
		line, err := json.Marshal(r)
		if err != nil {
			return nil, err
		}
		b.Write(line)
		if i < len(rs)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]\n")
	return b.Bytes(), nil
}

// encodeTab renders index.tab, the tab-separated form nvm reads; "-" stands
// for an empty or false field.
func encodeTab(rs []release) []byte {
	var b bytes.Buffer
	b.WriteString("version\tdate\tfiles\tnpm\tv8\tuv\tzlib\topenssl\tmodules\tlts\tsecurity\n")
	dash := func(s string) string {
		if s == "" {
			return "-"
		}
		return s
	}
	for _, r := range rs {
		lts, _ := r.LTS.(string)
		sec := ""
		if r.Security {
			sec = "true"
		}
		fields := []string{r.Version, r.Date, strings.Join(r.Files, ","), r.NPM, r.V8, r.UV, r.Zlib, r.OpenSSL, r.Modules, lts, sec}
		for i, f := range fields {
			fields[i] = dash(f)
		}
		b.WriteString(strings.Join(fields, "\t") + "\n")
	}
	return b.Bytes()
}
