//go:build !unix

package extract

import (
	"io"
	"io/fs"
	"os"
)

// createFile creates path for writing; it fails if path exists (O_EXCL).
// Extract makes no symlinks here, so there are none to follow.
func createFile(path string, perm fs.FileMode) (io.WriteCloser, error) {
	return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
}
