package testmirror

import (
	"fmt"

	"github.com/nvmgo/nvmgo/download/extract/archivetest"
	"github.com/nvmgo/nvmgo/versions"
)

// NodeScript is the fake bin/node: it answers --version with the release's
// version and runs everything else with a real node, so the hello server,
// exit codes and npm scripts behave for real.
func NodeScript(version, realNode string) []byte {
	return []byte(fmt.Sprintf(`#!/bin/sh
# fake node %[1]s for nvmgo tests
case "$1" in --version|-v) echo %[1]s; exit 0;; esac
exec '%[2]s' "$@"
`, version, realNode))
}

// NpmScript is a fake npm-cli.js: --version prints the release's npm, and
// `install -g NAME[@VERSION]` / `uninstall -g NAME` add or remove bin/NAME
// and lib/node_modules/NAME in the version that runs it, like a global
// install would.
func NpmScript(npmVersion string) []byte {
	return []byte(fmt.Sprintf(`#!/usr/bin/env node
const fs = require('fs'), path = require('path');
const args = process.argv.slice(2);
const prefix = path.resolve(__dirname, '..', '..', '..', '..');
if (args[0] === '--version' || args[0] === '-v') { console.log(%[1]q); process.exit(0); }
const global = args.includes('-g') || args.includes('--global');
const names = args.filter(a => !a.startsWith('-')).slice(1);
const split = s => { const i = s.lastIndexOf('@'); return i > 0 ? [s.slice(0, i), s.slice(i + 1)] : [s, '1.0.0']; };
if (global && (args[0] === 'install' || args[0] === 'i')) {
  for (const s of names) {
    const [n, v] = split(s);
    const bin = path.join(prefix, 'bin', n);
    fs.writeFileSync(bin, '#!/bin/sh\necho "' + n + ' from ' + prefix + '"\n', { mode: 0o755 });
    const dir = path.join(prefix, 'lib', 'node_modules', n);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: n, version: v === '*' ? '1.0.0' : v, bin: { [n]: 'cli.js' } }));
  }
  process.exit(0);
}
if (global && (args[0] === 'uninstall' || args[0] === 'rm')) {
  for (const n of names) {
    fs.rmSync(path.join(prefix, 'bin', n), { force: true });
    fs.rmSync(path.join(prefix, 'lib', 'node_modules', n), { force: true, recursive: true });
  }
  process.exit(0);
}
if (args[0] === 'exit') process.exit(Number(args[1]));
console.error('fake npm: unsupported: ' + args.join(' '));
process.exit(1);
`, npmVersion))
}

// UnixTree is the official linux/darwin layout with the fake node and npm.
func UnixTree(top string, r versions.Release, realNode string) []archivetest.Entry {
	p := func(s string) string { return top + "/" + s }
	npm := r.Npm
	if npm == "" {
		npm = "0.0.0"
	}
	return []archivetest.Entry{
		{Name: p("")},
		{Name: p("bin/")},
		{Name: p("bin/node"), Mode: 0o755, Body: NodeScript(r.Version, realNode)},
		{Name: p("bin/npm"), Link: "../lib/node_modules/npm/bin/npm-cli.js"},
		{Name: p("bin/npx"), Link: "../lib/node_modules/npm/bin/npx-cli.js"},
		{Name: p("include/node/node.h"), Body: []byte("#define NODE 1\n")},
		{Name: p("lib/node_modules/npm/package.json"), Body: []byte(`{"name":"npm","version":"` + npm + `"}`)},
		{Name: p("lib/node_modules/npm/bin/npm-cli.js"), Mode: 0o755, Body: NpmScript(npm)},
		{Name: p("lib/node_modules/npm/bin/npx-cli.js"), Mode: 0o755, Body: []byte("#!/usr/bin/env node\nconsole.log('npx " + npm + "');\n")},
		{Name: p("share/man/man1/node.1"), Body: []byte(".TH NODE 1\n")},
		{Name: p("LICENSE"), Body: []byte("MIT\n")},
		{Name: p("README.md"), Body: []byte("# Node.js " + r.Version + "\n")},
	}
}

// WindowsTree is the official win zip layout (node.exe at the top, npm
// under node_modules) with stand-in contents.
func WindowsTree(top string, r versions.Release) []archivetest.Entry {
	p := func(s string) string { return top + "/" + s }
	return []archivetest.Entry{
		{Name: p("")},
		{Name: p("node.exe"), Mode: 0o755, Body: []byte("MZ fake node.exe " + r.Version)},
		{Name: p("npm"), Body: []byte("#!/bin/sh\n")},
		{Name: p("npm.cmd"), Body: []byte("@ECHO off\r\n")},
		{Name: p("npx"), Body: []byte("#!/bin/sh\n")},
		{Name: p("npx.cmd"), Body: []byte("@ECHO off\r\n")},
		{Name: p("node_modules/npm/package.json"), Body: []byte(`{"name":"npm"}`)},
		{Name: p("node_modules/npm/bin/npm-cli.js"), Body: NpmScript(r.Npm)},
		{Name: p("node_modules/npm/bin/npx-cli.js"), Body: []byte("console.log('npx');\n")},
		{Name: p("LICENSE"), Body: []byte("MIT\n")},
	}
}
