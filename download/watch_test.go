package download

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
)

// The stall and deadline timers run on the client's Clock: on a fake one
// they fire when the test moves it and never by themselves, so a test can
// have a stall without a timer racing healthy traffic.
func TestClockDrivesTimers(t *testing.T) {
	t.Run("healthy-but-slow", func(t *testing.T) {
		// Pauses of real time far beyond both timers: only a real clock
		// would fire them.
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(20 * time.Millisecond)
			w.Header().Set("Content-Length", "6")
			w.Write([]byte("abc"))
			http.NewResponseController(w).Flush()
			time.Sleep(20 * time.Millisecond)
			w.Write([]byte("def"))
		}))
		defer srv.Close()
		c := fastClient()
		c.Clock, c.Stall, c.Deadline = clockwork.NewFakeClock(), time.Millisecond, time.Millisecond
		r, err := c.Get(context.Background(), srv.URL, nil, 100)
		if err != nil || string(r.Body) != "abcdef" {
			t.Fatalf("Get = %q, %v; want abcdef", r.Body, err)
		}
		s, err := c.Open(context.Background(), srv.URL, 100)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if b, err := io.ReadAll(s); err != nil || string(b) != "abcdef" {
			t.Fatalf("stream = %q, %v; want abcdef", b, err)
		}
	})
	for _, tt := range []struct {
		name            string
		stall, deadline time.Duration
		advance         time.Duration
		want            any
	}{
		{"stall", 50 * time.Millisecond, time.Hour, 50 * time.Millisecond, new(*StallError)},
		{"deadline", time.Hour, 50 * time.Millisecond, 50 * time.Millisecond, new(*DeadlineError)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			reached := make(chan struct{})
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				select {
				case reached <- struct{}{}:
				case <-r.Context().Done():
				}
				<-r.Context().Done()
			}))
			defer srv.Close()
			clock := clockwork.NewFakeClock()
			c := fastClient()
			c.Retries, c.Clock, c.Stall, c.Deadline = 0, clock, tt.stall, tt.deadline
			go func() { <-reached; clock.Advance(tt.advance) }()
			_, err := c.Get(context.Background(), srv.URL+"/SHASUMS256.txt", nil, 100)
			if !errors.As(err, tt.want) {
				t.Fatalf("Get = %v; want a %T", err, tt.want)
			}
		})
	}
}
