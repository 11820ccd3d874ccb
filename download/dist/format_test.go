package dist

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/nvmgo/nvmgo/download"
)

// TestOpenArchiveChoosesByRate checks the auto format: a fast link switches
// a .tar.xz to its .tar.gz, a slow one keeps the .tar.xz (and the bytes read
// while measuring are handed on), and so do small files and a missing .tar.gz.
func TestOpenArchiveChoosesByRate(t *testing.T) {
	big := make([]byte, probeBytes+4096)
	rand.Read(big)
	small := []byte("small archive")
	tests := []struct {
		name     string
		xz       []byte
		slow     bool
		withGz   bool
		auto     bool
		wantName string
		wantHead int
	}{
		{"fast link switches to gz", big, false, true, true, "a.tar.gz", 0},
		{"slow link keeps xz", big, true, true, true, "a.tar.xz", probeBytes},
		{"no gz in SHASUMS keeps xz", big, false, false, true, "a.tar.xz", 0},
		{"small file keeps xz", small, false, true, true, "a.tar.xz", len(small)},
		{"auto off keeps xz", big, false, true, false, "a.tar.xz", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body := tt.xz
				if r.URL.Path == "/a.tar.gz" {
					body = []byte("gz")
				}
				w.Header().Set("Content-Length", strconv.Itoa(len(body)))
				w.Write(body)
			}))
			defer srv.Close()
			sums := Shasums{"a.tar.xz": "x"}
			if tt.withGz {
				sums["a.tar.gz"] = "g"
			}
			// The rate comes from an injected clock that moves one step per
			// reading, never from how fast this machine serves loopback:
			// probeBytes in 1 s is 2 MB/s, in 10 ms 200 MB/s.
			step := 10 * time.Millisecond
			if tt.slow {
				step = time.Second
			}
			in := &Installer{Client: download.NewClient("test"), AutoFormat: tt.auto, Now: steppingClock(step)}
			s, head, name, want, err := in.openArchive(context.Background(), srv.URL, "a.tar.xz", "x", sums)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if name != tt.wantName || len(head) != tt.wantHead {
				t.Fatalf("openArchive = %s with %d bytes read, want %s with %d", name, len(head), tt.wantName, tt.wantHead)
			}
			if (name == "a.tar.gz") != (want == "g") {
				t.Errorf("checksum %q does not belong to %s", want, name)
			}
			if name == "a.tar.xz" && len(head) > 0 && !bytes.Equal(head, tt.xz[:len(head)]) {
				t.Errorf("the bytes read while measuring are not the start of the file")
			}
		})
	}
}

// A mirror may hold one tarball of the two (mirror sync --formats xz, or
// gz): whichever SHASUMS256.txt lists and the mirror lacks is replaced by
// the other, whatever the link's speed.
func TestOpenArchiveOneTarballOnly(t *testing.T) {
	big := make([]byte, probeBytes+4096)
	rand.Read(big)
	tests := []struct {
		name, missing, open, wantName, wantSum string
		auto                                   bool
	}{
		{"no gz on the mirror keeps xz", "/a.tar.gz", "a.tar.xz", "a.tar.xz", "x", true},
		{"no xz on the mirror takes gz", "/a.tar.xz", "a.tar.xz", "a.tar.gz", "g", false},
		{"no xz, auto", "/a.tar.xz", "a.tar.xz", "a.tar.gz", "g", true},
		{"no gz with --format gz takes xz", "/a.tar.gz", "a.tar.gz", "a.tar.xz", "x", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == tt.missing {
					http.NotFound(w, r)
					return
				}
				w.Write(big)
			}))
			defer srv.Close()
			sums := Shasums{"a.tar.xz": "x", "a.tar.gz": "g"}
			c := download.NewClient("test")
			c.Retries = 0
			in := &Installer{Client: c, AutoFormat: tt.auto}
			s, head, name, want, err := in.openArchive(context.Background(), srv.URL, tt.open, sums[tt.open], sums)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if name != tt.wantName || want != tt.wantSum {
				t.Fatalf("openArchive = %s (%s), want %s (%s)", name, want, tt.wantName, tt.wantSum)
			}
			rest, err := io.ReadAll(s)
			if err != nil || !bytes.Equal(append(head, rest...), big) {
				t.Errorf("the stream does not give the whole file (%v)", err)
			}
		})
	}
	t.Run("neither", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		defer srv.Close()
		c := download.NewClient("test")
		c.Retries = 0
		in := &Installer{Client: c}
		if _, _, _, _, err := in.openArchive(context.Background(), srv.URL, "a.tar.xz", "x", Shasums{"a.tar.xz": "x", "a.tar.gz": "g"}); !download.NotFound(err) {
			t.Fatalf("err = %v, want a 404", err)
		}
	})
}

// steppingClock returns a clock that advances by step at every reading.
func steppingClock(step time.Duration) func() time.Time {
	var mu sync.Mutex
	t := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t = t.Add(step)
		return t
	}
}

func TestLinkRate(t *testing.T) {
	tests := []struct {
		n       int
		elapsed time.Duration
		fast    bool
	}{
		{probeBytes, time.Second, false},            // 2 MB/s
		{probeBytes, 100 * time.Millisecond, true},  // 20 MB/s: the threshold itself
		{probeBytes, 101 * time.Millisecond, false}, // just under
		{probeBytes, 0, true},                       // quicker than the clock
		{probeBytes, -time.Millisecond, true},       // a clock stepping back
		{probeBytes, 10 * time.Millisecond, true},   // 200 MB/s
	}
	for _, tt := range tests {
		if got := linkRate(tt.n, tt.elapsed) >= FastLink; got != tt.fast {
			t.Errorf("linkRate(%d, %v) = %.0f: fast = %v, want %v", tt.n, tt.elapsed, linkRate(tt.n, tt.elapsed), got, tt.fast)
		}
	}
}
