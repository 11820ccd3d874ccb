package download

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"syscall"
	"testing"
)

func TestShortCause(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{fmt.Errorf("Get %q: %w", "https://nodejs.org/dist/index.json", &net.OpError{Op: "dial", Err: &net.DNSError{Err: "no such host", Name: "nodejs.org", Server: "10.255.255.53:53", IsNotFound: true}}), "no such host nodejs.org"},
		{&net.DNSError{Err: "server misbehaving", Name: "nodejs.org"}, "DNS lookup of nodejs.org failed"},
		{&net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, "connection refused"},
		{&net.OpError{Op: "read", Err: os.NewSyscallError("read", syscall.ECONNRESET)}, "connection reset"},
		{fmt.Errorf("x: %w", context.DeadlineExceeded), "timed out"},
		{errors.New("Get \"u\": proxyconnect tcp: something odd"), "something odd"},
	}
	for _, tt := range tests {
		if got := ShortCause(tt.err); got != tt.want {
			t.Errorf("ShortCause(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}
