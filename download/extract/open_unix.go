//go:build unix

package extract

import (
	"io"
	"io/fs"
	"syscall"
)

// createFile creates path for writing; it fails if path exists, even as a
// dangling symlink (O_EXCL), and never follows a symlink (O_NOFOLLOW). It
// uses bare system calls: an os.File costs two more per file (fcntl and
// epoll registration), which shows over thousands of small files.
func createFile(path string, perm fs.FileMode) (io.WriteCloser, error) {
	const flags = syscall.O_WRONLY | syscall.O_CREAT | syscall.O_EXCL | syscall.O_NOFOLLOW | syscall.O_CLOEXEC
	for {
		fd, err := syscall.Open(path, flags, uint32(perm))
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: path, Err: err}
		}
		return rawFile(fd), nil
	}
}

type rawFile int

func (f rawFile) Write(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		m, err := syscall.Write(int(f), p[n:])
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return n, &fs.PathError{Op: "write", Err: err}
		case m == 0:
			return n, io.ErrShortWrite
		}
		n += m
	}
	return n, nil
}

func (f rawFile) Close() error {
	if err := syscall.Close(int(f)); err != nil {
		return &fs.PathError{Op: "close", Err: err}
	}
	return nil
}
