package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/klauspost/compress/gzip"

	"github.com/nvmgo/nvmgo/download/extract/archivetest"
)

// TestTruncated cuts each archive at many points: every cut must fail,
// including cuts after the last tar entry, which only the compressed
// stream's trailer reveals.
func TestTruncated(t *testing.T) {
	es := archivetest.NodeLinux("top")
	for _, f := range []Format{TarGZ, TarXZ, Zip} {
		data := pack(f, es)
		cuts := []int{0, 1, 10, len(data) / 2, len(data) - 30, len(data) - 8, len(data) - 1}
		for _, n := range cuts {
			_, dest := newDest(t)
			if _, err := extractBytes(t, f, data[:n], dest); err == nil {
				t.Errorf("%s cut at %d of %d: no error", f, n, len(data))
			}
		}
	}
}

func TestCorrupt(t *testing.T) {
	es := shaped("top", 50, 64<<10)
	for _, f := range []Format{TarGZ, TarXZ, Zip} {
		data := bytes.Clone(pack(f, es))
		for i := len(data) / 3; i < len(data)/3+16; i++ {
			data[i] ^= 0x55
		}
		_, dest := newDest(t)
		if _, err := extractBytes(t, f, data, dest); err == nil {
			t.Errorf("%s: corrupt archive extracted without error", f)
		}
	}
}

func TestWrongFormat(t *testing.T) {
	data := archivetest.TarGz(archivetest.NodeLinux("top"))
	for _, f := range []Format{TarXZ, Zip, Format(".7z")} {
		_, dest := newDest(t)
		if _, err := extractBytes(t, f, data, dest); err == nil {
			t.Errorf("tar.gz read as %s: no error", f)
		}
	}
}

func TestEmptyArchive(t *testing.T) {
	for _, es := range [][]archivetest.Entry{nil, {{Name: "./"}}} {
		for _, f := range []Format{TarGZ, TarXZ, Zip} {
			_, dest := newDest(t)
			_, err := extractBytes(t, f, pack(f, es), dest)
			if err == nil || !strings.Contains(err.Error(), "empty") {
				t.Errorf("%s with %d entries: %v", f, len(es), err)
			}
		}
	}
}

// TestNotTarInside is a valid gzip stream of bytes that are not a tar.
func TestNotTarInside(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(bytes.Repeat([]byte("not a tar "), 200))
	zw.Close()
	_, dest := newDest(t)
	if _, err := extractBytes(t, TarGZ, buf.Bytes(), dest); err == nil {
		t.Error("no error")
	}
}

// cancelReader cancels its context once n bytes have been read, and counts
// reads made after done is set.
type cancelReader struct {
	r      io.Reader
	n      int
	cancel context.CancelFunc
	done   atomic.Bool
	late   atomic.Int32
}

func (c *cancelReader) Read(p []byte) (int, error) {
	if c.done.Load() {
		c.late.Add(1)
	}
	if c.n <= 0 {
		c.cancel()
	}
	m, err := c.r.Read(p[:min(len(p), 4096)])
	c.n -= m
	return m, err
}

func TestCancel(t *testing.T) {
	es := shaped("top", 1000, 2<<20)
	for _, f := range []Format{TarGZ, TarXZ, Zip} {
		data := pack(f, es)
		for _, at := range []int{0, len(data) / 3} {
			ctx, cancel := context.WithCancel(context.Background())
			cr := &cancelReader{r: bytes.NewReader(data), n: at, cancel: cancel}
			_, dest := newDest(t)
			if at == 0 {
				cancel()
			}
			st, err := Extract(ctx, onlyReader{cr}, f, dest, Options{})
			cr.done.Store(true)
			if !errors.Is(err, context.Canceled) {
				t.Errorf("%s cancelled at %d: %v", f, at, err)
			}
			if st.Files >= 1001 {
				t.Errorf("%s cancelled at %d: extracted everything", f, at)
			}
			cancel()
			if cr.late.Load() != 0 {
				t.Errorf("%s: reader used after Extract returned", f)
			}
		}
	}
}

// TestStopsReadingOnError checks that the decoder goroutine is done with r
// when Extract returns early, so a caller may hash or close it safely.
func TestStopsReadingOnError(t *testing.T) {
	es := shaped("top", 300, 2<<20)
	es = append(es[:3:3], append([]archivetest.Entry{{Name: "top/../x"}}, es[3:]...)...)
	data := archivetest.TarXz(es)
	cr := &cancelReader{r: bytes.NewReader(data), n: len(data) + 1, cancel: func() {}}
	_, dest := newDest(t)
	_, err := Extract(context.Background(), cr, TarXZ, dest, Options{})
	cr.done.Store(true)
	if !errors.Is(err, ErrUnsafePath) {
		t.Fatalf("err %v", err)
	}
	if cr.late.Load() != 0 {
		t.Error("reader used after Extract returned")
	}
	if fi, err := os.Stat(filepath.Join(dest, "bin", "node")); err == nil && fi.Size() == 2<<20 {
		t.Log("note: bin/node was written before the bad entry")
	}
}

// rawHeader returns a ustar header block.
func rawHeader(name string, typ byte, size int) []byte {
	h := make([]byte, 512)
	copy(h, name)
	copy(h[100:], "0000644\x00")
	copy(h[124:], fmt.Sprintf("%011o\x00", size))
	copy(h[136:], "00000000000\x00")
	h[156] = typ
	copy(h[257:], "ustar\x0000")
	copy(h[148:], "        ")
	sum := 0
	for _, b := range h {
		sum += int(b)
	}
	copy(h[148:], fmt.Sprintf("%06o\x00 ", sum))
	return h
}

// paxRecord returns "LEN key=value\n" where LEN counts itself.
func paxRecord(k, v string) string {
	s := " " + k + "=" + v + "\n"
	n := len(s) + 1
	for len(strconv.Itoa(n))+len(s) != n {
		n++
	}
	return strconv.Itoa(n) + s
}

// TestSparseRefused: a GNU sparse 0.1 entry of 1 TiB made of one hole
// costs a few bytes of archive and must not be written.
func TestSparseRefused(t *testing.T) {
	pax := paxRecord("GNU.sparse.size", "1099511627776") + paxRecord("GNU.sparse.map", "0,0") + paxRecord("GNU.sparse.numblocks", "1") +
		paxRecord("GNU.sparse.major", "0") + paxRecord("GNU.sparse.minor", "1")
	var raw bytes.Buffer
	raw.Write(rawHeader("top/x", 'x', len(pax)))
	raw.WriteString(pax)
	raw.Write(make([]byte, 512-len(pax)%512))
	raw.Write(rawHeader("top/sparse", '0', 0))
	raw.Write(make([]byte, 1024))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(raw.Bytes())
	zw.Close()
	parent, dest := newDest(t)
	if _, err := extractBytes(t, TarGZ, gz.Bytes(), dest); !errors.Is(err, ErrUnsafePath) || !strings.Contains(err.Error(), "sparse") {
		t.Errorf("sparse entry: %v", err)
	}
	checkOnlyDest(t, parent)
}

func TestMaxBytes(t *testing.T) {
	es := []archivetest.Entry{
		{Name: "top/a", Body: make([]byte, 600<<10)},
		{Name: "top/b", Body: make([]byte, 600<<10)},
	}
	for _, f := range []Format{TarGZ, TarXZ, Zip} {
		_, dest := newDest(t)
		_, err := Extract(context.Background(), bytes.NewReader(pack(f, es)), f, dest, Options{MaxBytes: 1 << 20})
		if err == nil || !strings.Contains(err.Error(), `"top/b": archive content exceeds`) {
			t.Errorf("%s: %v", f, err)
		}
	}
}
