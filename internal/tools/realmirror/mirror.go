package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/nvmgo/nvmgo/download/signature/sigtest"
)

// layoutRev names the cache folder of built archives; bump it whenever the
// archives this tool writes change, so stale ones are not reused.
const layoutRev = "r1"

// build writes the whole mirror into opts.out.
func build(opts options, log io.Writer) error {
	for _, tool := range []string{"xz", "gzip"} { // npm only matters on a cache miss
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("%s is needed: %w", tool, err)
		}
	}
	signer, err := sigtest.NewSigner("nvmgo-realmirror-test")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(opts.out, 0o755); err != nil {
		return err
	}
	f := fetcher{cache: opts.cache, log: log}
	var rels []release
	for _, v := range opts.versions {
		r, err := buildVersion(opts, f, signer, v, log)
		if err != nil {
			return fmt.Errorf("v%s: %w", v, err)
		}
		rels = append(rels, r)
	}
	sort.Slice(rels, func(i, j int) bool { return newer(rels[i].Version, rels[j].Version) })
	idx, err := encodeIndex(rels)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(opts.out, "index.json"), idx, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(opts.out, "index.tab"), encodeTab(rels), 0o644); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(opts.keyOut), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(opts.keyOut, signer.PublicArmored(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(log, "realmirror: wrote %s (public key %s, fingerprint %s)\n", opts.out, opts.keyOut, signer.Fingerprint())
	return nil
}

// buildVersion writes vV/ (archives, SHASUMS256.txt and its .asc) and
// returns the index entry for what it built.
func buildVersion(opts options, f fetcher, signer *sigtest.Signer, v string, log io.Writer) (release, error) {
	r, err := lookupRelease(v)
	if err != nil {
		return r, err
	}
	npmV := opts.npm
	if npmV == "" {
		npmV = r.NPM
	}
	if npmV == "" {
		return r, fmt.Errorf("the index entry names no npm; pass -npm")
	}
	r.NPM = npmV
	src := sources{}
	if src.npm, err = f.pkgDir("npm", npmV); err != nil {
		return r, err
	}
	cpV := corepackFor(v, opts.corepack, log)
	if cpV != "" {
		if src.corepack, err = f.pkgDir("corepack", cpV); err != nil {
			return r, err
		}
	}
	dir := filepath.Join(opts.out, "v"+v)
	if err := os.RemoveAll(dir); err != nil {
		return r, err
	}
	sums := map[string]string{}
	var ids []string
	for _, tag := range opts.platforms {
		p := platforms[tag]
		if src.node, err = f.pkgDir(p.pkg, v); err != nil {
			return r, err
		}
		key := fmt.Sprintf("v%s-%s-npm%s-corepack%s-xz%s", v, tag, npmV, orNone(cpV), opts.xzLevel)
		built, err := buildArchives(filepath.Join(opts.cache, "built", layoutRev, key), v, tag, p, src, r.date(), opts.xzLevel, log)
		if err != nil {
			return r, fmt.Errorf("%s: %w", tag, err)
		}
		if p.windows {
			built = append(built, filepath.Join(src.node, "bin", "node.exe"))
		}
		for _, b := range built {
			name := filepath.Base(b)
			if name == "node.exe" {
				name = tag + "/node.exe" // served at the real vV/win-x64/node.exe path
			}
			if sums[name], err = copyHashed(b, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
				return r, err
			}
		}
		ids = append(ids, p.ids...)
	}
	r.keepFiles(ids)
	return r, writeSums(dir, sums, signer)
}

// corepackFor picks the corepack to bundle with node v: the -corepack flag,
// or for "auto" the one the release shipped, when this tool knows it.
func corepackFor(v, flagV string, log io.Writer) string {
	switch flagV {
	case "none", "":
		return ""
	case "auto":
	default:
		return strings.TrimPrefix(flagV, "v")
	}
	if cp, ok := shippedCorepack[v]; ok {
		return cp
	}
	if major, _ := strconv.Atoi(strings.SplitN(v, ".", 2)[0]); major >= 25 {
		return "" // v25 stopped shipping corepack
	}
	fmt.Fprintf(log, "realmirror: corepack of v%s is not known here; building without it (pass -corepack VERSION)\n", v)
	return ""
}

// newer orders "vX.Y.Z" strings newest first, as index.json lists them.
func newer(a, b string) bool {
	pa, pb := strings.Split(stripV(a), "."), strings.Split(stripV(b), ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		x, _ := strconv.Atoi(pa[i])
		y, _ := strconv.Atoi(pb[i])
		if x != y {
			return x > y
		}
	}
	return len(pa) > len(pb)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// buildArchives assembles the archives of one platform into cacheDir, or
// reuses them when an earlier run finished them, and returns their paths.
func buildArchives(cacheDir, v, tag string, p platform, src sources, mtime time.Time, xzLevel string, log io.Writer) ([]string, error) {
	root := "node-v" + v + "-" + tag
	var names []string
	if p.windows {
		names = []string{root + ".zip"}
	} else {
		names = []string{root + ".tar.xz", root + ".tar.gz"}
	}
	var paths []string
	for _, n := range names {
		paths = append(paths, filepath.Join(cacheDir, n))
	}
	if _, err := os.Stat(filepath.Join(cacheDir, ".complete")); err == nil {
		return paths, nil
	}
	if err := os.MkdirAll(filepath.Dir(cacheDir), 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(cacheDir), ".build-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp) // gone after publishDir renames it
	var t tree
	if p.windows {
		t, err = windowsTree(root, src)
	} else {
		t, err = unixTree(root, src)
	}
	if err != nil {
		return nil, err
	}
	entries := t.sorted()
	start := time.Now()
	fmt.Fprintf(log, "realmirror: building %s (%d entries)\n", strings.Join(names, ", "), len(entries))
	if p.windows {
		err = writeZip(filepath.Join(tmp, names[0]), entries, mtime)
	} else {
		err = compressTar(entries, mtime, xzLevel, filepath.Join(tmp, names[0]), filepath.Join(tmp, names[1]))
	}
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(log, "realmirror: built %s in %s\n", root, time.Since(start).Round(time.Second))
	return paths, publishDir(tmp, cacheDir)
}

// copyHashed copies src to dst and returns the hex SHA-256 of the bytes.
func copyHashed(src, dst string) (string, error) {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return "", err
	}
	in, err := os.Open(src)
	if err != nil {
		return "", err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(out, h), in); err != nil {
		out.Close()
		return "", err
	}
	if err := out.Close(); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// writeSums writes SHASUMS256.txt ("<sha256>  <name>", sorted by name) and
// the clearsigned SHASUMS256.txt.asc.
func writeSums(dir string, sums map[string]string, signer *sigtest.Signer) error {
	names := make([]string, 0, len(sums))
	for n := range sums {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		fmt.Fprintf(&b, "%s  %s\n", sums[n], n)
	}
	text := []byte(b.String())
	asc, err := signer.ClearSign(text)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "SHASUMS256.txt"), text, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "SHASUMS256.txt.asc"), asc, 0o644)
}
