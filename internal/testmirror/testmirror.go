// Package testmirror serves a Node.js dist mirror from memory for tests: index.json, signed SHASUMS256 files and archives for every platform, built in the test.
package testmirror

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nvmgo/nvmgo/download/extract/archivetest"
	"github.com/nvmgo/nvmgo/download/index/snapshot"
	"github.com/nvmgo/nvmgo/download/signature"
	"github.com/nvmgo/nvmgo/download/signature/sigtest"
	"github.com/nvmgo/nvmgo/versions"
)

// DefaultTags are the platforms built when Options.Tags is empty.
var DefaultTags = []string{"linux-x64", "linux-arm64", "darwin-x64", "darwin-arm64", "win-x64", "win-arm64"}

// Options says what the mirror holds.
type Options struct {
	Versions []string // "v20.18.1"...; their entries come from the real (embedded) index
	Tags     []string // dist platform tags to build archives for
	Unsigned bool     // serve no SHASUMS256.txt.asc
	Detached bool     // serve SHASUMS256.txt.sig too, as nodejs.org does
	// RealNode is what the fake bin/node execs for anything but --version
	// (default /usr/bin/node), so verify and scripts run real JavaScript.
	RealNode string
	// TLS serves the mirror over https with httptest's own certificate
	// authority (Server.Certificate), which no system trusts.
	TLS bool
}

// Mirror is a running mirror. Files may be changed between requests.
type Mirror struct {
	URL    string
	Signer *sigtest.Signer
	Server *httptest.Server

	mu    sync.Mutex
	files map[string][]byte
	hits  map[string]int
	// Fault, when set, sees every request first; returning true means it
	// answered the request itself.
	fault func(w http.ResponseWriter, r *http.Request) bool
}

// StartTest starts the mirror for t (closed when t ends) and returns
// the keyring that trusts its signing key.
func StartTest(t testing.TB, o Options) (*Mirror, *signature.Keyring) {
	t.Helper()
	m, err := Start(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	kr, err := signature.ParseKeyring(m.Signer.PublicArmored())
	if err != nil {
		t.Fatal(err)
	}
	return m, kr
}

// Start builds the mirror's files and serves them on 127.0.0.1.
func Start(o Options) (*Mirror, error) {
	m, err := Build(o)
	if err != nil {
		return nil, err
	}
	m.Server = httptest.NewUnstartedServer(http.HandlerFunc(m.serve))
	if o.TLS {
		m.Server.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes are the point
		m.Server.StartTLS()
	} else {
		m.Server.Start()
	}
	m.URL = m.Server.URL
	return m, nil
}

// Build makes the files without serving them.
func Build(o Options) (*Mirror, error) {
	if len(o.Tags) == 0 {
		o.Tags = DefaultTags
	}
	if o.RealNode == "" {
		o.RealNode = "/usr/bin/node"
	}
	signer, err := sigtest.NewSigner("nvmgo test mirror")
	if err != nil {
		return nil, err
	}
	m := &Mirror{Signer: signer, files: map[string][]byte{}, hits: map[string]int{}}
	data, err := snapshot.Index()
	if err != nil {
		return nil, err
	}
	all, err := versions.ParseIndex(data)
	if err != nil {
		return nil, err
	}
	var entries []versions.Release
	for _, v := range o.Versions {
		r, ok := find(all, v)
		if !ok {
			return nil, fmt.Errorf("testmirror: %s is not in the real index", v)
		}
		entries = append(entries, r)
		if err := m.buildRelease(r, o); err != nil {
			return nil, err
		}
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].V.Compare(entries[j].V) > 0 })
	idx, err := json.Marshal(entries)
	if err != nil {
		return nil, err
	}
	m.files["index.json"] = idx
	return m, nil
}

func find(all []versions.Release, v string) (versions.Release, bool) {
	for _, r := range all {
		if r.Version == v {
			return r, true
		}
	}
	return versions.Release{}, false
}

func (m *Mirror) buildRelease(r versions.Release, o Options) error {
	var sums bytes.Buffer
	add := func(name string, data []byte) {
		m.files[r.Version+"/"+name] = data
		h := sha256.Sum256(data)
		fmt.Fprintf(&sums, "%s  %s\n", hex.EncodeToString(h[:]), name)
	}
	for _, tag := range o.Tags {
		top := "node-" + r.Version + "-" + tag
		if strings.HasPrefix(tag, "win-") {
			add(top+".zip", archivetest.Zip(WindowsTree(top, r)))
			continue
		}
		tree := UnixTree(top, r, o.RealNode)
		add(top+".tar.gz", archivetest.TarGz(tree))
		add(top+".tar.xz", archivetest.TarXz(tree))
	}
	m.files[r.Version+"/SHASUMS256.txt"] = sums.Bytes()
	if !o.Unsigned {
		asc, err := m.Signer.ClearSign(sums.Bytes())
		if err != nil {
			return err
		}
		m.files[r.Version+"/SHASUMS256.txt.asc"] = asc
	}
	if !o.Unsigned && o.Detached {
		sig, err := m.Signer.DetachSign(sums.Bytes())
		if err != nil {
			return err
		}
		m.files[r.Version+"/SHASUMS256.txt.sig"] = sig
	}
	return nil
}

// Set replaces (or with nil, removes) one file, path relative to the root.
func (m *Mirror) Set(path string, data []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if data == nil {
		delete(m.files, path)
		return
	}
	m.files[path] = data
}

// File returns one file's content.
func (m *Mirror) File(path string) []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.files[path]
}

// Hits counts the requests for one path.
func (m *Mirror) Hits(path string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.hits[path]
}

// SetFault installs (or with nil, removes) a fault-injecting hook.
func (m *Mirror) SetFault(f func(w http.ResponseWriter, r *http.Request) bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.fault = f
}

// Close stops the server.
func (m *Mirror) Close() {
	if m.Server != nil {
		m.Server.Close()
	}
}

func (m *Mirror) serve(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, "/")
	m.mu.Lock()
	m.hits[path]++
	fault := m.fault
	data, ok := m.files[path]
	m.mu.Unlock()
	if fault != nil && fault(w, r) {
		return
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	sum := sha256.Sum256(data)
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:8])+`"`)
	http.ServeContent(w, r, path, time.Unix(1700000000, 0), bytes.NewReader(data))
}
