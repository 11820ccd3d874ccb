// Package index loads the Node.js release index (index.json) and other documents the mirror serves: a cache revalidated with ETag, the memory of an unreachable mirror, and the embedded snapshot (package snapshot) as the last fallback.
package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/internal/fsx"
	"github.com/nvmgo/nvmgo/internal/safe"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/versions"
)

// IndexSource loads index.json: fresh cache, then network, then stale cache.
type IndexSource struct {
	Client *download.Client
	Mirror string
	// IndexURL is where index.json is fetched; "" means Mirror/index.json.
	IndexURL string
	CacheDir string
	TTL      time.Duration
	Offline  bool
	Now      func() time.Time
	Warn     io.Writer // one line per fallback
	// Fallback, when set, is used after the cache when nothing else worked
	// (the embedded snapshot); it returns the data and a label for messages.
	Fallback func() ([]byte, string, error)
	// QuietDown leaves the line about an unreachable mirror to the caller
	// (IndexInfo.Down), which folds it into its own.
	QuietDown bool
	// CheckDir judges the cache folder; nil is store.CheckFolder.
	CheckDir func(string) error

	cacheChecked, cacheOK bool
}

// IndexInfo says where the index came from.
type IndexInfo struct {
	From      string    `json:"from"` // "cache", "network", "stale-cache", "embedded"
	FetchedAt time.Time `json:"fetched_at"`
	URL       string    `json:"url"`
	// Down is why the mirror could not be reached (now, or remembered from
	// less than a TTL ago); empty when it answered or was not asked.
	Down string `json:"down,omitempty"`
}

type cacheMeta struct {
	URL       string    `json:"url"`
	ETag      string    `json:"etag,omitempty"`
	LastMod   string    `json:"last_modified,omitempty"`
	FetchedAt time.Time `json:"fetched_at"`
}

func (s *IndexSource) url() string {
	if s.IndexURL != "" {
		return s.IndexURL
	}
	return s.Mirror + "/index.json"
}

// Doc is a document cached the way the index is: fresh within TTL, then
// revalidated with its ETag / Last-Modified, a stale copy when the network
// fails, then Fallback. The release schedule goes through it too.
type Doc struct {
	Name  string // "release index": in messages
	URL   string
	Cache string // the cache file's prefix: "index", "schedule"
	Key   string // hashed into the cache file's name (the mirror, for the index)
	Max   int64  // the most bytes accepted
	// OnMirror says the document is served by the dist mirror, so an
	// unreachable mirror remembered within the TTL is not asked again.
	OnMirror bool
	// Parse checks the data and keeps what it parsed; an error means the
	// data is unusable (not cached, not returned).
	Parse func([]byte) error
	// Fallback, when set, is used after the cache when nothing else worked
	// (the embedded snapshot); it returns the data and a label for messages.
	Fallback func() ([]byte, string, error)
}

func (s *IndexSource) indexDoc(rs *[]versions.Release) Doc {
	key := s.Mirror
	if s.IndexURL != "" {
		key = s.IndexURL // an index kept apart from the archives is cached apart
	}
	return Doc{Name: "release index", URL: s.url(), Cache: "index", Key: key,
		Max: versions.MaxIndexSize, Fallback: s.Fallback, OnMirror: true,
		Parse: func(b []byte) (err error) { *rs, err = versions.ParseIndex(b); return err }}
}

func (s *IndexSource) cachePaths(d Doc) (data, meta string) {
	h := sha256.Sum256([]byte(d.Key))
	base := filepath.Join(s.CacheDir, d.Cache+"-"+hex.EncodeToString(h[:6]))
	return base + ".json", base + ".meta.json"
}

// maxCacheMeta bounds the cache's metadata file (nvmgo writes ~200 bytes).
const maxCacheMeta = 64 << 10

// cacheFolder makes sure the cache folder exists and may be trusted, once
// per IndexSource: nvmgo makes it 0700, and uses no folder another user
// owns or can write to (see store.CheckFolder), since a planted index there
// could steer which release is installed.
func (s *IndexSource) cacheFolder() bool {
	if s.cacheChecked {
		return s.cacheOK
	}
	s.cacheChecked = true
	if s.CacheDir == "" {
		return false
	}
	check := s.CheckDir
	if check == nil {
		check = store.CheckFolder
	}
	err := check(s.CacheDir)
	if err == nil {
		err = store.MkdirPrivate(s.CacheDir)
	}
	if err == nil {
		err = check(s.CacheDir) // what MkdirAll found there
	}
	if err != nil {
		s.warnf("not using the index cache: %v (set NVMGO_CACHE_DIR to a folder of your own)", err)
		return false
	}
	s.cacheOK = true
	return true
}

// indexCachePaths are the index's cache files.
func (s *IndexSource) indexCachePaths() (data, meta string) {
	return s.cachePaths(s.indexDoc(new([]versions.Release)))
}

func (s *IndexSource) readDocCache(d Doc) ([]byte, cacheMeta, bool) {
	if !s.cacheFolder() {
		return nil, cacheMeta{}, false
	}
	dataPath, metaPath := s.cachePaths(d)
	mb, err := readCapped(metaPath, maxCacheMeta)
	if err != nil {
		return nil, cacheMeta{}, false
	}
	m, ok := decodeCacheMeta(mb, d.URL)
	if !ok {
		return nil, m, false
	}
	data, err := readCapped(dataPath, d.Max)
	if err != nil {
		return nil, m, false
	}
	return data, m, true
}

// decodeCacheMeta reads a cache metadata file: valid JSON, for url, with a
// fetch time.
func decodeCacheMeta(b []byte, url string) (cacheMeta, bool) {
	var m cacheMeta
	if json.Unmarshal(b, &m) != nil || m.URL != url || m.FetchedAt.IsZero() {
		return cacheMeta{}, false
	}
	return m, true
}

// fresh reports whether a cache fetched at t may be used without asking
// the mirror: younger than ttl, and not from the future (a clock set back,
// or a planted file, must not pin a cache for ever).
func fresh(t, now time.Time, ttl time.Duration) bool {
	return !t.After(now) && now.Sub(t) < ttl
}

func readCapped(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err == nil && int64(len(b)) > max {
		err = fmt.Errorf("%s is larger than %d bytes", path, max)
	}
	return b, err
}

func (s *IndexSource) writeDocCache(d Doc, data []byte, m cacheMeta) {
	if !s.cacheFolder() {
		return
	}
	dataPath, metaPath := s.cachePaths(d)
	mb, _ := json.Marshal(m)
	// The cache is an optimisation: a failure to write it is not an error.
	// Each file is written to a fresh name (os.CreateTemp, O_EXCL) beside it
	// and renamed over it, which replaces a link rather than following it.
	if fsx.WriteFile(dataPath, data, 0o600) == nil {
		_ = fsx.WriteFile(metaPath, mb, 0o600)
	}
}

func (s *IndexSource) warnf(format string, a ...any) {
	if s.Warn != nil {
		fmt.Fprintf(s.Warn, "nvmgo: %s\n", safe.Text(fmt.Sprintf(format, a...)))
	}
}

// Load returns the parsed release index, newest first.
func (s *IndexSource) Load(ctx context.Context) ([]versions.Release, IndexInfo, error) {
	var rs []versions.Release
	info, err := s.LoadDoc(ctx, s.indexDoc(&rs))
	if err != nil {
		return nil, info, err
	}
	return rs, info, nil
}

// LoadDoc loads one document: fresh cache, then network, then stale cache,
// then d.Fallback. d.Parse has seen (and kept) what it returns. A mirror
// remembered as unreachable is not asked again within the TTL (d.OnMirror).
func (s *IndexSource) LoadDoc(ctx context.Context, d Doc) (IndexInfo, error) {
	url := d.URL
	now := s.Now()
	cached, meta, haveCache := s.readDocCache(d)
	if haveCache && (s.Offline || fresh(meta.FetchedAt, now, s.TTL)) {
		if err := d.Parse(cached); err == nil {
			return IndexInfo{From: "cache", FetchedAt: meta.FetchedAt, URL: url}, nil
		}
		haveCache = false
	}
	var netErr error
	down, wasDown := "", false
	if s.Offline {
		netErr = fmt.Errorf("--offline and no cached %s for %s", d.Cache, download.Redact(url))
	} else if down, wasDown = s.docDown(d); wasDown {
		netErr = fmt.Errorf("%s cannot be reached (%s)", download.Redact(s.Mirror), down)
	} else {
		h := http.Header{}
		if haveCache && meta.ETag != "" {
			h.Set("If-None-Match", meta.ETag)
		}
		if haveCache && meta.LastMod != "" {
			h.Set("If-Modified-Since", meta.LastMod)
		}
		resp, err := s.Client.Get(ctx, url, h, d.Max)
		switch {
		case err == nil && resp.NotModified && haveCache:
			s.docForgetDown(d)
			meta.FetchedAt = now
			s.writeDocCache(d, cached, meta)
			if perr := d.Parse(cached); perr == nil {
				return IndexInfo{From: "cache", FetchedAt: now, URL: url}, nil
			}
			netErr = fmt.Errorf("cached %s unreadable", d.Cache)
		case err == nil && !resp.NotModified:
			if perr := d.Parse(resp.Body); perr != nil {
				netErr = fmt.Errorf("%s: %w", download.Redact(url), perr)
				break
			}
			s.docForgetDown(d)
			s.writeDocCache(d, resp.Body, cacheMeta{URL: url, ETag: resp.ETag, LastMod: resp.LastMod, FetchedAt: now})
			return IndexInfo{From: "network", FetchedAt: now, URL: url}, nil
		default:
			netErr = err
			if netErr == nil {
				netErr = fmt.Errorf("GET %s: unexpected 304", download.Redact(url))
			}
		}
	}
	if ctx.Err() != nil {
		return IndexInfo{}, ctx.Err()
	}
	if !wasDown && d.OnMirror && s.RememberDown(netErr) {
		down, wasDown = download.ShortCause(netErr), true
		netErr = fmt.Errorf("%s cannot be reached (%s)", download.Redact(s.Mirror), down)
	}
	if haveCache || cached != nil {
		if err := d.Parse(cached); err == nil {
			switch {
			case wasDown && !s.QuietDown:
				s.warnf("%v; using the %s cached %s", netErr, d.Name, meta.FetchedAt.Local().Format("2006-01-02 15:04"))
			case !wasDown && !s.Offline:
				s.warnf("could not refresh the %s (%v); using the cache from %s", d.Name, netErr, meta.FetchedAt.Format(time.RFC3339))
			}
			return IndexInfo{From: "stale-cache", FetchedAt: meta.FetchedAt, URL: url, Down: down}, nil
		}
	}
	if d.Fallback != nil {
		data, label, ferr := d.Fallback()
		if ferr == nil {
			if err := d.Parse(data); err == nil {
				switch { // offline, the caller names the copy it got
				case wasDown && !s.QuietDown:
					s.warnf("%v; using the %s", netErr, label)
				case !wasDown && !s.Offline:
					s.warnf("could not fetch the %s (%v); using the %s", d.Name, netErr, label)
				}
				return IndexInfo{From: "embedded", URL: url, Down: down}, nil
			}
		}
	}
	return IndexInfo{}, fmt.Errorf("%s: %w", d.Name, netErr)
}

// docDown and docForgetDown apply the unreachable-mirror memory to the
// documents the mirror serves, not to one fetched from elsewhere.
func (s *IndexSource) docDown(d Doc) (string, bool) {
	if !d.OnMirror {
		return "", false
	}
	return s.Down()
}

func (s *IndexSource) docForgetDown(d Doc) {
	if d.OnMirror {
		s.forgetDown()
	}
}
