package store

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	"github.com/nvmgo/nvmgo/internal/hint"
)

// WriteErr explains a failure to write under the home with the next step:
// a full disk or a folder that is not writable. Other errors pass as they
// are.
func (h Home) WriteErr(err error) error {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return hint.With(fmt.Errorf("no space left in %s: %w", h.Root, err), "free some space (nvmgo uninstall an old version) and try again")
	case errors.Is(err, syscall.EROFS), errors.Is(err, os.ErrPermission):
		return hint.With(fmt.Errorf("%s is not writable: %w", h.Root, err), "fix its permissions or point NVMGO_HOME at a writable folder")
	}
	return err
}

// IsDiskErr reports whether err is one WriteErr explains.
func IsDiskErr(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EROFS) || errors.Is(err, os.ErrPermission)
}

// Trusted refuses a home another user owns or can write to (see Check):
// nvmgo installs nothing there, and answers nothing from it.
func (h Home) Trusted() error {
	if err := h.Check(); err != nil {
		return h.Untrusted(err, "installed")
	}
	return nil
}

// Untrusted is the refusal to write into a home that cannot be trusted
// (err is what Check found); done says what did not happen ("installed",
// "removed").
func (h Home) Untrusted(err error, done string) error {
	return hint.With(fmt.Errorf("NVMGO_HOME cannot be trusted: %w; nothing was %s", err, done), UnsafeHint(h))
}
