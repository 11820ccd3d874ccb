package download

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
	"syscall"
	"time"

	"github.com/nvmgo/nvmgo/download/extract"
	"github.com/nvmgo/nvmgo/download/platform"
	"github.com/nvmgo/nvmgo/download/signature"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/versions"
)

// Installer installs verified releases into a home folder.
type Installer struct {
	Home             store.Home
	Client           *Client
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

// Result is a finished (or already present) install.
type Result struct {
	Dir     string
	Already bool
	Meta    store.Meta
}

func (in *Installer) logf(format string, a ...any) {
	if in.Log != nil {
		fmt.Fprintf(in.Log, format+"\n", a...)
	}
}

// Install downloads, verifies and unpacks one release for one artifact of
// the dist mirror.
func (in *Installer) Install(ctx context.Context, rel versions.Release, art platform.Artifact) (Result, error) {
	return in.Stage(ctx, rel, func(ctx context.Context, dest, staging string) (store.Meta, error) {
		return in.fillFromDist(ctx, rel, art, dest, staging)
	})
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
	trust, err := in.Client.Checksums(ctx, base, in.Keyring, allowUnsigned, in.Log)
	if err != nil {
		switch {
		case errors.Is(err, ErrUnsigned):
			return store.Meta{}, fmt.Errorf("%w\nhint: use a mirror that copies SHASUMS256.txt.asc, or trust this one with --allow-unsigned", err)
		case errors.Is(err, signature.ErrBadSignature), errors.Is(err, signature.ErrUnknownKey), errors.Is(err, signature.ErrNoSignature):
			return store.Meta{}, withHint(err, "no Node.js release key signed these checksums; do not trust this mirror: use the official one (unset NVMGO_NODE_MIRROR) or one that copies it unchanged")
		case Refused(err):
			return store.Meta{}, withHint(err, MirrorAuthHint)
		}
		return store.Meta{}, withHint(err, mirrorHint(base))
	}
	name, want := "", ""
	for _, n := range append([]string{art.FileName}, art.Alternatives...) {
		if sum, ok := trust.Sums.Lookup(n); ok {
			name, want = n, sum
			break
		}
	}
	if name == "" {
		return store.Meta{}, fmt.Errorf("%s/SHASUMS256.txt has no entry for %s; the mirror is incomplete\nhint: try again later, or use another mirror (NVMGO_NODE_MIRROR)", base, art.FileName)
	}
	s, head, name, want, err := in.openArchive(ctx, base, name, want, trust.Sums)
	if err != nil && Refused(err) {
		return store.Meta{}, withHint(err, MirrorAuthHint)
	}
	if err != nil {
		return store.Meta{}, withHint(err, mirrorHint(base))
	}
	defer s.Close()
	url := base + "/" + name
	got, err := in.fetchAndExtract(ctx, s, head, name, dest, staging, trust.Signer != "")
	if got != "" && got != want {
		return store.Meta{}, fmt.Errorf("checksum mismatch for %s: want sha256 %s, got %s; the download was removed, nothing was installed\nhint: try again; if it persists the mirror (%s) serves a bad file", name, want, got, base)
	}
	if err != nil {
		return store.Meta{}, withHint(err, mirrorHint(base))
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
func (in *Installer) fetchAndExtract(ctx context.Context, s *Stream, head []byte, name, dest, staging string, signed bool) (string, error) {
	format, err := extract.FormatOf(name)
	if err != nil {
		return "", err
	}
	s.OnRetry = func(err error, off int64) {
		in.logf("nvmgo: download interrupted at %d bytes (%v); resuming", off, err)
	}
	h := sha256.New()
	var src io.Reader = io.TeeReader(io.MultiReader(bytes.NewReader(head), s), h)
	var bar *progress
	if in.Progress && in.Log != nil {
		bar = newProgress(in.Log, "downloading "+name, s.Size())
		src = io.TeeReader(src, bar)
	}
	if format == extract.Zip {
		path := filepath.Join(staging, name)
		if err := saveFile(path, src); err != nil {
			return "", homeErr(in.Home, err)
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
	derr := Drain(src, xerr == nil || errors.Is(xerr, extract.ErrTrailing), s.url)
	finishBar(bar)
	if derr != nil {
		return "", derr
	}
	return hex.EncodeToString(h.Sum(nil)), wrapExtract(in.Home, name, signed, xerr)
}

// MaxTrailer is how much a download may hold after the end of a complete
// archive (the compressor's stream padding; none in Node's own files).
const MaxTrailer = 64 << 10

// Drain reads what is left of a download, for its hash. After an archive
// that unpacked completely only MaxTrailer bytes may follow: the reading
// stops there rather than follow a server that sends for ever. After a
// failed unpack the rest is read (up to the stream's cap), so that a
// corrupt download is reported as a checksum mismatch.
func Drain(r io.Reader, complete bool, url string) error {
	if !complete {
		_, err := io.Copy(io.Discard, r)
		return err
	}
	n, err := io.Copy(io.Discard, io.LimitReader(r, MaxTrailer+1))
	if err != nil {
		return err
	}
	if n > MaxTrailer {
		return fmt.Errorf("GET %s: more than %d bytes after the end of the archive; refusing it, nothing was installed", Redact(url), MaxTrailer)
	}
	return nil
}

func finishBar(bar *progress) {
	if bar != nil {
		bar.finish()
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
	if isDiskErr(err) {
		return homeErr(h, err)
	}
	if !signed {
		return fmt.Errorf("unpack %s: %w; nothing was installed\nhint: the archive matches the mirror's unsigned SHASUMS256.txt, which proves nothing about it: use the official mirror (unset NVMGO_NODE_MIRROR)", name, err)
	}
	return fmt.Errorf("unpack %s: %w; nothing was installed\nhint: the archive matches its signed sha256, so nvmgo should unpack it: please report this", name, err)
}

func isDiskErr(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EROFS) || errors.Is(err, os.ErrPermission)
}

// withHint adds the next step to err unless it has one already (or is an
// interruption, which needs none).
func withHint(err error, hint string) error {
	if err == nil || errors.Is(err, context.Canceled) || strings.Contains(err.Error(), "\nhint: ") {
		return err
	}
	return fmt.Errorf("%w\nhint: %s", err, hint)
}

func mirrorHint(base string) string {
	return "check the network and the mirror (" + base + "), then run the install again; NVMGO_NODE_MIRROR selects another mirror"
}

// HomeErr explains a file-system failure under NVMGO_HOME with the next step.
func HomeErr(h store.Home, err error) error { return homeErr(h, err) }

func homeErr(h store.Home, err error) error {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return fmt.Errorf("no space left in %s: %w\nhint: free some space (nvmgo uninstall an old version) and try again", h.Root, err)
	case errors.Is(err, syscall.EROFS), errors.Is(err, os.ErrPermission):
		return fmt.Errorf("%s is not writable: %w\nhint: fix its permissions or point NVMGO_HOME at a writable folder", h.Root, err)
	}
	return err
}
