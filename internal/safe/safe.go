// Package safe makes text from the network or the file system safe to print
// on a terminal.
package safe

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text returns s with what a terminal would act on escaped: C0 and C1
// control characters (ESC, BEL, newline, carriage return, tab ...) and DEL
// as \xNN or \uNNNN, Unicode format characters (bidi overrides, zero-width
// characters) as \uNNNN, and bytes that are not UTF-8 as \xNN. A
// backslash is kept as it is, so Windows paths read as usual. Plain text
// comes back unchanged without copying.
func Text(s string) string {
	i := 0
	for i < len(s) && s[i] >= 0x20 && s[i] < 0x7f {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteString(hex2(s[i]))
		case r < 0x80 && (r < 0x20 || r == 0x7f):
			b.WriteString(`\x`)
			b.WriteString(hex2(byte(r)))
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029':
			q := strconv.QuoteRuneToASCII(r) // '\u202e'
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// Lines is Text for each line of a message, keeping its line breaks: an
// error and its hint line.
func Lines(s string) string {
	if !strings.Contains(s, "\n") {
		return Text(s)
	}
	parts := strings.Split(s, "\n")
	for i, p := range parts {
		parts[i] = Text(p)
	}
	return strings.Join(parts, "\n")
}
