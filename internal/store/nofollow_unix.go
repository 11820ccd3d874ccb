//go:build unix

package store

import (
	"errors"
	"syscall"
)

// oNoFollow makes an open fail on a symlink instead of following it, and
// oNonBlock keeps it from waiting on a FIFO.
const (
	oNoFollow = syscall.O_NOFOLLOW
	oNonBlock = syscall.O_NONBLOCK
)

// isLoop reports the error of an O_NOFOLLOW open of a symlink (ELOOP; some
// BSDs say EMLINK).
func isLoop(err error) bool {
	return errors.Is(err, syscall.ELOOP) || errors.Is(err, syscall.EMLINK)
}
