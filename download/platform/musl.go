package platform

import (
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path"
	"strings"
)

// maxInterp bounds the PT_INTERP read; real loader paths are a few dozen bytes.
const maxInterp = 4096

// DetectMusl reports whether the ELF binary at elfPath asks for the musl
// dynamic loader (ld-musl-<arch>.so.1) in its PT_INTERP program header.
// Static binaries, non-ELF files and unreadable paths report false.
func DetectMusl(elfPath string) bool {
	interp, err := interpreter(elfPath)
	return err == nil && isMuslLoader(interp)
}

func isMuslLoader(interp string) bool {
	return strings.HasPrefix(path.Base(interp), "ld-musl-")
}

var errNotELF = errors.New("not an ELF file")

// interpreter returns the PT_INTERP path of an ELF file, or "" when the
// file has none (a static binary). It reads only the ELF header and the
// program headers: debug/elf would do, but it links DWARF and zstd
// decoders whose package set-up every nvmgo start would pay.
func interpreter(elfPath string) (string, error) {
	f, err := os.Open(elfPath)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var ident [16]byte
	if _, err := io.ReadFull(f, ident[:]); err != nil || string(ident[:4]) != "\x7fELF" {
		return "", errNotELF
	}
	var bo binary.ByteOrder
	switch ident[5] { // EI_DATA
	case 1:
		bo = binary.LittleEndian
	case 2:
		bo = binary.BigEndian
	default:
		return "", errNotELF
	}
	// The fields after e_ident that say where the program headers are.
	var phoff uint64
	var phentsize, phnum, minEnt int
	switch ident[4] { // EI_CLASS
	case 1: // ELF32: e_phoff at 28, e_phentsize at 42, e_phnum at 44
		var h [46 - 16]byte
		if _, err := io.ReadFull(f, h[:]); err != nil {
			return "", errNotELF
		}
		phoff = uint64(bo.Uint32(h[28-16:]))
		phentsize, phnum, minEnt = int(bo.Uint16(h[42-16:])), int(bo.Uint16(h[44-16:])), 32
	case 2: // ELF64: e_phoff at 32, e_phentsize at 54, e_phnum at 56
		var h [58 - 16]byte
		if _, err := io.ReadFull(f, h[:]); err != nil {
			return "", errNotELF
		}
		phoff = bo.Uint64(h[32-16:])
		phentsize, phnum, minEnt = int(bo.Uint16(h[54-16:])), int(bo.Uint16(h[56-16:])), 56
	default:
		return "", errNotELF
	}
	if phnum == 0 {
		return "", nil
	}
	// Real binaries have a dozen 32- or 56-byte entries; 0xffff (PN_XNUM,
	// the count moved to a section header) is refused like any huge table.
	// Divided, not multiplied: 0xffff*0xfffe overflows a 32-bit int.
	if phentsize < minEnt || phnum == 0xffff || phnum > (1<<20)/phentsize || phoff > 1<<40 {
		return "", errors.New("implausible ELF program headers")
	}
	phdrs := make([]byte, phentsize*phnum)
	if _, err := f.ReadAt(phdrs, int64(phoff)); err != nil {
		return "", err
	}
	for i := 0; i < phnum; i++ {
		p := phdrs[i*phentsize:]
		if bo.Uint32(p) != 3 { // PT_INTERP
			continue
		}
		var off, size uint64
		if minEnt == 32 { // p_offset at 4, p_filesz at 16
			off, size = uint64(bo.Uint32(p[4:])), uint64(bo.Uint32(p[16:]))
		} else { // p_offset at 8, p_filesz at 32
			off, size = bo.Uint64(p[8:]), bo.Uint64(p[32:])
		}
		if size == 0 || size > maxInterp || off > 1<<40 {
			return "", errors.New("implausible PT_INTERP size")
		}
		buf := make([]byte, size)
		if _, err := f.ReadAt(buf, int64(off)); err != nil {
			return "", err
		}
		return strings.TrimRight(string(buf), "\x00"), nil
	}
	return "", nil
}
