package versions

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
)

// pinEntry is one value of testdata/pins.json, a copy of
// shared/fixtures/pins/pins.json; its README explains the oracles.
type pinEntry struct {
	Kind              string          `json:"kind"`
	Content           json.RawMessage `json:"content"`
	Repo              string          `json:"repo"`
	Path              string          `json:"path"`
	Field             string          `json:"field"`
	Encoding          string          `json:"encoding"`
	ExpectedRemote    *string         `json:"expected_remote"`
	ExpectedInstalled *string         `json:"expected_installed"`
}

// pinInstalledVersions is the installed set the oracle used.
var pinInstalledVersions = []string{"v20.20.2", "v22.23.2", "v24.19.0", "v26.8.1"}

// pinAllowance is a deliberate difference from the oracle, for one value
// (kind and content) against one candidate set ("remote" or "installed").
type pinAllowance struct{ kind, content, where, reason string }

const (
	whyNpmRange = "nvm cannot resolve npm ranges in .nvmrc (N/A); nvmgo's spec grammar takes them everywhere (README.md, Version specs)"
	whyGrep     = "nvm hands the token to grep -w as a regex; nvmgo reads it as the npm range it looks like"
	whyLTSCase  = "nvm wants lowercase LTS names; nvmgo takes codenames in any case (README.md, Version specs)"
	whyNVAlias  = "the .node-version oracle is strict node-semver (a guess); nvmgo takes nvm aliases there, as fnm does"
	whyNVLine   = "the .node-version oracle reads the whole file; nvmgo reads the first version line, as nodenv and fnm do"
	whyUTF16    = "UTF-16 (PowerShell echo) is refused with a hint to save as UTF-8, as for .nvmrc where nvm refuses it; the oracle decoded it (a guess)"
)

// pinDeviations: nvmgo selects a version where the oracle has none, or a
// different one.
var pinDeviations = []pinAllowance{
	{"nvmrc", "16.x\n", "remote", whyNpmRange},
	{"nvmrc", "18.x.x", "remote", whyNpmRange},
	{"nvmrc", "20.15.x\n", "remote", whyNpmRange},
	{"nvmrc", "18.20.x\n", "remote", whyNpmRange},
	{"nvmrc", "16.13.x", "remote", whyNpmRange},
	{"nvmrc", "^14.15.0\n", "remote", whyNpmRange},
	{"nvmrc", "^22.18.0\n", "remote", whyNpmRange},
	{"nvmrc", "^22.18.0\n", "installed", whyNpmRange},
	{"nvmrc", "^22.18.0", "remote", whyNpmRange},
	{"nvmrc", "^22.18.0", "installed", whyNpmRange},
	{"nvmrc", "^25.2.1", "remote", whyNpmRange},
	{"nvmrc", "23.1.*", "remote", whyGrep},
	{"nvmrc", "23.1.*\n", "remote", whyGrep},
	{"nvmrc", "lts/Hydrogen\n", "remote", whyLTSCase},
	{"nvmrc", "lts/Erbium\n", "remote", whyLTSCase},
	{"node-version", "lts/*", "remote", whyNVAlias},
	{"node-version", "lts/*", "installed", whyNVAlias},
	{"node-version", "lts/jod\n", "remote", whyNVAlias},
	{"node-version", "lts/jod\n", "installed", whyNVAlias},
	{"node-version", "18.16.0\n\n<!-- 参照元: 公式サイト https://nodejs.org/ja/download -->\n", "remote", whyNVLine},
	{"node-version", "    16.20.1\n    ```", "remote", whyNVLine},
	{"node-version", "v18.18.2\n--corepack-enabled", "remote", whyNVLine},
}

// pinErrors: nvmgo refuses a value the oracle resolves.
var pinErrors = []pinAllowance{
	{"nvmrc", "14/*\n", "remote", whyGrep + " (\"v14\" then any number of \"/\"); it is no range or spec"},
	{"node-version", "\ufeff25.2.1\r\n", "remote", whyUTF16},
	{"node-version", "\ufeffv20.18.0\r\n", "remote", whyUTF16},
	{"node-version", "\ufeffv20.15.1\r\n", "remote", whyUTF16},
}

func TestPinsCorpus(t *testing.T) {
	entries := loadPins(t)
	if len(entries) != 427 {
		t.Fatalf("pins.json holds %d entries, want 427", len(entries))
	}
	remote, installed := pinCandidates(t)
	allowed := map[pinAllowance]string{} // key without reason -> "dev" or "err"
	for _, a := range pinDeviations {
		allowed[pinAllowance{a.kind, a.content, a.where, ""}] = "dev"
	}
	for _, a := range pinErrors {
		allowed[pinAllowance{a.kind, a.content, a.where, ""}] = "err"
	}
	used := map[pinAllowance]bool{}
	var matched, matchedErr, errs, devs int
	root := t.TempDir()
	for i, e := range entries {
		path, content := writePinEntry(t, filepath.Join(root, strconv.Itoa(i)), e)
		pin, readErr := ReadPinFile(path)
		for _, side := range []struct {
			where, phrase string
			cands         []Candidate
			want          *string
		}{
			{"remote", "in the release index", remote, e.ExpectedRemote},
			{"installed", "among installed versions", installed, e.ExpectedInstalled},
		} {
			err := readErr
			got := "error"
			if err == nil {
				var c Candidate
				if c, err = Select(pin.Spec, side.cands, side.phrase); err == nil {
					got = c.Version.String()
				}
			}
			want := "error"
			if side.want != nil {
				want = *side.want
			}
			key := pinAllowance{e.Kind, content, side.where, ""}
			desc := e.Kind + " " + quoteShort(content) + " (" + e.Repo + ") " + side.where
			if readErr != nil && (!strings.HasPrefix(readErr.Error(), path+": ") || strings.Contains(readErr.Error(), "\n")) {
				t.Errorf("%s: error does not name the file on one line: %v", desc, readErr)
			}
			switch {
			case got == want && err == nil:
				matched++
			case got == want:
				matchedErr++
			case err != nil && allowed[key] == "err":
				errs++
				used[key] = true
			case err != nil:
				t.Errorf("%s: oracle selects %s, we fail: %v", desc, want, err)
			case allowed[key] == "dev":
				devs++
				used[key] = true
				t.Logf("deviation: %s: oracle %s, nvmgo %s", desc, want, got)
			default:
				t.Errorf("%s: oracle says %s, we select %s", desc, want, got)
			}
		}
	}
	for k, kind := range allowed {
		if !used[k] {
			t.Errorf("stale %s allowance: %s %q %s", kind, k.kind, k.content, k.where)
		}
	}
	t.Logf("pins.json: %d values x 2 sets: %d select the oracle's version, %d fail where the oracle fails, %d fail where the oracle has a version, %d deviations",
		len(entries), matched, matchedErr, errs, devs)
	if total := matched + matchedErr + errs + devs; total != 2*len(entries) && !t.Failed() {
		t.Errorf("counted %d outcomes, want %d", total, 2*len(entries))
	}
}

// pinCandidates returns every release of testdata/index.json, and the
// installed set the oracle used, with the LTS codenames from the index.
func pinCandidates(t *testing.T) (remote, installed []Candidate) {
	data, err := os.ReadFile("testdata/index.json")
	if err != nil {
		t.Fatal(err)
	}
	rs, err := ParseIndex(data)
	if err != nil {
		t.Fatal(err)
	}
	remote = Candidates(rs)
	for _, c := range remote {
		for _, v := range pinInstalledVersions {
			if c.Version.String() == v {
				installed = append(installed, c)
			}
		}
	}
	if len(installed) != len(pinInstalledVersions) {
		t.Fatalf("index holds %d of the installed versions %v", len(installed), pinInstalledVersions)
	}
	return remote, installed
}

// writePinEntry writes e as the file it came from, in dir, and returns the
// file's path and e's content as a key for the allowances.
func writePinEntry(t *testing.T, dir string, e pinEntry) (path, content string) {
	t.Helper()
	name, data, content := pinEntryFile(t, e)
	path = filepath.Join(dir, name)
	writePinTestFile(t, path, string(data))
	return path, content
}

// pinEntryFile builds the file e came from: its name and bytes, and e's
// content as text (compact JSON for an object or array).
func pinEntryFile(t testing.TB, e pinEntry) (name string, data []byte, content string) {
	if err := json.Unmarshal(e.Content, &content); err != nil {
		var buf bytes.Buffer
		if err := json.Compact(&buf, e.Content); err != nil {
			t.Fatal(err)
		}
		content = buf.String()
	}
	obj := func(outer, inner string) []byte {
		v := map[string]json.RawMessage{outer: e.Content}
		if inner != "" {
			in, _ := json.Marshal(map[string]json.RawMessage{inner: e.Content})
			v = map[string]json.RawMessage{outer: in}
		}
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	name = "package.json"
	switch {
	case e.Kind == "nvmrc", e.Kind == "node-version", e.Kind == "tool-versions":
		name = "." + e.Kind
		data = []byte(content)
		if e.Encoding == "utf-16le" {
			data = nil
			for _, u := range utf16.Encode([]rune(content)) {
				data = binary.LittleEndian.AppendUint16(data, u)
			}
		} else if e.Encoding != "" {
			t.Fatalf("unknown encoding %q", e.Encoding)
		}
	case e.Field == "engines.node":
		data = obj("engines", "node")
	case e.Field == "engines (non-object: array)":
		data = obj("engines", "")
	case e.Field == "devEngines.runtime":
		data = obj("devEngines", "runtime")
	case strings.HasPrefix(e.Field, "devEngines.node"):
		data = obj("devEngines", "node")
	case e.Field == "volta.node":
		data = obj("volta", "node")
	default:
		t.Fatalf("unknown entry kind %q field %q", e.Kind, e.Field)
	}
	return name, data, content
}

// loadPins reads testdata/pins.json.
func loadPins(t testing.TB) []pinEntry {
	data, err := os.ReadFile("testdata/pins.json")
	if err != nil {
		t.Fatal(err)
	}
	var entries []pinEntry
	if err := json.Unmarshal(data, &entries); err != nil {
		t.Fatal(err)
	}
	return entries
}

// TestPinsCorpusThroughTheWalk holds the shims' reader (FindPinWarn, which
// treats package.json ranges as constraints) to the same oracle over the
// installed set: every value selects the oracle's version, or fails (or is
// skipped with a warning) naming its file where the oracle has no version.
// The walk does not read .tool-versions (README.md, "Which version runs"),
// so those are left out.
func TestPinsCorpusThroughTheWalk(t *testing.T) {
	entries := loadPins(t)
	_, installed := pinCandidates(t)
	root := t.TempDir()
	if _, found, _, err := FindPinWarn(root); found || err != nil {
		t.Skipf("a pin above the test's temporary folder would decide the walk: %v %v", found, err)
	}
	var same, failed, skipped, devs int
	for i, e := range entries {
		if e.Kind == "tool-versions" {
			continue
		}
		path, content := writePinEntry(t, filepath.Join(root, strconv.Itoa(i)), e)
		key := pinAllowance{e.Kind, content, "installed", ""}
		desc := e.Kind + " " + quoteShort(content) + " (" + e.Repo + ")"
		want := "error"
		if e.ExpectedInstalled != nil {
			want = *e.ExpectedInstalled
		}
		pin, found, warnings, err := FindPinWarn(filepath.Dir(path))
		got := "error"
		switch {
		case err != nil:
			if !strings.HasPrefix(err.Error(), path+": ") || strings.Contains(err.Error(), "\n") {
				t.Errorf("%s: error does not name the file on one line: %v", desc, err)
			}
		case !found:
			if (len(warnings) != 1 || !strings.HasPrefix(warnings[0].Error(), path+": ")) && !strings.HasPrefix(e.Field, "engines (non-object") {
				t.Errorf("%s: nothing found and no warning naming the file: %v", desc, warnings)
			}
			skipped++
		default:
			if c, err := Select(pin.Spec, installed, "among installed versions"); err == nil {
				got = c.Version.String()
			}
		}
		switch {
		case got == want:
			same++
		case got == "error":
			failed++
			if !isAllowed(key, pinErrors) && !isAllowed(key, pinDeviations) {
				t.Errorf("%s: oracle selects %s, the walk fails or skips it", desc, want)
			}
		case isAllowed(key, pinDeviations):
			devs++
		default:
			t.Errorf("%s: oracle says %s, the walk selects %s", desc, want, got)
		}
	}
	t.Logf("pins.json through the walk (all but .tool-versions): %d agree with the oracle (%d of them where nothing pins a version: empty files skipped with a warning, array-form engines), %d allowed deviations, %d allowed failures",
		same, skipped, devs, failed)
}

func isAllowed(k pinAllowance, list []pinAllowance) bool {
	for _, a := range list {
		if a.kind == k.kind && a.content == k.content && a.where == k.where {
			return true
		}
	}
	return false
}
