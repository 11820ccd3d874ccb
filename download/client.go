// Package download fetches the release index and Node archives over HTTP, checks them, and installs them atomically.
package download

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Client is the one HTTP client nvmgo uses: timeouts, proxies from the
// environment, a nvmgo/<version> User-Agent and retries with backoff.
type Client struct {
	HTTP      *http.Client
	UserAgent string
	Retries   int           // extra attempts after the first
	Backoff   time.Duration // first backoff; doubles each retry
	// Header adds headers to requests for one URL (registry tokens); may be nil.
	Header func(url string) http.Header
}

// NewClient returns a client with sane defaults. stallTimeout bounds how long
// a response may wait for headers; the body is guarded by its own stall timer.
func NewClient(version string) *Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = http.ProxyFromEnvironment
	tr.ResponseHeaderTimeout = 30 * time.Second
	tr.DisableCompression = true // archives are compressed already; keeps Content-Length honest
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
	return fmt.Sprintf("GET %s: %d %s", e.URL, e.Status, http.StatusText(e.Status))
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
	return fmt.Sprintf("GET %s: response larger than %d bytes", e.URL, e.Limit)
}

func retryable(err error) bool {
	var tl *TooLargeError
	if err == nil || errors.Is(err, context.Canceled) || errors.As(err, &tl) {
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
	if c.Header != nil {
		for k, vs := range c.Header(url) {
			req.Header[k] = vs
		}
	}
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
func (c *Client) Get(ctx context.Context, url string, h http.Header, limit int64) (Response, error) {
	var last error
	for attempt := 0; attempt <= c.Retries; attempt++ {
		if attempt > 0 {
			if err := c.sleep(ctx, attempt-1); err != nil {
				return Response{}, err
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

func (c *Client) getOnce(ctx context.Context, url string, h http.Header, limit int64) (Response, error) {
	req, err := c.newRequest(ctx, url, h)
	if err != nil {
		return Response{}, err
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return Response{}, err
	}
	defer resp.Body.Close()
	out := Response{Status: resp.StatusCode, ETag: resp.Header.Get("ETag"), LastMod: resp.Header.Get("Last-Modified")}
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
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return out, fmt.Errorf("GET %s: %w", url, err)
	}
	if int64(len(body)) > limit {
		return out, &TooLargeError{URL: url, Limit: limit}
	}
	if resp.ContentLength >= 0 && int64(len(body)) != resp.ContentLength {
		return out, fmt.Errorf("GET %s: got %d of %d bytes: %w", url, len(body), resp.ContentLength, io.ErrUnexpectedEOF)
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
