package faulttest

import (
	"io"
	"net/http"
	"sync"
)

// Starved wraps rt for a test that drives a client's stall timer with a
// fake clock: each time the reader of a response for path has received n
// bytes of its body and asks for more, Starved sends on starved before it
// reads on. By then the client has taken in (and counted) every byte the
// server sent before going quiet, so a stall fired now is a true one, on
// a machine of any speed. The send gives up when the request ends.
func Starved(rt http.RoundTripper, path string, n int64, starved chan<- struct{}) http.RoundTripper {
	return roundTrip(func(req *http.Request) (*http.Response, error) {
		resp, err := rt.RoundTrip(req)
		if err != nil || req.URL.Path != "/"+path {
			return resp, err
		}
		resp.Body = &starvedBody{ReadCloser: resp.Body, n: n, starved: starved, done: req.Context().Done()}
		return resp, nil
	})
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

type starvedBody struct {
	io.ReadCloser
	n       int64
	got     int64
	once    sync.Once
	starved chan<- struct{}
	done    <-chan struct{}
}

func (b *starvedBody) Read(p []byte) (int, error) {
	if b.got >= b.n {
		b.once.Do(func() {
			select {
			case b.starved <- struct{}{}:
			case <-b.done:
			}
		})
	}
	k, err := b.ReadCloser.Read(p)
	b.got += int64(k)
	return k, err
}
