// Package testregistry serves an npm registry from memory for tests: packuments and package tarballs made in the test, on loopback.
package testregistry

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
)

// Registry is a running registry; Publish may be called at any time.
type Registry struct {
	URL    string
	Server *httptest.Server

	mu   sync.Mutex
	docs map[string]map[string]any
	tars map[string][]byte
	hits map[string]int
	full map[string]int
	keys []byte // the /-/npm/v1/keys body; nil serves 404
	// corgiTime keeps "time" in the abbreviated packument; npmjs leaves it
	// out (only the full one, asked for with Accept: application/json,
	// has it), some other registries keep it.
	corgiTime bool
	failFull  bool // the full packument answers 500
}

// Key is one signing key the registry lists at /-/npm/v1/keys.
type Key struct {
	ID      string
	Public  *ecdsa.PublicKey
	Expires string // RFC 3339, or "" for a key that does not expire
}

// Start serves an empty registry on 127.0.0.1.
func Start() *Registry {
	r := &Registry{docs: map[string]map[string]any{}, tars: map[string][]byte{}, hits: map[string]int{}, full: map[string]int{}}
	r.Server = httptest.NewServer(http.HandlerFunc(r.serve))
	r.URL = r.Server.URL
	return r
}

// Close stops the server.
func (r *Registry) Close() { r.Server.Close() }

// Hits counts the requests for a package's packument.
func (r *Registry) Hits(name string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.hits[name]
}

// FullHits counts the requests for a package's full packument (those
// that do not ask for the abbreviated form first).
func (r *Registry) FullHits(name string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.full[name]
}

// SetKeys serves keys at /-/npm/v1/keys, the keys `npm audit signatures`
// checks dist.signatures against.
func (r *Registry) SetKeys(keys ...Key) error {
	var doc []map[string]string
	for _, k := range keys {
		der, err := x509.MarshalPKIXPublicKey(k.Public)
		if err != nil {
			return err
		}
		e := map[string]string{"keyid": k.ID, "keytype": "ecdsa-sha2-nistp256", "scheme": "ecdsa-sha2-nistp256",
			"key": base64.StdEncoding.EncodeToString(der)}
		if k.Expires != "" {
			e["expires"] = k.Expires
		}
		doc = append(doc, e)
	}
	b, err := json.Marshal(map[string]any{"keys": doc})
	r.mu.Lock()
	defer r.mu.Unlock()
	r.keys = b
	return err
}

// TimeInAbbreviated makes the abbreviated packument carry "time" too.
func (r *Registry) TimeInAbbreviated(on bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.corgiTime = on
}

// FailFull makes requests for a full packument fail with 500, as a
// registry that serves only the abbreviated form might.
func (r *Registry) FailFull(on bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failFull = on
}

// SetTime records when name@version was published (the packument's
// time[version], RFC 3339); a version without one has no entry.
func (r *Registry) SetTime(name, version, when string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	d := r.docs[name]
	t, _ := d["time"].(map[string]string)
	if t == nil {
		t = map[string]string{}
		d["time"] = t
	}
	t[version] = when
}

// Sign adds a dist.signatures entry to name@version: an ECDSA signature
// by key over msg, or over "name@version:integrity" (what the registry
// signs) when msg is "".
func (r *Registry) Sign(name, version, keyID string, key *ecdsa.PrivateKey, msg string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	dist := r.docs[name]["versions"].(map[string]any)[version].(map[string]any)["dist"].(map[string]any)
	if msg == "" {
		msg = name + "@" + version + ":" + dist["integrity"].(string)
	}
	sum := sha256.Sum256([]byte(msg))
	sig, err := ecdsa.SignASN1(rand.Reader, key, sum[:])
	if err != nil {
		return err
	}
	sigs, _ := dist["signatures"].([]map[string]string)
	dist["signatures"] = append(sigs, map[string]string{"keyid": keyID, "sig": base64.StdEncoding.EncodeToString(sig)})
	return nil
}

// Packument returns a package's document as the registry serves it.
func (r *Registry) Packument(name string) ([]byte, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	d, ok := r.docs[name]
	if !ok {
		return nil, false
	}
	b, err := json.Marshal(d)
	return b, err == nil
}

func (r *Registry) serve(w http.ResponseWriter, req *http.Request) {
	p := strings.TrimPrefix(req.URL.Path, "/")
	if u, err := unescape(p); err == nil {
		p = u
	}
	r.mu.Lock()
	b, isTar := r.tars[p]
	var doc []byte
	if d, ok := r.docs[p]; ok {
		r.hits[p]++
		if abbreviated := strings.HasPrefix(req.Header.Get("Accept"), "application/vnd.npm.install-v1+json"); !abbreviated {
			r.full[p]++
			if r.failFull {
				r.mu.Unlock()
				http.Error(w, "full packuments are not served here", http.StatusInternalServerError)
				return
			}
		} else if !r.corgiTime {
			d = without(d, "time")
		}
		doc, _ = json.Marshal(d)
	}
	if p == "-/npm/v1/keys" && r.keys != nil {
		doc = r.keys
	}
	r.mu.Unlock()
	switch {
	case isTar:
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(b)
	case doc != nil:
		w.Header().Set("Content-Type", "application/json")
		w.Write(doc)
	default:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"error":"Not found"}`))
	}
}

// without is a shallow copy of d without key.
func without(d map[string]any, key string) map[string]any {
	out := make(map[string]any, len(d))
	for k, v := range d {
		if k != key {
			out[k] = v
		}
	}
	return out
}

// unescape turns npm's @scope%2fname back into @scope/name.
func unescape(p string) (string, error) {
	return strings.NewReplacer("%2f", "/", "%2F", "/", "%40", "@").Replace(p), nil
}

// Publish adds one version of a package with one command, NAME (a script
// printing "NAME VERSION"), and engines.node when engines is not empty.
// The version published last is the latest.
func (r *Registry) Publish(name, version, engines string) {
	base := name[strings.LastIndexByte(name, '/')+1:]
	m := map[string]any{"name": name, "version": version, "bin": map[string]string{base: "cli.js"}}
	if engines != "" {
		m["engines"] = map[string]string{"node": engines}
	}
	r.publish(name, version, m, Tarball(name, version, engines))
}

// File is one file of a package made with PublishFiles, path relative to
// the package folder.
type File struct {
	Name string
	Body string
	Mode int64 // 0 means 0o644
}

// PublishFiles publishes name@version with these files (a node-<os>-<arch>
// package, say) and a package.json naming it.
func (r *Registry) PublishFiles(name, version string, files []File) {
	m := map[string]any{"name": name, "version": version}
	pj, _ := json.Marshal(m)
	r.publish(name, version, m, tarball(append([]File{{Name: "package.json", Body: string(pj)}}, files...)))
}

// publish serves tgz as name@version with the packument entry m (its dist
// filled in here).
func (r *Registry) publish(name, version string, m map[string]any, tgz []byte) {
	base := name[strings.LastIndexByte(name, '/')+1:]
	path := name + "/-/" + base + "-" + version + ".tgz"
	sum := sha512.Sum512(tgz)
	// map[string]any, so Sign can add dist.signatures
	m["dist"] = map[string]any{"tarball": r.URL + "/" + path, "integrity": "sha512-" + base64.StdEncoding.EncodeToString(sum[:])}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tars[path] = tgz
	d := r.docs[name]
	if d == nil {
		d = map[string]any{"name": name, "versions": map[string]any{}, "dist-tags": map[string]string{}}
		r.docs[name] = d
	}
	d["versions"].(map[string]any)[version] = m
	d["dist-tags"].(map[string]string)["latest"] = version
}

// Tarball is an npm package tarball: package/package.json and package/cli.js.
func Tarball(name, version, engines string) []byte {
	base := name[strings.LastIndexByte(name, '/')+1:]
	m := map[string]any{"name": name, "version": version, "bin": map[string]string{base: "cli.js"}}
	if engines != "" {
		m["engines"] = map[string]string{"node": engines}
	}
	pj, _ := json.Marshal(m)
	return tarball([]File{{Name: "package.json", Body: string(pj), Mode: 0o755},
		{Name: "cli.js", Body: "#!/usr/bin/env node\nconsole.log(" + quote(name+" "+version) + ");\n", Mode: 0o755}})
}

// tarball packs files under package/, as npm pack does.
func tarball(files []File) []byte {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, f := range files {
		mode := f.Mode
		if mode == 0 {
			mode = 0o644
		}
		tw.WriteHeader(&tar.Header{Name: "package/" + f.Name, Mode: mode, Size: int64(len(f.Body)), Typeflag: tar.TypeReg})
		tw.Write([]byte(f.Body))
	}
	tw.Close()
	gz.Close()
	return buf.Bytes()
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
