package store

import (
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"
)

// metaHead is the part of Meta that CheckVersion reads.
type metaHead struct{ Version, Platform string }

// decodeHead checks that b is one valid JSON object (as json.Valid would)
// and returns its top-level "version" and "platform" strings. It is a small
// recursive-descent scanner instead of json.Unmarshal or json.Valid: the
// shims run it before every node, and in an interleaved A/B measure the
// decoder's first run in a process (reflection, cold code) cost them about
// 0.08 ms and json.Valid's scanner alone about 0.02 ms. FuzzDecodeHead
// holds it to encoding/json.
func decodeHead(b []byte) (metaHead, error) {
	p := headParser{b: b}
	p.space()
	if p.i >= len(b) || b[p.i] != '{' {
		return metaHead{}, errors.New("not a JSON object")
	}
	if !p.value(0) {
		return metaHead{}, errors.New("not valid JSON")
	}
	p.space()
	if p.i != len(b) {
		return metaHead{}, errors.New("not valid JSON: data after the object")
	}
	if p.escapedKey {
		return decodeHeadJSON(b)
	}
	return p.head, nil
}

// decodeHeadJSON is decodeHead for the rare object with an escape in a
// top-level key ("\u0076ersion" names version too), which the scanner does
// not decode: encoding/json answers for it. nvmgo itself writes none.
func decodeHeadJSON(b []byte) (metaHead, error) {
	var v struct {
		Version  any `json:"version"`
		Platform any `json:"platform"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return metaHead{}, err
	}
	s1, _ := v.Version.(string)
	s2, _ := v.Platform.(string)
	return metaHead{Version: s1, Platform: s2}, nil
}

type headParser struct {
	b          []byte
	i          int
	head       metaHead
	escapedKey bool // a top-level key with an escape: see decodeHeadJSON
}

const maxHeadDepth = 100

func (p *headParser) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// value parses one JSON value at nesting depth d.
func (p *headParser) value(d int) bool {
	p.space()
	if p.i >= len(p.b) || d > maxHeadDepth {
		return false
	}
	switch c := p.b[p.i]; {
	case c == '{':
		return p.object(d)
	case c == '[':
		p.i++
		p.space()
		if p.i < len(p.b) && p.b[p.i] == ']' {
			p.i++
			return true
		}
		for {
			if !p.value(d + 1) {
				return false
			}
			p.space()
			if p.i >= len(p.b) {
				return false
			}
			p.i++
			switch p.b[p.i-1] {
			case ']':
				return true
			case ',':
			default:
				return false
			}
		}
	case c == '"':
		_, ok := p.str()
		return ok
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	}
	for _, lit := range []string{"true", "false", "null"} {
		if len(p.b)-p.i >= len(lit) && string(p.b[p.i:p.i+len(lit)]) == lit {
			p.i += len(lit)
			return true
		}
	}
	return false
}

func (p *headParser) object(d int) bool {
	p.i++ // '{'
	p.space()
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
		return true
	}
	for {
		p.space()
		if p.i >= len(p.b) || p.b[p.i] != '"' {
			return false
		}
		key, ok := p.str()
		p.space()
		if !ok || p.i >= len(p.b) || p.b[p.i] != ':' {
			return false
		}
		p.i++
		p.space()
		start := p.i
		if !p.value(d + 1) {
			return false
		}
		// Keys match as encoding/json matches them: ignoring case.
		isVersion, isPlatform := strings.EqualFold(key, "version"), strings.EqualFold(key, "platform")
		if d == 0 && strings.IndexByte(key, '\\') >= 0 {
			p.escapedKey = true
		}
		if d == 0 && (isVersion || isPlatform) {
			s := "" // a later non-string value replaces an earlier string
			if p.b[start] == '"' {
				s, _ = (&headParser{b: p.b, i: start}).str()
			}
			if isVersion {
				p.head.Version = s
			} else {
				p.head.Platform = s
			}
		}
		p.space()
		if p.i >= len(p.b) {
			return false
		}
		p.i++
		switch p.b[p.i-1] {
		case '}':
			return true
		case ',':
		default:
			return false
		}
	}
}

// str parses a string at p.i and returns its bytes between the quotes with
// escapes checked but kept (a version or platform never holds one: such a
// value only fails to match, as it should).
func (p *headParser) str() (string, bool) {
	start := p.i + 1
	for p.i++; p.i < len(p.b); {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			return string(p.b[start : p.i-1]), true
		case c < 0x20:
			return "", false
		case c == '\\':
			if p.i+1 >= len(p.b) {
				return "", false
			}
			switch p.b[p.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				p.i += 2
			case 'u':
				if p.i+6 > len(p.b) || !isHex4(p.b[p.i+2:p.i+6]) {
					return "", false
				}
				p.i += 6
			default:
				return "", false
			}
		case c < utf8.RuneSelf:
			p.i++
		default:
			r, n := utf8.DecodeRune(p.b[p.i:])
			if r == utf8.RuneError && n == 1 {
				return "", false // encoding/json accepts invalid UTF-8; nvmgo writes none
			}
			p.i += n
		}
	}
	return "", false
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// number parses a JSON number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *headParser) number() bool {
	if p.b[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(p.b) && p.b[p.i] == '0':
		p.i++
	case p.digits() == 0:
		return false
	}
	if p.i < len(p.b) && p.b[p.i] == '.' {
		p.i++
		if p.digits() == 0 {
			return false
		}
	}
	if p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		p.i++
		if p.i < len(p.b) && (p.b[p.i] == '+' || p.b[p.i] == '-') {
			p.i++
		}
		if p.digits() == 0 {
			return false
		}
	}
	return true
}

func (p *headParser) digits() int {
	n := 0
	for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
		p.i++
		n++
	}
	return n
}
