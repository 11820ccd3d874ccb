package lifecycle

import "time"

// Phase is where a line stands on a given day.
type Phase string

// The phases of a line, in order. Unknown is a line the schedule does not
// list (a schedule older than the release).
const (
	Pending     Phase = "pending"
	Current     Phase = "current"
	ActiveLTS   Phase = "active-lts"
	Maintenance Phase = "maintenance"
	EndOfLife   Phase = "end-of-life"
	Unknown     Phase = "unknown"
)

// Status is a line's phase on one day, with the day the phase began and the
// day the next one begins (zero where the schedule does not say).
type Status struct {
	Line     string
	Phase    Phase
	Since    time.Time
	Until    time.Time
	Codename string
	LTSLine  bool // the line has (or will have) an LTS phase
}

// EOL reports whether the line no longer gets releases, security fixes
// included.
func (s Status) EOL() bool { return s.Phase == EndOfLife }

// Status says where line stands on day (see Day). Each date in the
// schedule is the first day of its phase: a line is end-of-life on its end
// date, as nodejs.org words it ("reached End-of-Life on April 30").
func (s Schedule) Status(line string, day time.Time) Status {
	l, ok := s[line]
	if !ok {
		return Status{Line: line, Phase: Unknown}
	}
	st := Status{Line: line, Codename: l.Codename, LTSLine: !l.LTS.IsZero()}
	// The phases with their first days, in order; a missing date is a
	// phase the line skips.
	steps := []struct {
		phase Phase
		from  time.Time
	}{{Current, l.Start}, {ActiveLTS, l.LTS}, {Maintenance, l.Maintenance}, {EndOfLife, l.End}}
	st.Phase, st.Until = Pending, l.Start
	for i, s := range steps {
		if s.from.IsZero() || day.Before(s.from) {
			continue
		}
		st.Phase, st.Since, st.Until = s.phase, s.from, time.Time{}
		for _, next := range steps[i+1:] {
			if !next.from.IsZero() && day.Before(next.from) {
				st.Until = next.from
				break
			}
		}
	}
	return st
}

// String words the status for people: "end-of-life since 2026-04-30",
// "active LTS until 2026-10-20".
func (s Status) String() string {
	var what string
	switch s.Phase {
	case Unknown:
		return "not in the release schedule"
	case Pending:
		what = "not released yet"
	case Current:
		what = "current"
	case ActiveLTS:
		what = "active LTS"
	case Maintenance:
		what = "maintenance"
		if s.LTSLine {
			what = "maintenance LTS"
		}
	case EndOfLife:
		return "end-of-life since " + s.Since.Format(time.DateOnly)
	}
	if !s.Until.IsZero() {
		what += " until " + s.Until.Format(time.DateOnly)
	}
	return what
}
