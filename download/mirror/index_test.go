package mirror

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/nvmgo/nvmgo/download/index/snapshot"
	"github.com/nvmgo/nvmgo/versions"
)

// Re-encoding the real index.json entry by entry gives it back byte for
// byte: what a sync writes has nodejs.org's layout and key order.
func TestEncodeIndexRealIsExact(t *testing.T) {
	data, err := snapshot.Index()
	if err != nil {
		t.Fatal(err)
	}
	idx, err := parseRawIndex(data)
	if err != nil {
		t.Fatal(err)
	}
	entries := make([][]byte, len(idx.rels))
	for i, r := range idx.rels {
		if entries[i], err = withFiles(idx.raw[r.Version], r.Files); err != nil {
			t.Fatal(err)
		}
	}
	if got := encodeIndex(entries); !bytes.Equal(got, data) {
		t.Fatalf("re-encoded index differs from the real one (%d vs %d bytes)", len(got), len(data))
	}
}

// index.tab rows match the real nodejs.org/dist/index.tab of 2024-10-31
// (759 rows) for every release both it and the index know.
func TestEncodeTabMatchesRealFile(t *testing.T) {
	real, err := os.ReadFile("testdata/index-2024-10-31.tab")
	if err != nil {
		t.Fatal(err)
	}
	data, err := snapshot.Index()
	if err != nil {
		t.Fatal(err)
	}
	rels, err := versions.ParseIndex(data)
	if err != nil {
		t.Fatal(err)
	}
	byVersion := map[string]versions.Release{}
	for _, r := range rels {
		byVersion[r.Version] = r
	}
	lines := strings.Split(strings.TrimSuffix(string(real), "\n"), "\n")
	var picked []versions.Release
	for _, l := range lines[1:] {
		v, _, _ := strings.Cut(l, "\t")
		r, ok := byVersion[v]
		if !ok {
			t.Fatalf("%s is in the real index.tab but not in the index", v)
		}
		picked = append(picked, r)
	}
	got := strings.Split(strings.TrimSuffix(string(encodeTab(picked)), "\n"), "\n")
	if len(got) != len(lines) || len(lines) != 760 {
		t.Fatalf("got %d lines, the real file has %d (want 760)", len(got), len(lines))
	}
	diff := 0
	for i := range lines {
		if got[i] != lines[i] {
			if diff++; diff <= 3 {
				t.Errorf("line %d:\n got  %q\n want %q", i+1, got[i], lines[i])
			}
		}
	}
	if diff > 0 {
		t.Errorf("%d of %d lines differ", diff, len(lines))
	}
}

func TestWithFilesKeepsEverythingElse(t *testing.T) {
	in := `{"version":"v1.2.3","date":"2020-01-01","files":["a","b"],"future":{"x":[1,2]},"lts":false,"security":true}`
	got, err := withFiles(json.RawMessage(in), []string{"b"})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"version":"v1.2.3","date":"2020-01-01","files":["b"],"future":{"x":[1,2]},"lts":false,"security":true}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	for _, bad := range []string{`[1]`, `{"a":1} {}`, `{"a":`} {
		if _, err := withFiles(json.RawMessage(bad), nil); err == nil {
			t.Errorf("withFiles(%s): no error", bad)
		}
	}
}

func TestKeptFiles(t *testing.T) {
	files := []string{"headers", "linux-x64", "osx-arm64-tar", "osx-x64-pkg", "src", "win-x64-exe", "win-x64-msi", "win-x64-zip"}
	present := map[string]bool{
		"node-v22.12.0-linux-x64.tar.xz":    true, // the .tar.xz alone keeps the id
		"node-v22.12.0-darwin-arm64.tar.gz": true,
		"node-v22.12.0-win-x64.zip":         true,
		"win-x64/node.exe":                  true,
		"SHASUMS256.txt":                    true,
	}
	got := keptFiles(files, "v22.12.0", present)
	want := []string{"linux-x64", "osx-arm64-tar", "win-x64-exe", "win-x64-zip"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("got %v, want %v", got, want)
	}
}
