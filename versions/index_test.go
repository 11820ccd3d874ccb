package versions

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// loadIndex parses the real nodejs.org/dist/index.json copied into testdata.
func loadIndex(tb testing.TB) []Release {
	tb.Helper()
	data, err := os.ReadFile("testdata/index.json")
	if err != nil {
		tb.Fatal(err)
	}
	rs, err := ParseIndex(data)
	if err != nil {
		tb.Fatal(err)
	}
	return rs
}

func TestParseIndexReal(t *testing.T) {
	rs := loadIndex(t)
	if len(rs) != 863 {
		t.Fatalf("got %d releases, want 863", len(rs))
	}
	first, last := rs[0], rs[len(rs)-1]
	if first.V.String() != "v26.8.1" || first.Version != "v26.8.1" || last.V.String() != "v0.1.14" {
		t.Errorf("first %s, last %s; want v26.8.1 and v0.1.14", first.V, last.V)
	}
	for i := 1; i < len(rs); i++ {
		if rs[i-1].V.Compare(rs[i].V) <= 0 {
			t.Fatalf("not newest first at %d: %s then %s", i, rs[i-1].V, rs[i].V)
		}
	}
	lts, security := 0, 0
	for _, r := range rs {
		if r.LTS != "" {
			lts++
		}
		if r.Security {
			security++
		}
	}
	if lts != 286 || security != 141 {
		t.Errorf("got %d LTS and %d security releases, want 286 and 141", lts, security)
	}
	var krypton Release
	for _, r := range rs {
		if r.Version == "v24.20.0" {
			krypton = r
		}
	}
	if krypton.LTS != "Krypton" || krypton.Date != "2026-08-26" || !krypton.HasFile("linux-x64-musl") || krypton.HasFile("linux-x64-mus") {
		t.Errorf("v24.20.0 = %+v", krypton)
	}
}

func TestParseIndexSorts(t *testing.T) {
	rs, err := ParseIndex([]byte(`[{"version":"v1.0.0","lts":false},{"version":"v10.0.0","lts":"X"},{"version":"v2.0.0"}]`))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rs {
		got = append(got, r.V.String())
	}
	if strings.Join(got, " ") != "v10.0.0 v2.0.0 v1.0.0" {
		t.Errorf("order = %v", got)
	}
}

func TestParseIndexErrors(t *testing.T) {
	tests := []struct {
		name, in, wantErr string
	}{
		{"empty input", ``, "index.json: invalid JSON: no data"},
		{"empty list", `[]`, "index.json: no releases"},
		{"null", `null`, "want a JSON list"},
		{"object", `{"version":"v1.0.0"}`, "want a JSON list"},
		{"invalid JSON", `[{"version":"v1.0.0",}]`, "index.json: entry 0: invalid character"},
		{"truncated", `[{"version":"v1.0.0"}`, "index.json: invalid JSON: the list is cut short"},
		{"cut in an entry", `[{"version":"v1.0.0"},{"vers`, "index.json: entry 1: unexpected EOF"},
		{"missing comma", `[{"version":"v1.0.0"} {"version":"v2.0.0"}]`, "index.json: entry 1"},
		{"trailing data", `[{"version":"v1.0.0"}] []`, "index.json: invalid JSON: invalid character '[' after top-level value"},
		{"lts number", `[{"version":"v1.0.0","lts":false},{"version":"v2.0.0","lts":3}]`, "index.json: entry 1: lts: want false or a codename, got \"3\""},
		{"lts true", `[{"version":"v1.0.0","lts":true}]`, "lts: want false or a codename"},
		{"lts null", `[{"version":"v1.0.0","lts":null}]`, "lts: want false or a codename"},
		{"bad version", `[{"version":"v1.0.0"},{"version":"v2.0.0"},{"version":"v3.0.0"},{"version":"foo"}]`,
			`index.json: entry 3: version "foo": not a version`},
		{"missing version", `[{"date":"2020-01-01"}]`, `index.json: entry 0: version "": not a version`},
		{"null entry", `[null]`, `entry 0: version "": not a version`},
		{"number entry", `[1]`, "entry 0: json: cannot unmarshal number"},
		{"files not a list", `[{"version":"v1.0.0","files":"linux-x64"}]`, "entry 0: json: cannot unmarshal string"},
		{"security string", `[{"version":"v1.0.0","security":"yes"}]`, "entry 0: json: cannot unmarshal string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := ParseIndex([]byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("ParseIndex error = %v, want it to contain %q", err, tt.wantErr)
			}
			if rs != nil || strings.Contains(err.Error(), "\n") {
				t.Errorf("want nil releases and a one-line error, got %d releases, %q", len(rs), err)
			}
		})
	}
}

func TestParseIndexTooLarge(t *testing.T) {
	_, err := ParseIndex(make([]byte, MaxIndexSize+1))
	if err == nil || err.Error() != "index.json: 33554433 bytes is over the limit of 33554432" {
		t.Errorf("ParseIndex(32 MiB + 1) error = %v", err)
	}
}

func TestLTSJSON(t *testing.T) {
	tests := []struct {
		in   string
		want LTS
	}{
		{`false`, ""},
		{`"Iron"`, "Iron"},
		{`"Kr\u0079pton"`, "Krypton"},
	}
	for _, tt := range tests {
		var l LTS
		if err := json.Unmarshal([]byte(tt.in), &l); err != nil || l != tt.want {
			t.Errorf("Unmarshal(%s) = %q, %v; want %q", tt.in, l, err, tt.want)
		}
	}
	// A whole release goes through the same methods, and must come back as
	// the index writes it.
	in := `{"version":"v20.20.2","date":"2026-03-24","files":["linux-x64"],"npm":"10.8.2","lts":"Iron","security":true}`
	inFalse := `{"version":"v21.7.3","date":"2024-04-10","files":["src"],"lts":false,"security":false}`
	for _, s := range []string{in, inFalse} {
		var r Release
		if err := json.Unmarshal([]byte(s), &r); err != nil {
			t.Fatal(err)
		}
		out, err := json.Marshal(r)
		if err != nil || !bytes.Equal(out, []byte(s)) {
			t.Errorf("round trip of %s = %s, %v", s, out, err)
		}
	}
	for _, bad := range []string{`true`, `3`, `null`, `{}`, `["Iron"]`} {
		var l LTS
		if err := json.Unmarshal([]byte(bad), &l); err == nil {
			t.Errorf("Unmarshal(%s) = %q, want an error", bad, l)
		}
	}
}

func TestCandidates(t *testing.T) {
	rs := []Release{
		{Version: "v20.20.2", LTS: "Iron"},
		{Version: "garbage"},
		{Version: "ignored", V: Version{Major: 21, Minor: 7, Patch: 3}},
	}
	got := Candidates(rs)
	want := []Candidate{{Version{20, 20, 2, ""}, "Iron"}, {Version{21, 7, 3, ""}, ""}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("Candidates = %+v, want %+v", got, want)
	}
}

func BenchmarkParseIndex(b *testing.B) {
	data, err := os.ReadFile("testdata/index.json")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseIndex(data); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzParseIndex(f *testing.F) {
	for _, s := range []string{
		`[{"version":"v20.20.2","date":"2026-03-24","files":["linux-x64"],"lts":"Iron","security":true}]`,
		`[{"version":"v1.0.0","lts":3}]`, `[{"version":"foo"}]`, `[]`, `null`, `[{"version":"v1.0.0"}] []`, `[`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := ParseIndex(data)
		if err != nil {
			if rs != nil || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %q came with %d releases or is not one line", err, len(rs))
			}
			return
		}
		if len(rs) == 0 {
			t.Fatal("success with no releases")
		}
		for i, r := range rs {
			if r.V.String() != "v"+strings.TrimLeft(r.Version, "vV") || (i > 0 && rs[i-1].V.Compare(r.V) < 0) {
				t.Fatalf("entry %d: %q parsed as %s, or out of order", i, r.Version, r.V)
			}
		}
	})
}

// fastSeeds are index texts for both paths: the shapes the fast path takes
// and the ones it must leave to encoding/json.
var fastSeeds = []string{
	`[{"version":"v20.20.2","date":"2026-03-24","files":["linux-x64","win-x64-zip"],"npm":"10.8.2","v8":"11.3","uv":"1.46.0","zlib":"1.3","openssl":"3.0.13+quic","modules":"115","lts":"Iron","security":true}]`,
	` [ { "version" : "v1.0.0" , "files" : [ ] , "lts" : false , "security" : false } ] ` + "\n",
	`[{"version":"v1.0.0","files":["a"],"files":["b","c"]}]`, // a repeated key: the last wins
	`[{"version":"v1.0.0","extra":"x"}]`,           // unknown string field
	`[{"version":"v1.0.0","extra":1}]`,             // unknown number field: encoding/json
	`[{"Version":"v1.0.0"}]`,                       // case-folded key: encoding/json
	`[{"version":"v1.0.\u0030"}]`,                  // escape: encoding/json
	"[{\"version\":\"v1.0.0\",\"date\":\"\xff\"}]", // invalid UTF-8: encoding/json
	`[{"version":"v1.0.0","lts":null}]`,
	`[{"version":"v1.0.0","security":1}]`,
	`[{"version":"v1.0.0"},]`,
	`[{"version":"v1.0.0"}] x`,
	`[]`, `{}`, `null`, ``,
}

// Where the fast path answers, it answers exactly what encoding/json does.
func TestParseIndexFastMatchesJSON(t *testing.T) {
	real, err := os.ReadFile("testdata/index.json")
	if err != nil {
		t.Fatal(err)
	}
	rs, ok := parseIndexFast(real)
	if !ok || len(rs) < 700 {
		t.Fatalf("the real index did not take the fast path (ok=%v, %d releases)", ok, len(rs))
	}
	checkFastMatchesJSON(t, real)
	took := 0
	for _, s := range fastSeeds {
		if checkFastMatchesJSON(t, []byte(s)) {
			took++
		}
	}
	if took != 5 { // the first four and []
		t.Errorf("the fast path took %d of the seeds; want 5", took)
	}
}

// checkFastMatchesJSON fails when the fast path succeeds where encoding/json
// does not, or with a different result. It reports whether the fast path
// took data.
func checkFastMatchesJSON(t *testing.T, data []byte) bool {
	t.Helper()
	fast, ok := parseIndexFast(data)
	if !ok {
		return false
	}
	var want []Release
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatalf("fast path took %q, encoding/json refuses it: %v", data, err)
	}
	if !reflect.DeepEqual(fast, want) {
		t.Fatalf("fast path and encoding/json differ on %q:\n fast %#v\n json %#v", data, fast, want)
	}
	// The lists are capped: appending to one cannot reach the next.
	for i := range fast {
		if len(fast[i].Files) != cap(fast[i].Files) {
			t.Fatalf("entry %d: files list has spare capacity %d", i, cap(fast[i].Files)-len(fast[i].Files))
		}
	}
	return true
}

func FuzzParseIndexFast(f *testing.F) {
	for _, s := range fastSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkFastMatchesJSON(t, data) })
}

// An index of nothing but "version" words, under MaxIndexSize, must not make
// the fast path's capacity hints allocate many times its size.
func TestParseIndexHostileCapacity(t *testing.T) {
	data := []byte("[" + strings.Repeat(`"version"`, 400_000))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := ParseIndex(data); err == nil {
		t.Fatal("ParseIndex accepted a broken index")
	}
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 16*uint64(len(data)) {
		t.Errorf("parsing %d bytes allocated %d MB", len(data), got>>20)
	}
}
