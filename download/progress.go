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

// Bar is the progress bar for callers outside this package.
type Bar struct{ p *progress }

// NewBar starts a bar on w (a terminal) for total bytes (-1: unknown).
func NewBar(w io.Writer, label string, total int64) *Bar {
	return &Bar{newProgress(w, label, total)}
}

// Write counts bytes.
func (b *Bar) Write(p []byte) (int, error) { return b.p.Write(p) }

// Finish draws the last state and ends the line.
func (b *Bar) Finish() { b.p.finish() }
