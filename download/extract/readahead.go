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
	go ra.run(r, size, n)
	return ra
}

// run fills blocks from r until it fails or Close is called.
func (ra *readahead) run(r io.Reader, size, n int) {
	defer close(ra.done)
	defer close(ra.full)
	made := 0
	for {
		b := ra.block(&made, size, n)
		if b == nil {
			ra.err = errStopped
			return
		}
		m, err := fill(r, b[:cap(b)])
		if m > 0 {
			ra.full <- b[:m] // never blocks: full holds every block
		}
		if err != nil {
			ra.err = err
			return
		}
	}
}

// block returns a free block, making up to n of them as needed (small
// archives cost little memory), or nil once Close is called.
func (ra *readahead) block(made *int, size, n int) []byte {
	select {
	case <-ra.stop:
		return nil
	case b := <-ra.free:
		return b
	default:
	}
	if *made < n {
		*made++
		return make([]byte, size)
	}
	select {
	case <-ra.stop:
		return nil
	case b := <-ra.free:
		return b
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
