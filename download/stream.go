package download

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
)

// Stream is a download body that survives broken connections: a failed read
// is retried with a Range request from the current offset (or, where the
// server ignores Range, by skipping what was already read).
type Stream struct {
	c       *Client
	ctx     context.Context
	url     string
	etag    string
	size    int64 // -1 when unknown
	off     int64
	limit   int64 // the most bytes accepted (see MaxArchiveSize)
	body    io.ReadCloser
	connCtx context.Context
	cancel  context.CancelCauseFunc
	wd      *watchdog
	retries int
	// retriedAt is the offset of the last resume: retries count afresh once
	// a resumed connection has delivered bytes, so a long download survives
	// several separate hiccups but not a server that never makes progress.
	retriedAt int64
	total     int   // resumes in all, capped at maxResumes per Retries
	err       error // why the download gave up; every later Read returns it
	// OnRetry, when set, hears about each resumed connection.
	OnRetry func(err error, offset int64)
}

// MaxArchiveSize is the hard ceiling of one archive download: the largest
// Node archive today (a linux .tar.gz) is 57 MB.
const MaxArchiveSize = 1 << 30

// Open starts a resumable download of at most limit bytes (MaxArchiveSize
// when limit <= 0): a Content-Length over it is refused before reading,
// and a body without one is cut off there.
func (c *Client) Open(ctx context.Context, url string, limit int64) (*Stream, error) {
	return c.OpenAt(ctx, url, 0, limit)
}

// OpenAt is Open from byte off, for a caller that holds the bytes before it
// already (a mirror sync resumed after a kill). The caller checks the whole
// file's digest: the server may have changed it.
func (c *Client) OpenAt(ctx context.Context, url string, off, limit int64) (*Stream, error) {
	if c.setupErr != nil {
		return nil, c.setupErr
	}
	if limit <= 0 {
		limit = MaxArchiveSize
	}
	s := &Stream{c: c, ctx: ctx, url: url, size: -1, limit: limit, off: off, retriedAt: off}
	var last error
	for attempt := 0; attempt <= c.Retries; attempt++ {
		if attempt > 0 {
			if err := c.sleep(ctx, attempt-1); err != nil {
				return nil, err
			}
		}
		last = s.connect()
		if last == nil || !retryable(last) {
			break
		}
	}
	if last != nil {
		return nil, last
	}
	return s, nil
}

// Size is the length announced by the server, or -1.
func (s *Stream) Size() int64 { return s.size }

// URL is where the stream reads from.
func (s *Stream) URL() string { return s.url }

func (s *Stream) connect() (err error) {
	ctx, cancel := context.WithCancelCause(s.ctx)
	wd := newWatchdog(s.c.clock(), s.c.stall(), cancel, Redact(s.url))
	defer func() {
		if err != nil {
			wd.stop()
			cancel(nil)
		}
	}()
	defer func() { err = explain(ctx, err) }()
	h := http.Header{}
	if s.off > 0 {
		h.Set("Range", "bytes="+strconv.FormatInt(s.off, 10)+"-")
		if s.etag != "" {
			h.Set("If-Range", s.etag)
		}
	}
	req, err := s.c.newRequest(ctx, s.url, h)
	if err != nil {
		return err
	}
	resp, err := s.c.do(req)
	if err != nil {
		return err
	}
	wd.kick()
	skip := int64(0)
	switch {
	case resp.StatusCode == http.StatusOK:
		skip = s.off // server ignored Range: drop what we already have
		if s.off == 0 {
			s.size = resp.ContentLength
			s.etag = resp.Header.Get("ETag")
		}
		if resp.ContentLength > s.limit {
			resp.Body.Close()
			return &TooLargeError{URL: s.url, Limit: s.limit}
		}
	case resp.StatusCode == http.StatusPartialContent && s.off > 0:
		start, ok := parseContentRangeStart(resp.Header.Get("Content-Range"))
		if !ok || start != s.off {
			resp.Body.Close()
			return fmt.Errorf("GET %s: server resumed at the wrong offset", Redact(s.url))
		}
	case resp.StatusCode == http.StatusRequestedRangeNotSatisfiable && s.off > 0:
		resp.Body.Close()
		return fmt.Errorf("%w: the server has no bytes from %d on, though it announced %d (wrong Content-Length)",
			&HTTPError{URL: s.url, Status: resp.StatusCode}, s.off, s.size)
	default:
		resp.Body.Close()
		return &HTTPError{URL: s.url, Status: resp.StatusCode}
	}
	s.body, s.connCtx, s.cancel, s.wd = resp.Body, ctx, cancel, wd
	if skip > 0 {
		if _, err := io.CopyN(io.Discard, kickReader{resp.Body, wd}, skip); err != nil {
			s.closeBody()
			return err
		}
	}
	return nil
}

func (s *Stream) closeBody() {
	if s.wd != nil {
		s.wd.stop()
	}
	if s.body != nil {
		s.body.Close()
		s.body = nil
	}
	if s.cancel != nil {
		s.cancel(nil)
	}
}

// Read reads the body, reconnecting after transient failures.
func (s *Stream) Read(p []byte) (int, error) {
	for {
		if s.err != nil {
			return 0, s.err
		}
		if s.body == nil {
			return 0, io.ErrClosedPipe
		}
		n, err := s.body.Read(p)
		if n > 0 {
			s.off += int64(n)
			s.wd.kick()
			if s.off > s.limit {
				s.err = &TooLargeError{URL: s.url, Limit: s.limit}
				s.closeBody()
				return n, s.err
			}
		}
		if err == nil || n > 0 && err != io.EOF {
			return n, nil
		}
		if err == io.EOF {
			if s.size >= 0 && s.off < s.size {
				err = io.ErrUnexpectedEOF
			} else {
				return n, io.EOF
			}
		}
		if rerr := s.resume(err); rerr != nil {
			s.err = rerr
			return n, rerr
		}
		if n > 0 {
			return n, nil
		}
	}
}

func (s *Stream) resume(cause error) error {
	cause = explain(s.connCtx, cause)
	s.closeBody()
	if s.ctx.Err() != nil {
		return s.ctx.Err()
	}
	if s.off > s.retriedAt {
		s.retries = 0
	}
	s.retriedAt = s.off
	for s.retries < s.c.Retries && s.total < s.c.Retries*maxResumes {
		s.retries++
		s.total++
		if s.OnRetry != nil {
			s.OnRetry(cause, s.off)
		}
		if err := s.c.sleep(s.ctx, s.retries-1); err != nil {
			return err
		}
		err := s.connect()
		if err == nil {
			return nil
		}
		if !retryable(err) {
			return err
		}
		cause = err
	}
	if se, ok := cause.(*StallError); ok {
		msg := fmt.Sprintf("GET %s: gave up after %d retries at byte %d: %s", Redact(s.url), s.total, s.off, se.what())
		return &wrapped{msg: msg, err: se}
	}
	return fmt.Errorf("GET %s: gave up after %d retries at byte %d: %w", Redact(s.url), s.total, s.off, cause)
}

// wrapped is an error with its own message that still unwraps to its
// cause (a stall keeps counting as a timeout).
type wrapped struct {
	msg string
	err error
}

func (w *wrapped) Error() string { return w.msg }
func (w *wrapped) Unwrap() error { return w.err }

// maxResumes bounds a trickling server: in all, a download resumes at most
// this many times Retries, however much progress each connection makes.
const maxResumes = 8

// Close ends the download.
func (s *Stream) Close() error {
	s.closeBody()
	return nil
}
