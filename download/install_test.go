package download

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"
	"testing"

	"github.com/nvmgo/nvmgo/internal/home"
)

func TestWithHint(t *testing.T) {
	base := errors.New("GET x: 503 Service Unavailable")
	tests := []struct {
		err  error
		want string // "" for nil
	}{
		{nil, ""},
		{base, "GET x: 503 Service Unavailable\nhint: do this"},
		{fmt.Errorf("%w\nhint: already", base), "GET x: 503 Service Unavailable\nhint: already"},
		{context.Canceled, "context canceled"},
		{fmt.Errorf("GET x: %w", context.Canceled), "GET x: context canceled"},
	}
	for _, tt := range tests {
		got := withHint(tt.err, "do this")
		if (got == nil) != (tt.want == "") || got != nil && got.Error() != tt.want {
			t.Errorf("withHint(%v) = %v, want %q", tt.err, got, tt.want)
		}
		if tt.err != nil && !errors.Is(got, tt.err) {
			t.Errorf("withHint(%v) lost the wrapped error", tt.err)
		}
	}
}

func TestHomeErr(t *testing.T) {
	h := home.Home{Root: "/h"}
	tests := []struct {
		err  error
		want string // a substring of the hint, or "" for no hint
	}{
		{&fs.PathError{Op: "write", Path: "/h/tmp/x", Err: syscall.ENOSPC}, "free some space"},
		{&fs.PathError{Op: "mkdir", Path: "/h/versions", Err: syscall.EROFS}, "NVMGO_HOME at a writable folder"},
		{&fs.PathError{Op: "open", Path: "/h/locks/x", Err: syscall.EACCES}, "fix its permissions"},
		{errors.New("other"), ""},
	}
	for _, tt := range tests {
		got := homeErr(h, tt.err).Error()
		_, hint, ok := strings.Cut(got, "\nhint: ")
		if tt.want == "" && ok || tt.want != "" && !strings.Contains(hint, tt.want) {
			t.Errorf("homeErr(%v) = %q, want a hint with %q", tt.err, got, tt.want)
		}
		if isDiskErr(tt.err) != (tt.want != "") {
			t.Errorf("isDiskErr(%v) = %v", tt.err, !(tt.want != ""))
		}
	}
}
