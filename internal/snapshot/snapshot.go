// Package snapshot embeds a copy of the Node.js release index, so nvmgo can list and resolve releases with no network.
package snapshot

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
)

//go:embed index.json.gz
var indexGz []byte

// Date is the date of the newest release in the embedded snapshot; `make
// snapshot` rewrites it with the file.
const Date = "2026-08-26"

// Label names the snapshot in messages.
const Label = "embedded release index of " + Date

// Index returns the embedded index.json.
func Index() ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(indexGz))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}
