package index

import "github.com/nvmgo/nvmgo/versions"

// readCache and writeCache read and write the index's cache file, for the tests.
func (s *IndexSource) readCache() ([]byte, cacheMeta, bool) {
	return s.readDocCache(s.indexDoc(new([]versions.Release)))
}

func (s *IndexSource) writeCache(data []byte, m cacheMeta) {
	s.writeDocCache(s.indexDoc(new([]versions.Release)), data, m)
}
