// Package npmreg installs official Node.js builds from the node-<os>-<arch> packages of an npm registry.
package npmreg

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/nvmgo/nvmgo/internal/hint"
)

// DefaultRegistry is the public npm registry.
const DefaultRegistry = "https://registry.npmjs.org"

// maxNpmrc bounds the .npmrc we read; real ones are a few lines.
const maxNpmrc = 1 << 20

// Config says which registry to use and how to authenticate to it.
type Config struct {
	Registry string // base URL without a trailing slash
	Token    string // bearer token for the registry, "" for none
	// Basic is the base64 user:password credential from _auth, or from
	// username and _password, used when there is no token.
	Basic string
	// From says where Registry came from ("NPM_CONFIG_REGISTRY", a .npmrc
	// path, or "default"), for messages.
	From string
	// authPath is the path of the .npmrc key that gave the credentials ("/"
	// for a host-wide //host/:_authToken); they go only to URLs under it.
	// Empty means the registry's own path.
	authPath string
}

// LoadConfig finds the registry the way npm does: npm_config_registry in the
// environment, else registry= in the user's .npmrc ($NPM_CONFIG_USERCONFIG,
// else ~/.npmrc), else the public registry. The credentials are those of
// the longest //host[:port]/path/ key in that .npmrc that covers the
// registry and has any, with ${VAR} expanded from the environment as npm
// does: its _authToken (a bearer token), else its _auth, else its username
// and _password (basic authentication), the order of npm-registry-fetch.
func LoadConfig(getenv func(string) string, userHome string) (Config, error) {
	path := envConfig(getenv, "userconfig")
	if path == "" && userHome != "" {
		path = filepath.Join(userHome, ".npmrc")
	} else if rest, ok := strings.CutPrefix(path, "~/"); ok && userHome != "" {
		path = filepath.Join(userHome, rest)
	}
	rc := map[string]string{}
	if path != "" {
		var err error
		if rc, err = readNpmrc(path, getenv); err != nil {
			return Config{}, err
		}
	}
	c := Config{Registry: DefaultRegistry, From: "default"}
	if v := envConfig(getenv, "registry"); v != "" {
		c.Registry, c.From = v, "npm_config_registry"
	} else if v := rc["registry"]; v != "" {
		c.Registry, c.From = v, path
	}
	u, err := parseRegistry(c.Registry)
	if err != nil {
		return Config{}, fmt.Errorf("npm registry %q (from %s): %w", c.Registry, c.From, err)
	}
	c.Registry = strings.TrimRight(u.String(), "/")
	key, ok := authKeyFor(u, rc)
	if !ok {
		return c, nil
	}
	// The fields used, in npm-registry-fetch's order; only they must be set.
	var used []string
	switch {
	case rc[key+":_authToken"] != "":
		used = []string{"_authToken"}
	case rc[key+":_auth"] != "":
		used = []string{"_auth"}
	case rc[key+":username"] != "" && rc[key+":_password"] != "":
		used = []string{"username", "_password"}
	default: // certfile and keyfile: client certificates
		return Config{}, hint.With(fmt.Errorf("%s: %s authenticates with a client certificate (certfile, keyfile), which nvmgo does not support", path, key),
			"give that registry an _authToken, or install with --source dist")
	}
	for _, name := range used {
		if v := rc[key+":"+name]; strings.Contains(v, "${") {
			return Config{}, fmt.Errorf("%s: %s:%s uses an environment variable that is not set (%s)", path, key, name, v)
		}
	}
	switch used[0] {
	case "_authToken":
		c.Token = rc[key+":_authToken"]
	case "_auth":
		c.Basic = rc[key+":_auth"]
	default:
		// _password is base64 in .npmrc, decoded as leniently as Node's
		// Buffer.from(s, "base64"); the header wants user:password.
		pass := strings.ToValidUTF8(string(nodeBase64(rc[key+":_password"])), "\uFFFD")
		c.Basic = base64.StdEncoding.EncodeToString([]byte(rc[key+":username"] + ":" + pass))
	}
	c.authPath = strings.TrimPrefix(key, "//"+u.Host)
	if c.authPath == "" {
		c.authPath = "/"
	}
	return c, nil
}

// envConfig reads an npm setting from the environment, which npm matches
// without regard to case.
func envConfig(getenv func(string) string, name string) string {
	for _, k := range []string{"npm_config_" + name, "NPM_CONFIG_" + strings.ToUpper(name)} {
		if v := strings.TrimSpace(getenv(k)); v != "" {
			return v
		}
	}
	return ""
}

func parseRegistry(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, errors.New("not an http(s) URL")
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, errors.New("a registry URL has no user, query or fragment; put credentials in .npmrc")
	}
	u.Host = normHost(u.Scheme, u.Host)
	return u, nil
}

// normHost lowercases a host and drops the scheme's default port, as the
// URL parser npm uses does.
func normHost(scheme, host string) string {
	host = strings.ToLower(host)
	if scheme == "https" {
		return strings.TrimSuffix(host, ":443")
	}
	return strings.TrimSuffix(host, ":80")
}

// authKeyFor finds the .npmrc key prefix that holds the registry's
// credentials the way npm-registry-fetch does: from //host/path/ up to
// //host, dropping either the last segment or the trailing slash at each
// step, the first with a token, an _auth, a username and a _password, or a
// certfile and a keyfile.
func authKeyFor(u *url.URL, rc map[string]string) (key string, ok bool) {
	has := func(k, name string) bool { return rc[k+":"+name] != "" }
	k := "//" + u.Host + strings.TrimRight(u.Path, "/") + "/"
	for len(k) > len("//") {
		if has(k, "_authToken") || has(k, "_auth") || has(k, "username") && has(k, "_password") || has(k, "certfile") && has(k, "keyfile") {
			return k, true
		}
		if i := strings.LastIndexByte(k, '/'); i == len(k)-1 {
			k = k[:i]
		} else {
			k = k[:i+1]
		}
	}
	return "", false
}

// nodeBase64 decodes s as Node's Buffer.from(s, "base64") does: both the
// standard and the URL-safe alphabet, other characters skipped, stopping at
// the first '=', and a last lone character dropped.
func nodeBase64(s string) []byte {
	var out []byte
	var acc uint32
	bits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		var v byte
		switch {
		case c >= 'A' && c <= 'Z':
			v = c - 'A'
		case c >= 'a' && c <= 'z':
			v = c - 'a' + 26
		case c >= '0' && c <= '9':
			v = c - '0' + 52
		case c == '+' || c == '-':
			v = 62
		case c == '/' || c == '_':
			v = 63
		case c == '=':
			return out
		default:
			continue
		}
		acc = acc<<6 | uint32(v)
		if bits += 6; bits >= 8 {
			bits -= 8
			out = append(out, byte(acc>>bits))
		}
	}
	return out
}

// readNpmrc reads an ini-style .npmrc into key/value pairs. A missing file
// is empty; keys inside [sections] are skipped (npm has none that matter
// here); scoped registries (@scope:registry) are kept but never consulted.
func readNpmrc(path string, getenv func(string) string) (map[string]string, error) {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, err
	}
	if info.Size() > maxNpmrc {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, maxNpmrc)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseNpmrc(string(b), getenv), nil
}

// parseNpmrc follows the ini package npm uses: ; and # start comments, a
// value in double quotes is a JSON string, one in single quotes is taken as
// is, and an unquoted value ends at an unescaped ; or #.
func parseNpmrc(text string, getenv func(string) string) map[string]string {
	out := map[string]string{}
	section := false
	text = strings.TrimPrefix(text, "\ufeff")
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == ';' || line[0] == '#' {
			continue
		}
		if line[0] == '[' && strings.HasSuffix(line, "]") {
			section = true
			continue
		}
		k, v, _ := strings.Cut(line, "=")
		k = expandEnv(iniValue(k), getenv)
		if section || k == "" || strings.HasSuffix(k, "[]") {
			continue
		}
		out[k] = expandEnv(iniValue(v), getenv)
	}
	return out
}

func iniValue(v string) string {
	v = strings.TrimSpace(v)
	if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'') {
		if v[0] == '\'' {
			return v[1 : len(v)-1]
		}
		var s string
		if err := json.Unmarshal([]byte(v), &s); err == nil {
			return s
		}
		return v
	}
	var b strings.Builder
	esc := false
	for _, c := range v {
		switch {
		case esc:
			if c != '\\' && c != ';' && c != '#' {
				b.WriteByte('\\')
			}
			b.WriteRune(c)
			esc = false
		case c == ';' || c == '#':
			return strings.TrimSpace(b.String())
		case c == '\\':
			esc = true
		default:
			b.WriteRune(c)
		}
	}
	if esc {
		b.WriteByte('\\')
	}
	return strings.TrimSpace(b.String())
}

// expandEnv replaces ${NAME} with the variable's value, as npm does for
// every .npmrc key and value. An unset variable stays as written, unless
// it is spelt ${NAME?}, which gives "". A backslash before $ escapes it.
func expandEnv(s string, getenv func(string) string) string {
	if !strings.Contains(s, "${") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		slashes := 0
		for j := i - 1; j >= 0 && s[j] == '\\'; j-- {
			slashes++
		}
		end := strings.IndexByte(s[i:], '}')
		name := ""
		if end > 0 {
			name = s[i+2 : i+end]
		}
		if end < 0 || name == "" || strings.ContainsAny(name, "${") {
			b.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		b.WriteString(s[:i-slashes])
		b.WriteString(strings.Repeat(`\`, slashes/2))
		whole := s[i : i+end+1]
		switch {
		case slashes%2 == 1:
			b.WriteString(whole)
		case getenv(strings.TrimSuffix(name, "?")) != "":
			b.WriteString(getenv(strings.TrimSuffix(name, "?")))
		case strings.HasSuffix(name, "?"):
		default:
			b.WriteString(whole)
		}
		s = s[i+end+1:]
	}
}

// HeaderFunc returns a download.Client Header hook that sends the
// credentials only to URLs with the registry's scheme and host under the
// path they were configured for; every other URL (a tarball on a CDN, the
// dist mirror) gets nothing.
func (c Config) HeaderFunc() func(url string) http.Header {
	reg, err := parseRegistry(c.Registry)
	auth := ""
	switch {
	case c.Token != "":
		auth = "Bearer " + c.Token
	case c.Basic != "":
		auth = "Basic " + c.Basic
	}
	if auth == "" || err != nil {
		return func(string) http.Header { return nil }
	}
	scope := c.authPath
	if scope == "" {
		scope = strings.TrimRight(reg.Path, "/") + "/"
	}
	return func(raw string) http.Header {
		u, err := url.Parse(raw)
		if err != nil || u.Scheme != reg.Scheme || u.User != nil {
			return nil
		}
		if normHost(u.Scheme, u.Host) != reg.Host || !under(u.EscapedPath(), scope) {
			return nil
		}
		return http.Header{"Authorization": {auth}}
	}
}

// under reports whether the URL path p lies at or below scope.
func under(p, scope string) bool {
	if strings.HasSuffix(scope, "/") {
		return strings.HasPrefix(p, scope) || p+"/" == scope
	}
	return p == scope || strings.HasPrefix(p, scope+"/")
}
