package versions

import (
	"strings"
	"testing"
)

func TestParseSpec(t *testing.T) {
	tests := []struct {
		in     string
		kind   SpecKind
		str    string // String()
		detail string // Exact, Range.String(), LTSName or Name
	}{
		{"20.11.0", SpecExact, "v20.11.0", "v20.11.0"},
		{"v20.11.0", SpecExact, "v20.11.0", "v20.11.0"},
		{" V20.11.0\n", SpecExact, "v20.11.0", "v20.11.0"},
		{"v20.0.0-rc.1", SpecExact, "v20.0.0-rc.1", "v20.0.0-rc.1"},
		{"20", SpecRange, "20", ">=20.0.0 <21.0.0-0"},
		{"20.11", SpecRange, "20.11", ">=20.11.0 <20.12.0-0"},
		{"v20", SpecRange, "v20", ">=20.0.0 <21.0.0-0"},
		{"20.x", SpecRange, "20.x", ">=20.0.0 <21.0.0-0"},
		{"~20.11", SpecRange, "~20.11", ">=20.11.0 <20.12.0-0"},
		{"^20.1", SpecRange, "^20.1", ">=20.1.0 <21.0.0-0"},
		{">=18 <21", SpecRange, ">=18 <21", ">=18.0.0 <21.0.0-0"},
		{"18 || 20", SpecRange, "18 || 20", ">=18.0.0 <19.0.0-0||>=20.0.0 <21.0.0-0"},
		{"18 - 20", SpecRange, "18 - 20", ">=18.0.0 <21.0.0-0"},
		{"*", SpecRange, "*", "*"},
		{"x", SpecRange, "x", "*"},
		{"X", SpecRange, "X", "*"},
		{"=20.11.0", SpecRange, "=20.11.0", "20.11.0"},
		{"latest", SpecLatest, "latest", ""},
		{"Current", SpecLatest, "latest", ""},
		{"NODE", SpecLatest, "latest", ""},
		{"stable", SpecLatest, "latest", ""},
		{"lts", SpecLTS, "lts/*", ""},
		{"LTS/*", SpecLTS, "lts/*", ""},
		{"lts/iron", SpecLTSName, "lts/iron", "iron"},
		{"lts/Iron", SpecLTSName, "lts/iron", "iron"},
		{"lts/nope", SpecLTSName, "lts/nope", "nope"},
		{"lts/-1", SpecLTSOffset, "lts/-1", ""},
		{"lts/-12", SpecLTSOffset, "lts/-12", ""},
		{"system", SpecSystem, "system", ""},
		{"iron", SpecName, "iron", "iron"},
		{"Hydrogen", SpecName, "hydrogen", "hydrogen"},
		{"default", SpecName, "default", "default"},
		{"my-project_2.x", SpecName, "my-project_2.x", "my-project_2.x"},
		{"vX", SpecRange, "vX", "*"},
		{"velvet", SpecName, "velvet", "velvet"},
	}
	for _, tt := range tests {
		sp, err := ParseSpec(tt.in)
		if err != nil {
			t.Errorf("ParseSpec(%q): %v", tt.in, err)
			continue
		}
		var detail string
		switch sp.Kind {
		case SpecExact:
			detail = sp.Exact.String()
		case SpecRange:
			detail = sp.Range.String()
		case SpecLTSName:
			detail = sp.LTSName
		case SpecName:
			detail = sp.Name
		}
		if sp.Kind != tt.kind || sp.String() != tt.str || detail != tt.detail || sp.Raw != strings.TrimSpace(tt.in) {
			t.Errorf("ParseSpec(%q) = %v %q %q (raw %q), want %v %q %q", tt.in, sp.Kind, sp, detail, sp.Raw, tt.kind, tt.str, tt.detail)
		}
	}
	if sp, _ := ParseSpec("lts/-2"); sp.LTSOffset != 2 {
		t.Errorf("lts/-2 offset = %d", sp.LTSOffset)
	}
}

func TestParseSpecErrors(t *testing.T) {
	tests := []struct{ in, wantErr string }{
		{"", "invalid version spec: empty"},
		{" \t\n", "invalid version spec: empty"},
		{"../../bin", "never a path"},
		{"/usr/bin/node", "never a path"},
		{`C:\node`, "never a path"},
		{"node/20", "never a path"},
		{"./20", "never a path"},
		{"20\x00", "NUL byte"},
		{"20\x1b[31m", "control character"},
		{"20 \x7f", "control character"},
		{"ｖ20", "non-ASCII"},
		{strings.Repeat("1", 257), "257 bytes is over the limit of 256"},
		{"v.16.0.0", `invalid version spec "v.16.0.0": "v.16.0.0" is not a version`},
		{"22.12.0.", `unexpected "."`},
		{"1`8.17.1", "is not a version"},
		{"20.01", "leading zero"},
		{">=18 <foo", `"<foo" is not a version`},
		{"lts/", "want lts/*, lts/-N or lts/<codename>"},
		{"lts/-0", "want lts/-N"},
		{"lts/-01", "want lts/-N"},
		{"lts/-x", "want lts/-N"},
		{"lts/+1", "only letters"},
		{"lts/ir0n", "only letters"},
		{"lts/iron/x", "only letters"},
		{"my alias", "may hold only letters"},
		{"foo;rm", "may hold only letters"},
		{"nul", "reserved device name"},
		{"x.foo", "is not a version"},
		{"v1abc", "is not a version"},
		{"node.", "must not end with '.'"},
		{"a" + strings.Repeat("b", 64), "longer than 64"},
		{"$(reboot)", "is not a version"},
	}
	for _, tt := range tests {
		sp, err := ParseSpec(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ParseSpec(%q) = %v, %v; want an error containing %q", tt.in, sp.Kind, err, tt.wantErr)
			continue
		}
		if strings.ContainsAny(err.Error(), "\n\x00") {
			t.Errorf("ParseSpec(%q) error is not one clean line: %q", tt.in, err)
		}
	}
}

func TestValidAliasName(t *testing.T) {
	tests := []struct {
		name    string
		wantErr string // "" for valid
	}{
		{"default", ""},
		{"myproject", ""},
		{"my-project_2.0", ""},
		{"Iron", ""},
		{"v", ""},
		{strings.Repeat("a", 64), ""},
		{"", "empty"},
		{strings.Repeat("a", 65), "longer than 64"},
		{"lts", "keyword"},
		{"LTS", "keyword"},
		{"node", "keyword"},
		{"latest", "keyword"},
		{"current", "keyword"},
		{"stable", "keyword"},
		{"system", "keyword"},
		{"20", "must start with a letter"},
		{"v20.1", "mistyped version"},
		{"v20", "mistyped version"},
		{"x", "reads as a version range"},
		{"vx", "reads as a version range"},
		{"X", "reads as a version range"},
		{"..", "must start with a letter"},
		{".hidden", "must start with a letter"},
		{"-rf", "must start with a letter"},
		{"a/b", "may hold only letters"},
		{`a\b`, "may hold only letters"},
		{"a b", "may hold only letters"},
		{"name.", "must not end with '.'"},
		{"CON", "reserved device name"},
		{"com1.txt", "reserved device name"},
		{"lpt9", "reserved device name"},
		{"com10", ""},
		{"console", ""},
	}
	for _, tt := range tests {
		err := ValidAliasName(tt.name)
		if tt.wantErr == "" && err != nil {
			t.Errorf("ValidAliasName(%q) = %v, want nil", tt.name, err)
		}
		if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("ValidAliasName(%q) = %v, want an error containing %q", tt.name, err, tt.wantErr)
		}
		// A valid alias must come back from ParseSpec as that name, or
		// "nvmgo use NAME" could not find it.
		if err == nil {
			sp, perr := ParseSpec(tt.name)
			if perr != nil || sp.Kind != SpecName || sp.Name != strings.ToLower(tt.name) {
				t.Errorf("ParseSpec(valid alias %q) = %v %q, %v", tt.name, sp.Kind, sp.Name, perr)
			}
		}
	}
}

func FuzzParseSpec(f *testing.F) {
	for _, s := range []string{
		"20", "v20.11.0", "20.x", "~20.11", "^18.2 <18.20", ">=18 <21", "18 || 20", "18 - 20", "*",
		"latest", "lts/*", "lts/Iron", "lts/-1", "system", "iron", "default", "../../bin", "v.16.0.0",
		"22.12.0.", "1`8.17.1", "v20.0.0-rc.1", " 20 \n", "lts/-0", "nul", "x.1", "\x00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sp, err := ParseSpec(s)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("ParseSpec(%q) error has a newline: %q", s, err)
			}
			return
		}
		if strings.ContainsAny(sp.Raw, "/\\") && sp.Kind != SpecLTS && sp.Kind != SpecLTSName && sp.Kind != SpecLTSOffset {
			t.Fatalf("ParseSpec(%q) accepted a path-like spec as %v", s, sp.Kind)
		}
		text := sp.String()
		sp2, err := ParseSpec(text)
		if err != nil {
			t.Fatalf("ParseSpec(%q).String() = %q, which fails: %v", s, text, err)
		}
		if sp2.Kind != sp.Kind || sp2.String() != text {
			t.Fatalf("ParseSpec(%q) = %v %q; its String parses to %v %q", s, sp.Kind, text, sp2.Kind, sp2)
		}
		if sp.Kind == SpecName && ValidAliasName(sp.Name) != nil && !isKeyword(sp.Name) {
			t.Fatalf("ParseSpec(%q) gave name %q that ValidAliasName refuses: %v", s, sp.Name, ValidAliasName(sp.Name))
		}
	})
}

func isKeyword(s string) bool {
	switch s {
	case "lts", "latest", "current", "node", "stable", "system":
		return true
	}
	return false
}

func BenchmarkParseSpec(b *testing.B) {
	specs := []string{"20", "v20.11.0", "lts/iron", "^18.2 <18.20", "18 || 20", "default"}
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range specs {
			if _, err := ParseSpec(s); err != nil {
				b.Fatal(err)
			}
		}
	}
}
