// Package extract unpacks Node.js release archives safely and quickly into a staging folder.
package extract

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Format is an archive format, named by its file extension.
type Format string

// The formats Node.js releases ship in.
const (
	TarXZ Format = ".tar.xz"
	TarGZ Format = ".tar.gz"
	Zip   Format = ".zip"
)

// ErrUnsafePath is wrapped by the error for any entry that is refused for
// safety: a path or link that would leave the destination, a write through a
// symlink, a device, FIFO or other special entry, a duplicate, or a name with
// NUL, backslash or colon in it.
var ErrUnsafePath = errors.New("unsafe archive entry")

// FormatOf returns the format of the archive file name (case-insensitive).
// Unknown extensions give an error wrapping errors.ErrUnsupported.
func FormatOf(name string) (Format, error) {
	lower := strings.ToLower(name)
	for _, f := range []Format{TarXZ, TarGZ, Zip} {
		if strings.HasSuffix(lower, string(f)) {
			return f, nil
		}
	}
	return "", fmt.Errorf("archive format of %q: %w", name, errors.ErrUnsupported)
}

// Options tunes Extract.
type Options struct {
	// Workers writes files in parallel (file creation is a large share of
	// the time: ~4,800 files per Node archive). 0 = a sensible default.
	Workers int
	// MaxBytes bounds the file content written, so a decompression bomb
	// fails early (the digest is only known once the download ends).
	// 0 = 8 GiB; Node's archives unpack to about 200 MB.
	MaxBytes int64
	// Reserved are names the caller writes into dest itself (nvmgo's
	// metadata file): an entry at one of them, or under one, is refused
	// as unsafe. They are compared without case, as macOS and Windows
	// file systems compare names.
	Reserved []string
}

// Defaults for Options.MaxBytes, and a fixed bound on the entry count.
const (
	defaultMaxBytes = 8 << 30
	maxEntries      = 1 << 20
)

// Stats counts what Extract wrote. Files includes hard links; Bytes is the
// content of regular files; Dirs excludes dest itself.
type Stats struct {
	Files, Dirs, Symlinks int
	Bytes                 int64
}

// Extract reads the archive from r and writes it under dest (an existing
// empty directory), stripping the archive's single top-level folder (an
// archive with more than one top-level entry, or files at the top, is an
// error). Tar formats are read as a stream (so the caller can extract while
// downloading and hashing). For Zip, r must implement io.ReaderAt and have a
// Size() or be an *os.File; otherwise the function spools r to a temp file in
// dest's parent.
//
// Every entry is checked before anything is written for it; a refused entry
// wraps ErrUnsafePath and names the entry. Any second entry for the same
// path is refused, except a repeated directory. Symlinks are kept (refused on
// Windows), and may only point inside dest with ".." as leading components;
// nothing is ever written through a symlink. Hard links must name a regular
// file extracted before them. Devices, FIFOs and sparse files are refused.
// Files get mode 0644 plus the archive's exec bits, directories 0755 (both
// subject to the umask); modification times are not restored. The content
// is bounded by opt.MaxBytes and the entries by a million.
//
// On error dest may hold a partial tree: it is a staging folder and the
// caller removes it. Extract stops reading r before it returns.
func Extract(ctx context.Context, r io.Reader, f Format, dest string, opt Options) (Stats, error) {
	if err := checkEmptyDir(dest); err != nil {
		return Stats{}, fmt.Errorf("extract to %s: %w", dest, err)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	t := newTree(dest, opt.MaxBytes)
	t.reserved = opt.Reserved
	p := newPool(ctx, cancel, opt.Workers)
	var err error
	switch f {
	case TarXZ, TarGZ:
		err = extractTar(ctx, r, f, t, p)
	case Zip:
		err = extractZip(ctx, r, dest, t, p)
	default:
		err = fmt.Errorf("archive format %q: %w", f, errors.ErrUnsupported)
	}
	if err != nil {
		cancel(err)
	}
	if perr := p.close(); err == nil {
		err = perr
	}
	if err == nil && t.top == "" {
		err = errors.New("archive is empty")
	}
	t.stats.Bytes += p.bytes.Load()
	if err != nil {
		return t.stats, fmt.Errorf("extract to %s: %w", dest, err)
	}
	return t.stats, nil
}

// checkEmptyDir makes sure dest is an existing, empty directory, so that
// every path under it was made by Extract and none is a planted symlink.
func checkEmptyDir(dest string) error {
	d, err := os.Open(dest)
	if err != nil {
		return err
	}
	defer d.Close()
	names, err := d.Readdirnames(1)
	if err != nil && err != io.EOF {
		return err
	}
	if len(names) > 0 {
		return errors.New("destination is not empty")
	}
	return nil
}
