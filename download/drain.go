package download

import (
	"fmt"
	"io"
)

// MaxTrailer is how much a download may hold after the end of a complete
// archive (the compressor's stream padding; none in Node's own files).
const MaxTrailer = 64 << 10

// Drain reads what is left of a download, for its hash. After an archive
// that unpacked completely only MaxTrailer bytes may follow: the reading
// stops there rather than follow a server that sends for ever. After a
// failed unpack the rest is read (up to the stream's cap), so that a
// corrupt download is reported as a checksum mismatch.
func Drain(r io.Reader, complete bool, url string) error {
	if !complete {
		_, err := io.Copy(io.Discard, r)
		return err
	}
	n, err := io.Copy(io.Discard, io.LimitReader(r, MaxTrailer+1))
	if err != nil {
		return err
	}
	if n > MaxTrailer {
		return fmt.Errorf("GET %s: more than %d bytes after the end of the archive; refusing it, nothing was installed", Redact(url), MaxTrailer)
	}
	return nil
}
