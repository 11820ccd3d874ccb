package extract

import (
	"bytes"
	stdgzip "compress/gzip"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/pgzip"
	"github.com/mikelolasagasti/xz"
	ulikunitz "github.com/ulikunitz/xz"

	"github.com/nvmgo/nvmgo/download/extract/archivetest"
)

// benchArchives holds a Node-shaped archive (4,800 small files and a 90 MB
// bin/node, about 100 MB in all) in each format, built once per process.
// Like Node's Makefile it uses "xz -9e" and "gzip -9" when they are
// installed, since decoding speed depends on the encoder.
var benchArchives = sync.OnceValue(func() map[Format][]byte {
	es := archivetest.NodeShaped("node-v0.0.0-linux-x64", 4800, 90<<20)
	tarball := archivetest.Tar(es)
	return map[Format][]byte{
		TarGZ: compress(tarball, "gzip", "-9", func() []byte { return archivetest.TarGz(es) }),
		TarXZ: compress(tarball, "xz", "-9e", func() []byte { return archivetest.TarXz(es) }),
		Zip:   archivetest.Zip(es),
	}
})

func compress(tarball []byte, tool, level string, fallback func() []byte) []byte {
	cmd := exec.Command(tool, "-c", level)
	cmd.Stdin = bytes.NewReader(tarball)
	out, err := cmd.Output()
	if err != nil {
		return fallback()
	}
	return out
}

// freshDir returns a new empty folder under the benchmark's temp dir (put
// TMPDIR on a tmpfs to measure the pipeline rather than the disk).
func freshDir(b *testing.B, base string, i int) string {
	d := filepath.Join(base, "x", string(rune('a'+i%26)))
	os.RemoveAll(filepath.Dir(d))
	if err := os.MkdirAll(d, 0o755); err != nil {
		b.Fatal(err)
	}
	return d
}

func BenchmarkExtract(b *testing.B) {
	for _, f := range []Format{TarGZ, TarXZ, Zip} {
		data := benchArchives()[f]
		b.Run(string(f)[1:], func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			base := b.TempDir()
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				dest := freshDir(b, base, i)
				b.StartTimer()
				if _, err := Extract(context.Background(), bytes.NewReader(data), f, dest, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTarCommand runs the system tar on the same archives.
func BenchmarkTarCommand(b *testing.B) {
	if _, err := exec.LookPath("tar"); err != nil {
		b.Skip("no tar")
	}
	for _, f := range []Format{TarGZ, TarXZ} {
		b.Run(string(f)[1:], func(b *testing.B) {
			base := b.TempDir()
			arch := filepath.Join(base, "a"+string(f))
			if err := os.WriteFile(arch, benchArchives()[f], 0o644); err != nil {
				b.Fatal(err)
			}
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				dest := freshDir(b, base, i)
				b.StartTimer()
				if out, err := exec.Command("tar", "-xf", arch, "-C", dest, "--strip-components=1").CombinedOutput(); err != nil {
					b.Fatalf("%v: %s", err, out)
				}
			}
		})
	}
}

// BenchmarkDecode compares the decoders on the compressed tar streams.
func BenchmarkDecode(b *testing.B) {
	decoders := []struct {
		name string
		f    Format
		open func(io.Reader) (io.Reader, error)
	}{
		{"gzip-klauspost", TarGZ, func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }},
		{"gzip-pgzip", TarGZ, func(r io.Reader) (io.Reader, error) { return pgzip.NewReader(r) }},
		{"gzip-stdlib", TarGZ, func(r io.Reader) (io.Reader, error) { return stdgzip.NewReader(r) }},
		{"xz-mikelolasagasti", TarXZ, func(r io.Reader) (io.Reader, error) { return xz.NewReader(r, 0) }},
		{"xz-ulikunitz", TarXZ, func(r io.Reader) (io.Reader, error) { return ulikunitz.NewReader(r) }},
	}
	for _, d := range decoders {
		data := benchArchives()[d.f]
		b.Run(d.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				r, err := d.open(bytes.NewReader(data))
				if err != nil {
					b.Fatal(err)
				}
				if _, err := io.Copy(io.Discard, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
