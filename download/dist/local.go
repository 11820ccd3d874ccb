package dist

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/download/extract"
	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/internal/store/staging"
	"github.com/nvmgo/nvmgo/versions"
)

// InstallFile installs a release from a local archive (install --from)
// whose sha256 the caller took from a trusted source: a signed
// SHASUMS256.txt beside it, or the user's --sha256. The archive is copied
// into the staging folder while it is hashed, and only that copy, once it
// matches, is unpacked: a file changed on the way is never trusted.
func (in *Installer) InstallFile(ctx context.Context, rel versions.Release, path, tag, want string, trust Trust) (staging.Result, error) {
	name := filepath.Base(path)
	format, err := extract.FormatOf(name)
	if err != nil {
		return staging.Result{}, err
	}
	return in.Stage(ctx, rel, func(ctx context.Context, dest, staging string) (store.Meta, error) {
		copyPath := filepath.Join(staging, name)
		got, err := copyHashed(path, copyPath)
		if err != nil {
			return store.Meta{}, in.Home.WriteErr(err)
		}
		if got != want {
			return store.Meta{}, hint.With(fmt.Errorf("checksum mismatch for %s: want sha256 %s, got %s; nothing was installed", path, want, got),
				"the archive is damaged or not the one its checksum names: copy it again")
		}
		f, err := os.Open(copyPath)
		if err != nil {
			return store.Meta{}, err
		}
		defer f.Close()
		if _, err := extract.Extract(ctx, f, format, dest, extract.Options{}); err != nil {
			return store.Meta{}, wrapExtract(in.Home, name, trust.Signer != "", err)
		}
		return store.Meta{Platform: tag, File: name, URL: download.FileURL(path, runtime.GOOS), SHA256: want, Source: "file",
			Verified: trust.Verified, Signer: trust.Signer}, nil
	})
}

// copyHashed copies src to dst (a new file) and returns the hex sha256 of
// what was copied.
func copyHashed(src, dst string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", err
	}
	defer in.Close()
	h := sha256.New()
	if err := saveFile(dst, io.TeeReader(in, h)); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
