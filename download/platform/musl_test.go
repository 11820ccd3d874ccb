package platform

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// writeELF writes a minimal little-endian ELF64 executable with one
// program header: PT_INTERP naming interp, or PT_LOAD when interp is "".
func writeELF(t *testing.T, interp string) string {
	t.Helper()
	const ehsize, phsize = 64, 56
	var buf bytes.Buffer
	hdr := elf.Header64{
		Type: uint16(elf.ET_EXEC), Machine: uint16(elf.EM_X86_64), Version: uint32(elf.EV_CURRENT),
		Phoff: ehsize, Ehsize: ehsize, Phentsize: phsize, Phnum: 1, Shentsize: 64,
	}
	copy(hdr.Ident[:], elf.ELFMAG)
	hdr.Ident[elf.EI_CLASS] = byte(elf.ELFCLASS64)
	hdr.Ident[elf.EI_DATA] = byte(elf.ELFDATA2LSB)
	hdr.Ident[elf.EI_VERSION] = byte(elf.EV_CURRENT)
	data := append([]byte(interp), 0)
	prog := elf.Prog64{Type: uint32(elf.PT_LOAD), Flags: uint32(elf.PF_R), Off: ehsize + phsize,
		Filesz: uint64(len(data)), Memsz: uint64(len(data)), Align: 1}
	if interp != "" {
		prog.Type = uint32(elf.PT_INTERP)
	}
	for _, v := range []any{hdr, prog, data} {
		if err := binary.Write(&buf, binary.LittleEndian, v); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "bin")
	if err := os.WriteFile(path, buf.Bytes(), 0o755); err != nil {
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
