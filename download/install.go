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

	"github.com/gofrs/flock"

	"github.com/nvmgo/nvmgo/download/extract"
	"github.com/nvmgo/nvmgo/download/platform"
	"github.com/nvmgo/nvmgo/download/signature"
	"github.com/nvmgo/nvmgo/internal/home"
	"github.com/nvmgo/nvmgo/versions"
)

// Installer installs verified releases into a home folder.
type Installer struct {
	Home             home.Home
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
	Meta    home.Meta
}

func (in *Installer) logf(format string, a ...any) {
	if in.Log != nil {
		fmt.Fprintf(in.Log, format+"\n", a...)
	}
}

// Install downloads, verifies and unpacks one release for one artifact of
// the dist mirror.
func (in *Installer) Install(ctx context.Context, rel versions.Release, art platform.Artifact) (Result, error) {
	return in.Stage(ctx, rel, func(ctx context.Context, dest, staging string) (home.Meta, error) {
		return in.fillFromDist(ctx, rel, art, dest, staging)
	})
}

// Fill writes one release's files into dest (an empty folder inside the
// staging folder) and returns what was verified about them.
type Fill func(ctx context.Context, dest, staging string) (home.Meta, error)

// Stage installs a release atomically and idempotently: under the version's
// file lock it runs fill in a fresh staging folder on the same file system,
// writes the metadata file last, and renames the folder into versions/.
// Nothing appears there unless fill succeeded; an installed version is a
// success.
func (in *Installer) Stage(ctx context.Context, rel versions.Release, fill Fill) (Result, error) {
	ver := rel.V.String()
	dir := in.Home.VersionDir(ver)
	if m, err := home.ReadMeta(dir); err == nil {
		return Result{Dir: dir, Already: true, Meta: m}, nil
	}
	for _, d := range []string{in.Home.VersionsDir(), in.Home.TmpDir(), in.Home.LocksDir()} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return Result{}, homeErr(in.Home, err)
		}
	}
	lock := flock.New(filepath.Join(in.Home.LocksDir(), ver+".lock"))
	ok, err := lock.TryLock()
	if err != nil {
		return Result{}, homeErr(in.Home, err)
	}
	if !ok {
		in.logf("nvmgo: waiting for another nvmgo installing %s", ver)
		if _, err := lock.TryLockContext(ctx, 50*time.Millisecond); err != nil {
			return Result{}, err
		}
	}
	defer lock.Unlock()
	if m, err := home.ReadMeta(dir); err == nil {
		return Result{Dir: dir, Already: true, Meta: m}, nil
	}
	in.sweepStale(ver)
	if _, err := os.Lstat(dir); err == nil {
		// A folder without metadata is not a complete install (an old crash, or
		// a hand-made copy); move it aside rather than trust it.
		if err := os.Rename(dir, filepath.Join(in.Home.TmpDir(), fmt.Sprintf("%s-incomplete-%d", ver, time.Now().UnixNano()))); err != nil {
			return Result{}, homeErr(in.Home, err)
		}
		in.sweepStale(ver)
	}
	staging, err := os.MkdirTemp(in.Home.TmpDir(), ver+"-")
	if err != nil {
		return Result{}, homeErr(in.Home, err)
	}
	defer os.RemoveAll(staging)
	dest := filepath.Join(staging, "node")
	if err := os.Mkdir(dest, 0o755); err != nil {
		return Result{}, homeErr(in.Home, err)
	}
	meta, err := fill(ctx, dest, staging)
	if err != nil {
		return Result{}, err
	}
	if _, err := os.Stat(home.NodeExe(dest, in.GOOS)); err != nil {
		return Result{}, fmt.Errorf("%s: no node binary at %s; nothing was installed", meta.File, home.NodeExe("<root>", in.GOOS))
	}
	meta.Version, meta.LTS, meta.Entry = ver, string(rel.LTS), &rel
	meta.InstalledAt = in.Now().UTC()
	if err := home.WriteMeta(dest, meta); err != nil {
		return Result{}, homeErr(in.Home, err)
	}
	if err := os.Rename(dest, dir); err != nil {
		return Result{}, homeErr(in.Home, err)
	}
	return Result{Dir: dir, Meta: meta}, nil
}

func (in *Installer) fillFromDist(ctx context.Context, rel versions.Release, art platform.Artifact, dest, staging string) (home.Meta, error) {
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
			return home.Meta{}, fmt.Errorf("%w\nhint: use a mirror that copies SHASUMS256.txt.asc, or trust this one with --allow-unsigned", err)
		case errors.Is(err, signature.ErrBadSignature), errors.Is(err, signature.ErrUnknownKey), errors.Is(err, signature.ErrNoSignature):
			return home.Meta{}, withHint(err, "no Node.js release key signed these checksums; do not trust this mirror: use the official one (unset NVMGO_NODE_MIRROR) or one that copies it unchanged")
		case Refused(err):
			return home.Meta{}, withHint(err, MirrorAuthHint)
		}
		return home.Meta{}, withHint(err, mirrorHint(base))
	}
	name, want := "", ""
	for _, n := range append([]string{art.FileName}, art.Alternatives...) {
		if sum, ok := trust.Sums.Lookup(n); ok {
			name, want = n, sum
			break
		}
	}
	if name == "" {
		return home.Meta{}, fmt.Errorf("%s/SHASUMS256.txt has no entry for %s; the mirror is incomplete\nhint: try again later, or use another mirror (NVMGO_NODE_MIRROR)", base, art.FileName)
	}
	s, head, name, want, err := in.openArchive(ctx, base, name, want, trust.Sums)
	if err != nil && Refused(err) {
		return home.Meta{}, withHint(err, MirrorAuthHint)
	}
	if err != nil {
		return home.Meta{}, withHint(err, mirrorHint(base))
	}
	defer s.Close()
	url := base + "/" + name
	got, err := in.fetchAndExtract(ctx, s, head, name, dest, staging)
	if got != "" && got != want {
		return home.Meta{}, fmt.Errorf("checksum mismatch for %s: want sha256 %s, got %s; the download was removed, nothing was installed\nhint: try again; if it persists the mirror (%s) serves a bad file", name, want, got, base)
	}
	if err != nil {
		return home.Meta{}, withHint(err, mirrorHint(base))
	}
	source := "dist"
	if art.Unofficial {
		source = "unofficial"
	}
	return home.Meta{Platform: art.Tag, File: name, URL: url, SHA256: want, Source: source,
		Verified: trust.Verified, Signer: trust.Signer, Note: art.Note}, nil
}

// fetchAndExtract streams the archive through the hash and the extractor at
// once; zips need random access, so they are saved first. It returns the
// sha256 of every byte received (even when extraction failed, so a corrupt
// download is reported as a checksum mismatch rather than a bad archive).
func (in *Installer) fetchAndExtract(ctx context.Context, s *Stream, head []byte, name, dest, staging string) (string, error) {
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
		_, err = extract.Extract(ctx, f, format, dest, extract.Options{})
		return sum, wrapExtract(in.Home, name, err)
	}
	_, xerr := extract.Extract(ctx, src, format, dest, extract.Options{})
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	derr := Drain(src, xerr == nil || errors.Is(xerr, extract.ErrTrailing), s.url)
	finishBar(bar)
	if derr != nil {
		return "", derr
	}
	return hex.EncodeToString(h.Sum(nil)), wrapExtract(in.Home, name, xerr)
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

func wrapExtract(h home.Home, name string, err error) error {
	if err == nil {
		return nil
	}
	if isDiskErr(err) {
		return homeErr(h, err)
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
func HomeErr(h home.Home, err error) error { return homeErr(h, err) }

func homeErr(h home.Home, err error) error {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return fmt.Errorf("no space left in %s: %w\nhint: free some space (nvmgo uninstall an old version) and try again", h.Root, err)
	case errors.Is(err, syscall.EROFS), errors.Is(err, os.ErrPermission):
		return fmt.Errorf("%s is not writable: %w\nhint: fix its permissions or point NVMGO_HOME at a writable folder", h.Root, err)
	}
	return err
}

// tmpVersion reads the version from a tmp/ folder name that Stage or an
// uninstall makes: VERSION-DIGITS (os.MkdirTemp), VERSION-incomplete-DIGITS
// or VERSION-removing-DIGITS. It reads from the right, since a prerelease
// version (v24.0.0-rc.1) holds '-' itself, and accepts only a version in
// its canonical form, the name its lock file has.
func tmpVersion(name string) (string, bool) {
	i := strings.LastIndexByte(name, '-')
	if i < 0 || !allDigits(name[i+1:]) {
		return "", false
	}
	v := name[:i]
	for _, kind := range []string{"-incomplete", "-removing"} {
		if t, ok := strings.CutSuffix(v, kind); ok {
			v = t
			break
		}
	}
	parsed, err := versions.ParseVersion(v)
	if err != nil || parsed.String() != v {
		return "", false
	}
	return v, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// scratchMaxAge is how old a verify or doctor scratch folder must be before
// an install deletes it: those runs take no lock, so age is the only sign
// that nothing uses them.
const scratchMaxAge = 24 * time.Hour

// sweepStale removes what killed runs left in tmp/: the staging, incomplete
// and removing folders of this version (the caller holds its lock) and of
// any other version whose lock is free, and verify/doctor scratch older
// than scratchMaxAge. A folder of a version being installed or removed
// right now is left alone; names it does not know are never touched.
func (in *Installer) sweepStale(ver string) {
	ents, _ := os.ReadDir(in.Home.TmpDir())
	now := time.Now
	if in.Now != nil {
		now = in.Now
	}
	free := map[string]bool{ver: true}
	for _, e := range ents {
		name := e.Name()
		path := filepath.Join(in.Home.TmpDir(), name)
		if v, ok := tmpVersion(name); ok {
			ok, seen := free[v]
			if !seen {
				lock := flock.New(filepath.Join(in.Home.LocksDir(), v+".lock"))
				got, err := lock.TryLock()
				ok = err == nil && got
				if ok {
					defer lock.Unlock() // held until the sweep is done
				}
				free[v] = ok
			}
			if ok {
				os.RemoveAll(path)
			}
			continue
		}
		if strings.HasPrefix(name, "verify-") || strings.HasPrefix(name, "doctor-") {
			if fi, err := e.Info(); err == nil && now().Sub(fi.ModTime()) > scratchMaxAge {
				os.RemoveAll(path)
			}
		}
	}
}
