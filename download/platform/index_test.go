package platform

import (
	"os"
	"testing"

	"github.com/nvmgo/nvmgo/versions"
)

// loadIndex reads versions/testdata/index.json, the real
// nodejs.org/dist/index.json of 2026-08-26 (MD5
// 0b78e69a9826966a8090271b55a15169, the served ETag).
func loadIndex(t *testing.T) []versions.Release {
	t.Helper()
	data, err := os.ReadFile("../../versions/testdata/index.json")
	if err != nil {
		t.Fatal(err)
	}
	rs, err := versions.ParseIndex(data)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func release(t *testing.T, idx []versions.Release, version string) versions.Release {
	t.Helper()
	for _, r := range idx {
		if r.Version == version {
			return r
		}
	}
	t.Fatalf("%s is not in versions/testdata/index.json", version)
	return versions.Release{}
}

// TestIndexThresholds checks that the thresholds quoted in the issue are
// facts of the real index, so that reading `files` alone reproduces them.
func TestIndexThresholds(t *testing.T) {
	idx := loadIndex(t)
	tests := []struct {
		id          string
		since       string // every release from here on has the id, none before
		first, last string // oldest and newest release with the id
	}{
		{id: "osx-arm64-tar", since: "v16.0.0", first: "v16.0.0", last: "v26.8.1"},
		{id: "win-arm64-zip", since: "v19.9.0", first: "v19.9.0", last: "v26.8.1"},
		{id: "linux-x86", first: "v0.8.6", last: "v9.11.2"},
		{id: "win-x86-zip", first: "v4.5.0", last: "v22.23.2"},
		{id: "linux-armv7l", first: "v4.0.0", last: "v23.11.1"},
		{id: "linux-x64-musl", first: "v24.20.0", last: "v26.8.1"},
	}
	for _, tt := range tests {
		var first, last versions.Version
		var firstS, lastS string
		for _, r := range idx {
			v := mustVersion(t, r)
			has := r.HasFile(tt.id)
			if tt.since != "" && has != (v.Compare(mustParse(t, tt.since)) >= 0) {
				t.Errorf("%s: %s has it = %v, against the %s threshold", tt.id, r.Version, has, tt.since)
			}
			if !has {
				continue
			}
			if firstS == "" || v.Compare(first) < 0 {
				first, firstS = v, r.Version
			}
			if lastS == "" || v.Compare(last) > 0 {
				last, lastS = v, r.Version
			}
		}
		if firstS != tt.first || lastS != tt.last {
			t.Errorf("%s: first %s last %s; want %s %s", tt.id, firstS, lastS, tt.first, tt.last)
		}
	}
}

// TestSelectWholeIndex runs Select over every release and checks the
// fallback thresholds from the issue against what Select does.
func TestSelectWholeIndex(t *testing.T) {
	idx := loadIndex(t)
	v16, v1990 := mustParse(t, "v16.0.0"), mustParse(t, "v19.9.0")
	darwinArm := Platform{OS: "darwin", Arch: "arm64"}
	winArm := Platform{OS: "windows", Arch: "arm64"}
	for _, r := range idx {
		v := mustVersion(t, r)
		if a, err := Select(darwinArm, r, PreferXZ); err == nil {
			if native := a.Tag == "darwin-arm64"; native != (v.Compare(v16) >= 0) || native == (a.Note != "") {
				t.Errorf("%s darwin/arm64: tag %s note %q", r.Version, a.Tag, a.Note)
			}
		}
		if a, err := Select(winArm, r, PreferXZ); err == nil {
			if native := a.Tag == "win-arm64"; native != (v.Compare(v1990) >= 0) || native == (a.Note != "") {
				t.Errorf("%s windows/arm64: tag %s note %q", r.Version, a.Tag, a.Note)
			}
		}
		for _, c := range []struct {
			p     Platform
			major uint64 // no build from this major on
		}{
			{Platform{OS: "linux", Arch: "386"}, 10},
			{Platform{OS: "windows", Arch: "386"}, 23},
			{Platform{OS: "linux", Arch: "arm"}, 24},
		} {
			if _, err := Select(c.p, r, PreferXZ); err == nil && v.Major >= c.major {
				t.Errorf("%s %v: got a build, want none from v%d", r.Version, c.p, c.major)
			}
		}
	}
}

func mustVersion(t *testing.T, r versions.Release) versions.Version {
	t.Helper()
	v, err := releaseVersion(r)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func mustParse(t *testing.T, s string) versions.Version {
	t.Helper()
	v, err := versions.ParseVersion(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
