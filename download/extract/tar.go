package extract

import (
	"archive/tar"
	"context"
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

// openDecoder returns the decompressed stream of r.
func openDecoder(r io.Reader, f Format) (io.Reader, error) {
	if f == TarGZ {
		return gzip.NewReader(r)
	}
	return xz.NewReader(r, 0)
}

func extractTar(ctx context.Context, r io.Reader, f Format, t *tree, p *pool) error {
	dec, err := openDecoder(r, f)
	if err != nil {
		return fmt.Errorf("read %s stream: %w", f, err)
	}
	ra := newReadahead(ctx, dec, 1<<20, 8)
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
	if _, err := io.CopyBuffer(io.Discard, ra, buf); err != nil {
		return fmt.Errorf("read archive: %w", err)
	}
	return nil
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
