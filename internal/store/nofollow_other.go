//go:build !unix

package store

// oNoFollow and oNonBlock are unix's O_NOFOLLOW and O_NONBLOCK; elsewhere
// O_EXCL alone refuses an existing name when creating, and a link read is
// caught by the Lstat checks of the callers.
const (
	oNoFollow = 0
	oNonBlock = 0
)

func isLoop(err error) bool { return false }
