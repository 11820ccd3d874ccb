package versions

import (
	"strings"
	"testing"
)

func TestParseVersion(t *testing.T) {
	tests := []struct {
		in   string
		want Version
		str  string
	}{
		{"20.11.0", Version{Major: 20, Minor: 11}, "v20.11.0"},
		{"v20.11.0", Version{Major: 20, Minor: 11}, "v20.11.0"},
		{"V20.11.0", Version{Major: 20, Minor: 11}, "v20.11.0"},
		{"v20.0.0-rc.1", Version{20, 0, 0, "rc.1"}, "v20.0.0-rc.1"},
		{"0.1.14", Version{0, 1, 14, ""}, "v0.1.14"},
		{"1.2.3-0", Version{1, 2, 3, "0"}, "v1.2.3-0"},
		{"1.2.3-x-y.0a.--", Version{1, 2, 3, "x-y.0a.--"}, "v1.2.3-x-y.0a.--"},
		{"9007199254740991.0.0", Version{Major: 1<<53 - 1}, "v9007199254740991.0.0"},
	}
	for _, tt := range tests {
		got, err := ParseVersion(tt.in)
		if err != nil {
			t.Errorf("ParseVersion(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want || got.String() != tt.str {
			t.Errorf("ParseVersion(%q) = %#v (%s), want %#v (%s)", tt.in, got, got, tt.want, tt.str)
		}
	}
}

func TestParseVersionErrors(t *testing.T) {
	tests := []struct{ in, wantErr string }{
		{"", `version "": not a version`},
		{"foo", `version "foo": not a version (want a number at "foo")`},
		{"20", "want three numbers"},
		{"20.11", "want three numbers"},
		{"20.11.0.1", `unexpected ".1"`},
		{"v.16.0.0", "want a number"},
		{"22.12.0.", `unexpected "."`},
		{"vv20.1.0", "want a number"},
		{" 20.1.0", "want a number"},
		{"20.1.0 ", `unexpected " "`},
		{"20.01.0", "leading zero in 01"},
		{"-1.0.0", "want a number"},
		{"20.1.0-", "empty prerelease"},
		{"20.1.0-rc..1", "bad prerelease identifier"},
		{"20.1.0-01", "leading zero in prerelease"},
		{"20.1.0-rc_1", "bad prerelease identifier"},
		{"20.1.0+build", `unexpected "+build"`},
		{"9007199254740992.0.0", "too large"},
		{"99999999999999999999.0.0", "too large"},
		{"20.x.0", "want a number"},
	}
	for _, tt := range tests {
		_, err := ParseVersion(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ParseVersion(%q) error = %v, want it to contain %q", tt.in, err, tt.wantErr)
		}
	}
}

// TestCompare walks a list in ascending semver order, the one from
// semver.org section 11 plus numeric edge cases, and checks every pair.
func TestCompare(t *testing.T) {
	ordered := []string{
		"0.0.0-0", "0.0.0", "0.0.1", "0.1.0", "0.10.0",
		"1.0.0-0", "1.0.0-1", "1.0.0-2", "1.0.0-10", "1.0.0-99999999999999999999",
		"1.0.0-a", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
		"1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0",
		"1.0.1", "1.2.0", "1.10.0", "2.0.0-rc.1", "2.0.0", "10.0.0", "20.11.0", "20.11.1",
	}
	vs := make([]Version, len(ordered))
	for i, s := range ordered {
		v, err := ParseVersion(s)
		if err != nil {
			t.Fatal(err)
		}
		vs[i] = v
	}
	sign := func(n int) int { return min(max(n, -1), 1) }
	for i := range vs {
		for j := range vs {
			want := sign(i - j)
			if got := vs[i].Compare(vs[j]); got != want {
				t.Errorf("%s.Compare(%s) = %d, want %d", vs[i], vs[j], got, want)
			}
		}
	}
}

func TestQuoteShort(t *testing.T) {
	long := strings.Repeat("a", 100)
	if got := quoteShort(long); len(got) != 64+2+3 || !strings.HasSuffix(got, `"...`) {
		t.Errorf("quoteShort(100 bytes) = %s", got)
	}
	if got := quoteShort("a\x00b"); got != `"a\x00b"` {
		t.Errorf("quoteShort(NUL) = %s", got)
	}
}
