package main

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"time"
)

// writeTar writes the entries as a GNU-format tar, like GNU tar in node's
// Makefile: folders, regular files and symlinks stored as symlinks.
func writeTar(w io.Writer, entries []entry, mtime time.Time) error {
	tw := tar.NewWriter(w)
	for _, e := range entries {
		h := &tar.Header{
			Name:    e.name,
			Mode:    int64(e.mode.Perm()),
			ModTime: mtime,
			Uname:   "root",
			Gname:   "root",
			Format:  tar.FormatGNU,
		}
		switch {
		case e.mode.IsDir():
			h.Typeflag, h.Name = tar.TypeDir, e.name+"/"
		case e.mode&fs.ModeSymlink != 0:
			h.Typeflag, h.Linkname = tar.TypeSymlink, e.link
		default:
			h.Typeflag, h.Size = tar.TypeReg, e.size
		}
		if err := tw.WriteHeader(h); err != nil {
			return fmt.Errorf("%s: %w", e.name, err)
		}
		if h.Typeflag == tar.TypeReg {
			if err := copyFrom(tw, e.src); err != nil {
				return fmt.Errorf("%s: %w", e.name, err)
			}
		}
	}
	return tw.Close()
}

func copyFrom(w io.Writer, src string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}

// compressTar writes the tar once and feeds it to `xz` and `gzip` at the same
// time, as node's Makefile compresses it (xz -9e single-threaded, so one
// block like the official files; gzip -9).
func compressTar(entries []entry, mtime time.Time, xzLevel, xzPath, gzPath string) error {
	xz := exec.Command("xz", "-T1", "-"+xzLevel, "-c")
	gz := exec.Command("gzip", "-9", "-n", "-c")
	var ins []io.WriteCloser
	var outs []*os.File
	defer func() {
		for _, f := range outs {
			f.Close()
		}
	}()
	for i, c := range []*exec.Cmd{xz, gz} {
		out, err := os.Create([]string{xzPath, gzPath}[i] + ".tmp")
		if err != nil {
			return err
		}
		outs = append(outs, out)
		c.Stdout, c.Stderr = out, os.Stderr
		in, err := c.StdinPipe()
		if err != nil {
			return err
		}
		ins = append(ins, in)
		if err := c.Start(); err != nil {
			return fmt.Errorf("%s: %w", c.Path, err)
		}
	}
	bw := bufio.NewWriterSize(io.MultiWriter(ins[0], ins[1]), 1<<20)
	werr := writeTar(bw, entries, mtime)
	if werr == nil {
		werr = bw.Flush()
	}
	for _, in := range ins {
		in.Close()
	}
	errXZ, errGZ := xz.Wait(), gz.Wait()
	if err := errors.Join(werr, errXZ, errGZ); err != nil {
		return err
	}
	for i, p := range []string{xzPath, gzPath} {
		if err := outs[i].Close(); err != nil {
			return err
		}
		if err := os.Rename(p+".tmp", p); err != nil {
			return err
		}
	}
	return nil
}

// writeZip writes the entries as a deflated zip at the best compression,
// the nearest stdlib match for vcbuild.bat's `7z a -tzip -mx9`.
func writeZip(dst string, entries []entry, mtime time.Time) error {
	f, err := os.Create(dst + ".tmp")
	if err != nil {
		return err
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	zw := zip.NewWriter(bw)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: mtime}
		if e.mode.IsDir() {
			h.Name, h.Method = e.name+"/", zip.Store
		}
		h.SetMode(e.mode)
		w, err := zw.CreateHeader(h)
		if err != nil {
			return fmt.Errorf("%s: %w", e.name, err)
		}
		if e.mode.IsRegular() {
			if err := copyFrom(w, e.src); err != nil {
				return fmt.Errorf("%s: %w", e.name, err)
			}
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(dst+".tmp", dst)
}
