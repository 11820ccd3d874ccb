package download

import (
	"fmt"
	"io"
	"time"
)

// progress draws a one-line progress bar on a terminal; it is only created
// when stderr is a terminal.
type progress struct {
	w     io.Writer
	label string
	total int64
	done  int64
	last  time.Time
}

func newProgress(w io.Writer, label string, total int64) *progress {
	return &progress{w: w, label: label, total: total}
}

func (p *progress) Write(b []byte) (int, error) {
	p.done += int64(len(b))
	if now := time.Now(); now.Sub(p.last) >= 100*time.Millisecond {
		p.last = now
		p.draw()
	}
	return len(b), nil
}

func (p *progress) draw() {
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

func (p *progress) finish() {
	p.draw()
	fmt.Fprint(p.w, "\n")
}

// Progress is the dist path's progress bar for other sources (the npm
// registry), so every download looks the same on a terminal. Create it only
// when stderr is a terminal.
type Progress struct{ p *progress }

// NewProgress starts a bar labelled label for total bytes (0: unknown).
func NewProgress(w io.Writer, label string, total int64) *Progress {
	return &Progress{newProgress(w, label, total)}
}

// Write counts bytes as they pass (use it behind an io.TeeReader).
func (p *Progress) Write(b []byte) (int, error) { return p.p.Write(b) }

// Finish draws the final state and ends the line.
func (p *Progress) Finish() { p.p.finish() }
