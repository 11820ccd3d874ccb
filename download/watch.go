package download

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/jonboulle/clockwork"
)

// Timer defaults. A connection that delivers no byte for DefaultStall is
// given up (and resumed or retried); a small file (index, SHASUMS,
// signature, packument) that is not complete after DefaultDeadline,
// retries included, is an error.
const (
	DefaultStall    = 30 * time.Second
	DefaultDeadline = 2 * time.Minute
)

// StallError is a connection that went quiet: no byte for Stall.
type StallError struct {
	URL   string
	Stall time.Duration
}

func (e *StallError) Error() string { return "GET " + e.URL + ": " + e.what() }

func (e *StallError) what() string {
	return fmt.Sprintf("no data for %s (the server stalled; NVMGO_STALL_TIMEOUT allows longer)", e.Stall)
}

// Timeout makes a stall count as a network timeout (an unreachable
// mirror), as net.Error callers expect.
func (e *StallError) Timeout() bool   { return true }
func (e *StallError) Temporary() bool { return true }

// DeadlineError is a small file that took longer than its deadline.
type DeadlineError struct {
	URL      string
	Deadline time.Duration
}

func (e *DeadlineError) Error() string { return "GET " + e.URL + ": " + e.what() }

func (e *DeadlineError) what() string {
	return fmt.Sprintf("not complete after %s (a slow or trickling server; NVMGO_FETCH_TIMEOUT allows longer)", e.Deadline)
}

func (e *DeadlineError) Timeout() bool   { return true }
func (e *DeadlineError) Temporary() bool { return false }

func (c *Client) stall() time.Duration {
	if c.Stall > 0 {
		return c.Stall
	}
	return DefaultStall
}

func (c *Client) deadline() time.Duration {
	if c.Deadline > 0 {
		return c.Deadline
	}
	return DefaultDeadline
}

// realClock is the clock of a Client without one.
var realClock = clockwork.NewRealClock()

func (c *Client) clock() clockwork.Clock {
	if c.Clock != nil {
		return c.Clock
	}
	return realClock
}

// watchdog cancels a connection's context with a StallError when it is
// not kicked for its duration: from the request until the headers, and
// between any two reads of the body.
type watchdog struct {
	t clockwork.Timer
	d time.Duration
}

func newWatchdog(clock clockwork.Clock, d time.Duration, cancel context.CancelCauseFunc, url string) *watchdog {
	err := &StallError{URL: url, Stall: d}
	return &watchdog{t: clock.AfterFunc(d, func() { cancel(err) }), d: d}
}

func (w *watchdog) kick() { w.t.Reset(w.d) }
func (w *watchdog) stop() { w.t.Stop() }

// kickReader kicks the watchdog whenever bytes arrive.
type kickReader struct {
	r io.Reader
	w *watchdog
}

func (k kickReader) Read(p []byte) (int, error) {
	n, err := k.r.Read(p)
	if n > 0 {
		k.w.kick()
	}
	return n, err
}

// explain replaces the bare "context canceled" that a fired timer leaves
// in err with the timer's own error (a stall or a deadline); a
// cancellation from outside (Ctrl-C) stays what it is.
func explain(ctx context.Context, err error) error {
	if err == nil || ctx.Err() == nil {
		return err
	}
	cause := context.Cause(ctx)
	var se *StallError
	var de *DeadlineError
	if errors.As(cause, &se) || errors.As(cause, &de) {
		return cause
	}
	return err
}
