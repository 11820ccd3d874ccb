package store

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// WriteErr explains a failure to write under the home with the next step:
// a full disk or a folder that is not writable. Other errors pass as they
// are.
func (h Home) WriteErr(err error) error {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return fmt.Errorf("no space left in %s: %w\nhint: free some space (nvmgo uninstall an old version) and try again", h.Root, err)
	case errors.Is(err, syscall.EROFS), errors.Is(err, os.ErrPermission):
		return fmt.Errorf("%s is not writable: %w\nhint: fix its permissions or point NVMGO_HOME at a writable folder", h.Root, err)
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
		return untrusted(h, err, "installed")
	}
	return nil
}

// untrusted is the refusal to write into a home that cannot be trusted;
// done says what did not happen ("installed", "removed").
func untrusted(h Home, err error, done string) error {
	return fmt.Errorf("NVMGO_HOME cannot be trusted: %w; nothing was %s\nhint: %s", err, done, UnsafeHint(h))
}
