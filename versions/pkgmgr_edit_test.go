package versions

import (
	"strings"
	"testing"
)

func TestSetPackageManager(t *testing.T) {
	v := "pnpm@9.12.0+sha512." + strings.Repeat("ab", 64)
	tests := []struct{ name, in, want, err string }{
		{name: "replace in place",
			in:   "{\n  \"name\": \"x\",\n  \"packageManager\": \"yarn@1.22.22\",\n  \"private\": true\n}\n",
			want: "{\n  \"name\": \"x\",\n  \"packageManager\": \"" + v + "\",\n  \"private\": true\n}\n"},
		{name: "append with the file's indent (tabs)",
			in:   "{\n\t\"name\": \"x\",\n\t\"scripts\": {\n\t\t\"a\": \"b\"\n\t}\n}\n",
			want: "{\n\t\"name\": \"x\",\n\t\"scripts\": {\n\t\t\"a\": \"b\"\n\t},\n\t\"packageManager\": \"" + v + "\"\n}\n"},
		{name: "CRLF and four spaces",
			in:   "{\r\n    \"name\": \"x\"\r\n}\r\n",
			want: "{\r\n    \"name\": \"x\",\r\n    \"packageManager\": \"" + v + "\"\r\n}\r\n"},
		{name: "one line",
			in:   `{"name":"x","version":1}`,
			want: `{"name":"x","version":1, "packageManager": "` + v + `"}`},
		{name: "empty object",
			in:   "{}\n",
			want: "{\n  \"packageManager\": \"" + v + "\"\n}\n"},
		{name: "BOM kept, nested packageManager not touched",
			in:   "\uFEFF{\"a\": {\"packageManager\": \"npm@1.0.0\"}}",
			want: "\uFEFF{\"a\": {\"packageManager\": \"npm@1.0.0\"}, \"packageManager\": \"" + v + "\"}"},
		{name: "key with escapes before",
			in:   "{\n  \"a\\\"b\": 1\n}",
			want: "{\n  \"a\\\"b\": 1,\n  \"packageManager\": \"" + v + "\"\n}"},
		{name: "not an object", in: "[1]", err: "not a JSON object"},
		{name: "broken", in: "{\"a\": ", err: "invalid JSON"},
		{name: "trailing data", in: "{} {}", err: "data after"},
	}
	for _, tt := range tests {
		got, err := SetPackageManager([]byte(tt.in), v)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: err = %v, want %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil || string(got) != tt.want {
			t.Errorf("%s:\n got %q %v\nwant %q", tt.name, got, err, tt.want)
		}
		if p, found, err := ParsePMProject(got); err != nil || !found || p.Manager.Name != "pnpm" {
			t.Errorf("%s: result does not parse back: %+v %v %v", tt.name, p, found, err)
		}
	}
}
