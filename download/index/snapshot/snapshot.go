// Package snapshot embeds a copy of the Node.js release index and release schedule, so nvmgo can list, resolve and judge releases with no network.
package snapshot

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
)

//go:generate go run gen.go -index ../../../versions/testdata/index.json -schedule ../../../versions/testdata/schedule.json

//go:embed index.json.gz
var indexGz []byte

//go:embed schedule.json
var schedule []byte

// Label names the index snapshot in messages.
const Label = "embedded release index of " + Date

// ScheduleLabel names the schedule snapshot in messages.
const ScheduleLabel = "embedded release schedule of " + Date

// Index returns the embedded index.json.
func Index() ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(indexGz))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// Schedule returns the embedded schedule.json (nodejs/Release).
func Schedule() []byte {
	return bytes.Clone(schedule)
}
