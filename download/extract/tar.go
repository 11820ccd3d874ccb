package extract

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/klauspost/compress/gzip"
	"github.com/mikelolasagasti/xz"
)

// smallFile is the largest file read whole into memory and handed to a
// worker; bigger ones are streamed to disk by the reading goroutine.
const smallFile = 1 << 20

// openDecoder returns the decompressed stream of r. It ends with the first
// compressed stream: Node's archives are one gzip member or one xz stream,
// and whatever a server sends after it is not read as more archive (the
// caller bounds it and the sha256 judges it).
func openDecoder(r io.Reader, f Format) (io.Reader, error) {
	if f == TarGZ {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, err
		}
		zr.Multistream(false)
		return zr, nil
	}
	xr, err := xz.NewReader(r, 0)
	if err != nil {
		return nil, err
	}
	xr.Multistream(false)
	return xr, nil
}

// ErrTrailing is an archive followed by data that is not archive (more
// than its format's padding): the archive before it was read whole.
var ErrTrailing = errors.New("data after the end of the compressed archive")

// maxTarTail is how much data may follow the tar end-of-archive marker
// inside the compressed stream: the padding to the 10 KiB tar record, or
// a larger blocking factor; not an endless run of zeros.
const maxTarTail = 1 << 20

func extractTar(ctx context.Context, r io.Reader, f Format, t *tree, p *pool) error {
	g := &quietGuard{}
	dec, err := openDecoder(guardIn{r, g}, f)
	if err != nil {
		return fmt.Errorf("read %s stream: %w", f, err)
	}
	ra := newReadahead(ctx, guardOut{dec, g}, 1<<20, 8)
	defer ra.Close()
	tr := tar.NewReader(ra)
	buf := make([]byte, 1<<20)
	for {
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("read archive: %w", err)
		}
		if err := tarEntry(ctx, t, p, tr, h, buf); err != nil {
			return err
		}
	}
	// Read the compressed stream to its end, where its checksum is checked.
	n, err := io.CopyBuffer(io.Discard, io.LimitReader(ra, maxTarTail+1), buf)
	if err != nil {
		return fmt.Errorf("read archive: %w", err)
	}
	if n > maxTarTail {
		return ErrTrailing
	}
	return nil
}

// quietGuard stops a decoder that reads on without producing anything:
// xz takes a run of zeros after its stream as padding, for as long as the
// run lasts, so a server sending zeros after a valid archive would be read
// for ever. A real stream yields output every few KiB of input (an LZMA2
// chunk is at most 64 KiB compressed, a stored deflate block 64 KiB), so
// maxQuiet bytes of input without output are data after the end.
type quietGuard struct{ quiet int64 }

// maxQuiet is the input allowed without output; maxOutRead keeps each
// decoder call small enough that its input stays far below it.
const (
	maxQuiet   = 1 << 20
	maxOutRead = 32 << 10
)

// guardIn counts the decoder's input; guardOut resets the count when the
// decoder produces bytes. Both run on the read-ahead goroutine (the first
// header read aside, which happens before it starts).
type guardIn struct {
	r io.Reader
	g *quietGuard
}

func (in guardIn) Read(p []byte) (int, error) {
	if in.g.quiet > maxQuiet {
		return 0, ErrTrailing
	}
	n, err := in.r.Read(p)
	in.g.quiet += int64(n)
	return n, err
}

type guardOut struct {
	r io.Reader
	g *quietGuard
}

func (o guardOut) Read(p []byte) (int, error) {
	if len(p) > maxOutRead {
		p = p[:maxOutRead]
	}
	n, err := o.r.Read(p)
	if n > 0 {
		o.g.quiet = 0
	}
	return n, err
}

func isSparse(h *tar.Header) bool {
	for k := range h.PAXRecords {
		if strings.HasPrefix(k, "GNU.sparse.") {
			return true
		}
	}
	return false
}

func tarEntry(ctx context.Context, t *tree, p *pool, tr *tar.Reader, h *tar.Header, buf []byte) error {
	switch h.Typeflag {
	case tar.TypeXGlobalHeader:
		return nil
	case tar.TypeReg, tar.TypeDir, tar.TypeSymlink, tar.TypeLink:
	default:
		return unsafe(h.Name, fmt.Sprintf("entry type %q is not extracted", h.Typeflag))
	}
	if isSparse(h) {
		// Holes cost no input, so a sparse entry could fill the disk.
		return unsafe(h.Name, "sparse files are not extracted")
	}
	if err := t.count(h.Name, h.Size); err != nil {
		return err
	}
	rel, ok, err := t.rel(h.Name, h.Typeflag == tar.TypeDir)
	if err != nil || !ok {
		return err
	}
	switch h.Typeflag {
	case tar.TypeDir:
		return t.mkdirAll(h.Name, rel)
	case tar.TypeSymlink:
		return t.symlink(h.Name, rel, h.Linkname)
	case tar.TypeLink:
		if err := p.wait(); err != nil {
			return err
		}
		return t.hardlink(h.Name, rel, h.Linkname)
	}
	if err := t.claim(h.Name, rel, fileKind); err != nil {
		return err
	}
	t.stats.Files++
	perm := 0o644 | fs.FileMode(h.Mode)&0o111
	if h.Size > smallFile {
		n, err := writeFile(ctx, t.osPath(rel), perm, nil, tr, buf)
		t.stats.Bytes += n
		if err != nil {
			return fmt.Errorf("entry %q: %w", h.Name, err)
		}
		return nil
	}
	data := make([]byte, h.Size)
	if _, err := io.ReadFull(tr, data); err != nil {
		return fmt.Errorf("entry %q: %w", h.Name, err)
	}
	return p.submit(job{name: h.Name, path: t.osPath(rel), perm: perm, data: data})
}
