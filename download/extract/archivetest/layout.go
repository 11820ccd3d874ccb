package archivetest

import (
	"fmt"
	"math/rand/v2"
)

// NodeLinux returns a small tree shaped like node-vX.Y.Z-linux-x64.tar.*
// under the folder top: bin/node (0755), the bin/npm, bin/npx and
// bin/corepack relative symlinks, lib/node_modules/{npm,corepack}, include,
// share and the top-level documents. bin/node is a shell script that prints
// "node stub".
func NodeLinux(top string) []Entry {
	p := func(s string) string { return top + "/" + s }
	return []Entry{
		{Name: p("")},
		{Name: p("bin/")},
		{Name: p("bin/node"), Mode: 0o755, Body: []byte("#!/bin/sh\necho node stub\n")},
		{Name: p("bin/npm"), Link: "../lib/node_modules/npm/bin/npm-cli.js"},
		{Name: p("bin/npx"), Link: "../lib/node_modules/npm/bin/npx-cli.js"},
		{Name: p("bin/corepack"), Link: "../lib/node_modules/corepack/dist/corepack.js"},
		{Name: p("include/node/node.h"), Body: []byte("#define NODE 1\n")},
		{Name: p("include/node/uv/unix.h"), Body: []byte("/* uv */\n")},
		{Name: p("lib/node_modules/npm/package.json"), Body: []byte(`{"name":"npm"}`)},
		{Name: p("lib/node_modules/npm/bin/npm-cli.js"), Mode: 0o755, Body: []byte("#!/usr/bin/env node\n")},
		{Name: p("lib/node_modules/npm/bin/npx-cli.js"), Mode: 0o755, Body: []byte("#!/usr/bin/env node\n")},
		{Name: p("lib/node_modules/npm/bin/npm"), Mode: 0o755, Body: []byte("#!/bin/sh\n")},
		{Name: p("lib/node_modules/npm/bin/npm.cmd"), Body: []byte("@ECHO off\r\n")},
		{Name: p("lib/node_modules/npm/bin/node-gyp-bin/")},
		{Name: p("lib/node_modules/corepack/dist/corepack.js"), Mode: 0o755, Body: []byte("#!/usr/bin/env node\n")},
		{Name: p("share/doc/node/gdbinit"), Body: []byte("# gdb\n")},
		{Name: p("share/man/man1/node.1"), Body: []byte(".TH NODE 1\n")},
		{Name: p("CHANGELOG.md"), Body: []byte("# Changelog\n")},
		{Name: p("LICENSE"), Body: []byte("MIT\n")},
		{Name: p("README.md"), Body: []byte("# Node.js\n")},
	}
}

// NodeWindows returns a small tree shaped like node-vX.Y.Z-win-x64.zip under
// the folder top: node.exe and the npm, npx and corepack shims at the top,
// npm under node_modules/npm. It has no symlinks and no bin folder.
func NodeWindows(top string) []Entry {
	p := func(s string) string { return top + "/" + s }
	return []Entry{
		{Name: p("")},
		{Name: p("node.exe"), Mode: 0o755, Body: []byte("MZ stub")},
		{Name: p("npm"), Body: []byte("#!/bin/sh\n")},
		{Name: p("npm.cmd"), Body: []byte("@ECHO off\r\n")},
		{Name: p("npx"), Body: []byte("#!/bin/sh\n")},
		{Name: p("npx.cmd"), Body: []byte("@ECHO off\r\n")},
		{Name: p("corepack.cmd"), Body: []byte("@ECHO off\r\n")},
		{Name: p("nodevars.bat"), Body: []byte("@echo off\r\n")},
		{Name: p("install_tools.bat"), Body: []byte("@echo off\r\n")},
		{Name: p("node_modules/")},
		{Name: p("node_modules/npm/")},
		{Name: p("node_modules/npm/package.json"), Body: []byte(`{"name":"npm"}`)},
		{Name: p("node_modules/npm/bin/npm-cli.js"), Body: []byte("#!/usr/bin/env node\n")},
		{Name: p("node_modules/npm/bin/npx-cli.js"), Body: []byte("#!/usr/bin/env node\n")},
		{Name: p("node_modules/corepack/dist/corepack.js"), Body: []byte("#!/usr/bin/env node\n")},
		{Name: p("LICENSE"), Body: []byte("MIT\n")},
		{Name: p("README.md"), Body: []byte("# Node.js\n")},
		{Name: p("CHANGELOG.md"), Body: []byte("# Changelog\n")},
	}
}

// NodeShaped returns a Linux-shaped tree for benchmarks: bin/node of bigSize
// bytes of poorly compressible data, the npm symlinks, and about files small
// files of JavaScript-like text spread over nested folders of ten files each.
// The content is deterministic.
func NodeShaped(top string, files, bigSize int) []Entry {
	rng := rand.New(rand.NewPCG(1, 2))
	es := NodeLinux(top)[:6]
	es[2].Body = Noise(rng, bigSize)
	for i := 0; i < files; i++ {
		dir := fmt.Sprintf("%s/lib/node_modules/npm/node_modules/pkg%d/lib/sub%d", top, i/40, i/10%4)
		es = append(es, Entry{
			Name: fmt.Sprintf("%s/file%d.js", dir, i),
			Body: Text(rng, 512+rng.IntN(3500)),
		})
	}
	return es
}

// Noise returns n bytes that compress to roughly half their size: runs of
// 6-bit random bytes interleaved with copies of earlier runs.
func Noise(rng *rand.Rand, n int) []byte {
	b := make([]byte, 0, n)
	for len(b) < n {
		run := min(256+rng.IntN(4096), n-len(b))
		if len(b) > 1<<16 && rng.IntN(3) == 0 {
			off := rng.IntN(len(b) - run)
			b = append(b, b[off:off+run]...)
			continue
		}
		for range run {
			b = append(b, byte(rng.Uint32()&0x3f))
		}
	}
	return b
}

// Text returns n bytes of source-like text made of a small vocabulary.
func Text(rng *rand.Rand, n int) []byte {
	words := []string{"function", "return", "const", "=", "(", ")", "{", "}", "\n",
		"require", "module.exports", "if", "else", "await", "async", "this", ";", "null"}
	b := make([]byte, 0, n+16)
	for len(b) < n {
		b = append(b, words[rng.IntN(len(words))]...)
		b = append(b, ' ')
		if rng.IntN(8) == 0 {
			b = fmt.Appendf(b, "v%d ", rng.IntN(1000))
		}
	}
	return b[:n]
}
