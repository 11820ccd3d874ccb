package extract

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/klauspost/compress/flate"
)

// maxLinkTarget bounds the body read for a zip symlink entry.
const maxLinkTarget = 4096

// extractZip makes folders and symlinks in archive order and queues each
// file for the workers, which inflate and write in parallel: zip entries
// are independent, so unlike tar the decoding itself runs on all cores.
func extractZip(ctx context.Context, r io.Reader, dest string, t *tree, p *pool) error {
	ra, size, cleanup, err := zipSource(ctx, r, dest)
	if err != nil {
		return err
	}
	defer cleanup()
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return fmt.Errorf("read archive: %w", err)
	}
	zr.RegisterDecompressor(zip.Deflate, newFlateReader)
	for _, f := range zr.File {
		if err = ctx.Err(); err != nil {
			err = context.Cause(ctx)
			break
		}
		if err = zipEntry(t, p, f); err != nil {
			break
		}
	}
	// The workers read ra, so stop them before cleanup closes it.
	if err != nil {
		p.cancel(err)
	}
	if werr := p.wait(); err == nil {
		err = werr
	}
	return err
}

// flateReaders recycles inflaters (about 40 KB each) across zip entries,
// as archive/zip does for its own.
var flateReaders sync.Pool

// newFlateReader returns klauspost's inflater, faster than compress/flate.
func newFlateReader(r io.Reader) io.ReadCloser {
	if fr, ok := flateReaders.Get().(io.ReadCloser); ok && fr.(flate.Resetter).Reset(r, nil) == nil {
		return &pooledFlate{fr}
	}
	return &pooledFlate{flate.NewReader(r)}
}

type pooledFlate struct{ io.ReadCloser }

func (p *pooledFlate) Close() error {
	if p.ReadCloser == nil {
		return nil
	}
	err := p.ReadCloser.Close()
	flateReaders.Put(p.ReadCloser)
	p.ReadCloser = nil
	return err
}

func zipEntry(t *tree, p *pool, f *zip.File) error {
	mode := f.Mode()
	if err := t.count(f.Name, int64(min(f.UncompressedSize64, 1<<62))); err != nil {
		return err
	}
	rel, ok, err := t.rel(f.Name, mode.IsDir())
	if err != nil || !ok {
		return err
	}
	switch {
	case mode.IsDir():
		return t.mkdirAll(f.Name, rel)
	case mode&fs.ModeSymlink != 0:
		target, err := readLinkTarget(f)
		if err != nil {
			return err
		}
		return t.symlink(f.Name, rel, target)
	case !mode.IsRegular():
		return unsafe(f.Name, "entry type "+mode.Type().String()+" is not extracted")
	}
	if err := t.claim(f.Name, rel, fileKind); err != nil {
		return err
	}
	t.stats.Files++
	perm := 0o644 | mode&0o111
	return p.submit(job{name: f.Name, path: t.osPath(rel), perm: perm, open: f.Open})
}

func readLinkTarget(f *zip.File) (string, error) {
	rc, err := f.Open()
	if err != nil {
		return "", fmt.Errorf("entry %q: %w", f.Name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxLinkTarget+1))
	if err != nil {
		return "", fmt.Errorf("entry %q: %w", f.Name, err)
	}
	if len(b) > maxLinkTarget {
		return "", unsafe(f.Name, "symlink target too long")
	}
	return string(b), nil
}

// zipSource returns r as an io.ReaderAt with its size, spooling it to a
// temporary file next to dest when it is neither a file nor sized.
func zipSource(ctx context.Context, r io.Reader, dest string) (io.ReaderAt, int64, func(), error) {
	nop := func() {}
	if f, ok := r.(*os.File); ok {
		fi, err := f.Stat()
		if err != nil {
			return nil, 0, nop, fmt.Errorf("read archive: %w", err)
		}
		return f, fi.Size(), nop, nil
	}
	if ra, ok := r.(interface {
		io.ReaderAt
		Size() int64
	}); ok {
		return ra, ra.Size(), nop, nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(dest), ".extract-*.zip")
	if err != nil {
		return nil, 0, nop, fmt.Errorf("spool archive: %w", err)
	}
	cleanup := func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}
	n, err := copyCtx(ctx, tmp, r, make([]byte, 1<<20))
	if err != nil {
		cleanup()
		return nil, 0, nop, fmt.Errorf("spool archive: %w", err)
	}
	return tmp, n, cleanup, nil
}
