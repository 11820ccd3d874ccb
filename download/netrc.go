package download

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// netrcEntry is one machine, or the default, of a .netrc file.
type netrcEntry struct {
	machine, login, password string
	isDefault                bool
}

// maxNetrc bounds the file we read; real ones are a few lines.
const maxNetrc = 1 << 20

// readNetrc reads the netrc file curl and git would: $NETRC, else ~/.netrc
// (on Windows, else ~/_netrc). A missing default file is no credentials;
// a NETRC that cannot be read is an error, since the user named it.
func readNetrc(path, userHome string) ([]netrcEntry, string, error) {
	named := true
	var candidates []string
	if path != "" {
		candidates = []string{path}
	} else if userHome != "" {
		named = false
		candidates = []string{filepath.Join(userHome, ".netrc")}
		if runtime.GOOS == "windows" {
			candidates = append(candidates, filepath.Join(userHome, "_netrc"))
		}
	}
	for _, p := range candidates {
		fi, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) && !named {
			continue
		}
		if err == nil && fi.Size() > maxNetrc {
			err = fmt.Errorf("larger than %d bytes", maxNetrc)
		}
		var b []byte
		if err == nil {
			b, err = os.ReadFile(p)
		}
		if err != nil {
			return nil, p, fmt.Errorf("netrc file %s: %w", p, err)
		}
		return parseNetrc(string(b)), p, nil
	}
	return nil, "", nil
}

// parseNetrc reads the tokens of a netrc file as curl does: machine,
// default, login, password and account take a value, macdef skips its
// body up to the next empty line, and a value may be a double-quoted
// string with backslash escapes. Unknown tokens are skipped.
func parseNetrc(text string) []netrcEntry {
	var out []netrcEntry
	cur := -1
	toks := netrcTokens(text)
	for i := 0; i < len(toks); i++ {
		next := func() string {
			if i+1 < len(toks) {
				i++
				return toks[i]
			}
			return ""
		}
		switch toks[i] {
		case "machine":
			out = append(out, netrcEntry{machine: strings.ToLower(next())})
			cur = len(out) - 1
		case "default":
			out = append(out, netrcEntry{isDefault: true})
			cur = len(out) - 1
		case "login":
			if v := next(); cur >= 0 {
				out[cur].login = v
			}
		case "password":
			if v := next(); cur >= 0 {
				out[cur].password = v
			}
		case "account":
			next()
		}
	}
	return out
}

// netrcTokens splits text into tokens, dropping macdef bodies.
func netrcTokens(text string) []string {
	var toks []string
	for len(text) > 0 {
		text = strings.TrimLeft(text, " \t\r\n")
		if text == "" {
			break
		}
		var tok string
		if text[0] == '"' {
			var b strings.Builder
			i := 1
			for ; i < len(text) && text[i] != '"'; i++ {
				if text[i] == '\\' && i+1 < len(text) {
					i++
				}
				b.WriteByte(text[i])
			}
			tok, text = b.String(), text[min(i+1, len(text)):]
		} else {
			end := strings.IndexAny(text, " \t\r\n")
			if end < 0 {
				end = len(text)
			}
			tok, text = text[:end], text[end:]
		}
		toks = append(toks, tok)
		if tok == "macdef" {
			// The name is on this line; the body runs to an empty line.
			if end := strings.Index(text, "\n\n"); end >= 0 {
				text = text[end+2:]
			} else {
				text = ""
			}
			toks = toks[:len(toks)-1]
		}
	}
	return toks
}

// netrcLookup returns the login and password for host: the first machine
// entry with that name, else the default entry.
func netrcLookup(entries []netrcEntry, host string) (login, password string, ok bool) {
	host = strings.ToLower(host)
	for _, e := range entries {
		if !e.isDefault && e.machine != "" && e.machine == host {
			return e.login, e.password, true
		}
	}
	for _, e := range entries {
		if e.isDefault {
			return e.login, e.password, true
		}
	}
	return "", "", false
}
