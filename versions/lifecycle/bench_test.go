package lifecycle

import (
	"os"
	"testing"
	"time"

	"github.com/nvmgo/nvmgo/versions"
)

// BenchmarkJudgeEveryRelease is what ls-remote adds for its marks: group
// the real index and judge all of its releases (line status, security
// releases since). judge/parse is that cost over parsing the index, the
// floor ls-remote pays anyway, measured in the same iterations.
func BenchmarkJudgeEveryRelease(b *testing.B) {
	data, err := os.ReadFile("../testdata/index.json")
	if err != nil {
		b.Fatal(err)
	}
	sdata, err := os.ReadFile("../testdata/schedule.json")
	if err != nil {
		b.Fatal(err)
	}
	day := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	var parse, judge time.Duration
	marked := 0
	for b.Loop() {
		t0 := time.Now()
		rs, err := versions.ParseIndex(data)
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		s, err := Parse(sdata)
		if err != nil {
			b.Fatal(err)
		}
		x := Group(rs)
		marked = 0
		for _, r := range rs {
			n, _ := x.SecurityCount(r.V)
			if n > 0 || s.Status(LineOf(r.V), day).EOL() {
				marked++
			}
		}
		judge += time.Since(t1)
		parse += t1.Sub(t0)
	}
	b.ReportMetric(float64(judge)/float64(parse), "judge/parse")
	b.ReportMetric(float64(marked), "marked")
}
