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
// bin/node, about 100 MB in all) in each format. Like Node's Makefile it
// uses "xz -9e" and "gzip -9" when they are installed, since decoding speed
// depends on the encoder. xz -9e takes minutes, so the archives are kept in
// the temp folder between runs (the content is fixed).
var benchArchives = sync.OnceValue(func() map[Format][]byte {
	cache := filepath.Join(os.TempDir(), "nvmgo-extract-bench-v1")
	es := sync.OnceValue(func() []archivetest.Entry {
		return archivetest.NodeShaped("node-v0.0.0-linux-x64", 4800, 90<<20)
	})
	m := map[Format][]byte{}
	for _, f := range []Format{TarGZ, TarXZ, Zip} {
		file := cache + string(f)
		if data, err := os.ReadFile(file); err == nil {
			m[f] = data
			continue
		}
		m[f] = compress(f, es())
		os.WriteFile(file+".tmp", m[f], 0o644)
		os.Rename(file+".tmp", file)
	}
	return m
})

func compress(f Format, es []archivetest.Entry) []byte {
	tool, level, fallback := "gzip", "-9", archivetest.TarGz
	switch f {
	case Zip:
		return archivetest.Zip(es)
	case TarXZ:
		tool, level, fallback = "xz", "-9e", archivetest.TarXz
	}
	cmd := exec.Command(tool, "-c", level)
	cmd.Stdin = bytes.NewReader(archivetest.Tar(es))
	out, err := cmd.Output()
	if err != nil {
		return fallback(es)
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

// benchData returns the synthetic archive in format f, or the one named by
// $NVMGO_BENCH_ARCHIVE if set (nil if that is in another format).
func benchData(b *testing.B, f Format) []byte {
	file := os.Getenv("NVMGO_BENCH_ARCHIVE")
	if file == "" {
		return benchArchives()[f]
	}
	if got, _ := FormatOf(file); got != f {
		return nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	return data
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
		data := benchData(b, d.f)
		if data == nil {
			continue
		}
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

// BenchmarkGuard prices the quiet guard (see quietGuard) against the bare
// decoders, both read in the read-ahead's 1 MiB blocks.
func BenchmarkGuard(b *testing.B) {
	for _, f := range []Format{TarXZ, TarGZ} {
		data := benchData(b, f)
		for _, guarded := range []bool{false, true} {
			name := string(f) + "-bare"
			if guarded {
				name = string(f) + "-guarded"
			}
			b.Run(name, func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				buf := make([]byte, 1<<20)
				for b.Loop() {
					g := &quietGuard{}
					var in io.Reader = bytes.NewReader(data)
					if guarded {
						in = guardIn{in, g}
					}
					r, err := openDecoder(in, f)
					if err != nil {
						b.Fatal(err)
					}
					if guarded {
						r = guardOut{r, g}
					}
					for {
						if _, err := fill(r, buf); err == io.EOF {
							break
						} else if err != nil {
							b.Fatal(err)
						}
					}
				}
			})
		}
	}
}

// BenchmarkExtractFile extracts the archive named by $NVMGO_BENCH_ARCHIVE
// (a real Node.js release, say) and runs tar on it for comparison.
func BenchmarkExtractFile(b *testing.B) {
	file := os.Getenv("NVMGO_BENCH_ARCHIVE")
	if file == "" {
		b.Skip("set NVMGO_BENCH_ARCHIVE to an archive file")
	}
	f, err := FormatOf(file)
	if err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("extract", func(b *testing.B) {
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
	b.Run("tar", func(b *testing.B) {
		base := b.TempDir()
		for i := 0; b.Loop(); i++ {
			b.StopTimer()
			dest := freshDir(b, base, i)
			b.StartTimer()
			if out, err := exec.Command("tar", "-xf", file, "-C", dest, "--strip-components=1").CombinedOutput(); err != nil {
				b.Fatalf("%v: %s", err, out)
			}
		}
	})
}
