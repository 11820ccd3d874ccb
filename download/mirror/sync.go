package mirror

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/gofrs/flock"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/download/dist"
	"github.com/nvmgo/nvmgo/download/signature"
	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/versions"
)

// WorkDir is the folder inside DIR that holds the sync's lock, partial
// downloads and temp files; it is not part of the mirror.
const WorkDir = ".nvmgo-sync"

// Syncer copies releases from an upstream dist mirror into a folder.
type Syncer struct {
	Client        *download.Client
	Upstream      string // the dist mirror to copy from, without a trailing slash
	IndexURL      string // where its index.json is; "" means Upstream/index.json
	Keyring       *signature.Keyring
	AllowUnsigned bool      // accept release folders without signatures (sha256 still checked)
	Log           io.Writer // progress and warnings (stderr); may be nil
	Progress      bool      // draw progress bars on Log (a terminal)

	dir, work string
}

// Request is what to sync.
type Request struct {
	Dir     string
	Specs   []string // as given: "lts/*", "22", "20.18"
	Tags    []string // platform tags, see Tags
	Formats []Format
	// Expand follows an alias; nil means specs are not aliases.
	Expand func(versions.Spec) (versions.Spec, error)
}

// Report is the result of a sync, for people and for --json.
type Report struct {
	Dir        string          `json:"dir"`
	Upstream   string          `json:"upstream"`
	Platforms  []string        `json:"platforms"`
	Formats    []Format        `json:"formats"`
	Releases   []ReleaseReport `json:"releases"`
	Downloaded int             `json:"downloaded"` // files fetched, replaced ones included
	Skipped    int             `json:"skipped"`    // files already in DIR with the signed sha256
	Bytes      int64           `json:"bytes_downloaded"`
	Index      []string        `json:"index"` // the versions DIR/index.json lists, newest first
}

// ReleaseReport is what a sync did for one release.
type ReleaseReport struct {
	Version  string       `json:"version"`
	LTS      string       `json:"lts,omitempty"`
	Specs    []string     `json:"specs"`
	Verified string       `json:"verified"`
	Signer   string       `json:"signer,omitempty"`
	Files    []FileReport `json:"files"`
	// Missing lists the platforms this release has no build for, and
	// Unpublished the planned files its SHASUMS256.txt does not list.
	Missing     []string `json:"missing,omitempty"`
	Unpublished []string `json:"unpublished,omitempty"`
}

// FileReport is one file of a release folder.
type FileReport struct {
	Name      string `json:"name"`
	Status    Status `json:"status"`
	SHA256    string `json:"sha256"`
	Bytes     int64  `json:"bytes_downloaded"`
	ResumedAt int64  `json:"resumed_at,omitempty"`
}

func (s *Syncer) logf(format string, a ...any) {
	if s.Log != nil {
		fmt.Fprintf(s.Log, format+"\n", a...)
	}
}

func (s *Syncer) newBar(label string, total int64) *download.Progress {
	if !s.Progress || s.Log == nil {
		return nil
	}
	return download.NewProgress(s.Log, label, total)
}

// Sync brings req.Dir up to date: the newest release matching each spec,
// for each platform, in each format, then index.json and index.tab for
// every complete release folder in Dir. Only one sync writes a folder at a
// time; the others wait.
func (s *Syncer) Sync(ctx context.Context, req Request) (Report, error) {
	dir, err := filepath.Abs(req.Dir)
	if err != nil {
		return Report{}, err
	}
	s.dir, s.work = dir, filepath.Join(dir, WorkDir)
	rep := Report{Dir: dir, Upstream: download.Redact(s.Upstream), Platforms: req.Tags, Formats: req.Formats, Releases: []ReleaseReport{}}
	if err := os.MkdirAll(s.work, 0o755); err != nil {
		return rep, s.hint(err)
	}
	unlock, err := s.lock(ctx)
	if err != nil {
		return rep, err
	}
	defer unlock()
	up, err := s.upstreamIndex(ctx)
	if err != nil {
		return rep, err
	}
	picked, err := resolve(req, up.rels, s.Upstream)
	var nm *versions.NoMatchError
	if errors.As(err, &nm) {
		return rep, hint.With(err, "NVMGO_NODE_MIRROR="+download.Redact(s.Upstream)+" nvmgo ls-remote lists the releases there")
	}
	if err != nil {
		return rep, err
	}
	for _, p := range picked {
		rr, err := s.syncRelease(ctx, p.rel, p.specs, req)
		if err != nil {
			return rep, fmt.Errorf("%s: %w", p.rel.Version, err)
		}
		for _, f := range rr.Files {
			if f.Status == Skipped {
				rep.Skipped++
			} else {
				rep.Downloaded++
				rep.Bytes += f.Bytes
			}
		}
		rep.Releases = append(rep.Releases, rr)
	}
	if rep.Index, err = s.writeIndex(up); err != nil {
		return rep, s.hint(fmt.Errorf("index.json in %s: %w", dir, err))
	}
	os.RemoveAll(filepath.Join(s.work, "partial")) // every file landed
	return rep, nil
}

// lock takes DIR's sync lock, waiting for another sync to finish.
func (s *Syncer) lock(ctx context.Context) (func(), error) {
	l := flock.New(filepath.Join(s.work, "lock"))
	ok, err := l.TryLock()
	if err != nil {
		return nil, fmt.Errorf("locking %s: %w", s.dir, err)
	}
	if !ok {
		s.logf("nvmgo: waiting for another nvmgo mirror sync writing %s", s.dir)
		if _, err := l.TryLockContext(ctx, 100*time.Millisecond); err != nil {
			return nil, err
		}
	}
	return func() { l.Unlock() }, nil
}

func (s *Syncer) upstreamIndex(ctx context.Context) (rawIndex, error) {
	url := s.IndexURL
	if url == "" {
		url = s.Upstream + "/index.json"
	}
	r, err := s.Client.Get(ctx, url, nil, versions.MaxIndexSize)
	if err != nil {
		return rawIndex{}, hint.With(fmt.Errorf("release index: %w", err),
			"check the network and the upstream mirror ("+download.Redact(s.Upstream)+"); --upstream or NVMGO_NODE_MIRROR selects another")
	}
	idx, err := parseRawIndex(r.Body)
	if err != nil {
		return rawIndex{}, fmt.Errorf("%s: %w", download.Redact(url), err)
	}
	return idx, nil
}

type pick struct {
	rel   versions.Release
	specs []string
}

// resolve picks the newest release for each spec, once per release, in the
// order the specs came.
func resolve(req Request, rels []versions.Release, upstream string) ([]pick, error) {
	cands := versions.Candidates(rels)
	var out []pick
	for _, raw := range req.Specs {
		spec, err := versions.ParseSpec(raw)
		if err != nil {
			return nil, err
		}
		if req.Expand != nil {
			if spec, err = req.Expand(spec); err != nil {
				return nil, err
			}
		}
		if spec.Kind == versions.SpecSystem {
			return nil, errors.New(`"system" is the node outside nvmgo; it cannot be mirrored`)
		}
		c, err := versions.Select(spec, cands, "in the release index of "+download.Redact(upstream))
		if err != nil {
			return nil, err
		}
		i := indexOf(out, c.Version)
		if i < 0 {
			for _, r := range rels {
				if r.V.Compare(c.Version) == 0 {
					out = append(out, pick{rel: r})
				}
			}
			i = len(out) - 1
		}
		out[i].specs = append(out[i].specs, raw)
	}
	return out, nil
}

func indexOf(ps []pick, v versions.Version) int {
	for i, p := range ps {
		if p.rel.V.Compare(v) == 0 {
			return i
		}
	}
	return -1
}

// syncRelease lands the planned files of one release, then its checksum
// files, so a folder with SHASUMS256.txt is complete.
func (s *Syncer) syncRelease(ctx context.Context, rel versions.Release, specs []string, req Request) (ReleaseReport, error) {
	vs := rel.Version
	base := s.Upstream + "/" + vs
	ss, err := s.fetchSums(ctx, base)
	if err != nil {
		return ReleaseReport{}, s.hint(err)
	}
	rr := ReleaseReport{Version: vs, LTS: string(rel.LTS), Specs: specs, Verified: ss.verified, Signer: ss.signer, Files: []FileReport{}}
	perTag := map[string]int{}
	for _, f := range Plan(vs, req.Tags, req.Formats) {
		want, ok := ss.sums.Lookup(f.Name)
		if !ok {
			rr.Unpublished = append(rr.Unpublished, f.Name)
			continue
		}
		l, err := s.land(ctx, base+"/"+f.Name, vs+"/"+f.Name, want)
		if download.NotFound(err) {
			// An upstream that is itself a partial copy (a folder synced
			// with fewer formats, one step closer to the internet).
			s.logf("nvmgo: warning: %s lists %s but %s does not have it; skipped", sumsTxt, f.Name, download.Redact(s.Upstream))
			rr.Unpublished = append(rr.Unpublished, f.Name)
			continue
		}
		if err != nil {
			return rr, s.hint(fmt.Errorf("%s: %w", f.Name, err))
		}
		perTag[f.Tag]++
		rr.Files = append(rr.Files, FileReport{Name: f.Name, Status: l.status, SHA256: want, Bytes: l.bytes, ResumedAt: l.resumedAt})
		if l.status != Skipped {
			s.logf("nvmgo: %s %s/%s (%s)", l.status, vs, f.Name, Size(l.bytes))
		}
	}
	for _, tag := range req.Tags {
		if perTag[tag] == 0 {
			rr.Missing = append(rr.Missing, tag)
			s.logf("nvmgo: warning: %s has no %s build in the formats asked for; skipped", vs, tag)
		}
	}
	for _, name := range []string{sumsTxt, sumsAsc, sumsSig} {
		if data, ok := ss.docs[name]; ok {
			if _, err := s.writeFile(vs+"/"+name, data); err != nil {
				return rr, s.hint(err)
			}
		}
	}
	return rr, nil
}

// hint adds the next step to a failed sync's error, unless it has one.
func (s *Syncer) hint(err error) error {
	var h string
	switch {
	case errors.Is(err, context.Canceled), hint.Of(err) != "":
		return err
	case errors.Is(err, dist.ErrUnsigned):
		h = "sync from a mirror that copies SHASUMS256.txt.asc, or trust this one with --allow-unsigned"
	case errors.Is(err, signature.ErrBadSignature), errors.Is(err, signature.ErrUnknownKey), errors.Is(err, signature.ErrNoSignature),
		strings.Contains(err.Error(), "do not trust"):
		h = "no Node.js release key vouches for these checksums; sync from the official mirror (--upstream https://nodejs.org/dist) or one that copies it unchanged"
	case errors.Is(err, syscall.ENOSPC):
		h = "free space where " + s.dir + " is (or sync fewer --formats or --platforms), then run the sync again: it resumes"
	case errors.Is(err, syscall.EROFS), errors.Is(err, os.ErrPermission):
		h = s.dir + " is not writable: fix its permissions or sync into another folder"
	default:
		h = "check the network and the upstream mirror (" + download.Redact(s.Upstream) + "), then run the sync again: it resumes"
	}
	return hint.With(err, h)
}
