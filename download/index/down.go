package index

import (
	"encoding/json"
	"os"
	"strings"
	"time"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/internal/fsx"
)

// A mirror that could not be reached at all (DNS, refused, timed out) is
// remembered in the cache folder for the index TTL, so every command in
// that hour does not wait ~3 s on retries and print the same failure again.
// A successful fetch forgets it.

type downMemo struct {
	Mirror string    `json:"mirror"`
	At     time.Time `json:"at"`
	Cause  string    `json:"cause"`
}

func (s *IndexSource) downPath() string {
	data, _ := s.indexCachePaths()
	return strings.TrimSuffix(data, ".json") + ".down.json"
}

// Down reports whether the mirror was found unreachable less than a TTL
// ago, and the short cause recorded then. A time in the future (a clock
// set back, a planted file) does not count.
func (s *IndexSource) Down() (string, bool) {
	if s.TTL <= 0 || !s.cacheFolder() { // only a folder that may be trusted
		return "", false
	}
	b, err := readCapped(s.downPath(), maxCacheMeta)
	if err != nil {
		return "", false
	}
	var m downMemo
	if json.Unmarshal(b, &m) != nil || m.Mirror != s.Mirror {
		return "", false
	}
	age := s.Now().Sub(m.At)
	if age < 0 || age >= s.TTL {
		return "", false
	}
	if m.Cause == "" {
		m.Cause = "unreachable"
	}
	return m.Cause, true
}

// RememberDown records that the mirror could not be reached because of
// err, when err is that kind of failure; it reports whether it was.
func (s *IndexSource) RememberDown(err error) bool {
	if !download.ConnectFailure(err) {
		return false
	}
	if s.cacheFolder() {
		b, _ := json.Marshal(downMemo{Mirror: s.Mirror, At: s.Now().UTC(), Cause: download.ShortCause(err)})
		// An optimisation: failing to write it is fine. A fresh name and a
		// rename, as for the index cache, never a write through a link.
		_ = fsx.WriteFile(s.downPath(), b, 0o600)
	}
	return true
}

// forgetDown removes the memo after the mirror answered.
func (s *IndexSource) forgetDown() {
	if s.cacheFolder() {
		os.Remove(s.downPath())
	}
}
