package extract

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/nvmgo/nvmgo/download/extract/archivetest"
)

// zeros is an endless run of zero bytes that counts what was read.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	clear(p)
	z.n += int64(len(p))
	return len(p), nil
}

// An archive followed by bytes that never end: extraction stops at the end
// of the compressed stream, or, where the format reads on (xz takes zeros
// as stream padding), after a bounded amount, instead of reading for ever.
func TestTrailingData(t *testing.T) {
	es := archivetest.NodeLinux("node-v1.0.0-linux-x64")
	for _, f := range []Format{TarXZ, TarGZ} {
		for _, tail := range []string{"zeros", "garbage"} {
			t.Run(string(f)+"/"+tail, func(t *testing.T) {
				var after io.Reader = &zeros{}
				if tail == "garbage" {
					after = io.MultiReader(bytes.NewReader([]byte("GARBAGE!")), after)
				}
				z := &zeros{}
				if tail == "zeros" {
					after = z
				}
				_, err := Extract(context.Background(), io.MultiReader(bytes.NewReader(pack(f, es)), after), f, t.TempDir(), Options{})
				if err != nil && !errors.Is(err, ErrTrailing) {
					t.Fatalf("Extract = %v; want success or ErrTrailing", err)
				}
				if z.n > 2*maxQuiet {
					t.Errorf("read %d bytes after the archive; want at most %d", z.n, 2*maxQuiet)
				}
			})
		}
	}
}
