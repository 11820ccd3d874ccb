package mirror

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/internal/hint"
)

// Files land in DIR only complete and verified: each is downloaded into
// DIR/.nvmgo-sync/partial/ (same file system), checked against its signed
// sha256, synced and renamed into place. A killed sync leaves its partial
// file there, and the next run resumes it with a Range request.

// Status says what a sync did with one file.
type Status string

// File statuses in a Report.
const (
	Downloaded Status = "downloaded" // was not in DIR
	Replaced   Status = "replaced"   // was in DIR with another sha256
	Skipped    Status = "skipped"    // in DIR already, sha256 checked
)

// landed is what land did.
type landed struct {
	status    Status
	bytes     int64 // received over the network
	resumedAt int64 // > 0 when a partial file was resumed
}

// land makes DIR/rel hold the file at url with sha256 want.
func (s *Syncer) land(ctx context.Context, url, rel, want string) (landed, error) {
	final := filepath.Join(s.dir, filepath.FromSlash(rel))
	status := Downloaded
	if got, err := fileSum(final); err == nil {
		if got == want {
			return landed{status: Skipped}, nil
		}
		s.logf("nvmgo: %s has sha256 %s, not the signed %s; downloading it again", rel, got, want)
		status = Replaced
	}
	partial := filepath.Join(s.work, "partial", filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(partial), 0o755); err != nil {
		return landed{}, err
	}
	for attempt := 0; ; attempt++ {
		res, err := s.fetchPartial(ctx, url, rel, partial)
		if err != nil {
			return landed{}, err
		}
		got := hex.EncodeToString(res.sum.Sum(nil))
		if got == want {
			if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
				return landed{}, err
			}
			if err := os.Rename(partial, final); err != nil {
				return landed{}, err
			}
			return landed{status: status, bytes: res.bytes, resumedAt: res.resumedAt}, nil
		}
		os.Remove(partial)
		// Bytes kept from a killed run may belong to a file the upstream has
		// since replaced: start over once from nothing before giving up.
		if res.resumedAt == 0 || attempt > 0 {
			return landed{}, hint.With(fmt.Errorf("checksum mismatch for %s: want sha256 %s, got %s; nothing was written to %s", download.Redact(url), want, got, s.dir),
				"try again; if it persists the upstream mirror serves a bad file")
		}
		s.logf("nvmgo: %s: the resumed download does not match its sha256; starting it again", rel)
	}
}

type fetched struct {
	sum       hash.Hash
	bytes     int64
	resumedAt int64
}

// fetchPartial appends the rest of url to partial and returns the digest of
// the whole file. It starts at the partial file's length; a server that
// cannot resume there gets a fresh download.
func (s *Syncer) fetchPartial(ctx context.Context, url, rel, partial string) (fetched, error) {
	h := sha256.New()
	off, err := hashInto(partial, h)
	if err != nil {
		return fetched{}, err
	}
	st, err := s.Client.OpenAt(ctx, url, off, 0)
	if err != nil && off > 0 && ctx.Err() == nil {
		s.logf("nvmgo: %s: cannot resume at byte %d (%v); starting again", rel, off, err)
		off, h = 0, sha256.New()
		st, err = s.Client.OpenAt(ctx, url, 0, 0)
	}
	if err != nil {
		return fetched{}, err
	}
	defer st.Close()
	if off > 0 {
		s.logf("nvmgo: resuming %s at byte %d", rel, off)
	}
	flags := os.O_CREATE | os.O_WRONLY | os.O_APPEND
	if off == 0 {
		flags |= os.O_TRUNC
	}
	f, err := os.OpenFile(partial, flags, 0o644)
	if err != nil {
		return fetched{}, err
	}
	st.OnRetry = func(err error, at int64) {
		s.logf("nvmgo: download of %s interrupted at %d bytes (%v); resuming", rel, off+at, err)
	}
	var w io.Writer = io.MultiWriter(f, h)
	bar := s.newBar(rel, st.Size())
	if bar != nil {
		w = io.MultiWriter(w, bar)
	}
	n, err := io.Copy(w, st)
	if bar != nil {
		bar.Finish()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fetched{}, err
	}
	return fetched{sum: h, bytes: n, resumedAt: off}, nil
}

// hashInto feeds an existing partial file into h and returns its length
// (0 when there is none).
func hashInto(path string, h hash.Hash) (int64, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return io.Copy(h, f)
}

// fileSum is the hex sha256 of a file.
func fileSum(path string) (string, error) {
	h := sha256.New()
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// writeFile puts data at DIR/rel atomically (a temp file in the work
// folder, renamed), and reports whether it changed anything.
func (s *Syncer) writeFile(rel string, data []byte) (bool, error) {
	final := filepath.Join(s.dir, filepath.FromSlash(rel))
	if old, err := os.ReadFile(final); err == nil && bytes.Equal(old, data) {
		return false, nil
	}
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return false, err
	}
	f, err := os.CreateTemp(s.work, "write-*")
	if err != nil {
		return false, err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), final)
	}
	if err != nil {
		os.Remove(f.Name())
		return false, err
	}
	return true, nil
}
