package dist

import (
	"strings"
	"testing"
)

const (
	sumA = "a0e1b3a9b2f0b42f4d0b3d7a8d6f1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2"
	sumB = "B0E1B3A9B2F0B42F4D0B3D7A8D6F1B2C3D4E5F60718293A4B5C6D7E8F9A0B1C2"
)

func TestParseShasums(t *testing.T) {
	tests := []struct {
		name, in string
		want     Shasums // nil when an error is wanted
		err      string
	}{
		{"one", sumA + "  node-v20.1.0-linux-x64.tar.xz\n", Shasums{"node-v20.1.0-linux-x64.tar.xz": sumA}, ""},
		{"two-and-blank-lines", sumA + "  a.tar.gz\n\n" + sumA + "  b.zip\n", Shasums{"a.tar.gz": sumA, "b.zip": sumA}, ""},
		{"crlf", sumA + "  a.tar.gz\r\n", Shasums{"a.tar.gz": sumA}, ""},
		{"binary-marker", sumA + " *a.tar.gz\n", Shasums{"a.tar.gz": sumA}, ""},
		{"upper-case-hex", sumB + "  a.tar.gz", Shasums{"a.tar.gz": strings.ToLower(sumB)}, ""},
		{"no-final-newline", sumA + "  a.tar.gz", Shasums{"a.tar.gz": sumA}, ""},
		{"name-in-folder", sumA + "  win-x64/node.exe\n", Shasums{"win-x64/node.exe": sumA}, ""},
		{"empty", "", nil, "no checksums"},
		{"only-blank", "\n\n", nil, "no checksums"},
		{"one-space", sumA + " a.tar.gz\n", nil, "line 1: not `<sha256>  <file>`"},
		{"tab", sumA + "\ta.tar.gz\n", nil, "line 1"},
		{"short-hash", sumA[:63] + "  a.tar.gz\n", nil, "line 1"},
		{"not-hex", strings.Repeat("z", 64) + "  a.tar.gz\n", nil, "bad sha256"},
		{"no-name", sumA + "  \n", nil, "line 1"},
		{"name-with-trailing-space", sumA + "  a.tar.gz \n", nil, "bad file name"},
		{"name-with-nul", sumA + "  a\x00b\n", nil, "bad file name"},
		{"duplicate", sumA + "  a.tar.gz\n" + sumB + "  a.tar.gz\n", nil, "line 2: a.tar.gz listed twice"},
		{"html", "<html><body>404</body></html>\n", nil, "line 1"},
		{"pgp-armor", "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n" + sumA + "  a.tar.gz\n", nil, "line 1"},
		{"too-big", strings.Repeat(sumA+"  a.tar.gz\n", MaxShasumsSize/70+1), nil, "larger than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseShasums([]byte(tt.in))
			if tt.want == nil {
				if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.HasPrefix(err.Error(), "SHASUMS256.txt: ") {
					t.Errorf("error = %v, want SHASUMS256.txt: ...%s", err, tt.err)
				}
				return
			}
			if err != nil || len(got) != len(tt.want) {
				t.Fatalf("ParseShasums = %v, %v; want %v", got, err, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("[%s] = %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

func TestShasumsLookup(t *testing.T) {
	s := Shasums{"node-v20.1.0-linux-x64.tar.xz": sumA}
	for _, name := range []string{"node-v20.1.0-linux-x64.tar.xz", "NODE-v20.1.0-linux-x64.tar.xz", "node-v20.1.0-linux-x64.tar", "linux-x64.tar.xz", ""} {
		_, ok := s.Lookup(name)
		if want := name == "node-v20.1.0-linux-x64.tar.xz"; ok != want {
			t.Errorf("Lookup(%q) found = %v; only the exact name matches", name, ok)
		}
	}
}

func FuzzParseShasums(f *testing.F) {
	f.Add([]byte(sumA + "  a.tar.gz\n"))
	f.Add([]byte(sumA + " *a\r\n\n" + sumB + "  b\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sums, err := ParseShasums(data)
		if err != nil {
			return
		}
		for name, sum := range sums {
			if len(sum) != 64 || strings.ToLower(sum) != sum || name == "" || strings.TrimSpace(name) != name {
				t.Fatalf("accepted %q: %q", name, sum)
			}
		}
	})
}
