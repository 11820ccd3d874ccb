package mirror

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nvmgo/nvmgo/versions"
)

// rawIndex is index.json with each entry kept as the bytes the mirror sent,
// so what a sync writes keeps nodejs.org's key order and any field nvmgo
// does not know.
type rawIndex struct {
	rels []versions.Release         // parsed, newest first
	raw  map[string]json.RawMessage // by version
}

func parseRawIndex(data []byte) (rawIndex, error) {
	rels, err := versions.ParseIndex(data)
	if err != nil {
		return rawIndex{}, err
	}
	var entries []json.RawMessage
	if err := json.Unmarshal(data, &entries); err != nil {
		return rawIndex{}, fmt.Errorf("index.json: %w", err)
	}
	idx := rawIndex{rels: rels, raw: make(map[string]json.RawMessage, len(entries))}
	for _, e := range entries {
		var r struct {
			Version string `json:"version"`
		}
		if err := json.Unmarshal(e, &r); err != nil {
			return rawIndex{}, fmt.Errorf("index.json: %w", err)
		}
		idx.raw[r.Version] = e
	}
	return idx, nil
}

// withFiles returns the entry with its "files" list replaced, every other
// key left where it was.
func withFiles(entry json.RawMessage, files []string) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(entry))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("index entry: not an object")
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i := 0; dec.More(); i++ {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, ok := t.(string)
		if !ok {
			return nil, fmt.Errorf("index entry: bad key")
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		if key == "files" {
			if v, err = json.Marshal(files); err != nil {
				return nil, err
			}
		}
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(key)
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("index entry: data after the object")
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// keptFiles is the entry's files list cut down to the ids whose files the
// folder holds, in the entry's order.
func keptFiles(files []string, vs string, present map[string]bool) []string {
	have := map[string]bool{}
	for name, id := range idsOf(vs) {
		if present[name] {
			have[id] = true
		}
	}
	kept := []string{}
	for _, id := range files {
		if have[id] {
			kept = append(kept, id)
		}
	}
	return kept
}

// encodeIndex writes index.json as nodejs.org does: "[", one entry a line
// joined by ",", "]", each on its own line.
func encodeIndex(entries [][]byte) []byte {
	var b bytes.Buffer
	b.WriteString("[\n")
	for i, e := range entries {
		b.Write(e)
		if i < len(entries)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]\n")
	return b.Bytes()
}

// encodeTab writes index.tab, the form nvm reads: a header line, then one
// tab-separated line per release, "-" for a missing field, false or "",
// and "true" for a security release.
func encodeTab(rels []versions.Release) []byte {
	var b bytes.Buffer
	b.WriteString("version\tdate\tfiles\tnpm\tv8\tuv\tzlib\topenssl\tmodules\tlts\tsecurity\n")
	for _, r := range rels {
		sec := ""
		if r.Security {
			sec = "true"
		}
		fields := []string{r.Version, r.Date, strings.Join(r.Files, ","), r.Npm, r.V8, r.UV, r.Zlib, r.OpenSSL, r.Modules, string(r.LTS), sec}
		for i, f := range fields {
			if f == "" {
				fields[i] = "-"
			}
		}
		b.WriteString(strings.Join(fields, "\t"))
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// sortNewest orders releases newest first, as index.json lists them.
func sortNewest(rels []versions.Release) {
	slices.SortStableFunc(rels, func(a, b versions.Release) int { return b.V.Compare(a.V) })
}

// writeIndex writes index.json and index.tab for every release folder in
// DIR that has its SHASUMS256.txt, each entry's files cut down to what the
// folder holds. Entries come from the upstream index, else from the index
// DIR had before (a release the upstream no longer lists stays listed).
func (s *Syncer) writeIndex(up rawIndex) ([]string, error) {
	old := rawIndex{raw: map[string]json.RawMessage{}}
	if data, err := os.ReadFile(filepath.Join(s.dir, "index.json")); err == nil {
		if idx, err := parseRawIndex(data); err == nil {
			old = idx
		}
	}
	ents, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, err
	}
	var rels []versions.Release
	lines := map[string][]byte{}
	for _, e := range ents {
		v, err := versions.ParseVersion(e.Name())
		if err != nil || !e.IsDir() || v.String() != e.Name() {
			continue
		}
		vs := e.Name()
		if _, err := os.Stat(filepath.Join(s.dir, vs, sumsTxt)); err != nil {
			continue // not complete: a sync was stopped before its checksums landed
		}
		raw, ok := up.raw[vs]
		if !ok {
			raw, ok = old.raw[vs]
		}
		if !ok {
			s.logf("nvmgo: warning: %s is in %s but in no index; it is left out of index.json", vs, s.dir)
			continue
		}
		var r versions.Release
		if err := json.Unmarshal(raw, &r); err != nil {
			return nil, err
		}
		r.V = v
		r.Files = keptFiles(r.Files, vs, presentFiles(filepath.Join(s.dir, vs)))
		if lines[vs], err = withFiles(raw, r.Files); err != nil {
			return nil, fmt.Errorf("%s: %w", vs, err)
		}
		rels = append(rels, r)
	}
	sortNewest(rels)
	entries := make([][]byte, len(rels))
	listed := make([]string, len(rels))
	for i, r := range rels {
		entries[i], listed[i] = lines[r.Version], r.Version
	}
	if _, err := s.writeFile("index.json", encodeIndex(entries)); err != nil {
		return nil, err
	}
	if _, err := s.writeFile("index.tab", encodeTab(rels)); err != nil {
		return nil, err
	}
	return listed, nil
}

// presentFiles lists a release folder's files, with those of its win-*/
// subfolders as "win-x64/node.exe".
func presentFiles(dir string) map[string]bool {
	out := map[string]bool{}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if !e.IsDir() {
			out[e.Name()] = true
			continue
		}
		sub, _ := os.ReadDir(filepath.Join(dir, e.Name()))
		for _, f := range sub {
			if !f.IsDir() {
				out[e.Name()+"/"+f.Name()] = true
			}
		}
	}
	return out
}
