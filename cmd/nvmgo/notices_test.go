package main

import (
	"os"
	"testing"
	"time"

	"github.com/nvmgo/nvmgo/versions"
	"github.com/nvmgo/nvmgo/versions/lifecycle"
)

// realLife is the real index and schedule (versions/testdata) on one day.
func realLife(t *testing.T, day string) *life {
	t.Helper()
	idx, err := os.ReadFile("../../versions/testdata/index.json")
	if err != nil {
		t.Fatal(err)
	}
	rels, err := versions.ParseIndex(idx)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../../versions/testdata/schedule.json")
	if err != nil {
		t.Fatal(err)
	}
	sched, err := lifecycle.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		t.Fatal(err)
	}
	return &life{sched: sched, rels: lifecycle.Group(rels), all: rels, day: d}
}

// The notices as README.md shows them, and the cases around them.
func TestNoticeText(t *testing.T) {
	for _, tt := range []struct {
		day, version, what, run string
	}{
		{"2026-12-06", "v22.12.0", "v22.12.0 misses the fixes of 7 later security releases (the newest of the line is v22.23.2)", "nvmgo upgrade 22"},
		{"2026-12-06", "v18.20.8", "v18.20.8: Node.js 18 reached end-of-life on 2025-04-30 and gets no more security fixes", "nvmgo install lts"},
		{"2026-04-29", "v20.20.0", "v20.20.0 misses the fixes of a later security release (the newest of the line is v20.20.2)", "nvmgo upgrade 20"},
		{"2026-05-01", "v20.20.0", "v20.20.0: Node.js 20 reached end-of-life on 2026-04-30, and v20.20.0 misses the fixes of a later security release", "nvmgo install lts"},
		{"2026-04-29", "v20.20.2", "", ""}, // the newest of a line in maintenance
		{"2026-12-06", "v24.19.0", "", ""}, // older, but no security release since
		{"2026-12-06", "v0.12.15", "v0.12.15: Node.js 0.12 reached end-of-life on 2016-12-31, and v0.12.15 misses the fixes of 2 later security releases", "nvmgo install lts"},
		{"2026-12-06", "v28.0.0", "", ""}, // a line neither the schedule nor the index knows
	} {
		v, err := versions.ParseVersion(tt.version)
		if err != nil {
			t.Fatal(err)
		}
		what, run := realLife(t, tt.day).noticeText(v)
		if what != tt.what || run != tt.run {
			t.Errorf("%s on %s: notice %q, run %q; want %q, %q", tt.version, tt.day, what, run, tt.what, tt.run)
		}
	}
}

func TestLifeFields(t *testing.T) {
	l := realLife(t, "2026-12-06")
	v, _ := versions.ParseVersion("v20.18.1")
	got := l.fields(v)
	want := lifeFields{LineStatus: "end-of-life", EOL: true, EOLSince: "2026-04-30", SecurityAfter: true, FixedIn: "v20.18.2"}
	if got != want {
		t.Errorf("fields(v20.18.1) = %+v, want %+v", got, want)
	}
	var nilLife *life // no schedule: no facts, no marks
	if nilLife.fields(v) != (lifeFields{}) {
		t.Error("a nil life has facts")
	}
}
