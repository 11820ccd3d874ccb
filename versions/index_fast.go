package versions

import "strings"

// parseIndexFast decodes index.json in the shape nodejs.org serves it: a
// list of objects whose values are plain strings, a list of strings (files),
// false or a string (lts) and a boolean (security). Every value is a
// substring of one copy of the input, so an 800-release index costs one
// allocation per release and per files list instead of ~25,000 through
// reflection; ls-remote, completion and every install parse it.
//
// It returns ok=false, and the caller decodes with encoding/json, on
// anything outside that shape: escapes, non-ASCII bytes, null, numbers,
// nested values, a key that differs from a field name only in case, or
// invalid JSON. So where ok is true the result is exactly what
// json.Unmarshal gives (FuzzParseIndexFast holds it to that).
func parseIndexFast(data []byte) (rs []Release, ok bool) {
	p := fastParser{s: string(data)}
	p.ws()
	if !p.eat('[') {
		return nil, false
	}
	// Capacity hints, bounded by the input's size so a hostile index of
	// nothing but "version" words cannot make us allocate more than a few
	// times what it is: a real entry is ~400 bytes, a files entry ~12.
	n := min(strings.Count(p.s, `"version"`), len(p.s)/256+1)
	rs = make([]Release, 0, n)
	p.ws()
	if p.eat(']') {
		return ok2(rs, p.end())
	}
	// One backing array for every files list; current releases list 24.
	files := make([]string, 0, min(24*n, len(p.s)/16))
	for {
		p.ws()
		var r Release
		if !p.object(&r, &files) {
			return nil, false
		}
		rs = append(rs, r)
		p.ws()
		if p.eat(']') {
			return ok2(rs, p.end())
		}
		if !p.eat(',') {
			return nil, false
		}
	}
}

// ok2 returns rs only when ok, so a caller never sees a half-parsed list.
func ok2(rs []Release, ok bool) ([]Release, bool) {
	if !ok {
		return nil, false
	}
	return rs, true
}

type fastParser struct {
	s string
	i int
}

func (p *fastParser) ws() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *fastParser) eat(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *fastParser) end() bool {
	p.ws()
	return p.i == len(p.s)
}

func (p *fastParser) lit(word string) bool {
	if strings.HasPrefix(p.s[p.i:], word) {
		p.i += len(word)
		return true
	}
	return false
}

// str reads a string with no escapes and only printable ASCII; anything
// else is left to encoding/json (which also rewrites invalid UTF-8).
func (p *fastParser) str() (string, bool) {
	if !p.eat('"') {
		return "", false
	}
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return p.s[start : p.i-1], true
		case c == '\\' || c < 0x20 || c >= 0x80:
			return "", false
		}
		p.i++
	}
	return "", false
}

var releaseFields = []string{"version", "date", "files", "npm", "v8", "uv", "zlib", "openssl", "modules", "lts", "security"}

func (p *fastParser) object(r *Release, files *[]string) bool {
	if !p.eat('{') {
		return false
	}
	p.ws()
	if p.eat('}') {
		return true
	}
	for {
		p.ws()
		key, ok := p.str()
		if !ok {
			return false
		}
		p.ws()
		if !p.eat(':') {
			return false
		}
		p.ws()
		if !p.field(key, r, files) {
			return false
		}
		p.ws()
		if p.eat('}') {
			return true
		}
		if !p.eat(',') {
			return false
		}
	}
}

func (p *fastParser) field(key string, r *Release, files *[]string) bool {
	var dst *string
	switch key {
	case "version":
		dst = &r.Version
	case "date":
		dst = &r.Date
	case "npm":
		dst = &r.Npm
	case "v8":
		dst = &r.V8
	case "uv":
		dst = &r.UV
	case "zlib":
		dst = &r.Zlib
	case "openssl":
		dst = &r.OpenSSL
	case "modules":
		dst = &r.Modules
	case "files":
		return p.list(r, files)
	case "lts":
		if p.lit("false") {
			r.LTS = ""
			return true
		}
		s, ok := p.str()
		r.LTS = LTS(s)
		return ok
	case "security":
		switch {
		case p.lit("true"):
			r.Security = true
		case p.lit("false"):
			r.Security = false
		default:
			return false
		}
		return true
	default:
		// encoding/json matches keys case-insensitively: leave those to it.
		for _, f := range releaseFields {
			if strings.EqualFold(key, f) {
				return false
			}
		}
		_, ok := p.str() // an unknown field: only string values here
		return ok
	}
	s, ok := p.str()
	*dst = s
	return ok
}

// list reads the files array; a repeated key replaces the list, as
// encoding/json does.
func (p *fastParser) list(r *Release, files *[]string) bool {
	if !p.eat('[') {
		return false
	}
	start := len(*files)
	p.ws()
	if !p.eat(']') {
		for {
			p.ws()
			s, ok := p.str()
			if !ok {
				return false
			}
			*files = append(*files, s)
			p.ws()
			if p.eat(']') {
				break
			}
			if !p.eat(',') {
				return false
			}
		}
	}
	if start == len(*files) {
		r.Files = []string{} // what encoding/json makes of []
		return true
	}
	// A full slice expression, so appending to one release's list can never
	// write into the next one's.
	r.Files = (*files)[start:len(*files):len(*files)]
	return true
}
