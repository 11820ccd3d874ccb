package store

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDecodeHead(t *testing.T) {
	tests := []struct {
		in, version, platform string
		ok                    bool
	}{
		{`{"version":"v20.1.0","platform":"linux-x64"}`, "v20.1.0", "linux-x64", true},
		{"{\n  \"version\": \"v20.1.0\",\n  \"entry\": {\"version\": \"v1\", \"platform\": \"x\", \"files\": [\"a\", {\"b\": [1, -2.5e+3, true, null]}]}\n}\n", "v20.1.0", "", true},
		{`{"platform":"win-x64","version":"v1.0.0","version":"v2.0.0"}`, "v2.0.0", "win-x64", true}, // the last wins, as in encoding/json
		{`{"version":1}`, "", "", true},
		{`{"versioN":"0","PLATFORM":"linux-x64"}`, "0", "linux-x64", true}, // keys ignore case, as in encoding/json
		{`{"\u0076ersion":"v1.0.0"}`, "v1.0.0", "", true},                  // an escaped key: encoding/json decides
		{`{"a":{"\u0076ersion":"v1"},"version":"v2"}`, "v2", "", true},
		{`{"version":"v1\"x"}`, `v1\"x`, "", true},
		{`{}`, "", "", true},
		{`[]`, "", "", false},
		{`"v1"`, "", "", false},
		{``, "", "", false},
		{`{"version":"v1"`, "", "", false},
		{`{"version":"v1"}x`, "", "", false},
		{`{"version":"v1",}`, "", "", false},
		{`{"version" "v1"}`, "", "", false},
		{`{"version":"v1` + "\n" + `"}`, "", "", false},
		{`{"a":01}`, "", "", false},
		{`{"a":1.}`, "", "", false},
		{`{"a":tru}`, "", "", false},
		{`{"a":"\x"}`, "", "", false},
		{`{"a":"\u12"}`, "", "", false},
		{`{"a":[1,]}`, "", "", false},
		{strings.Repeat("[", 200) + strings.Repeat("]", 200), "", "", false},
	}
	for _, tt := range tests {
		m, err := decodeHead([]byte(tt.in))
		if (err == nil) != tt.ok || m.Version != tt.version || m.Platform != tt.platform {
			t.Errorf("decodeHead(%q) = %+v, %v; want %q %q ok=%v", tt.in, m, err, tt.version, tt.platform, tt.ok)
		}
	}
}

// FuzzDecodeHead holds the small scanner to encoding/json: it accepts what
// json.Valid accepts as an object (save invalid UTF-8 and very deep
// nesting, which it refuses), never more, and reads the same two fields.
func FuzzDecodeHead(f *testing.F) {
	f.Add([]byte(`{"version":"v20.1.0","platform":"linux-x64","entry":{"files":["a"],"lts":false}}`))
	f.Add([]byte(`{"version":"v1","version":2}`))
	f.Add([]byte(`{"a":[{"b":-0.5E-3}],"platform":"\u0041"}`))
	f.Add([]byte(" {}\n"))
	f.Add([]byte(`{"version":"\ud800"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := decodeHead(b)
		valid := json.Valid(b) && bytes.HasPrefix(bytes.TrimLeft(b, " \t\r\n"), []byte("{"))
		if err == nil && !valid {
			t.Fatalf("decodeHead accepted %q, which encoding/json refuses", b)
		}
		if err != nil {
			if valid && utf8.Valid(b) && bytes.Count(b, []byte("["))+bytes.Count(b, []byte("{")) <= maxHeadDepth {
				t.Fatalf("decodeHead refused %q (%v), which encoding/json accepts", b, err)
			}
			return
		}
		var want struct {
			Version  any `json:"version"`
			Platform any `json:"platform"`
		}
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatalf("json.Unmarshal(%q): %v", b, err)
		}
		for _, c := range []struct {
			got  string
			want any
		}{{m.Version, want.Version}, {m.Platform, want.Platform}} {
			s, isStr := c.want.(string)
			switch {
			case !isStr && c.got != "":
				t.Errorf("%q: got %q for a non-string", b, c.got)
			case isStr && !strings.Contains(c.got, `\`) && c.got != s:
				t.Errorf("%q: got %q, encoding/json %q", b, c.got, s)
			}
		}
	})
}
