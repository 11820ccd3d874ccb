package store

import (
	"errors"
	"io/fs"
	"strings"
	"syscall"
	"testing"

	"github.com/nvmgo/nvmgo/internal/hint"
)

func TestWriteErr(t *testing.T) {
	h := Home{Root: "/h"}
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
		err := h.WriteErr(tt.err)
		if got := hint.Of(err); tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
			t.Errorf("WriteErr(%v) = %q, want a hint with %q", tt.err, hint.Text(err), tt.want)
		}
		if !errors.Is(err, tt.err) {
			t.Errorf("WriteErr(%v) lost the error", tt.err)
		}
		if IsDiskErr(tt.err) != (tt.want != "") {
			t.Errorf("IsDiskErr(%v) = %v", tt.err, !(tt.want != ""))
		}
	}
}
