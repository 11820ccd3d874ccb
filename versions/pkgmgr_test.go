package versions

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParsePackageManagerField(t *testing.T) {
	sha512 := strings.Repeat("ab", 64)
	tests := []struct {
		in, name, version, hash, err string
	}{
		{in: "pnpm@9.12.0", name: "pnpm", version: "9.12.0"},
		{in: "npm@10.9.0", name: "npm", version: "10.9.0"},
		{in: "yarn@4.5.1+sha512." + sha512, name: "yarn", version: "4.5.1", hash: "sha512." + sha512},
		{in: "yarn@1.22.22+sha1.ac34549e6aa8e7ead463a7407e1c7390f61a6610", name: "yarn", version: "1.22.22", hash: "sha1.ac34549e6aa8e7ead463a7407e1c7390f61a6610"},
		{in: "yarn@4.14.1+sha224.88b7a7244bbd9040380c417f7eb556d85c67640b651f113cb4c72113", name: "yarn", version: "4.14.1", hash: "sha224.88b7a7244bbd9040380c417f7eb556d85c67640b651f113cb4c72113"},
		{in: "pnpm@10.0.0+sha256." + strings.Repeat("0F", 32), name: "pnpm", version: "10.0.0", hash: "sha256." + strings.Repeat("0f", 32)},
		{in: "pnpm@10.0.0+sha384." + strings.Repeat("01", 48), name: "pnpm", version: "10.0.0", hash: "sha384." + strings.Repeat("01", 48)},
		{in: "pnpm@10.0.0-rc.1", name: "pnpm", version: "10.0.0-rc.1"},
		{in: "pnpm", err: "is not NAME@VERSION"},
		{in: "pnpm@", err: "is not NAME@VERSION"},
		{in: "@9.0.0", err: "is not NAME@VERSION"},
		{in: "bun@1.1.0", err: "unknown package manager"},
		{in: "pnpm@^9", err: "is not an exact version"},
		{in: "pnpm@9", err: "is not an exact version"},
		{in: "pnpm@v9.1.0", err: "is not an exact version"},
		{in: "pnpm@latest", err: "is not an exact version"},
		{in: "pnpm@9.1.0+md5.00112233445566778899aabbccddeeff", err: "is not <algo>.<hex>"},
		{in: "pnpm@9.1.0+sha512", err: "is not <algo>.<hex>"},
		{in: "pnpm@9.1.0+sha512.abcd", err: "sha512 hash is not 128 hex digits"},
		{in: "pnpm@9.1.0+sha1." + strings.Repeat("zz", 20), err: "sha1 hash is not 40 hex digits"},
	}
	for _, tt := range tests {
		name, version, hash, err := ParsePackageManagerField(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: err = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || name != tt.name || version != tt.version || hash.String() != tt.hash {
			t.Errorf("%q = %q %q %q %v, want %q %q %q", tt.in, name, version, hash, err, tt.name, tt.version, tt.hash)
		}
	}
}

func TestParsePMProject(t *testing.T) {
	tests := []struct {
		json  string
		found bool
		tool  string
		// want: name version range-probe onFail
		name, version, onFail string
		inRange, outRange     string
		err                   string
	}{
		{json: `{"name":"x"}`},
		{json: `{"packageManager":"pnpm@9.12.0"}`, found: true, tool: "pnpm", name: "pnpm", version: "9.12.0", onFail: "download"},
		{json: "\uFEFF" + `{"packageManager":" npm@10.9.0 "}`, found: true, tool: "npm", name: "npm", version: "10.9.0", onFail: "download"},
		{json: `{"devEngines":{"packageManager":{"name":"pnpm","version":"^10.0.0","onFail":"download"}}}`, found: true, tool: "pnpm",
			name: "pnpm", onFail: "download", inRange: "10.4.1", outRange: "11.0.0"},
		{json: `{"devEngines":{"packageManager":{"name":"pnpm","version":"^11.x"}}}`, found: true, tool: "pnpm",
			name: "pnpm", onFail: "error", inRange: "11.2.0", outRange: "10.9.0"},
		{json: `{"devEngines":{"packageManager":{"name":"yarn"}}}`, found: true, tool: "yarn", name: "yarn", onFail: "error", inRange: "1.22.22"},
		{json: `{"devEngines":{"packageManager":[{"name":"yarn","version":"4"},{"name":"pnpm","version":"9","onFail":"warn"}]}}`, found: true, tool: "pnpm",
			name: "pnpm", onFail: "warn", inRange: "9.15.0", outRange: "4.0.0"},
		{json: `{"devEngines":{"packageManager":[{"name":"yarn","version":"4"},{"name":"pnpm","version":"9"}]}}`, found: true, tool: "npm",
			name: "yarn", onFail: "error", inRange: "4.5.1", outRange: "9.0.0"},
		{json: `{"packageManager":"pnpm@9.12.0","devEngines":{"packageManager":{"name":"pnpm","version":"^9","onFail":"ignore"}}}`, found: true, tool: "pnpm",
			name: "pnpm", version: "9.12.0", onFail: "ignore"},
		{json: `{"packageManager":"yarn@4.5.1","devEngines":{"packageManager":[{"name":"pnpm"},{"name":"yarn","version":">=4"}]}}`, found: true, tool: "pnpm",
			name: "yarn", version: "4.5.1", onFail: "download"},
		{json: `{"packageManager":"pnpm@9.12.0","devEngines":{"packageManager":{"name":"pnpm","version":"^10"}}}`,
			err: "packageManager pnpm@9.12.0 does not satisfy devEngines.packageManager pnpm@^10; make them agree"},
		{json: `{"packageManager":"pnpm@9.12.0","devEngines":{"packageManager":[{"name":"yarn"},{"name":"npm"}]}}`,
			err: "packageManager pnpm@9.12.0 is not in devEngines.packageManager (yarn, npm)"},
		{json: `{"packageManager":"pnpm@^9"}`, err: "packageManager: \"pnpm@^9\": \"^9\" is not an exact version"},
		{json: `{"packageManager":42}`, err: "packageManager is not a string"},
		{json: `{"devEngines":{"packageManager":{"version":"9"}}}`, err: "has no name"},
		{json: `{"devEngines":{"packageManager":{"name":"bun"}}}`, err: "unknown package manager \"bun\""},
		{json: `{"devEngines":{"packageManager":{"name":"pnpm","version":"^^9"}}}`, err: "devEngines.packageManager: pnpm: range"},
		{json: `{"devEngines":{"packageManager":{"name":"pnpm","onFail":"explode"}}}`, err: "onFail \"explode\" is not error, warn, ignore or download"},
		{json: `{"devEngines":{"packageManager":"pnpm"}}`, err: "entry is not a JSON object"},
		{json: `[1]`, err: "not a JSON object"},
	}
	for _, tt := range tests {
		p, found, err := ParsePMProject([]byte(tt.json))
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: err = %v, want %q", tt.json, err, tt.err)
			}
			continue
		}
		if err != nil || found != tt.found {
			t.Errorf("%s: found %v err %v, want found %v", tt.json, found, err, tt.found)
			continue
		}
		if !found {
			continue
		}
		c := p.Choose(tt.tool)
		if c.Name != tt.name || c.Version != tt.version || c.OnFail != tt.onFail {
			t.Errorf("%s: Choose(%s) = %s %q %s, want %s %q %s", tt.json, tt.tool, c.Name, c.Version, c.OnFail, tt.name, tt.version, tt.onFail)
		}
		for probe, want := range map[string]bool{tt.inRange: true, tt.outRange: false} {
			if probe == "" {
				continue
			}
			if got := c.Range.Contains(pmVersion(t, probe)); got != want {
				t.Errorf("%s: range contains %s = %v, want %v", tt.json, probe, got, want)
			}
		}
	}
}

func pmVersion(t *testing.T, s string) Version {
	t.Helper()
	v, err := ParseVersion(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestFindPMProject(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b", "c")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(root, "package.json"), `{"packageManager":"yarn@1.22.22"}`)
	write(filepath.Join(root, "a", "b", "package.json"), `{"name":"no pin here"}`)
	p, found, err := FindPMProject(deep)
	if err != nil || !found || p.File != filepath.Join(root, "package.json") || p.Manager.Version != "1.22.22" {
		t.Fatalf("walk past an unpinned package.json: %+v %v %v", p, found, err)
	}
	write(filepath.Join(root, "a", "package.json"), `{"packageManager":"pnpm@9.12.0"}`)
	if p, _, _ := FindPMProject(deep); p.Manager.Name != "pnpm" {
		t.Fatalf("nearest pin should win, got %+v", p)
	}
	write(filepath.Join(root, "a", "b", "package.json"), `{"packageManager":`)
	if _, _, err := FindPMProject(deep); err == nil || !strings.Contains(err.Error(), filepath.Join(root, "a", "b", "package.json")) {
		t.Fatalf("broken package.json: err = %v, want one naming it", err)
	}
	if _, found, err := FindPMProject(t.TempDir()); found || err != nil {
		t.Fatalf("no package.json: found %v err %v", found, err)
	}
}
