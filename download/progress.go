package download

import (
	"fmt"
	"io"
	"time"
)

// redrawEvery is how often a progress bar is redrawn at most.
const redrawEvery = 100 * time.Millisecond

// Progress draws a one-line progress bar, the same for every source (dist
// mirror, npm registry, mirror sync). Create it only when stderr is a
// terminal.
type Progress struct {
	w     io.Writer
	label string
	total int64
	done  int64
	last  time.Time
	now   func() time.Time // decides when to redraw; time.Now but in tests
}

// NewProgress starts a bar labelled label for total bytes (0: unknown).
func NewProgress(w io.Writer, label string, total int64) *Progress {
	return &Progress{w: w, label: label, total: total, now: time.Now}
}

// Write counts bytes as they pass (use it behind an io.TeeReader).
func (p *Progress) Write(b []byte) (int, error) {
	p.done += int64(len(b))
	if now := p.now(); now.Sub(p.last) >= redrawEvery {
		p.last = now
		p.draw()
	}
	return len(b), nil
}

func (p *Progress) draw() {
	const width = 30
	mb := float64(p.done) / (1 << 20)
	if p.total <= 0 {
		fmt.Fprintf(p.w, "\r%s %.1f MB", p.label, mb)
		return
	}
	frac := float64(p.done) / float64(p.total)
	if frac > 1 {
		frac = 1
	}
	n := int(frac * width)
	bar := make([]byte, width)
	for i := range bar {
		bar[i] = ' '
		if i < n {
			bar[i] = '='
		}
	}
	fmt.Fprintf(p.w, "\r%s [%s] %3.0f%% %.1f/%.1f MB", p.label, bar, frac*100, mb, float64(p.total)/(1<<20))
}

// Finish draws the final state and ends the line.
func (p *Progress) Finish() {
	p.draw()
	fmt.Fprint(p.w, "\n")
}
