package download

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/nvmgo/nvmgo/internal/store"
)

// A mirror that could not be reached at all (DNS, refused, timed out) is
// remembered in the cache folder for the index TTL, so every command in
// that hour does not wait ~3 s on retries and print the same failure again.
// A successful fetch forgets it.

type downMemo struct {
	Mirror string    `json:"mirror"`
	At     time.Time `json:"at"`
	Cause  string    `json:"cause"`
}

func (s *IndexSource) downPath() string {
	data, _ := s.indexCachePaths()
	return strings.TrimSuffix(data, ".json") + ".down.json"
}

// Down reports whether the mirror was found unreachable less than a TTL
// ago, and the short cause recorded then. A time in the future (a clock
// set back, a planted file) does not count.
func (s *IndexSource) Down() (string, bool) {
	if s.TTL <= 0 || !s.cacheFolder() { // only a folder that may be trusted
		return "", false
	}
	b, err := readCapped(s.downPath(), maxCacheMeta)
	if err != nil {
		return "", false
	}
	var m downMemo
	if json.Unmarshal(b, &m) != nil || m.Mirror != s.Mirror {
		return "", false
	}
	age := s.Now().Sub(m.At)
	if age < 0 || age >= s.TTL {
		return "", false
	}
	if m.Cause == "" {
		m.Cause = "unreachable"
	}
	return m.Cause, true
}

// RememberDown records that the mirror could not be reached because of
// err, when err is that kind of failure; it reports whether it was.
func (s *IndexSource) RememberDown(err error) bool {
	if !ConnectFailure(err) {
		return false
	}
	if s.cacheFolder() {
		b, _ := json.Marshal(downMemo{Mirror: s.Mirror, At: s.Now().UTC(), Cause: ShortCause(err)})
		// An optimisation: failing to write it is fine. A fresh name and a
		// rename, as for the index cache, never a write through a link.
		_ = store.WriteFileAtomic(s.downPath(), b, 0o600)
	}
	return true
}

// forgetDown removes the memo after the mirror answered.
func (s *IndexSource) forgetDown() {
	if s.cacheFolder() {
		os.Remove(s.downPath())
	}
}

// ConnectFailure reports whether err means no answer came at all: DNS, a
// refused or reset connection, a timeout. An HTTP status, a bad body or a
// cancelled command is not one.
func ConnectFailure(err error) bool {
	var he *HTTPError
	var tl *TooLargeError
	if err == nil || errors.As(err, &he) || errors.As(err, &tl) || errors.Is(err, context.Canceled) {
		return false
	}
	var ne net.Error
	var oe *net.OpError
	var de *net.DNSError
	return errors.As(err, &ne) || errors.As(err, &oe) || errors.As(err, &de)
}

// ShortCause names why a connection failed in a few words, for the one
// line a command prints (Go's own text repeats the URL and resolver).
func ShortCause(err error) string {
	var de *net.DNSError
	var ne net.Error
	var se *StallError
	var dl *DeadlineError
	switch {
	case errors.As(err, &se):
		return se.what()
	case errors.As(err, &dl):
		return dl.what()
	case errors.As(err, &de) && de.IsNotFound:
		return "no such host " + de.Name
	case errors.As(err, &de):
		return "DNS lookup of " + de.Name + " failed"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		return "network unreachable"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timed out"
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	if len(msg) > 60 {
		msg = msg[:60] + "…"
	}
	return msg
}
