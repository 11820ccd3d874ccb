package versions

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type tokenCase struct {
	name, in, want, err string // err: a substring of the error; "" for success
}

func runTokenCases(t *testing.T, parse func([]byte) (string, error), cases []tokenCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parse([]byte(tc.in))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("parse(%q) = %q, %v; want error containing %q", tc.in, got, err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("parse(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestParseNvmrc(t *testing.T) {
	runTokenCases(t, ParseNvmrc, []tokenCase{
		{"plain", "20\n", "20", ""},
		{"no final newline", "lts/iron", "lts/iron", ""},
		{"CRLF", "v18.3.0\r\n", "v18.3.0", ""},
		{"CRLF blank lines", "v12.22.5\r\n\r\n\r\n", "v12.22.5", ""},
		{"bare CR at end", "20\r", "20", ""},
		{"spaces around", " \tv19.2.0  \n", "v19.2.0", ""},
		{"comment header", "# pick the lowest supported\n# version\nv22.12.0\n", "v22.12.0", ""},
		{"commented alternatives", "#lts/*\n# v16.17.0\nv18.20.4\n# lts/hydrogen\n", "v18.20.4", ""},
		{"trailing comment", "lts/jod # v22\n", "lts/jod", ""},
		{"leading blank line", "\nv20.19.0\n", "v20.19.0", ""},
		{"UTF-8 BOM", "\uFEFF20\n", "20", ""},
		{"key=value lines", "18 \nshamefully-hoist=true\nlegacy-peer-deps=true\n", "18", ""},
		{"npmrc scope line", "16.15.0\n\n@me:registry=https://npm.pkg.github.com", "16.15.0", ""},
		{"line starting with =", "=20\n", "=20", ""},
		{"shell command kept for the spec parser", "use 18.14.2\n", "use 18.14.2", ""},
		{"path kept for the spec parser", "../../bin\n", "../../bin", ""},
		{"empty", "", "", "no version"},
		{"only comments", "# lts/*\n\n# v20\n", "", "no version"},
		{"only key=value", "NODE_VERSION=16.16.0\n", "", "no version"},
		{"range read as key=value, like nvm", ">=14", "", "no version"},
		{"node key", "node=20\n", "", "without node="},
		{"duplicate key", "a=1\na=2\n20\n", "", "set twice"},
		{"two versions", "4.3.2\n4.3.2\n", "", "more than one version line"},
		{"stray word", "24.16.0\nok ", "", "more than one version line"},
		{"merge conflict", "<<<<<<< HEAD\nv20.16.0\n=======\nv16.20.1\n>>>>>>> 9b1c87a\n", "", "merge-conflict"},
		{"NUL", "v16\x00\n", "", "NUL"},
		{"UTF-16LE", "\xff\xfe2\x000\x00\r\x00\n\x00", "", "UTF-16"},
		{"UTF-16BE", "\xfe\xff\x002\x000", "", "UTF-16"},
		{"U+FFFD and NULs", "\xef\xbf\xbd\xef\xbf\xbdv\x001\x006\x00\n", "", "NUL"},
	})
}

func TestParseNodeVersion(t *testing.T) {
	runTokenCases(t, ParseNodeVersion, []tokenCase{
		{"plain", "20\n", "20", ""},
		{"v", "v20.20.0\n", "v20.20.0", ""},
		{"CRLF", "8.6.0\r\n", "8.6.0", ""},
		{"trailing space", "20.19.6 \n", "20.19.6", ""},
		{"leading blank line", "\n22.12.0\n", "22.12.0", ""},
		{"BOM and CRLF", "\uFEFF20\r\n", "20", ""},
		{"no-break spaces", "\u00a020\u00a0", "20", ""},
		{"comment line", "# node for the web app\n22\n", "22", ""},
		{"first line wins", "18.16.0\n\n<!-- from nodejs.org -->\n", "18.16.0", ""},
		{"trailing comment is not stripped", "lts/jod # v22\n", "lts/jod # v22", ""},
		{"range", "18.0.0 || >= 20.0.0\n", "18.0.0 || >= 20.0.0", ""},
		{"empty", "", "", "no version"},
		{"blank", "  \n\t\r\n", "", "no version"},
		{"merge conflict", "<<<<<<< ours\n20\n=======\n22\n>>>>>>> theirs\n", "", "merge-conflict"},
		{"NUL", "2\x000\n", "", "NUL"},
		{"UTF-16LE", "\xff\xfev\x002\x000\x00", "", "UTF-16"},
	})
}

func TestParseToolVersions(t *testing.T) {
	parse := func(data []byte) (string, error) {
		tok, found, err := ParseToolVersions(data)
		if err == nil && !found {
			return "", errors.New("not found")
		}
		return tok, err
	}
	runTokenCases(t, parse, []tokenCase{
		{"nodejs", "nodejs 20.11.1\npnpm 10.25.0\n", "20.11.1", ""},
		{"node (mise)", "python 3.11\nnode 24.19.0", "24.19.0", ""},
		{"aligned", "pnpm    10.33.0\nnodejs  24.13.0\n", "24.13.0", ""},
		{"tabs and fallbacks", "nodejs\t22.15.0 20.0.0\n", "22.15.0", ""},
		{"comments", "# nodejs 1.0.0\nnodejs 22.16.0 # LTS\n", "22.16.0", ""},
		{"CRLF", "nodejs 18.15\r\n", "18.15", ""},
		{"doubled tool name", "nodejs nodejs 23.9.0\n", "nodejs", ""},
		{"no node line", "ruby 3.3.0\n", "", "not found"},
		{"no version", "nodejs\n", "", "without a version"},
		{"NUL", "nodejs 2\x000\n", "", "NUL"},
	})
}

func TestParsePackageJSON(t *testing.T) {
	cases := []struct {
		name, in, want string
		src            PinSource
		err            string // "" for success; want "" and no error: not found
	}{
		{"engines", `{"engines":{"node":">=20"}}`, ">=20", SourceEngines, ""},
		{"engines trimmed", `{"engines":{"node":" ^20.10.0 || ^22.0.0 "}}`, "^20.10.0 || ^22.0.0", SourceEngines, ""},
		{"volta beats engines", `{"engines":{"node":">=18"},"volta":{"node":"20.11.0"}}`, "20.11.0", SourceVolta, ""},
		{"devEngines beats volta", `{"volta":{"node":"20"},"devEngines":{"runtime":{"name":"node","version":"^22"}}}`, "^22", SourceDevEngines, ""},
		{"runtime array", `{"devEngines":{"runtime":[{"name":"bun","version":"1"},{"name":"node","version":"24.x"}]}}`, "24.x", SourceDevEngines, ""},
		{"runtime without node", `{"devEngines":{"runtime":{"name":"bun","version":"1"}},"engines":{"node":"22"}}`, "22", SourceEngines, ""},
		{"runtime node without version", `{"devEngines":{"runtime":{"name":"node"}},"volta":{"node":"20.9.0"}}`, "20.9.0", SourceVolta, ""},
		{"legacy devEngines.node", `{"devEngines":{"node":"4.x || 6.x"}}`, "4.x || 6.x", SourceDevEnginesNode, ""},
		{"BOM", "\uFEFF{\"engines\":{\"node\":\"20\"}}", "20", SourceEngines, ""},
		{"nested keys do not count", `{"dependencies":{"engines":{"node":"1"}},"name":"node"}`, "", "", ""},
		{"no node field", `{"name":"x","engines":{"npm":">=9"}}`, "", "", ""},
		{"blank engines.node", `{"engines":{"node":"  "}}`, "", "", ""},
		{"null fields", `{"engines":null,"volta":null,"devEngines":{"runtime":null}}`, "", "", ""},
		{"array engines skipped", `{"engines":["node >= 0.8.0"]}`, "", "", ""},
		{"string engines skipped", `{"engines":"node >= 0.4"}`, "", "", ""},
		{"invalid JSON", "{\n  \"engines\": {\n    \"node\": 20,,\n}", "", "", "invalid JSON at line 3"},
		{"empty file", "", "", "", "invalid JSON"},
		{"not an object", `["node"]`, "", "", "not a JSON object"},
		{"null document", `null`, "", "", "not a JSON object"},
		{"number engines.node", `{"engines":{"node":20}}`, "", "", "engines.node is not a string"},
		{"volta not an object", `{"volta":"20"}`, "", "", "volta is not a JSON object"},
		{"runtime not an object", `{"devEngines":{"runtime":"node"}}`, "", "", "not a JSON object"},
		{"UTF-16", "\xff\xfe{\x00}\x00", "", "", "UTF-16"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tok, src, found, err := ParsePackageJSON([]byte(tc.in))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("got %q %q %v, %v; want error containing %q", tok, src, found, err, tc.err)
				}
				return
			}
			if err != nil || tok != tc.want || src != tc.src || found != (tc.want != "") {
				t.Fatalf("got %q %q %v, %v; want %q %q", tok, src, found, err, tc.want, tc.src)
			}
		})
	}
}

// writePinTestFile creates path (and its folders) holding data.
func writePinTestFile(t testing.TB, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestReadPinFileErrorsNameTheFile(t *testing.T) {
	dir := t.TempDir()
	cases := []struct{ name, data, want string }{
		{".nvmrc", "../../bin\n", `invalid version spec "../../bin"`},
		{".nvmrc", "use 18.14.2\n", `invalid version spec "use 18.14.2"`},
		{".nvmrc", "", "no version"},
		{".nvmrc", "v16\x00", "NUL"},
		{".nvmrc", strings.Repeat("20\n", 1<<20), "larger than 64 KiB"},
		{".node-version", "16-alpine", `invalid version spec "16-alpine"`},
		{"package.json", `{"name":"x"}`, "no node version"},
		{"package.json", `{"engines":{"node":"lts"}}`, `engines.node: range "lts"`},
		{"package.json", `{`, "invalid JSON"},
		{"package.json", `{"x":"` + strings.Repeat("a", 1<<20) + `"}`, "larger than 1024 KiB"},
		{".tool-versions", "nodejs lts\n", `range "lts"`},
		{".tool-versions", "ruby 3.3.0\n", "no nodejs line"},
		{"pin.txt", "20\n", "not a pin file"},
	}
	for i, tc := range cases {
		path := filepath.Join(dir, string(rune('a'+i)), tc.name)
		writePinTestFile(t, path, tc.data)
		pin, err := ReadPinFile(path)
		if err == nil || !strings.HasPrefix(err.Error(), path+": ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ReadPinFile(%s holding %q) = %+v, %v; want an error naming the file, containing %q", tc.name, quoteShort(tc.data), pin, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("error is not one line: %q", err)
		}
	}
	missing := filepath.Join(dir, "missing", "package.json")
	if _, err := ReadPinFile(missing); !errors.Is(err, os.ErrNotExist) || !strings.HasPrefix(err.Error(), missing+": ") {
		t.Errorf("missing file: %v; want ErrNotExist, naming the file", err)
	}
	if err := os.Mkdir(filepath.Join(dir, ".nvmrc"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadPinFile(filepath.Join(dir, ".nvmrc")); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("a directory named .nvmrc: %v", err)
	}
}

func TestReadPinFile(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, data, raw string
		src             PinSource
		kind            SpecKind
	}{
		{".nvmrc", "# team default\nlts/iron\r\n", "lts/iron", SourceNvmrc, SpecLTSName},
		{".nvmrc", "v20.11.0", "v20.11.0", SourceNvmrc, SpecExact},
		{".node-version", "\uFEFF22\r\n", "22", SourceNodeVersion, SpecRange},
		{".tool-versions", "nodejs 24.19.0\n", "24.19.0", SourceToolVersions, SpecExact},
		{"package.json", `{"volta":{"node":"20.9.0"}}`, "20.9.0", SourceVolta, SpecExact},
		{"package.json", `{"engines":{"node":">=18 <21"}}`, ">=18 <21", SourceEngines, SpecRange},
		{"package.json", `{"engines":{"node":"*"}}`, "*", SourceEngines, SpecRange},
	}
	for i, tc := range cases {
		path := filepath.Join(dir, string(rune('a'+i)), tc.name)
		writePinTestFile(t, path, tc.data)
		pin, err := ReadPinFile(path)
		if err != nil {
			t.Errorf("ReadPinFile(%s %q): %v", tc.name, tc.data, err)
			continue
		}
		if pin.File != path || pin.Raw != tc.raw || pin.Source != tc.src || pin.Spec.Kind != tc.kind {
			t.Errorf("ReadPinFile(%s %q) = %+v; want raw %q, source %q, kind %d", tc.name, tc.data, pin, tc.raw, tc.src, tc.kind)
		}
	}
}
