package lifecycle

import (
	"os"
	"testing"
	"time"
)

// FuzzParse: any input is a schedule or an error, never a panic; a
// schedule's lines start before they end, and every day has one status
// whose dates are the schedule's own.
func FuzzParse(f *testing.F) {
	if data, err := os.ReadFile("../testdata/schedule.json"); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`{"v0.12":{"start":"2015-02-06","end":"2016-12-31"}}`))
	f.Add([]byte(`{"v27":{"alpha":"2026-10-28","start":"2027-04-22","end":"2030-04-30"}}`))
	f.Add([]byte(`{"v20":{"start":"2023-04-18","lts":"2023-10-24","maintenance":"2024-10-22","end":"2026-04-30"}}`))
	days := []time.Time{
		time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC),
		time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data)
		if err != nil {
			return
		}
		for name, l := range s {
			if l.End.Before(l.Start) {
				t.Fatalf("%s ends before it starts", name)
			}
			for _, d := range days {
				st := s.Status(name, d)
				if st.EOL() != !d.Before(l.End) {
					t.Fatalf("%s on %s: %s, but it ends on %s", name, d, st, l.End)
				}
				if st.Phase == Unknown || st.String() == "" {
					t.Fatalf("%s on %s: status %q", name, d, st)
				}
			}
		}
	})
}
