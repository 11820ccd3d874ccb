package main

import (
	"context"
	"fmt"
	"time"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/download/index"
	"github.com/nvmgo/nvmgo/download/index/snapshot"
	"github.com/nvmgo/nvmgo/versions"
	"github.com/nvmgo/nvmgo/versions/lifecycle"
)

// life is what nvmgo knows about release lines on one day: the schedule,
// the index grouped by line, and the day they are judged on.
type life struct {
	sched lifecycle.Schedule
	rels  lifecycle.Releases
	all   []versions.Release // the index, newest first
	day   time.Time
}

// today is the calendar day here (a fixed one in test builds with
// NVMGO_TEST_TODAY).
func (a *app) today() time.Time {
	if d, ok := testDay(a.getenv); ok {
		return d
	}
	return lifecycle.Day(a.now())
}

// scheduleURL is where the release schedule is refreshed from:
// NVMGO_SCHEDULE_URL, else schedule.json on a mirror other than nodejs.org
// (which serves none), else nowhere (the cache or the embedded copy).
func (a *app) scheduleURL() (url string, explicit bool) {
	if u := a.cfg().ScheduleURL; u != "" {
		return u, true
	}
	if m := a.cfg().Mirror; m != download.DefaultMirror {
		return m + "/schedule.json", false
	}
	return "", false
}

// loadSchedule reads the release schedule with the index's cache rules;
// offline, from the cache or the embedded copy only. A mirror that serves
// no schedule is normal, so only a failing NVMGO_SCHEDULE_URL warns.
func (a *app) loadSchedule(ctx context.Context, offline bool) (lifecycle.Schedule, error) {
	var s lifecycle.Schedule
	parse := func(b []byte) (err error) { s, err = lifecycle.Parse(b); return err }
	url, explicit := a.scheduleURL()
	if url == "" {
		return s, parse(snapshot.Schedule())
	}
	src := a.indexSource(offline)
	if !explicit {
		src.Warn = nil
	}
	_, err := src.LoadDoc(ctx, index.Doc{Name: "release schedule", URL: url, Cache: "schedule", Key: url,
		Max: lifecycle.MaxScheduleSize, Parse: parse, OnMirror: !explicit,
		Fallback: func() ([]byte, string, error) { return snapshot.Schedule(), snapshot.ScheduleLabel, nil }})
	return s, err
}

// loadLife loads the index and the schedule. Offline it makes no network
// call and prints nothing: notices, ls and ls-remote's marks use it.
func (a *app) loadLife(ctx context.Context, offline bool) (*life, error) {
	var rels []versions.Release
	var err error
	if offline {
		src := a.indexSource(true)
		src.Warn = nil
		rels, _, err = src.Load(ctx)
	} else {
		rels, _, err = a.loadIndex(ctx, false)
	}
	if err != nil {
		return nil, err
	}
	sched, err := a.loadSchedule(ctx, offline)
	if err != nil {
		return nil, err
	}
	return &life{sched: sched, rels: lifecycle.Group(rels), all: rels, day: a.today()}, nil
}

// facts says where v stands: its line's status, the newest release of the
// line, and the security releases after v (newest first).
func (l *life) facts(v versions.Version) (lifecycle.Status, versions.Release, []versions.Release) {
	line := lifecycle.LineOf(v)
	newest, _ := l.rels.Newest(line)
	return l.sched.Status(line, l.day), newest, l.rels.SecurityAfter(v)
}

// marks are ls's and ls-remote's words for an end-of-life line and a
// version with a later security release: "", or " end-of-life" and/or
// " security fix in v20.18.2" (the first release that fixed what v has).
func (a *app) marks(l *life, v versions.Version) string {
	if l == nil {
		return ""
	}
	out := ""
	if l.sched.Status(lifecycle.LineOf(v), l.day).EOL() {
		out += " " + a.paint("31", "end-of-life")
	}
	if n, first := l.rels.SecurityCount(v); n > 0 {
		out += " " + a.paint("33", "security fix in "+first)
	}
	return out
}

// noticeText says what is wrong with v and the command that fixes it, or
// "" when v is the newest of a supported line or has no later security
// release.
func (l *life) noticeText(v versions.Version) (what, run string) {
	st, newest, sec := l.facts(v)
	line := lifecycle.LineOf(v)
	switch {
	case st.EOL() && len(sec) > 0:
		return fmt.Sprintf("%s: Node.js %s reached end-of-life on %s, and %s misses the fixes of %s",
			v, line, st.Since.Format(time.DateOnly), v, laterSecurity(len(sec))), "nvmgo install lts"
	case st.EOL():
		return fmt.Sprintf("%s: Node.js %s reached end-of-life on %s and gets no more security fixes",
			v, line, st.Since.Format(time.DateOnly)), "nvmgo install lts"
	case len(sec) > 0:
		return fmt.Sprintf("%s misses the fixes of %s (the newest of the line is %s)",
			v, laterSecurity(len(sec)), newest.Version), "nvmgo upgrade " + line
	}
	return "", ""
}

func laterSecurity(n int) string {
	if n == 1 {
		return "a later security release"
	}
	return fmt.Sprintf("%d later security releases", n)
}

// notice prints the one stderr line about version, from the cached or
// embedded index and schedule only (never the network). Never on the shim
// path; NVMGO_NO_NOTICES=1 silences it.
func (a *app) notice(ctx context.Context, version string) {
	if what, run := a.noticeFor(ctx, version); what != "" {
		fmt.Fprintf(a.stderr, "nvmgo: notice: %s; upgrade: %s\n", what, run)
	}
}

func (a *app) noticeFor(ctx context.Context, version string) (what, run string) {
	if a.cfg().NoNotices {
		return "", ""
	}
	v, err := versions.ParseVersion(version)
	if err != nil {
		return "", "" // "system": not nvmgo's to judge
	}
	l, err := a.loadLife(ctx, true)
	if err != nil {
		return "", ""
	}
	return l.noticeText(v)
}

// lifeOf judges the releases of an index already loaded, with the cached or
// embedded schedule; nil (no marks) when the schedule cannot be read.
func (a *app) lifeOf(ctx context.Context, rels []versions.Release) *life {
	sched, err := a.loadSchedule(ctx, true)
	if err != nil {
		return nil
	}
	return &life{sched: sched, rels: lifecycle.Group(rels), all: rels, day: a.today()}
}

// lifeFields are the facts ls --json and ls-remote --json carry.
type lifeFields struct {
	LineStatus    string `json:"line_status,omitempty"` // current, active-lts, maintenance, end-of-life, pending, unknown
	EOL           bool   `json:"eol"`
	EOLSince      string `json:"eol_since,omitempty"`
	SecurityAfter bool   `json:"security_release_after"`
	FixedIn       string `json:"fixed_in,omitempty"` // the first later security release of the line
}

func (l *life) fields(v versions.Version) lifeFields {
	if l == nil {
		return lifeFields{}
	}
	st := l.sched.Status(lifecycle.LineOf(v), l.day)
	n, first := l.rels.SecurityCount(v)
	f := lifeFields{LineStatus: string(st.Phase), EOL: st.EOL(), SecurityAfter: n > 0, FixedIn: first}
	if st.EOL() {
		f.EOLSince = st.Since.Format(time.DateOnly)
	}
	return f
}

// lifeFindings is doctor's row for the node that runs here: ok with its
// line's status, or a warning with the notice and the command to run.
func (a *app) lifeFindings(ctx context.Context) []finding {
	sel, err := a.selection(ctx)
	if err != nil || sel.System || a.cfg().NoNotices {
		return nil
	}
	v, err := versions.ParseVersion(sel.Version)
	if err != nil {
		return nil
	}
	l, err := a.loadLife(ctx, true)
	if err != nil {
		return nil
	}
	if what, run := l.noticeText(v); what != "" {
		return []finding{{"node here", "warn", what, "run: " + run}}
	}
	st, _, _ := l.facts(v)
	return []finding{{"node here", "ok", fmt.Sprintf("%s: Node.js %s, %s", v, st.Line, st), ""}}
}
