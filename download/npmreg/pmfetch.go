package npmreg

import (
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/download/extract"
	"github.com/nvmgo/nvmgo/internal/hint"
)

// fetchPM downloads and unpacks one tarball into dir, checks its sha512
// integrity, and returns the digests of its bytes under every algorithm
// a packageManager hash may use (corepack hashes a tarball's bytes).
func (s *PMSource) fetchPM(ctx context.Context, pkg, version string, d Dist, dir string) (map[string]string, error) {
	integ, err := parseIntegrity(d.Integrity)
	if err != nil {
		return nil, err
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, err
	}
	bar := s.Progress && s.Log != nil
	if !bar {
		s.logf("nvmgo: downloading %s@%s from the npm registry", pkg, version)
	}
	st, err := s.client().Open(ctx, d.Tarball, maxTarball)
	if err != nil {
		return nil, fmt.Errorf("download %s@%s: %w", pkg, version, err)
	}
	defer st.Close()
	st.OnRetry = func(err error, off int64) {
		s.logf("nvmgo: download interrupted at %d bytes (%v); resuming", off, err)
	}
	hs := newHashes()
	name := pkg + "@" + version
	var src io.Reader = io.TeeReader(st, hs) // st fails past maxTarball
	if bar {
		p := download.NewProgress(s.Log, "downloading "+name+" (npm registry)", st.Size())
		defer p.Finish()
		src = io.TeeReader(src, p)
	}
	_, xerr := extract.Extract(ctx, src, extract.TarGZ, dir, extract.Options{})
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if _, err := io.Copy(io.Discard, src); err != nil {
		return nil, fmt.Errorf("download %s: %w", name, err)
	}
	sum := hs["sha512"].Sum(nil)
	if !integ.matches(sum) {
		return nil, hint.With(fmt.Errorf("integrity mismatch for %s: want %s, got %s; the download was removed, nothing was installed",
			name, d.Integrity, sri(sum)), "try again; if it persists the registry ("+s.Config.Registry+") serves a bad file")
	}
	if xerr != nil {
		return nil, fmt.Errorf("unpack %s: %w; nothing was installed", name, xerr)
	}
	return hs.sums(), nil
}

// hashes are the digests corepack's hash algorithms name (whatever Node's
// crypto.createHash knows; ParsePackageManagerField admits these five).
type hashes map[string]hash.Hash

func newHashes() hashes {
	return hashes{"sha1": sha1.New(), "sha224": sha256.New224(), "sha256": sha256.New(), "sha384": sha512.New384(), "sha512": sha512.New()}
}

func (hs hashes) Write(p []byte) (int, error) {
	for _, h := range hs {
		h.Write(p)
	}
	return len(p), nil
}

func (hs hashes) sums() map[string]string {
	out := make(map[string]string, len(hs))
	for k, h := range hs {
		out[k] = hex.EncodeToString(h.Sum(nil))
	}
	return out
}

// hashFile returns a file's digests under every algorithm of hashes.
func hashFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	hs := newHashes()
	if _, err := io.Copy(hs, f); err != nil {
		return nil, err
	}
	return hs.sums(), nil
}
