package download

import (
	"context"
	"errors"
	"net"
	"strings"
	"syscall"
)

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
