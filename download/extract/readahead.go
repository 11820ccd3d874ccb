package extract

import (
	"context"
	"errors"
	"io"
)

var errStopped = errors.New("extract: reading stopped")

// readahead decodes its source on its own goroutine into a ring of blocks,
// so that decoding, the slowest step, never waits for files to be written.
type readahead struct {
	ctx  context.Context
	full chan []byte // decoded blocks, in order
	free chan []byte // blocks to reuse
	cur  []byte      // unread part of last
	last []byte      // block being read
	err  error       // why run stopped; read after full is closed
	stop chan struct{}
	done chan struct{}
}

func newReadahead(ctx context.Context, r io.Reader, size, n int) *readahead {
	ra := &readahead{
		ctx:  ctx,
		full: make(chan []byte, n),
		free: make(chan []byte, n),
		stop: make(chan struct{}),
		done: make(chan struct{}),
	}
	for range n {
		ra.free <- make([]byte, size)
	}
	go ra.run(r)
	return ra
}

func (ra *readahead) run(r io.Reader) {
	defer close(ra.done)
	defer close(ra.full)
	for {
		var b []byte
		select {
		case b = <-ra.free:
		case <-ra.stop:
			ra.err = errStopped
			return
		}
		n, err := fill(r, b[:cap(b)])
		if n > 0 {
			ra.full <- b[:n] // never blocks: full holds every block
		}
		if err != nil {
			ra.err = err
			return
		}
	}
}

func (ra *readahead) Read(p []byte) (int, error) {
	for len(ra.cur) == 0 {
		if ra.last != nil {
			ra.free <- ra.last[:cap(ra.last)] // never blocks: free holds every block
			ra.last = nil
		}
		select {
		case b, ok := <-ra.full:
			if !ok {
				return 0, ra.err
			}
			ra.cur, ra.last = b, b
		case <-ra.ctx.Done():
			return 0, context.Cause(ra.ctx)
		}
	}
	n := copy(p, ra.cur)
	ra.cur = ra.cur[n:]
	return n, nil
}

// Close stops decoding and waits until the source is no longer read, so
// that the caller may use it (or a hash fed by it) safely afterwards.
func (ra *readahead) Close() {
	close(ra.stop)
	<-ra.done
}
