// Package archivetest builds tar.gz, tar.xz and zip archives in memory for tests.
package archivetest

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"io"
	"io/fs"
	"strings"

	"github.com/klauspost/compress/gzip"
	"github.com/ulikunitz/xz"
)

// Entry is one archive member. Name is written verbatim, so tests can use
// hostile names. The kind is Type when set (a tar typeflag such as
// tar.TypeChar); otherwise a symlink when Link is set, a hard link when
// Hardlink is set, a directory when Name ends in "/", else a regular file.
type Entry struct {
	Name     string
	Body     []byte
	Mode     fs.FileMode // permission bits; 0 means 0644 for files, 0755 for directories
	Link     string      // symlink target
	Hardlink string      // hard link target (an archive path)
	Type     byte        // tar typeflag; overrides the guessed kind
}

// Typeflag returns the tar typeflag of e.
func (e Entry) Typeflag() byte {
	switch {
	case e.Type != 0:
		return e.Type
	case e.Link != "":
		return tar.TypeSymlink
	case e.Hardlink != "":
		return tar.TypeLink
	case strings.HasSuffix(e.Name, "/"):
		return tar.TypeDir
	}
	return tar.TypeReg
}

func (e Entry) perm() fs.FileMode {
	switch {
	case e.Mode != 0:
		return e.Mode.Perm()
	case e.Typeflag() == tar.TypeDir:
		return 0o755
	case e.Typeflag() == tar.TypeSymlink:
		return 0o777
	}
	return 0o644
}

// Tar returns an uncompressed tar archive (PAX where needed) holding entries.
func Tar(entries []Entry) []byte {
	var buf bytes.Buffer
	writeTar(&buf, entries)
	return buf.Bytes()
}

// TarGz returns a gzip-compressed tar archive holding entries.
func TarGz(entries []Entry) []byte {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	must(err)
	writeTar(zw, entries)
	must(zw.Close())
	return buf.Bytes()
}

// TarXz returns an xz-compressed tar archive holding entries.
func TarXz(entries []Entry) []byte {
	var buf bytes.Buffer
	zw, err := xz.WriterConfig{DictCap: 8 << 20}.NewWriter(&buf)
	must(err)
	writeTar(zw, entries)
	must(zw.Close())
	return buf.Bytes()
}

func writeTar(w io.Writer, entries []Entry) {
	tw := tar.NewWriter(w)
	for _, e := range entries {
		h := &tar.Header{
			Typeflag: e.Typeflag(),
			Name:     e.Name,
			Mode:     int64(e.perm()),
			Linkname: e.Link,
			Format:   tar.FormatPAX,
		}
		if e.Hardlink != "" {
			h.Linkname = e.Hardlink
		}
		if h.Typeflag == tar.TypeReg {
			h.Size = int64(len(e.Body))
		}
		must(tw.WriteHeader(h))
		if h.Size > 0 {
			_, err := tw.Write(e.Body)
			must(err)
		}
	}
	must(tw.Close())
}

// Zip returns a zip archive holding entries, with unix modes in the external
// attributes. Symlinks are stored the way Info-ZIP stores them: the mode says
// symlink and the body is the target. Hard links and special types are not
// representable in zip and panic.
func Zip(entries []Entry) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.Name, Method: zip.Deflate}
		body := e.Body
		switch e.Typeflag() {
		case tar.TypeReg:
			h.SetMode(e.perm())
		case tar.TypeDir:
			h.Method = zip.Store
			h.SetMode(fs.ModeDir | e.perm())
		case tar.TypeSymlink:
			h.SetMode(fs.ModeSymlink | e.perm())
			body = []byte(e.Link)
		default:
			panic("archivetest: zip cannot hold entry " + e.Name)
		}
		w, err := zw.CreateHeader(h)
		must(err)
		_, err = w.Write(body)
		must(err)
	}
	must(zw.Close())
	return buf.Bytes()
}

func must(err error) {
	if err != nil {
		panic("archivetest: " + err.Error())
	}
}
