package index

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/nvmgo/nvmgo/download"
)

// refusingSource is an IndexSource whose every dial is refused, counting
// the attempts, with a clock the test moves.
func refusingSource(t *testing.T, now *time.Time) (*IndexSource, *atomic.Int32, *bytes.Buffer) {
	var dials atomic.Int32
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials.Add(1)
		return nil, &net.OpError{Op: "dial", Net: network, Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	}}
	src := testIndexSource("https://mirror.invalid/dist", t.TempDir())
	src.Client.HTTP = &http.Client{Transport: tr}
	var warn bytes.Buffer
	src.Warn, src.Now = &warn, func() time.Time { return *now }
	src.Fallback = func() ([]byte, string, error) { return []byte(indexOld), "embedded test index", nil }
	return src, &dials, &warn
}

func TestUnreachableMirrorIsRemembered(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	src, dials, warn := refusingSource(t, &now)

	_, info, err := src.Load(context.Background())
	if err != nil || info.From != "embedded" || info.Down != "connection refused" {
		t.Fatalf("first Load = %+v, %v; want the embedded index, down: connection refused", info, err)
	}
	first := dials.Load()
	if first == 0 {
		t.Fatal("the first Load did not try the mirror")
	}
	want := "nvmgo: https://mirror.invalid/dist cannot be reached (connection refused); using the embedded test index\n"
	if warn.String() != want {
		t.Errorf("warning = %q, want %q", warn.String(), want)
	}

	// Within the TTL: no dial at all, the same one line.
	now = now.Add(59 * time.Minute)
	warn.Reset()
	if _, info, err = src.Load(context.Background()); err != nil || info.Down != "connection refused" {
		t.Fatalf("Load within the TTL = %+v, %v", info, err)
	}
	if dials.Load() != first {
		t.Errorf("Load within the TTL dialled %d times", dials.Load()-first)
	}
	if warn.String() != want {
		t.Errorf("warning within the TTL = %q, want %q", warn.String(), want)
	}

	// After the TTL the mirror is tried again.
	now = now.Add(2 * time.Minute)
	if _, _, err = src.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	if dials.Load() == first {
		t.Error("Load after the TTL did not try the mirror again")
	}
}

func TestUnreachableMemo(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		memo   string // the file's content; %s is the mirror
		mirror string // of the source reading it
		ttl    time.Duration
		down   bool
	}{
		{"fresh", `{"mirror":"%s","at":"2026-01-01T11:30:00Z","cause":"no such host x"}`, "", time.Hour, true},
		{"expired", `{"mirror":"%s","at":"2026-01-01T10:59:59Z","cause":"x"}`, "", time.Hour, false},
		{"in the future", `{"mirror":"%s","at":"2099-01-01T00:00:00Z","cause":"x"}`, "", time.Hour, false},
		{"another mirror", `{"mirror":"https://other","at":"2026-01-01T11:30:00Z"}`, "", time.Hour, false},
		{"ttl zero", `{"mirror":"%s","at":"2026-01-01T11:59:00Z"}`, "", 0, false},
		{"garbage", `{"mirror":`, "", time.Hour, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := testIndexSource("https://m.example/dist", t.TempDir())
			src.TTL, src.Now = tt.ttl, func() time.Time { return now }
			if err := os.WriteFile(src.downPath(), []byte(strings.ReplaceAll(tt.memo, "%s", src.Mirror)), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, down := src.Down(); down != tt.down {
				t.Errorf("Down() = %v, want %v", down, tt.down)
			}
		})
	}
}

func TestReachableMirrorForgetsMemo(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	src, _, _ := refusingSource(t, &now)
	if !src.RememberDown(&net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}) {
		t.Fatal("a refused connection is not remembered")
	}
	if _, down := src.Down(); !down {
		t.Fatal("Down() = false right after RememberDown")
	}
	src.forgetDown()
	if _, down := src.Down(); down {
		t.Error("Down() = true after forgetDown")
	}
	for _, err := range []error{&download.HTTPError{URL: "u", Status: 500}, context.Canceled, errors.New("bad json"), nil} {
		if src.RememberDown(err) {
			t.Errorf("RememberDown(%v) = true; only connection failures are remembered", err)
		}
	}
}
