// Package lifecycle says where a Node.js release line stands (current, LTS, maintenance, end-of-life) and whether a version has newer or security releases, from the release schedule and the index.
package lifecycle

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nvmgo/nvmgo/versions"
)

// MaxScheduleSize bounds the schedule we accept; the real one is about 3 KB.
const MaxScheduleSize = 1 << 20

// Line is one release line of the schedule (nodejs/Release schedule.json).
// Dates are calendar days at UTC midnight; a zero date is one the schedule
// does not give (odd lines have no LTS date).
type Line struct {
	Name        string // "20", "0.12"
	Start       time.Time
	LTS         time.Time
	Maintenance time.Time
	End         time.Time
	Codename    string // "Iron"; "" for odd lines and lines not yet named
}

// Schedule maps a line name ("20", "0.12") to its dates.
type Schedule map[string]Line

type rawLine struct {
	Start       string `json:"start"`
	LTS         string `json:"lts"`
	Maintenance string `json:"maintenance"`
	End         string `json:"end"`
	Codename    string `json:"codename"`
}

// Parse reads schedule.json as nodejs/Release publishes it: an object from
// "v20" (or "v0.12") to start, lts, maintenance and end dates and a
// codename. Start and end are required; a date that is not YYYY-MM-DD or a
// key that is not a line is an error naming the line. Unknown fields (such
// as "alpha") are allowed, since the file gains some over time.
func Parse(data []byte) (Schedule, error) {
	if len(data) > MaxScheduleSize {
		return nil, fmt.Errorf("schedule.json: %d bytes is over the limit of %d", len(data), MaxScheduleSize)
	}
	var raw map[string]rawLine
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("schedule.json: %w", err)
	}
	if len(raw) == 0 {
		return nil, fmt.Errorf("schedule.json: no release lines")
	}
	s := make(Schedule, len(raw))
	for key, r := range raw {
		name, ok := lineName(key)
		if !ok {
			return nil, fmt.Errorf("schedule.json: %q is not a release line (want v20 or v0.12)", key)
		}
		l := Line{Name: name, Codename: r.Codename}
		for _, d := range []struct {
			field, val string
			dst        *time.Time
			required   bool
		}{
			{"start", r.Start, &l.Start, true}, {"lts", r.LTS, &l.LTS, false},
			{"maintenance", r.Maintenance, &l.Maintenance, false}, {"end", r.End, &l.End, true},
		} {
			if d.val == "" {
				if d.required {
					return nil, fmt.Errorf("schedule.json: %s: no %s date", key, d.field)
				}
				continue
			}
			t, err := time.Parse(time.DateOnly, d.val)
			if err != nil {
				return nil, fmt.Errorf("schedule.json: %s: %s %q is not a date (YYYY-MM-DD)", key, d.field, d.val)
			}
			*d.dst = t
		}
		if l.End.Before(l.Start) {
			return nil, fmt.Errorf("schedule.json: %s: ends before it starts", key)
		}
		s[name] = l
	}
	return s, nil
}

// lineName turns a schedule key ("v20", "v0.12") into a line name.
func lineName(key string) (string, bool) {
	rest, ok := strings.CutPrefix(key, "v")
	if !ok {
		return "", false
	}
	major, minor, dotted := strings.Cut(rest, ".")
	if !digits(major) || (dotted && (major != "0" || !digits(minor))) || (!dotted && major == "0") {
		return "", false
	}
	return rest, true
}

func digits(s string) bool {
	if s == "" || len(s) > 9 {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// LineOf names the release line of a version: its major, or major.minor
// for 0.x, whose even minors were the lines then.
func LineOf(v versions.Version) string {
	if v.Major == 0 {
		return "0." + strconv.FormatUint(v.Minor, 10)
	}
	return strconv.FormatUint(v.Major, 10)
}

// Day is the calendar day of t, in t's own location, as UTC midnight: the
// form schedule dates are compared in.
func Day(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
