package platform

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// writeELF writes a minimal little-endian ELF64 executable with one
// program header: PT_INTERP naming interp, or PT_LOAD when interp is "".
func writeELF(t *testing.T, interp string) string {
	t.Helper()
	return writeELFFile(t, elfBytes(t, elf.ELFCLASS64, binary.LittleEndian, interp))
}

// elfBytes builds an ELF executable of the given class and byte order with
// a PT_LOAD header and, when interp is not "", a PT_INTERP header after it.
func elfBytes(t *testing.T, class elf.Class, bo binary.ByteOrder, interp string) []byte {
	t.Helper()
	data := append([]byte(interp), 0)
	nprog := 1
	if interp != "" {
		nprog = 2
	}
	var hdr, progs []any
	var ident [elf.EI_NIDENT]byte
	copy(ident[:], elf.ELFMAG)
	ident[elf.EI_CLASS] = byte(class)
	ident[elf.EI_DATA] = byte(elf.ELFDATA2LSB)
	if bo == binary.BigEndian {
		ident[elf.EI_DATA] = byte(elf.ELFDATA2MSB)
	}
	ident[elf.EI_VERSION] = byte(elf.EV_CURRENT)
	if class == elf.ELFCLASS32 {
		const ehsize, phsize = 52, 32
		off := uint32(ehsize + nprog*phsize)
		hdr = []any{elf.Header32{Ident: ident, Type: uint16(elf.ET_EXEC), Machine: uint16(elf.EM_ARM),
			Version: uint32(elf.EV_CURRENT), Phoff: ehsize, Ehsize: ehsize, Phentsize: phsize, Phnum: uint16(nprog), Shentsize: 40}}
		progs = []any{elf.Prog32{Type: uint32(elf.PT_LOAD), Flags: uint32(elf.PF_R), Off: 0, Filesz: off, Memsz: off, Align: 1}}
		if interp != "" {
			progs = append(progs, elf.Prog32{Type: uint32(elf.PT_INTERP), Flags: uint32(elf.PF_R), Off: off,
				Filesz: uint32(len(data)), Memsz: uint32(len(data)), Align: 1})
		}
	} else {
		const ehsize, phsize = 64, 56
		off := uint64(ehsize + nprog*phsize)
		hdr = []any{elf.Header64{Ident: ident, Type: uint16(elf.ET_EXEC), Machine: uint16(elf.EM_X86_64),
			Version: uint32(elf.EV_CURRENT), Phoff: ehsize, Ehsize: ehsize, Phentsize: phsize, Phnum: uint16(nprog), Shentsize: 64}}
		progs = []any{elf.Prog64{Type: uint32(elf.PT_LOAD), Flags: uint32(elf.PF_R), Off: 0, Filesz: off, Memsz: off, Align: 1}}
		if interp != "" {
			progs = append(progs, elf.Prog64{Type: uint32(elf.PT_INTERP), Flags: uint32(elf.PF_R), Off: off,
				Filesz: uint64(len(data)), Memsz: uint64(len(data)), Align: 1})
		}
	}
	var buf bytes.Buffer
	for _, v := range append(append(hdr, progs...), data) {
		if err := binary.Write(&buf, bo, v); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func writeELFFile(t *testing.T, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "bin")
	if err := os.WriteFile(path, b, 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDetectMusl(t *testing.T) {
	tests := []struct {
		interp string
		want   bool
	}{
		{"/lib/ld-musl-x86_64.so.1", true},
		{"/lib/ld-musl-aarch64.so.1", true},
		{"/lib/ld-musl-armhf.so.1", true},
		{"/lib64/ld-linux-x86-64.so.2", false},
		{"/lib/ld-linux-aarch64.so.1", false},
		{"/opt/ld-musl-lookalike/ld-linux.so.2", false},
		{"", false}, // static binary: no PT_INTERP
	}
	for _, tt := range tests {
		path := writeELF(t, tt.interp)
		if got := DetectMusl(path); got != tt.want {
			t.Errorf("DetectMusl(ELF with interp %q) = %v; want %v", tt.interp, got, tt.want)
		}
	}
}

func TestDetectMuslNotELF(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "script")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho ld-musl-x86_64.so.1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{script, filepath.Join(dir, "missing"), dir} {
		if DetectMusl(path) {
			t.Errorf("DetectMusl(%q) = true", path)
		}
	}
}

// TestDetectMuslHost checks the real /bin/sh of this (glibc) machine.
func TestDetectMuslHost(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("needs a Linux /bin/sh")
	}
	if m, _ := filepath.Glob("/lib/ld-musl-*"); len(m) > 0 {
		t.Skip("musl host")
	}
	if DetectMusl("/bin/sh") {
		t.Error("DetectMusl(/bin/sh) = true on a glibc host")
	}
	if Current().Libc != "" {
		t.Errorf("Current().Libc = %q on a glibc host", Current().Libc)
	}
}

// Every class and byte order a musl loader exists for: x86_64 and aarch64
// (64-bit LE), armhf and i386 (32-bit LE), s390x (64-bit BE), and 32-bit BE.
func TestInterpreterClassesAndOrders(t *testing.T) {
	const interp = "/lib/ld-musl-s390x.so.1"
	for _, class := range []elf.Class{elf.ELFCLASS32, elf.ELFCLASS64} {
		for _, bo := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
			for _, want := range []string{interp, ""} {
				path := writeELFFile(t, elfBytes(t, class, bo, want))
				got, err := interpreter(path)
				if err != nil || got != want {
					t.Errorf("%v %v: interpreter = %q, %v; want %q", class, bo, got, err, want)
				}
				if ref := debugELFInterp(t, path); ref != want {
					t.Fatalf("%v %v: the test file is wrong: debug/elf reads %q", class, bo, ref)
				}
			}
		}
	}
}

// Broken headers are errors (DetectMusl: false), never panics or huge reads.
func TestInterpreterMalformed(t *testing.T) {
	good := elfBytes(t, elf.ELFCLASS64, binary.LittleEndian, "/lib/ld-musl-x86_64.so.1")
	tests := map[string]func(b []byte) []byte{
		"truncated header":   func(b []byte) []byte { return b[:40] },
		"bad class":          func(b []byte) []byte { b[elf.EI_CLASS] = 9; return b },
		"bad data":           func(b []byte) []byte { b[elf.EI_DATA] = 0; return b },
		"phoff past the end": func(b []byte) []byte { binary.LittleEndian.PutUint64(b[32:], 1<<20); return b },
		"huge phnum": func(b []byte) []byte {
			binary.LittleEndian.PutUint16(b[54:], 0xfff0)
			binary.LittleEndian.PutUint16(b[56:], 0xfff0)
			return b
		},
		"PN_XNUM":        func(b []byte) []byte { binary.LittleEndian.PutUint16(b[56:], 0xffff); return b },
		"tiny phentsize": func(b []byte) []byte { binary.LittleEndian.PutUint16(b[54:], 8); return b },
		// 0xffff*0xfffe wraps a 32-bit int negative: this case guards 386
		// and arm builds (this machine cannot run 32-bit test binaries).
		"table size overflows int32": func(b []byte) []byte {
			binary.LittleEndian.PutUint16(b[54:], 0xffff)
			binary.LittleEndian.PutUint16(b[56:], 0xfffe)
			return b
		},
		"interp past the end": func(b []byte) []byte {
			binary.LittleEndian.PutUint64(b[64+56+8:], 1<<30)
			return b
		},
		"interp too long": func(b []byte) []byte {
			binary.LittleEndian.PutUint64(b[64+56+32:], maxInterp+1)
			return b
		},
	}
	for name, mutate := range tests {
		b := mutate(append([]byte(nil), good...))
		if got, err := interpreter(writeELFFile(t, b)); err == nil {
			t.Errorf("%s: interpreter = %q, nil; want an error", name, got)
		}
	}
}

// TestInterpreterMatchesDebugELF compares with debug/elf on this machine's
// own binaries and libraries.
func TestInterpreterMatchesDebugELF(t *testing.T) {
	var files []string
	for _, pattern := range []string{"/bin/*", "/usr/bin/*", "/lib/x86_64-linux-gnu/*.so*", "/lib64/*"} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	n := 0
	for _, path := range files {
		f, err := elf.Open(path)
		if err != nil {
			continue
		}
		f.Close()
		want := debugELFInterp(t, path)
		got, err := interpreter(path)
		if err != nil || got != want {
			t.Errorf("%s: interpreter = %q, %v; debug/elf reads %q", path, got, err, want)
		}
		if n++; n == 300 {
			break
		}
	}
	if n == 0 {
		t.Skip("no ELF files here")
	}
	t.Logf("%d ELF files agree", n)
}

func debugELFInterp(t *testing.T, path string) string {
	t.Helper()
	f, err := elf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			b := make([]byte, p.Filesz)
			if _, err := p.ReadAt(b, 0); err != nil {
				t.Fatal(err)
			}
			return strings.TrimRight(string(b), "\x00")
		}
	}
	return ""
}

func FuzzInterpreter(f *testing.F) {
	f.Add(elfBytes(&testing.T{}, elf.ELFCLASS64, binary.LittleEndian, "/lib/ld-musl-x86_64.so.1"))
	f.Add(elfBytes(&testing.T{}, elf.ELFCLASS32, binary.BigEndian, "/lib/ld.so.1"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(dir, "bin")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := interpreter(path)
		if err != nil {
			return
		}
		if len(got) > maxInterp {
			t.Fatalf("interpreter read %d bytes", len(got))
		}
	})
}
