package platform

import (
	"debug/elf"
	"errors"
	"io"
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

// interpreter returns the PT_INTERP path of an ELF file, or "" when the
// file has none (a static binary).
func interpreter(elfPath string) (string, error) {
	f, err := elf.Open(elfPath)
	if err != nil {
		return "", err
	}
	defer f.Close()
	for _, prog := range f.Progs {
		if prog.Type != elf.PT_INTERP {
			continue
		}
		if prog.Filesz == 0 || prog.Filesz > maxInterp {
			return "", errors.New("implausible PT_INTERP size")
		}
		buf := make([]byte, prog.Filesz)
		if _, err := io.ReadFull(prog.Open(), buf); err != nil {
			return "", err
		}
		return strings.TrimRight(string(buf), "\x00"), nil
	}
	return "", nil
}
