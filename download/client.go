// Package download is nvmgo's HTTP client: retries, credentials per hop (netrc, mirror auth), a CA file, file:// URLs, size caps, stall and deadline timers, a resumable stream with a progress bar, and the words for a mirror that cannot be reached.
package download

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/jonboulle/clockwork"
)

// Client is the one HTTP client nvmgo uses: timeouts, proxies from the
// environment, a nvmgo/<version> User-Agent and retries with backoff.
type Client struct {
	HTTP      *http.Client
	UserAgent string
	Retries   int           // extra attempts after the first
	Backoff   time.Duration // first backoff; doubles each retry
	// Header gives the credentials for one URL (registry tokens, mirror
	// auth); may be nil. It is asked afresh for the first request and for
	// every redirect, so credentials go only where it says, never where a
	// server redirects them.
	Header func(url string) http.Header
	// Stall and Deadline override DefaultStall and DefaultDeadline.
	Stall, Deadline time.Duration
	// Clock runs the stall and deadline timers; nil is the real clock.
	// Tests give a fake one, so that a stall fires when they say and never
	// on a healthy transfer that a busy machine reads late. The backoff
	// between retries sleeps in real time: a slow machine only lengthens it.
	Clock clockwork.Clock
	// setupErr is a configuration error (a bad NVMGO_CA_FILE) that every
	// request returns, so commands that need no network still run.
	setupErr error
}

// NewClient returns a client with sane defaults. Every request is guarded
// by the stall timer (see watchdog) from the request to the last byte.
func NewClient(version string) *Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = http.ProxyFromEnvironment
	tr.ResponseHeaderTimeout = DefaultStall
	tr.DisableCompression = true // archives are compressed already; keeps Content-Length honest
	registerFile(tr)
	return &Client{
		HTTP:      &http.Client{Transport: tr},
		UserAgent: "nvmgo/" + version,
		Retries:   4,
		Backoff:   200 * time.Millisecond,
	}
}

// HTTPError is a response with a non-success status.
type HTTPError struct {
	URL    string
	Status int
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("GET %s: %d %s", Redact(e.URL), e.Status, http.StatusText(e.Status))
}

// NotFound reports whether err is a 404 from the server.
func NotFound(err error) bool {
	var he *HTTPError
	return errors.As(err, &he) && (he.Status == http.StatusNotFound || he.Status == http.StatusGone)
}

// Unreachable reports whether err means the server could not be reached at
// all (DNS, refused, timeouts), as opposed to an answer we did not like.
func Unreachable(err error) bool {
	var he *HTTPError
	if errors.As(err, &he) {
		return he.Status >= 500
	}
	var ne net.Error
	var oe *net.OpError
	var de *net.DNSError
	return errors.As(err, &ne) || errors.As(err, &oe) || errors.As(err, &de) || errors.Is(err, io.ErrUnexpectedEOF)
}

// TooLargeError is a response over the caller's size limit: a broken or
// hostile server, not a transient failure, so it is not retried.
type TooLargeError struct {
	URL   string
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("GET %s: response larger than %d bytes; refusing it", Redact(e.URL), e.Limit)
}

func retryable(err error) bool {
	var tl *TooLargeError
	var dl *DeadlineError
	var ce *CertError
	if err == nil || errors.Is(err, context.Canceled) || errors.As(err, &tl) || errors.As(err, &dl) || errors.As(err, &ce) {
		return false
	}
	var he *HTTPError
	if errors.As(err, &he) {
		return he.Status >= 500 || he.Status == http.StatusTooManyRequests || he.Status == http.StatusRequestTimeout
	}
	// A name that does not exist stays so for the next seconds: retrying
	// only turned a 43 ms answer into a 3 s wait.
	var de *net.DNSError
	if errors.As(err, &de) && de.IsNotFound {
		return false
	}
	return true // connection errors, resets, truncated bodies
}

func (c *Client) newRequest(ctx context.Context, url string, h http.Header) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", c.UserAgent)
	for k, vs := range h {
		req.Header[k] = vs
	}
	return req, nil
}

func (c *Client) sleep(ctx context.Context, attempt int) error {
	d := c.Backoff << attempt
	if d > 5*time.Second {
		d = 5 * time.Second
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Response is a fetched small document.
type Response struct {
	Body        []byte
	Status      int
	ETag        string
	LastMod     string
	NotModified bool
}

// Get fetches a small document (index, SHASUMS, signatures) with retries,
// reading at most limit bytes. h adds headers (conditional requests).
// Each connection has the stall timer, and the whole call, retries
// included, the client's deadline.
func (c *Client) Get(ctx context.Context, url string, h http.Header, limit int64) (Response, error) {
	if c.setupErr != nil {
		return Response{}, c.setupErr
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	de := &DeadlineError{URL: Redact(url), Deadline: c.deadline()}
	deadline := c.clock().AfterFunc(de.Deadline, func() { cancel(de) })
	defer deadline.Stop()
	var last error
	for attempt := 0; attempt <= c.Retries; attempt++ {
		if attempt > 0 {
			if err := c.sleep(ctx, attempt-1); err != nil {
				return Response{}, explain(ctx, err)
			}
		}
		r, err := c.getOnce(ctx, url, h, limit)
		if err == nil || !retryable(err) {
			return r, err
		}
		last = err
	}
	return Response{}, last
}

func (c *Client) getOnce(ctx context.Context, url string, h http.Header, limit int64) (out Response, err error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	wd := newWatchdog(c.clock(), c.stall(), cancel, Redact(url))
	defer wd.stop()
	defer func() { err = explain(ctx, err) }()
	req, err := c.newRequest(ctx, url, h)
	if err != nil {
		return Response{}, err
	}
	resp, err := c.do(req)
	if err != nil {
		return Response{}, err
	}
	defer resp.Body.Close()
	wd.kick()
	out = Response{Status: resp.StatusCode, ETag: resp.Header.Get("ETag"), LastMod: resp.Header.Get("Last-Modified")}
	if resp.StatusCode == http.StatusNotModified {
		out.NotModified = true
		return out, nil
	}
	if resp.StatusCode != http.StatusOK {
		return out, &HTTPError{URL: url, Status: resp.StatusCode}
	}
	if resp.ContentLength > limit {
		return out, &TooLargeError{URL: url, Limit: limit}
	}
	body, err := io.ReadAll(io.LimitReader(kickReader{resp.Body, wd}, limit+1))
	if err != nil {
		return out, fmt.Errorf("GET %s: %w", Redact(url), err)
	}
	if int64(len(body)) > limit {
		return out, &TooLargeError{URL: url, Limit: limit}
	}
	if resp.ContentLength >= 0 && int64(len(body)) != resp.ContentLength {
		return out, fmt.Errorf("GET %s: got %d of %d bytes: %w", Redact(url), len(body), resp.ContentLength, io.ErrUnexpectedEOF)
	}
	out.Body = body
	return out, nil
}

func parseContentRangeStart(v string) (int64, bool) {
	// "bytes 100-999/1000"
	v = strings.TrimPrefix(v, "bytes ")
	dash := strings.IndexByte(v, '-')
	if dash <= 0 {
		return 0, false
	}
	n, err := strconv.ParseInt(v[:dash], 10, 64)
	return n, err == nil
}

// do sends req. The Header hook's credentials are added per hop, to a copy
// of each request as it goes out: Go's client copies the first request's
// headers onto redirects (Authorization too, to the same host on any port
// or scheme), so credentials put on the first request would follow a
// redirect to wherever the server points.
func (c *Client) do(req *http.Request) (*http.Response, error) {
	hc := *c.HTTP
	if c.Header != nil {
		base := hc.Transport
		if base == nil {
			base = http.DefaultTransport
		}
		hc.Transport = hopAuth{base: base, header: c.Header}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, certErr(req.URL.String(), err)
	}
	return resp, nil
}

// hopAuth adds the credentials for each request's own URL.
type hopAuth struct {
	base   http.RoundTripper
	header func(url string) http.Header
}

func (h hopAuth) RoundTrip(r *http.Request) (*http.Response, error) {
	add := h.header(r.URL.String())
	if len(add) == 0 {
		return h.base.RoundTrip(r)
	}
	r = r.Clone(r.Context()) // a RoundTripper must not change its request
	for k, vs := range add {
		r.Header[k] = vs
	}
	return h.base.RoundTrip(r)
}

// CertError is a server whose certificate no trusted authority signed:
// a company CA that the system does not know.
type CertError struct {
	URL string
	Err error
}

func (e *CertError) Error() string {
	return fmt.Sprintf("GET %s: certificate signed by an unknown authority; set NVMGO_CA_FILE to the PEM file of the CA that signed it (%v)", Redact(e.URL), e.Err)
}

func (e *CertError) Unwrap() error { return e.Err }

func certErr(url string, err error) error {
	var ua x509.UnknownAuthorityError
	if errors.As(err, &ua) {
		return &CertError{URL: url, Err: ua}
	}
	return err
}
