package versions

import (
	"strings"
	"testing"
)

// TestParseRangeString checks the reduced form against node-semver 7's own
// range-parse fixtures (test/fixtures/range-parse.js, the cases without
// loose or includePrerelease), plus edge cases of the limits.
func TestParseRangeString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1.0.0 - 2.0.0", ">=1.0.0 <=2.0.0"},
		{"1 - 2", ">=1.0.0 <3.0.0-0"},
		{"1.0 - 2.0", ">=1.0.0 <2.1.0-0"},
		{"1.0.0", "1.0.0"},
		{">=*", "*"},
		{"", "*"},
		{"*", "*"},
		{">=1.0.0", ">=1.0.0"},
		{">1.0.0", ">1.0.0"},
		{"<=2.0.0", "<=2.0.0"},
		{"1", ">=1.0.0 <2.0.0-0"},
		{"<2.0.0", "<2.0.0"},
		{">= 1.0.0", ">=1.0.0"},
		{">=   1.0.0", ">=1.0.0"},
		{"> 1.0.0", ">1.0.0"},
		{"<=  2.0.0", "<=2.0.0"},
		{"<    2.0.0", "<2.0.0"},
		{"<\t2.0.0", "<2.0.0"},
		{">=0.1.97", ">=0.1.97"},
		{"0.1.20 || 1.2.4", "0.1.20||1.2.4"},
		{">=0.2.3 || <0.0.1", ">=0.2.3||<0.0.1"},
		{"||", "*"},
		{"2.x.x", ">=2.0.0 <3.0.0-0"},
		{"1.2.x", ">=1.2.0 <1.3.0-0"},
		{"1.2.x || 2.x", ">=1.2.0 <1.3.0-0||>=2.0.0 <3.0.0-0"},
		{"x", "*"},
		{"2.*.*", ">=2.0.0 <3.0.0-0"},
		{"1.2.* || 2.*", ">=1.2.0 <1.3.0-0||>=2.0.0 <3.0.0-0"},
		// semver 7.8.5 refuses a number after a wildcard only in x-ranges:
		// after ~ and ^ and in hyphen ranges the wildcard still wins.
		{"~1.x.5", ">=1.0.0 <2.0.0-0"},
		{"^1.x.5", ">=1.0.0 <2.0.0-0"},
		{"x.1 - 2", "<3.0.0-0"},
		{"~x.1", "*"},
		{"2", ">=2.0.0 <3.0.0-0"},
		{"2.3", ">=2.3.0 <2.4.0-0"},
		{"~2.4", ">=2.4.0 <2.5.0-0"},
		{"~>3.2.1", ">=3.2.1 <3.3.0-0"},
		{"~1", ">=1.0.0 <2.0.0-0"},
		{"~>1", ">=1.0.0 <2.0.0-0"},
		{"~> 1", ">=1.0.0 <2.0.0-0"},
		{"~1.0", ">=1.0.0 <1.1.0-0"},
		{"~ 1.0", ">=1.0.0 <1.1.0-0"},
		{"^0", "<1.0.0-0"},
		{"^ 1", ">=1.0.0 <2.0.0-0"},
		{"^0.1", ">=0.1.0 <0.2.0-0"},
		{"^1.0", ">=1.0.0 <2.0.0-0"},
		{"^1.2", ">=1.2.0 <2.0.0-0"},
		{"^0.0.1", ">=0.0.1 <0.0.2-0"},
		{"^0.0.1-beta", ">=0.0.1-beta <0.0.2-0"},
		{"^0.1.2", ">=0.1.2 <0.2.0-0"},
		{"^1.2.3", ">=1.2.3 <2.0.0-0"},
		{"^1.2.3-beta.4", ">=1.2.3-beta.4 <2.0.0-0"},
		{"<1", "<1.0.0-0"},
		{"< 1", "<1.0.0-0"},
		{">=1", ">=1.0.0"},
		{">= 1", ">=1.0.0"},
		{"<1.2", "<1.2.0-0"},
		{"< 1.2", "<1.2.0-0"},
		{"^ 1.2 ^ 1", ">=1.2.0 <2.0.0-0 >=1.0.0"},
		{"1.2 - 3.4.5", ">=1.2.0 <=3.4.5"},
		{"1.2.3 - 3.4", ">=1.2.3 <3.5.0-0"},
		{"1.2 - 3.4", ">=1.2.0 <3.5.0-0"},
		{">1", ">=2.0.0"},
		{">1.2", ">=1.3.0"},
		{">X", "<0.0.0-0"},
		{"<X", "<0.0.0-0"},
		{"<x <* || >* 2.x", "<0.0.0-0"},
		{">x 2.x || * || <x", "*"},
		// Beyond the fixtures: caret on 0.0.x, <=, =, build metadata, V.
		{"^0.0", "<0.1.0-0"},
		{"^0.0.3", ">=0.0.3 <0.0.4-0"},
		{"<=1.2", "<1.3.0-0"},
		{"<=1", "<2.0.0-0"},
		{"=1.2.3", "1.2.3"},
		{"=1.2", ">=1.2.0 <1.3.0-0"},
		{"^1.2.3+build.5", ">=1.2.3 <2.0.0-0"},
		{"V20 || v18.1", ">=20.0.0 <21.0.0-0||>=18.1.0 <18.2.0-0"},
		{">=18 <21", ">=18.0.0 <21.0.0-0"},
		{"1.2.3-rc.1 - 2.0.0-rc.2", ">=1.2.3-rc.1 <=2.0.0-rc.2"},
		// At the number limit the bound carries instead of overflowing.
		{"^9007199254740991", ">=9007199254740991.0.0"},
		{"~1.9007199254740991", ">=1.9007199254740991.0 <2.0.0-0"},
		{">9007199254740991", "<0.0.0-0"},
		{"<=9007199254740991", "*"},
		{"<=9007199254740991.1", "<9007199254740991.2.0-0"},
	}
	for _, tt := range tests {
		r, err := ParseRange(tt.in)
		if err != nil {
			t.Errorf("ParseRange(%q): %v", tt.in, err)
			continue
		}
		if got := r.String(); got != tt.want {
			t.Errorf("ParseRange(%q).String() = %q, want %q", tt.in, got, tt.want)
		}
		r2, err := ParseRange(r.String())
		if err != nil || r2.String() != r.String() {
			t.Errorf("ParseRange(%q) does not parse back: %q, %v", r.String(), r2, err)
		}
	}
}

func TestParseRangeErrors(t *testing.T) {
	tests := []struct{ in, wantErr string }{
		{">01.02.03", "leading zero"},
		{"~1.2.3beta", `unexpected "beta"`},
		{"1.0.0beta", `unexpected "beta"`},
		{"not a version", `"not" is not a version`},
		{">=", `">=" has no version after it`},
		{">=18 <", `"<" has no version after it`},
		{"1.2.3.4", `unexpected ".4"`},
		{">=1.2.3<2", `unexpected "<2"`},
		{"1 - 2 - 3", `"-" is not a version`},
		{"1 -2", `"-2" is not a version`},
		{">=1 - 2", `">=1" is not a version`},
		{"1.2-beta", `unexpected "-beta"`},
		{"1.2.3-", "empty prerelease"},
		{"1.2.3+", "bad build metadata"},
		{"1 | 2", `"|" is not a version`},
		{"^=1.2", `"^=1.2" is not a version: want a number at "=1.2"`},
		{"vv1", `"vv1" is not a version`},
		{"9007199254740992", "too large"},
		{"1.2.3 ~", `"~" has no version after it`},
		{strings.Repeat("1 ", 600), "over the limit"},
		// node-semver 7.8.4's range-parse fixtures: a number after a
		// wildcard makes the range invalid (7.8.3 read "x.1" as "*").
		{"1.x.5", `"1.x.5" is not a version: a number after a wildcard`},
		{"1.*.5", "a number after a wildcard"},
		{"1.x.5 || 2.x", "a number after a wildcard"},
		{"x.1", "a number after a wildcard"},
		{"x.1.2", "a number after a wildcard"},
		{"x.x.1", "a number after a wildcard"},
		{">=x.1", "a number after a wildcard"},
		{"<1.X.0", "a number after a wildcard"},
		{"18.x.5", "a number after a wildcard"},
		{"1.x.x-beta.1 <x.1", "a number after a wildcard"},
	}
	for _, tt := range tests {
		_, err := ParseRange(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ParseRange(%q) error = %v, want it to contain %q", tt.in, err, tt.wantErr)
		}
	}
}

// TestRangeContains uses node-semver's range-include and range-exclude
// fixtures (non-loose, without includePrerelease) and a few more.
func TestRangeContains(t *testing.T) {
	tests := []struct {
		rng, version string
		want         bool
	}{
		{"1.0.0 - 2.0.0", "1.2.3", true},
		{"^1.2.3+build", "1.2.3", true},
		{"^1.2.3+build", "1.3.0", true},
		{"1.2.3-pre+asdf - 2.4.3-pre+asdf", "1.2.3", true},
		{"1.2.3-pre+asdf - 2.4.3-pre+asdf", "1.2.3-pre.2", true},
		{"1.2.3-pre+asdf - 2.4.3-pre+asdf", "2.4.3-alpha", true},
		{"1.2.3+asdf - 2.4.3+asdf", "1.2.3", true},
		{"1.0.0", "1.0.0", true},
		{">=*", "0.2.4", true},
		{"", "1.0.0", true},
		{"<=2.0.0", "1.9999.9999", true},
		{"<\t2.0.0", "0.2.9", true},
		{">=0.2.3 || <0.0.1", "0.0.0", true},
		{">=0.2.3 || <0.0.1", "0.2.3", true},
		{"||", "1.3.4", true},
		{"1.2.x || 2.x", "2.1.3", true},
		{"~0.0.1", "0.0.2", true},
		{"~x", "0.0.9", true},
		{"~2", "2.0.9", true},
		{"~ 1.0.3", "1.0.12", true},
		{"~v0.5.4-pre", "0.5.5", true},
		{"~v0.5.4-pre", "0.5.4", true},
		{"=0.7.x", "0.7.2", true},
		{"<=0.7.x", "0.7.2", true},
		{"<=0.7.x", "0.6.2", true},
		{"~1.2.1 =1.2.3", "1.2.3", true},
		{"~1.2.1 >=1.2.3 1.2.3", "1.2.3", true},
		{"^0.1", "0.1.2", true},
		{"^1.2 ^1", "1.4.2", true},
		{"^1.2.3-alpha", "1.2.3-pre", true},
		{"^1.2.0-alpha", "1.2.0-pre", true},
		{"^0.0.1-alpha", "0.0.1-beta", true},
		{"^0.0.1-alpha", "0.0.1", true},
		{"^0.1.1-alpha", "0.1.1-beta", true},
		{"^x", "1.2.3", true},
		{"x - 1.0.0", "0.9.7", true},
		{"x - 1.x", "0.9.7", true},
		{"1.0.0 - x", "1.9.7", true},
		{"1.x - x", "1.9.7", true},
		{"<=7.x", "7.9.9", true},

		{"1.0.0 - 2.0.0", "2.2.3", false},
		{"1.2.3+asdf - 2.4.3+asdf", "1.2.3-pre.2", false},
		{"1.2.3+asdf - 2.4.3+asdf", "2.4.3-alpha", false},
		{"^1.2.3+build", "2.0.0", false},
		{"^1.2.3+build", "1.2.0", false},
		{"^1.2.3", "1.2.3-pre", false},
		{"^1.2", "1.2.0-pre", false},
		{">1.2", "1.3.0-beta", false},
		{"<=1.2.3", "1.2.3-beta", false},
		{"=0.7.x", "0.7.0-asdf", false},
		{">=0.7.x", "0.7.0-asdf", false},
		{"<=2.0.0", "2.9999.9999", false},
		{"<2.0.0", "2.2.9", false},
		{"0.1.20 || 1.2.4", "1.2.3", false},
		{">=0.2.3 || <0.0.1", "0.0.3", false},
		{"1.2.* || 2.*", "1.1.3", false},
		{"~0.0.1", "0.1.0-alpha", false},
		{"~0.0.1", "0.1.0", false},
		{"~>3.2.1", "3.3.2", false},
		{"~>3.2.1", "3.2.0", false},
		{"~1.0", "1.1.0", false},
		{"<1", "1.0.0", false},
		{"~v0.5.4-beta", "0.5.4-alpha", false},
		{"<0.7.x", "0.7.2", false},
		{"<1.2.3", "1.2.3-beta", false},
		{"=1.2.3", "1.2.3-beta", false},
		{">1.2", "1.2.8", false},
		{"^0.0.1", "0.0.2-alpha", false},
		{"^0.0.1", "0.0.2", false},
		{"^1.2.3", "2.0.0-alpha", false},
		{"^1.2.3", "1.2.2", false},
		{"*", "1.2.3-foo", false},
		{"^1.0.0", "2.0.0-rc1", false},
		// Node versions: the prerelease rule keeps rc builds out of "^20".
		{"^20", "20.1.0-rc.1", false},
		{"20.x", "21.0.0-rc.1", false},
		{">=20.0.0-rc.1", "20.0.0-rc.2", true},
		{">=20.0.0-rc.1", "20.1.0-rc.1", false},
		{">=20.0.0-rc.1", "20.1.0", true},
		{"^0.0", "0.0.9", true},
		{"^0.0", "0.1.0", false},
		{"18 || 20", "19.9.0", false},
		{"18 || 20", "20.20.2", true},
	}
	for _, tt := range tests {
		r, err := ParseRange(tt.rng)
		if err != nil {
			t.Errorf("ParseRange(%q): %v", tt.rng, err)
			continue
		}
		v, err := ParseVersion(tt.version)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Contains(v); got != tt.want {
			t.Errorf("ParseRange(%q) = %s; Contains(%s) = %v, want %v", tt.rng, r, v, got, tt.want)
		}
	}
	if (Range{}).Contains(Version{Major: 1}) {
		t.Error("the zero Range contains v1.0.0")
	}
}

func FuzzParseRange(f *testing.F) {
	for _, s := range []string{
		"", "*", "x", "20", "v20.1", "^1.2.3-beta.4", "~0.0.1", ">= 1.2 <2", "1 - 2", "1.2.3 - 2.x",
		"18 || 20", "||", ">x 2.x || * || <x", "^9007199254740991", "<=1.9007199254740991",
		"1.2.3-rc.1+build.7", "~> 1", "=0.7.x", "<\t2.0.0",
	} {
		f.Add(s)
	}
	probes := []Version{{}, {0, 0, 1, ""}, {1, 2, 3, ""}, {1, 2, 3, "beta"}, {2, 0, 0, "0"}, {20, 11, 0, ""}, {1<<53 - 1, 0, 0, ""}}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRange(s)
		if err != nil {
			if r.String() != "" {
				t.Errorf("failed parse returned a range %q", r)
			}
			return
		}
		text := r.String()
		r2, err := ParseRange(text)
		if err != nil {
			t.Fatalf("ParseRange(%q).String() = %q, which fails to parse: %v", s, text, err)
		}
		if r2.String() != text {
			t.Fatalf("String not stable: %q -> %q -> %q", s, text, r2)
		}
		for _, v := range probes {
			if r.Contains(v) != r2.Contains(v) {
				t.Fatalf("%q and its String %q disagree on %s", s, text, v)
			}
		}
	})
}
