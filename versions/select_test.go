package versions

import (
	"errors"
	"strings"
	"testing"
)

const inIndex = "in the release index"

// TestSelectRealIndex resolves specs against the real index.json; the
// wanted versions are facts of that file (see the fixture's README).
func TestSelectRealIndex(t *testing.T) {
	cands := Candidates(loadIndex(t))
	tests := []struct{ spec, want, lts string }{
		{"20", "v20.20.2", "Iron"},
		{"v20", "v20.20.2", "Iron"},
		{"20.x", "v20.20.2", "Iron"},
		{"lts", "v24.20.0", "Krypton"},
		{"lts/*", "v24.20.0", "Krypton"},
		{"lts/-1", "v22.23.2", "Jod"},
		{"lts/-2", "v20.20.2", "Iron"},
		{"lts/-10", "v4.9.1", "Argon"},
		{"latest", "v26.8.1", ""},
		{"node", "v26.8.1", ""},
		{"current", "v26.8.1", ""},
		{"lts/hydrogen", "v18.20.8", "Hydrogen"},
		{"lts/Hydrogen", "v18.20.8", "Hydrogen"},
		{"Hydrogen", "v18.20.8", "Hydrogen"},
		{"hydrogen", "v18.20.8", "Hydrogen"},
		{"krypton", "v24.20.0", "Krypton"},
		{"^18.2 <18.20", "v18.19.1", "Hydrogen"},
		{"~20.11", "v20.11.1", "Iron"},
		{"18 || 20", "v20.20.2", "Iron"},
		{"18 - 20", "v20.20.2", "Iron"},
		{">=18 <21", "v20.20.2", "Iron"},
		{"16.20.2", "v16.20.2", "Gallium"},
		{"v16.20.2", "v16.20.2", "Gallium"},
		{"0.10", "v0.10.48", ""},
		{"19", "v19.9.0", ""},
		{"*", "v26.8.1", ""},
		{"^0.1.14", "v0.1.104", ""},
		{"<0.2", "v0.1.104", ""},
	}
	for _, tt := range tests {
		sp, err := ParseSpec(tt.spec)
		if err != nil {
			t.Errorf("ParseSpec(%q): %v", tt.spec, err)
			continue
		}
		got, err := Select(sp, cands, inIndex)
		if err != nil || got.Version.String() != tt.want || got.LTS != tt.lts {
			t.Errorf("Select(%q) = %s %q, %v; want %s %q", tt.spec, got.Version, got.LTS, err, tt.want, tt.lts)
		}
	}
}

func TestSelectNoMatch(t *testing.T) {
	cands := Candidates(loadIndex(t))
	tests := []struct{ spec, wantErr string }{
		{"27", `no version matches "27" in the release index (nearest: v26.8.1)`},
		{"19.99", `no version matches "19.99" in the release index (nearest: v19.9.0, v20.0.0)`},
		{"19.99.0", `no version matches "19.99.0" in the release index (nearest: v19.9.0, v20.0.0)`},
		{"v20.0.0-rc.1", `(nearest: v19.9.0, v20.0.0)`},
		{"19.99 || 27", `(nearest: v19.9.0, v20.0.0, v26.8.1)`},
		{"<0.1", `(nearest: v0.1.14)`},
		{"lts/nope", `no version matches "lts/nope" in the release index (LTS lines: krypton, jod, iron, hydrogen, gallium, fermium, erbium, dubnium, carbon, boron, argon)`},
		{"default", `no version matches "default" in the release index (LTS lines: krypton,`},
		{"lts/-11", `no version matches "lts/-11" in the release index (LTS lines: krypton,`},
	}
	for _, tt := range tests {
		sp, err := ParseSpec(tt.spec)
		if err != nil {
			t.Fatalf("ParseSpec(%q): %v", tt.spec, err)
		}
		_, err = Select(sp, cands, inIndex)
		var nm *NoMatchError
		if !errors.As(err, &nm) || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("Select(%q) error = %v, want a *NoMatchError containing %q", tt.spec, err, tt.wantErr)
		}
	}
	if _, err := ParseSpec("../../bin"); err == nil {
		t.Error(`ParseSpec("../../bin") succeeded`)
	}
}

func TestSelectSmall(t *testing.T) {
	v := func(s string) Version {
		x, err := ParseVersion(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	// Installed versions, in no particular order, with an rc build.
	cands := []Candidate{
		{v("18.20.8"), "Hydrogen"}, {v("22.1.0"), "Jod"}, {v("23.0.0-rc.1"), ""},
		{v("20.11.0"), "Iron"}, {v("22.23.2"), "Jod"}, {v("20.20.2"), "Iron"},
	}
	const installed = "among installed versions"
	tests := []struct{ spec, want, wantErr string }{
		{"latest", "v22.23.2", ""}, // an rc is not "latest"
		{"lts", "v22.23.2", ""},
		{"lts/-1", "v20.20.2", ""},
		{"lts/-2", "v18.20.8", ""},
		{"lts/-3", "", `no version matches "lts/-3" among installed versions (LTS lines: jod, iron, hydrogen)`},
		{"v23.0.0-rc.1", "v23.0.0-rc.1", ""},
		{">=23.0.0-rc.0", "v23.0.0-rc.1", ""},
		{"23", "", `no version matches "23" among installed versions (nearest: v23.0.0-rc.1)`},
		{"21", "", `no version matches "21" among installed versions (nearest: v20.20.2, v22.1.0)`},
		{"system", "", ErrSystem.Error()},
	}
	for _, tt := range tests {
		sp, err := ParseSpec(tt.spec)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Select(sp, cands, installed)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("Select(%q) = %s, %v; want error %q", tt.spec, got.Version, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got.Version.String() != tt.want {
			t.Errorf("Select(%q) = %s, %v; want %s", tt.spec, got.Version, err, tt.want)
		}
	}
	if _, err := Select(Spec{Kind: SpecSystem}, cands, ""); !errors.Is(err, ErrSystem) {
		t.Errorf("Select(system) = %v, want ErrSystem", err)
	}
	_, err := Select(Spec{Kind: SpecLatest}, nil, "")
	if err == nil || err.Error() != `no version matches "latest"` {
		t.Errorf("Select(latest, no candidates) = %v", err)
	}
}

func TestFilter(t *testing.T) {
	cands := Candidates(loadIndex(t))
	count := func(spec string) int {
		sp, err := ParseSpec(spec)
		if err != nil {
			t.Fatal(err)
		}
		got := Filter(sp, cands)
		for i := 1; i < len(got); i++ {
			if got[i-1].Version.Compare(got[i].Version) <= 0 {
				t.Errorf("Filter(%q) lost the order at %d", spec, i)
			}
		}
		return len(got)
	}
	tests := []struct {
		spec string
		want int
	}{
		{"latest", 863},
		{"lts", 286},
		{"18", 38},           // v18.0.0 to v18.20.8, per the npm package list
		{"lts/hydrogen", 25}, // v18.12.0 and later
		{"hydrogen", 25},
		{"lts/-1", count("lts/jod")},
		{"20.11.0", 1},
		{"27", 0},
		{"system", 0},
	}
	for _, tt := range tests {
		if got := count(tt.spec); got != tt.want {
			t.Errorf("len(Filter(%q)) = %d, want %d", tt.spec, got, tt.want)
		}
	}
}

func TestNoMatchErrorFormat(t *testing.T) {
	e := &NoMatchError{Spec: "19.99", Nearest: []Version{{19, 9, 0, ""}, {20, 0, 0, ""}}, Where: inIndex}
	if got, want := e.Error(), `no version matches "19.99" in the release index (nearest: v19.9.0, v20.0.0)`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	e = &NoMatchError{Spec: "27", Where: "among installed versions"}
	if got, want := e.Error(), `no version matches "27" among installed versions`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
