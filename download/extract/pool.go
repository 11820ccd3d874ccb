package extract

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"runtime"
	"sync"
	"sync/atomic"
)

// job is one regular file for a worker to write: data, or when data is nil
// the content that open returns.
type job struct {
	name string // the archive entry name, for errors
	path string
	perm fs.FileMode
	data []byte
	open func() (io.ReadCloser, error)
}

// pool writes files on a few goroutines while the archive is decoded. The
// first error cancels the context with that error as cause.
type pool struct {
	ctx     context.Context
	cancel  context.CancelCauseFunc
	jobs    chan job
	workers sync.WaitGroup
	pending sync.WaitGroup
	bytes   atomic.Int64
}

// defaultWorkers keeps the writers busy while one core decodes: file
// creation is mostly system call time, which overlaps well.
func defaultWorkers() int {
	return min(max(4, 2*runtime.GOMAXPROCS(0)), 16)
}

func newPool(ctx context.Context, cancel context.CancelCauseFunc, n int) *pool {
	if n <= 0 {
		n = defaultWorkers()
	}
	p := &pool{ctx: ctx, cancel: cancel, jobs: make(chan job, 4*n)}
	p.workers.Add(n)
	for range n {
		go p.work()
	}
	return p
}

func (p *pool) work() {
	defer p.workers.Done()
	buf := make([]byte, 256<<10)
	for j := range p.jobs {
		if p.ctx.Err() == nil {
			if err := p.write(j, buf); err != nil {
				p.cancel(err)
			}
		}
		p.pending.Done()
	}
}

// submit queues j, or returns the reason the extraction stopped.
func (p *pool) submit(j job) error {
	p.pending.Add(1)
	select {
	case p.jobs <- j:
		return nil
	case <-p.ctx.Done():
		p.pending.Done()
		return context.Cause(p.ctx)
	}
}

// wait returns once every queued file is written, or the reason the
// extraction stopped.
func (p *pool) wait() error {
	p.pending.Wait()
	if p.ctx.Err() != nil {
		return context.Cause(p.ctx)
	}
	return nil
}

// close stops the workers and returns the first error, if any.
func (p *pool) close() error {
	close(p.jobs)
	p.workers.Wait()
	if p.ctx.Err() != nil {
		return context.Cause(p.ctx)
	}
	return nil
}

func (p *pool) write(j job, buf []byte) error {
	var r io.Reader
	if j.data == nil && j.open != nil {
		rc, err := j.open()
		if err != nil {
			return fmt.Errorf("entry %q: %w", j.name, err)
		}
		defer rc.Close()
		r = rc
	}
	n, err := writeFile(p.ctx, j.path, j.perm, j.data, r, buf)
	p.bytes.Add(n)
	if err != nil {
		return fmt.Errorf("entry %q: %w", j.name, err)
	}
	return nil
}

// writeFile creates path, which must not exist, and writes data or else
// copies r into it.
func writeFile(ctx context.Context, path string, perm fs.FileMode, data []byte, r io.Reader, buf []byte) (int64, error) {
	f, err := createFile(path, perm)
	if err != nil {
		return 0, err
	}
	var n int64
	if r == nil {
		var w int
		w, err = f.Write(data)
		n = int64(w)
	} else {
		n, err = copyCtx(ctx, f, r, buf)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return n, err
}

// copyCtx copies r to w with buf, stopping when ctx is done. Unlike
// io.Copy it does big writes and keeps r's errors as they are.
func copyCtx(ctx context.Context, w io.Writer, r io.Reader, buf []byte) (int64, error) {
	var n int64
	for {
		if err := ctx.Err(); err != nil {
			return n, context.Cause(ctx)
		}
		m, err := fill(r, buf)
		if m > 0 {
			if _, werr := w.Write(buf[:m]); werr != nil {
				return n, werr
			}
			n += int64(m)
		}
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// fill reads into buf until it is full or r fails; io.EOF stays io.EOF.
func fill(r io.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
