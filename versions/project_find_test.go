package versions

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pinTree creates files (relative path -> content) under a new temporary
// folder and returns the folder.
func pinTree(t testing.TB, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for rel, data := range files {
		if strings.HasSuffix(rel, "/") {
			if err := os.MkdirAll(filepath.Join(root, rel), 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		writePinTestFile(t, filepath.Join(root, filepath.FromSlash(rel)), data)
	}
	return root
}

func TestFindPin(t *testing.T) {
	if _, found, err := FindPin(filepath.Dir(t.TempDir())); found || err != nil {
		t.Skipf("a pin above the test's temporary folder would decide the walk: found=%v err=%v", found, err)
	}
	cases := []struct {
		name  string
		files map[string]string
		from  string // relative to the tree's root
		file  string // the pin's file, relative; "" for not found
		raw   string
		src   PinSource
	}{
		{"nested dirs", map[string]string{".nvmrc": "20\n", "a/b/c/d/": ""}, "a/b/c/d", ".nvmrc", "20", SourceNvmrc},
		{"in the dir itself", map[string]string{"a/.nvmrc": "22"}, "a", "a/.nvmrc", "22", SourceNvmrc},
		{".node-version beats .nvmrc", map[string]string{".nvmrc": "20\n", ".node-version": "22\n", "a/": ""}, "a", ".node-version", "22", SourceNodeVersion},
		{".nvmrc beats package.json", map[string]string{".nvmrc": "20\n", "package.json": `{"engines":{"node":"22"}}`}, ".", ".nvmrc", "20", SourceNvmrc},
		{"a range below a pin is no pin", map[string]string{".node-version": "20\n", "a/package.json": `{"engines":{"node":">=18"}}`, "a/b/": ""}, "a/b", ".node-version", "20", SourceNodeVersion},
		{"an exact pin outside the ranges is passed over", map[string]string{".nvmrc": "22\n", "a/.node-version": "16.20.2", "a/b/package.json": `{"engines":{"node":">=18"}}`}, "a/b", ".nvmrc", "22", SourceNvmrc},
		{"only ranges", map[string]string{"package.json": `{"engines":{"node":">=18"}}`, "a/b/": ""}, "a/b", "package.json", ">=18", SourceEngines},
		{"ranges met on the way, joined", map[string]string{"package.json": `{"engines":{"node":"^20 || ^22"}}`, "a/package.json": `{"engines":{"node":">=20.5"}}`}, "a", "a/package.json", ">=20.5.0 >=20.0.0 <21.0.0-0||>=20.5.0 >=22.0.0 <23.0.0-0", SourceEngines},
		{"volta beats engines in one file", map[string]string{"package.json": `{"volta":{"node":"22.12.0"},"engines":{"node":">=18"}}`}, ".", "package.json", "22.12.0", SourceVolta},
		{"exact devEngines.runtime is a pin", map[string]string{"package.json": `{"devEngines":{"runtime":{"name":"node","version":"22.12.0"}}}`}, ".", "package.json", "22.12.0", SourceDevEngines},
		{"empty .node-version is skipped", map[string]string{".nvmrc": "20\n", "a/.node-version": "\n"}, "a", ".nvmrc", "20", SourceNvmrc},
		{"package.json that is not JSON is skipped", map[string]string{".nvmrc": "20\n", "a/package.json": `{"engines":`}, "a", ".nvmrc", "20", SourceNvmrc},
		{"package.json without node fields is skipped", map[string]string{".nvmrc": "lts/*\n", "a/package.json": `{"name":"a","engines":{"npm":">=9"}}`, "a/b/package.json": `{"engines":["node >= 0.8"]}`}, "a/b", ".nvmrc", "lts/*", SourceNvmrc},
		{"directory named .nvmrc is skipped", map[string]string{".nvmrc": "20\n", "a/.nvmrc/": ""}, "a", ".nvmrc", "20", SourceNvmrc},
		{"volta in package.json", map[string]string{"package.json": `{"volta":{"node":"20.9.0"}}`, "src/components/": ""}, "src/components", "package.json", "20.9.0", SourceVolta},
		{"nothing", map[string]string{"a/b/": "", "a/package.json": `{"name":"a"}`}, "a/b", "", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := pinTree(t, tc.files)
			pin, found, err := FindPin(filepath.Join(root, filepath.FromSlash(tc.from)))
			if err != nil {
				t.Fatal(err)
			}
			if tc.file == "" {
				if found {
					t.Fatalf("found %+v; want nothing", pin)
				}
				return
			}
			want := filepath.Join(root, filepath.FromSlash(tc.file))
			if !found || pin.File != want || pin.Raw != tc.raw || pin.Source != tc.src {
				t.Fatalf("FindPin = %+v, %v; want %s %q from %q", pin, found, want, tc.raw, tc.src)
			}
		})
	}
}

func TestFindPinErrorStopsTheWalk(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		bad   string // the file the error must name
	}{
		{"invalid .nvmrc decides", map[string]string{".nvmrc": "20\n", "a/.nvmrc": "../../bin\n"}, "a/.nvmrc"},
		{"package.json that is no object", map[string]string{".nvmrc": "20\n", "a/package.json": "[]"}, "a/package.json"},
		{"invalid range in a constraint", map[string]string{".nvmrc": "20\n", "a/package.json": `{"engines":{"node":"x.1"}}`}, "a/package.json"},
		{"engines.node nobody can read", map[string]string{".nvmrc": "20\n", "a/package.json": `{"engines":{"node":"12.x, 14.x"}}`}, "a/package.json"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := pinTree(t, tc.files)
			pin, found, err := FindPin(filepath.Join(root, "a"))
			bad := filepath.Join(root, filepath.FromSlash(tc.bad))
			if err == nil || found || !strings.HasPrefix(err.Error(), bad+": ") {
				t.Fatalf("FindPin = %+v, %v, %v; want an error naming %s", pin, found, err, bad)
			}
		})
	}
}

func TestFindPinWarnSkipsEmptyAndBrokenFiles(t *testing.T) {
	root := pinTree(t, map[string]string{
		".nvmrc":            "lts/*\n",
		"a/package.json":    "{\"engines\": {\"node\": \">=18\",\n}",
		"a/b/.nvmrc":        "# only a comment\n",
		"a/b/.node-version": "",
	})
	pin, found, warnings, err := FindPinWarn(filepath.Join(root, "a", "b"))
	if err != nil || !found || pin.File != filepath.Join(root, ".nvmrc") {
		t.Fatalf("FindPinWarn = %+v, %v, %v", pin, found, err)
	}
	want := []string{
		filepath.Join(root, "a", "b", ".node-version") + ": no version in the file; skipped",
		filepath.Join(root, "a", "b", ".nvmrc") + ": no version in the file; skipped",
		filepath.Join(root, "a", "package.json") + ": invalid JSON at line 2",
	}
	if len(warnings) != len(want) {
		t.Fatalf("warnings = %v; want %d", warnings, len(want))
	}
	for i, w := range warnings {
		if !strings.HasPrefix(w.Error(), want[i]) || strings.Contains(w.Error(), "\n") {
			t.Errorf("warning %d = %q; want one line starting %q", i, w, want[i])
		}
	}
}

func TestWalkConstraints(t *testing.T) {
	root := pinTree(t, map[string]string{
		".nvmrc":             "16\n",
		"a/.node-version":    "18.20.8\n",
		"a/b/package.json":   `{"devEngines":{"runtime":{"name":"node","version":"^20 || ^22"}},"engines":{"node":">=18"}}`,
		"a/b/c/package.json": `{"name":"c"}`,
	})
	w, err := NewWalk(filepath.Join(root, "a", "b", "c"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		pin, found, err := w.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !found {
			break
		}
		got = append(got, pin.Raw)
	}
	if strings.Join(got, ",") != "18.20.8,16" {
		t.Errorf("pins = %q; want 18.20.8 then 16", got)
	}
	if len(w.Constraints) != 2 || w.Constraints[0].Source != SourceDevEngines || w.Constraints[1].Source != SourceEngines {
		t.Fatalf("constraints = %+v", w.Constraints)
	}
	for v, want := range map[string]bool{"20.1.0": true, "22.12.0": true, "18.20.8": false, "24.0.0": false} {
		if got := Allows(w.Constraints, mustVersion(t, v)); got != want {
			t.Errorf("Allows(%s) = %v, want %v", v, got, want)
		}
		if got := AllOf(w.Constraints).Contains(mustVersion(t, v)); got != want {
			t.Errorf("AllOf contains %s = %v, want %v", v, got, want)
		}
	}
	if s := w.Constraints[0].String(); s != "^20 || ^22 ("+filepath.Join(root, "a", "b", "package.json")+" devEngines.runtime)" {
		t.Errorf("Constraint.String = %q", s)
	}
}

func mustVersion(t *testing.T, s string) Version {
	t.Helper()
	v, err := ParseVersion(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestFindPinRelativeDir(t *testing.T) {
	root := pinTree(t, map[string]string{".nvmrc": "lts/jod\n", "a/b/": ""})
	t.Chdir(filepath.Join(root, "a"))
	pin, found, err := FindPin("b")
	if err != nil || !found {
		t.Fatalf("FindPin: %v %v", found, err)
	}
	// t.TempDir may sit behind a symlink (macOS /var); compare what the OS resolves.
	if !filepath.IsAbs(pin.File) || filepath.Base(pin.File) != ".nvmrc" || pin.Raw != "lts/jod" {
		t.Fatalf("pin = %+v; want the absolute path of %s", pin, filepath.Join(root, ".nvmrc"))
	}
}

func FuzzReadPin(f *testing.F) {
	for _, s := range []string{
		"20\n", "lts/*\r\n", "# c\nv22.12.0\n", "a=1\n18\n", "=\n", "node=1\n20",
		"\uFEFF20", "\xff\xfe2\x00", "<<<<<<< x\n", "nodejs 20\n", "node\tlts # c",
		`{"engines":{"node":">=20"}}`, `{"devEngines":{"runtime":[{"name":"node","version":"^22"}]}}`,
		`{"devEngines":{"node":"4.x"},"volta":{"node":"20.9.0"}}`, `{"engines":["node"]}`,
	} {
		f.Add([]byte(s))
	}
	for _, e := range loadPins(f) {
		_, data, _ := pinEntryFile(f, e)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		check := func(src PinSource, tok string, err error) {
			if err != nil {
				if strings.Contains(err.Error(), "\n") {
					t.Fatalf("%s: error is not one line: %q", src, err)
				}
				return
			}
			trimmed := trimJS(tok)
			if src == SourceNvmrc {
				trimmed = strings.Trim(tok, posixSpace)
			}
			if tok == "" || trimmed != tok {
				t.Fatalf("%s: token %q is empty or untrimmed", src, tok)
			}
			// Only a JSON string can carry "\n" or NUL in a token.
			if !strings.HasPrefix(string(src), "package.json") && strings.ContainsAny(tok, "\n\x00") {
				t.Fatalf("%s: token %q spans lines or holds NUL", src, tok)
			}
			if src == SourceNvmrc && strings.Contains(tok, "#") {
				t.Fatalf("%s: comment left in token %q", src, tok)
			}
			_, _ = pinSpec(src, tok) // must not panic
		}
		tok, err := ParseNvmrc(data)
		check(SourceNvmrc, tok, err)
		tok, err = ParseNodeVersion(data)
		check(SourceNodeVersion, tok, err)
		tok, found, err := ParseToolVersions(data)
		if found || err != nil {
			check(SourceToolVersions, tok, err)
		}
		tok, src, found, err := ParsePackageJSON(data)
		if found || err != nil {
			check(src, tok, err)
		}
	})
}

func BenchmarkFindPin10Levels(b *testing.B) {
	deps := strings.Repeat(`"left-pad-xx": "^1.3.0", `, 60)
	pkg := `{"name":"app","version":"1.0.0","dependencies":{` + deps + `"x":"1"},"engines":{"node":">=20"}}`
	deep := strings.Repeat("level/", 10)
	for _, bc := range []struct{ name, pin string }{{"nvmrc", ".nvmrc"}, {"package.json", ""}} {
		b.Run(bc.name, func(b *testing.B) {
			files := map[string]string{"package.json": pkg, deep: ""}
			if bc.pin != "" {
				files[bc.pin] = "# team default\nlts/iron\n"
			}
			root := pinTree(b, files)
			wd := filepath.Join(root, filepath.FromSlash(deep))
			b.ReportAllocs()
			for b.Loop() {
				if _, found, err := FindPin(wd); !found || err != nil {
					b.Fatal(found, err)
				}
			}
		})
	}
}

func TestFindPinSymlinks(t *testing.T) {
	root := pinTree(t, map[string]string{"shared/.node-version": "22\n", "app/src/": ""})
	if err := os.Symlink(filepath.Join("..", "shared", ".node-version"), filepath.Join(root, "app", ".nvmrc")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	pin, found, err := FindPin(filepath.Join(root, "app", "src"))
	if err != nil || !found || pin.Raw != "22" || pin.File != filepath.Join(root, "app", ".nvmrc") {
		t.Fatalf("linked .nvmrc: %+v %v %v", pin, found, err)
	}
	loop := filepath.Join(root, "loop", ".nvmrc")
	if err := os.MkdirAll(filepath.Dir(loop), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(".nvmrc", loop); err != nil {
		t.Fatal(err)
	}
	if _, _, err := FindPin(filepath.Dir(loop)); err == nil || !strings.HasPrefix(err.Error(), loop+": ") {
		t.Fatalf("symlink loop: %v; want an error naming %s", err, loop)
	}
}
