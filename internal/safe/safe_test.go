package safe

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"v22.12.0", "v22.12.0"},
		{`C:\Users\me\nvmgo`, `C:\Users\me\nvmgo`},
		{"Jod", "Jod"},
		{"Jod\x1b[2J\nfake", `Jod\x1b[2J\x0afake`},
		{"proj\x1b]0;pwned\x07", `proj\x1b]0;pwned\x07`},
		{"a\rb\tc\x7f", `a\x0db\x09c\x7f`},
		{"caf\u00e9 \u65e5\u672c", "caf\u00e9 \u65e5\u672c"},
		{"\u009b31m", `\u009b31m`},               // C1 CSI
		{"abc\u202egnp.exe", `abc\u202egnp.exe`}, // bidi override
		{"zero\u200bwidth", `zero\u200bwidth`},
		{"line\u2028sep", `line\u2028sep`},
		{"bad\xff\xfeutf8", `bad\xff\xfeutf8`},
	}
	for _, tt := range tests {
		if got := Text(tt.in); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLines(t *testing.T) {
	in := "no such file /p/\x1b[31mred/.nvmrc\nhint: run: nvmgo install \x07"
	want := `no such file /p/\x1b[31mred/.nvmrc` + "\n" + `hint: run: nvmgo install \x07`
	if got := Lines(in); got != want {
		t.Errorf("Lines = %q, want %q", got, want)
	}
}

// FuzzText checks that no output holds a control or format character and
// that plain text is kept as it is.
func FuzzText(f *testing.F) {
	for _, s := range []string{"v1\x1b[0m", "\u202e", "\xff", "ok"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Text(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Text(%q) = %q is not UTF-8", s, out)
		}
		for _, r := range out {
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' {
				t.Fatalf("Text(%q) = %q keeps %U", s, out, r)
			}
		}
		if !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r >= 0x7f }) && out != s {
			t.Fatalf("Text(%q) = %q changed plain text", s, out)
		}
	})
}

func BenchmarkTextPlain(b *testing.B) {
	s := "/home/someone/.local/share/nvmgo/versions/v22.12.0"
	for i := 0; i < b.N; i++ {
		_ = Text(s)
	}
}
