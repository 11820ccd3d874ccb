package lifecycle

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nvmgo/nvmgo/versions"
)

// realSchedule and realIndex are the copies of nodejs/Release schedule.json
// and nodejs.org/dist/index.json (2026-08-26) in ../testdata.
func realSchedule(t *testing.T) Schedule {
	t.Helper()
	data, err := os.ReadFile("../testdata/schedule.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func realIndex(t *testing.T) Releases {
	t.Helper()
	data, err := os.ReadFile("../testdata/index.json")
	if err != nil {
		t.Fatal(err)
	}
	rs, err := versions.ParseIndex(data)
	if err != nil {
		t.Fatal(err)
	}
	return Group(rs)
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestStatusRealSchedule(t *testing.T) {
	s := realSchedule(t)
	if len(s) != 27 {
		t.Errorf("got %d lines, want 27", len(s))
	}
	for _, tt := range []struct {
		line, day string
		phase     Phase
		text      string
	}{
		// Node 20 ends on 2026-04-30: the day before, the day itself, the day after.
		{"20", "2026-04-29", Maintenance, "maintenance LTS until 2026-04-30"},
		{"20", "2026-04-30", EndOfLife, "end-of-life since 2026-04-30"},
		{"20", "2026-05-01", EndOfLife, "end-of-life since 2026-04-30"},
		// an LTS line in maintenance
		{"22", "2026-01-01", Maintenance, "maintenance LTS until 2027-04-30"},
		{"22", "2025-10-20", ActiveLTS, "active LTS until 2025-10-21"},
		{"22", "2025-10-21", Maintenance, "maintenance LTS until 2027-04-30"},
		{"24", "2026-08-26", ActiveLTS, "active LTS until 2026-10-20"},
		{"26", "2026-08-26", Current, "current until 2026-10-28"},
		{"26", "2026-10-28", ActiveLTS, "active LTS until 2027-10-20"},
		// odd lines: current, a short maintenance, then the end
		{"25", "2026-03-31", Current, "current until 2026-04-01"},
		{"25", "2026-05-01", Maintenance, "maintenance until 2026-06-01"},
		{"25", "2026-06-02", EndOfLife, "end-of-life since 2026-06-01"},
		{"27", "2026-12-06", Pending, "not released yet until 2027-04-22"},
		{"28", "2026-12-06", Unknown, "not in the release schedule"},
		// 0.x lines had only a start and an end
		{"0.12", "2016-01-01", Current, "current until 2016-12-31"},
		{"0.12", "2026-12-06", EndOfLife, "end-of-life since 2016-12-31"},
		{"4", "2015-10-12", ActiveLTS, "active LTS until 2017-04-01"},
	} {
		st := s.Status(tt.line, day(tt.day))
		if st.Phase != tt.phase || st.String() != tt.text || st.EOL() != (tt.phase == EndOfLife) {
			t.Errorf("Status(%s, %s) = %s %q, want %s %q", tt.line, tt.day, st.Phase, st, tt.phase, tt.text)
		}
	}
	if c := s.Status("20", day("2026-01-01")).Codename; c != "Iron" {
		t.Errorf("codename of 20 = %q, want Iron", c)
	}
}

func TestSecurityAfterRealIndex(t *testing.T) {
	x := realIndex(t)
	for _, tt := range []struct {
		version string
		want    string // the later security releases, newest first
	}{
		{"v20.18.1", "v20.20.2 v20.20.0 v20.19.4 v20.19.2 v20.18.2"},
		{"v20.18.2", "v20.20.2 v20.20.0 v20.19.4 v20.19.2"},
		{"v20.20.0", "v20.20.2"},
		{"v20.20.2", ""}, // the newest of its line
		{"v22.23.1", "v22.23.2"},
		{"v22.23.2", ""},
		{"v18.20.8", ""}, // no later release at all: the line ended
		{"v24.18.1", ""}, // later releases, none of them a security release
		{"v0.12.15", "v0.12.17 v0.12.16"},
	} {
		v, err := versions.ParseVersion(tt.version)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range x.SecurityAfter(v) {
			got = append(got, r.Version)
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("SecurityAfter(%s) = %v, want %s", tt.version, got, tt.want)
		}
	}
}

func TestNewestRealIndex(t *testing.T) {
	x := realIndex(t)
	for _, tt := range []struct{ line, want string }{
		{"26", "v26.8.1"}, {"24", "v24.20.0"}, {"22", "v22.23.2"}, {"20", "v20.20.2"},
		{"18", "v18.20.8"}, {"0.12", "v0.12.18"}, {"0.10", "v0.10.48"}, {"27", ""},
	} {
		r, ok := x.Newest(tt.line)
		if r.Version != tt.want || ok != (tt.want != "") {
			t.Errorf("Newest(%s) = %s %v, want %q", tt.line, r.Version, ok, tt.want)
		}
	}
}

func TestGroupUnsortedAndPrerelease(t *testing.T) {
	x := Group([]versions.Release{
		{Version: "v20.1.0"}, {Version: "v20.3.0", Security: true}, {Version: "v21.0.0-rc.1"},
		{Version: "v20.2.0"}, {Version: "not a version"},
	})
	if r, _ := x.Newest("20"); r.Version != "v20.3.0" {
		t.Errorf("Newest(20) = %s, want v20.3.0", r.Version)
	}
	if _, ok := x.Newest("21"); ok {
		t.Error("a prerelease counted as the newest of line 21")
	}
	got := x.SecurityAfter(versions.Version{Major: 20, Minor: 1})
	if len(got) != 1 || got[0].Version != "v20.3.0" {
		t.Errorf("SecurityAfter(v20.1.0) = %v", got)
	}
}

func TestLineOf(t *testing.T) {
	for _, tt := range []struct{ v, want string }{
		{"v20.18.1", "20"}, {"v0.12.18", "0.12"}, {"v0.8.28", "0.8"}, {"v4.9.1", "4"},
	} {
		v, _ := versions.ParseVersion(tt.v)
		if got := LineOf(v); got != tt.want {
			t.Errorf("LineOf(%s) = %s, want %s", tt.v, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{``, "schedule.json: unexpected end of JSON input"},
		{`[]`, "schedule.json: json: cannot unmarshal array"},
		{`{}`, "schedule.json: no release lines"},
		{`{"20":{"start":"2023-04-18","end":"2026-04-30"}}`, `"20" is not a release line`},
		{`{"v0":{"start":"2023-04-18","end":"2026-04-30"}}`, `"v0" is not a release line`},
		{`{"v1.2":{"start":"2023-04-18","end":"2026-04-30"}}`, `"v1.2" is not a release line`},
		{`{"v20":{"end":"2026-04-30"}}`, "v20: no start date"},
		{`{"v20":{"start":"2023-04-18"}}`, "v20: no end date"},
		{`{"v20":{"start":"2023-04-18","lts":"2023-10","end":"2026-04-30"}}`, `v20: lts "2023-10" is not a date`},
		{`{"v20":{"start":"2023-04-18","end":"2020-04-30"}}`, "v20: ends before it starts"},
		{`{"v20":{"start":1,"end":"2026-04-30"}}`, "schedule.json: json: cannot unmarshal number"},
		{strings.Repeat(" ", MaxScheduleSize+1), "over the limit"},
	} {
		_, err := Parse([]byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%.40q) = %v, want an error containing %q", tt.in, err, tt.want)
		}
	}
	s, err := Parse([]byte(`{"v27":{"alpha":"2026-10-28","start":"2027-04-22","end":"2030-04-30","codename":""}}`))
	if err != nil || !slices.Equal(keys(s), []string{"27"}) {
		t.Errorf("unknown fields: %v %v", s, err)
	}
}

func keys(s Schedule) []string {
	var out []string
	for k := range s {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestDay(t *testing.T) {
	loc := time.FixedZone("UTC+13", 13*3600)
	// 2026-04-29 20:00 UTC is already 2026-04-30 in UTC+13: that user's
	// calendar says the line has ended.
	got := Day(time.Date(2026, 4, 29, 20, 0, 0, 0, time.UTC).In(loc))
	if !got.Equal(day("2026-04-30")) {
		t.Errorf("Day = %v, want 2026-04-30", got)
	}
}

// SecurityCount agrees with SecurityAfter for every version of the real
// index, and for versions between and beyond its releases.
func TestSecurityCountAgrees(t *testing.T) {
	data, err := os.ReadFile("../testdata/index.json")
	if err != nil {
		t.Fatal(err)
	}
	rs, err := versions.ParseIndex(data)
	if err != nil {
		t.Fatal(err)
	}
	x := Group(rs)
	var vs []versions.Version
	for _, r := range rs {
		vs = append(vs, r.V, versions.Version{Major: r.V.Major, Minor: r.V.Minor, Patch: r.V.Patch + 100})
	}
	vs = append(vs, versions.Version{Major: 20, Minor: 17, Patch: 5}, versions.Version{Major: 99})
	for _, v := range vs {
		list := x.SecurityAfter(v)
		n, first := x.SecurityCount(v)
		want := ""
		if len(list) > 0 {
			want = list[len(list)-1].Version
		}
		if n != len(list) || first != want {
			t.Fatalf("SecurityCount(%s) = %d, %q; SecurityAfter has %d, oldest %q", v, n, first, len(list), want)
		}
	}
}
