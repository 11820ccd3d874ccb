package download

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Redact returns a URL fit for a message: its user info (a password, or a
// token passed as the user name) replaced by ***, and control characters
// escaped so that nothing from the network or the environment reaches a
// terminal raw.
func Redact(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		if u.User != nil {
			u.User = nil
			raw = strings.Replace(u.String(), "://", "://***@", 1)
		}
	} else if i := strings.Index(raw, "://"); i >= 0 {
		rest := raw[i+3:]
		if end := strings.IndexAny(rest, "/?#"); end >= 0 {
			rest = rest[:end]
		}
		if at := strings.LastIndexByte(rest, '@'); at >= 0 {
			raw = raw[:i+3] + "***" + raw[i+3+at:]
		}
	}
	return escapeControls(raw)
}

// escapeControls writes control characters and invalid UTF-8 as Go escapes.
func escapeControls(s string) string {
	clean := true
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError || (r >= 0x80 && r < 0xa0) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	q := fmt.Sprintf("%+q", s)
	return q[1 : len(q)-1]
}
