package download

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// The bar is redrawn at most every redrawEvery, by the clock it is given,
// and Finish draws the final state on its own line.
func TestProgress(t *testing.T) {
	var out bytes.Buffer
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := NewProgress(&out, "downloading x", 5<<20)
	p.now = func() time.Time { return clock }
	steps := []struct {
		advance time.Duration
		draws   int // frames drawn so far
	}{
		{0, 1},                // the first write draws
		{redrawEvery / 2, 1},  // too soon
		{redrawEvery / 2, 2},  // a full interval since the last frame
		{time.Millisecond, 2}, // too soon
		{10 * redrawEvery, 3}, // a stalled download redraws at once
	}
	for i, s := range steps {
		clock = clock.Add(s.advance)
		if _, err := p.Write(make([]byte, 1<<20)); err != nil {
			t.Fatal(err)
		}
		if got := strings.Count(out.String(), "\r"); got != s.draws {
			t.Errorf("write %d: %d frames, want %d", i, got, s.draws)
		}
	}
	p.Finish()
	frames := strings.Split(out.String(), "\r")
	if last := frames[len(frames)-1]; last != "downloading x [==============================] 100% 5.0/5.0 MB\n" {
		t.Errorf("last frame %q", last)
	}
	unknown := NewProgress(&out, "y", 0)
	out.Reset()
	unknown.Write(make([]byte, 3<<19))
	if got := out.String(); got != "\ry 1.5 MB" {
		t.Errorf("bar without a size = %q", got)
	}
}
