// Package dist speaks the nodejs.org dist protocol: SHASUMS256.txt and its release signature, the archive format chosen by the link, and the verified fill of a release into the store.
package dist

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/download/extract"
	"github.com/nvmgo/nvmgo/download/platform"
	"github.com/nvmgo/nvmgo/download/signature"
	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/internal/store/staging"
	"github.com/nvmgo/nvmgo/versions"
)

// Installer installs verified releases from a dist mirror into a home
// folder.
type Installer struct {
	Home             store.Home
	Client           *download.Client
	Mirror           string
	UnofficialMirror string
	Keyring          *signature.Keyring
	AllowUnsigned    bool
	GOOS             string    // the target OS (decides the bin folder)
	Log              io.Writer // messages (stderr)
	Progress         bool      // draw a progress bar on Log
	// AutoFormat lets a fast link switch a .tar.xz install to the .tar.gz
	// (see FastLink); off when the user chose a format.
	AutoFormat bool
	Now        func() time.Time
	// MaxArchive caps one archive download; 0 means MaxArchiveSize.
	MaxArchive int64
}

func (in *Installer) logf(format string, a ...any) {
	if in.Log != nil {
		fmt.Fprintf(in.Log, format+"\n", a...)
	}
}

// Install downloads, verifies and unpacks one release for one artifact of
// the dist mirror.
func (in *Installer) Install(ctx context.Context, rel versions.Release, art platform.Artifact) (staging.Result, error) {
	return in.Stage(ctx, rel, func(ctx context.Context, dest, staging string) (store.Meta, error) {
		return in.fillFromDist(ctx, rel, art, dest, staging)
	})
}

// Stage installs rel with fill into the home (see staging.Stager.Stage).
func (in *Installer) Stage(ctx context.Context, rel versions.Release, fill staging.Fill) (staging.Result, error) {
	return staging.Stager{Home: in.Home, GOOS: in.GOOS, Log: in.Log, Now: in.Now}.Stage(ctx, rel, fill)
}

func (in *Installer) fillFromDist(ctx context.Context, rel versions.Release, art platform.Artifact, dest, staging string) (store.Meta, error) {
	ver := rel.V.String()
	base := in.Mirror
	allowUnsigned := in.AllowUnsigned
	if art.Unofficial {
		base = in.UnofficialMirror
		allowUnsigned = true
	}
	base = strings.TrimRight(base, "/") + "/" + ver
	if art.Note != "" {
		in.logf("nvmgo: note: %s", art.Note)
	}
	trust, err := Checksums(ctx, in.Client, base, in.Keyring, allowUnsigned, in.Log)
	if err != nil {
		switch {
		case errors.Is(err, ErrUnsigned):
			return store.Meta{}, hint.With(err, "use a mirror that copies SHASUMS256.txt.asc, or trust this one with --allow-unsigned")
		case errors.Is(err, signature.ErrBadSignature), errors.Is(err, signature.ErrUnknownKey), errors.Is(err, signature.ErrNoSignature):
			return store.Meta{}, hint.With(err, "no Node.js release key signed these checksums; do not trust this mirror: use the official one (unset NVMGO_NODE_MIRROR) or one that copies it unchanged")
		case download.Refused(err):
			return store.Meta{}, hint.With(err, download.MirrorAuthHint)
		}
		return store.Meta{}, hint.With(err, mirrorHint(base))
	}
	name, want := "", ""
	for _, n := range append([]string{art.FileName}, art.Alternatives...) {
		if sum, ok := trust.Sums.Lookup(n); ok {
			name, want = n, sum
			break
		}
	}
	if name == "" {
		return store.Meta{}, hint.With(fmt.Errorf("%s/SHASUMS256.txt has no entry for %s; the mirror is incomplete", base, art.FileName),
			"try again later, or use another mirror (NVMGO_NODE_MIRROR)")
	}
	s, head, name, want, err := in.openArchive(ctx, base, name, want, trust.Sums)
	if err != nil && download.Refused(err) {
		return store.Meta{}, hint.With(err, download.MirrorAuthHint)
	}
	if err != nil {
		return store.Meta{}, hint.With(err, mirrorHint(base))
	}
	defer s.Close()
	url := base + "/" + name
	got, err := in.fetchAndExtract(ctx, s, head, name, dest, staging, trust.Signer != "")
	if got != "" && got != want {
		return store.Meta{}, hint.With(fmt.Errorf("checksum mismatch for %s: want sha256 %s, got %s; the download was removed, nothing was installed", name, want, got),
			"try again; if it persists the mirror ("+base+") serves a bad file")
	}
	if err != nil {
		return store.Meta{}, hint.With(err, mirrorHint(base))
	}
	source := "dist"
	if art.Unofficial {
		source = "unofficial"
	}
	return store.Meta{Platform: art.Tag, File: name, URL: url, SHA256: want, Source: source,
		Verified: trust.Verified, Signer: trust.Signer, Note: art.Note}, nil
}

// fetchAndExtract streams the archive through the hash and the extractor at
// once; zips need random access, so they are saved first. It returns the
// sha256 of every byte received (even when extraction failed, so a corrupt
// download is reported as a checksum mismatch rather than a bad archive).
func (in *Installer) fetchAndExtract(ctx context.Context, s *download.Stream, head []byte, name, dest, staging string, signed bool) (string, error) {
	format, err := extract.FormatOf(name)
	if err != nil {
		return "", err
	}
	s.OnRetry = func(err error, off int64) {
		in.logf("nvmgo: download interrupted at %d bytes (%v); resuming", off, err)
	}
	h := sha256.New()
	var src io.Reader = io.TeeReader(io.MultiReader(bytes.NewReader(head), s), h)
	var bar *download.Progress
	if in.Progress && in.Log != nil {
		bar = download.NewProgress(in.Log, "downloading "+name, s.Size())
		src = io.TeeReader(src, bar)
	}
	if format == extract.Zip {
		path := filepath.Join(staging, name)
		if err := saveFile(path, src); err != nil {
			return "", in.Home.WriteErr(err)
		}
		finishBar(bar)
		sum := hex.EncodeToString(h.Sum(nil))
		f, err := os.Open(path)
		if err != nil {
			return sum, err
		}
		defer f.Close()
		_, err = extract.Extract(ctx, f, format, dest, extractOptions)
		return sum, wrapExtract(in.Home, name, signed, err)
	}
	_, xerr := extract.Extract(ctx, src, format, dest, extractOptions)
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	derr := download.Drain(src, xerr == nil || errors.Is(xerr, extract.ErrTrailing), s.URL())
	finishBar(bar)
	if derr != nil {
		return "", derr
	}
	return hex.EncodeToString(h.Sum(nil)), wrapExtract(in.Home, name, signed, xerr)
}

func finishBar(bar *download.Progress) {
	if bar != nil {
		bar.Finish()
	}
}

func saveFile(path string, r io.Reader) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// extractOptions refuses archive entries at the names nvmgo writes itself.
var extractOptions = extract.Options{Reserved: store.ReservedNames}

// wrapExtract explains an archive that matched its sha256 but was refused,
// saying what that sha256 was worth: signed by a Node.js release key (so
// nvmgo is at fault), or only the mirror's word (so the mirror may be).
func wrapExtract(h store.Home, name string, signed bool, err error) error {
	if err == nil {
		return nil
	}
	if store.IsDiskErr(err) {
		return h.WriteErr(err)
	}
	if !signed {
		return hint.With(fmt.Errorf("unpack %s: %w; nothing was installed", name, err),
			"the archive matches the mirror's unsigned SHASUMS256.txt, which proves nothing about it: use the official mirror (unset NVMGO_NODE_MIRROR)")
	}
	return hint.With(fmt.Errorf("unpack %s: %w; nothing was installed", name, err),
		"the archive matches its signed sha256, so nvmgo should unpack it: please report this")
}

func mirrorHint(base string) string {
	return "check the network and the mirror (" + base + "), then run the install again; NVMGO_NODE_MIRROR selects another mirror"
}
