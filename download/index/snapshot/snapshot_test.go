package snapshot

import (
	"bytes"
	"os"
	"testing"

	"github.com/nvmgo/nvmgo/versions"
	"github.com/nvmgo/nvmgo/versions/lifecycle"
)

// The embedded files parse, match versions/testdata (make snapshot copies
// them from there), and Date is the newest release date they hold.
func TestSnapshotMatchesTestdata(t *testing.T) {
	idx, err := Index()
	if err != nil {
		t.Fatal(err)
	}
	rels, err := versions.ParseIndex(idx)
	if err != nil {
		t.Fatal(err)
	}
	newest := ""
	for _, r := range rels {
		newest = max(newest, r.Date)
	}
	if newest != Date {
		t.Errorf("Date = %s, but the newest release in the embedded index is dated %s: run make snapshot", Date, newest)
	}
	if _, err := lifecycle.Parse(Schedule()); err != nil {
		t.Error(err)
	}
	for name, got := range map[string][]byte{"index.json": idx, "schedule.json": Schedule()} {
		want, err := os.ReadFile("../../../versions/testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("embedded %s differs from versions/testdata/%s: run make snapshot", name, name)
		}
	}
}
