package main

import (
	"encoding/base64"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/nvmgo/nvmgo/internal/testmirror"
)

// Mirrors behind credentials and a company CA, end to end with the built
// binary: the mirror answers 401 to any request without the expected
// Authorization, and a redirect to another host must arrive without it.

// authLog records the Authorization header of every request a server saw.
type authLog struct {
	mu   sync.Mutex
	seen map[string][]string // path -> Authorization values
}

func (l *authLog) add(r *http.Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen == nil {
		l.seen = map[string][]string{}
	}
	l.seen[r.URL.Path] = append(l.seen[r.URL.Path], r.Header.Get("Authorization"))
}

func (l *authLog) all() map[string][]string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[string][]string{}
	for k, v := range l.seen {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// requireAuth makes m answer 401 unless a request carries want; with
// redirect set, an authorized archive request is sent there instead.
func requireAuth(m *testmirror.Mirror, want string, log *authLog, redirect string) {
	m.SetFault(func(w http.ResponseWriter, r *http.Request) bool {
		log.add(r)
		if r.Header.Get("Authorization") != want {
			w.Header().Set("WWW-Authenticate", `Basic realm="artifactory"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return true
		}
		if redirect != "" && strings.Contains(r.URL.Path, ".tar.") {
			http.Redirect(w, r, redirect+r.URL.Path, http.StatusFound)
			return true
		}
		return false
	})
}

func basicAuth(user, pass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
}

func setEnv(env []string, kv ...string) []string {
	for _, s := range kv {
		k, _, _ := strings.Cut(s, "=")
		out := env[:0:0]
		for _, e := range env {
			if !strings.HasPrefix(e, k+"=") {
				out = append(out, e)
			}
		}
		env = append(out, s)
	}
	return env
}

func TestE2EMirrorAuth(t *testing.T) {
	const secret = "s3cr3t-p4ss"
	tests := []struct {
		name string
		want string // the Authorization the mirror requires
		env  func(c *faultCLI, work string) []string
	}{
		{"basic-in-url", basicAuth("deploy", secret), func(c *faultCLI, _ string) []string {
			return []string{"NVMGO_NODE_MIRROR=" + strings.Replace(c.m.URL, "://", "://deploy:"+secret+"@", 1)}
		}},
		{"bearer-header", "Bearer " + secret, func(*faultCLI, string) []string {
			return []string{"NVMGO_MIRROR_AUTH_HEADER=Bearer " + secret}
		}},
		{"nvm-auth-header", "Bearer " + secret, func(*faultCLI, string) []string {
			return []string{"NVM_AUTH_HEADER=Bearer " + secret}
		}},
		{"netrc", basicAuth("deploy", secret), func(_ *faultCLI, work string) []string {
			rc := filepath.Join(work, "userhome", ".netrc")
			os.MkdirAll(filepath.Dir(rc), 0o700)
			os.WriteFile(rc, []byte("machine 127.0.0.1\n  login deploy\n  password "+secret+"\n"), 0o600)
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, work := newAuthCLI(t, testmirror.Options{})
			var mlog, olog authLog
			requireAuth(c.m, tt.want, &mlog, "")
			// Without credentials: refused, with a one-line error that
			// says what to set, and nothing installed.
			r := c.mustFail([]string{"install", faultVersion}, "401 Unauthorized", "NVMGO_MIRROR_AUTH_HEADER")
			assertNoSecret(t, r, secret)

			c.env = setEnv(c.env, tt.env(c, work)...)
			// The archive is redirected to another host (localhost, another
			// port), which must not see the credentials.
			other := archiveServer(t, c, &olog)
			requireAuth(c.m, tt.want, &mlog, other)
			r = c.run("install", faultVersion)
			if r.code != 0 {
				t.Fatalf("install exited %d:\n%s", r.code, r.stderr)
			}
			assertNoSecret(t, r, secret)
			c.assertInstalled()
			for path, auths := range olog.all() {
				for _, a := range auths {
					if a != "" {
						t.Errorf("the redirect target %s got Authorization %q for %s", other, a, path)
					}
				}
			}
			if len(olog.all()) == 0 {
				t.Error("the archive was not fetched from the redirect target")
			}
			if r := c.run("ls-remote", "20"); r.code != 0 || !strings.Contains(r.stdout, faultVersion) || strings.Contains(r.stderr, "could not") {
				t.Errorf("ls-remote through the authenticated mirror exited %d:\n%s%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}

// Wrong credentials in the mirror URL: refused, and neither the password
// nor the user appear in any message.
func TestE2EMirrorAuthRefused(t *testing.T) {
	c, _ := newAuthCLI(t, testmirror.Options{})
	var log authLog
	requireAuth(c.m, basicAuth("deploy", "right"), &log, "")
	c.env = setEnv(c.env, "NVMGO_NODE_MIRROR="+strings.Replace(c.m.URL, "://", "://deploy-user:wr0ng-pass@", 1))
	r := c.mustFail([]string{"install", faultVersion}, "401 Unauthorized", c.m.URL+"/"+faultVersion, "NVMGO_MIRROR_AUTH_HEADER")
	for _, s := range []string{"wr0ng-pass", "deploy-user"} {
		if strings.Contains(r.stdout+r.stderr, s) {
			t.Errorf("%q was printed:\n%s", s, r.stderr)
		}
	}
	if got := log.all()["/"+faultVersion+"/SHASUMS256.txt.asc"]; len(got) == 0 || got[0] != basicAuth("deploy-user", "wr0ng-pass") {
		t.Errorf("the mirror saw %q; want the credentials from the URL", got)
	}
	if n := assertOnlyComplete(t, c.home); n != 0 {
		t.Errorf("versions/ holds %d installs", n)
	}
}

// NVMGO_INDEX_URL: the index comes from another server (with its own
// credentials from the URL), the archives from the mirror.
func TestE2EIndexURL(t *testing.T) {
	c, _ := newAuthCLI(t, testmirror.Options{})
	var log authLog
	idx := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		if r.Header.Get("Authorization") != basicAuth("idx", "pw") {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		w.Write(c.m.File("index.json"))
	}))
	t.Cleanup(idx.Close)
	c.env = setEnv(c.env, "NVMGO_INDEX_URL="+strings.Replace(idx.URL, "://", "://idx:pw@", 1)+"/dist/index.json")
	r := c.run("ls-remote", "20")
	if r.code != 0 || !strings.Contains(r.stdout, faultVersion) || strings.Contains(r.stderr, "could not") {
		t.Fatalf("ls-remote exited %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
	if got := log.all()["/dist/index.json"]; len(got) != 1 {
		t.Errorf("the index server saw %v", log.all())
	}
	if n := c.m.Hits("index.json"); n != 0 {
		t.Errorf("the mirror's index.json was fetched %d times", n)
	}
	c.mustInstall()
}

// archiveServer serves the release's files from another server and
// returns its URL on localhost rather than 127.0.0.1: another host.
func archiveServer(t *testing.T, c *faultCLI, log *authLog) string {
	t.Helper()
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		data := c.m.File(strings.TrimPrefix(r.URL.Path, "/"))
		if data == nil {
			http.NotFound(w, r)
			return
		}
		w.Write(data)
	}))
	t.Cleanup(other.Close)
	return strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
}

func assertNoSecret(t *testing.T, r result, secret string) {
	t.Helper()
	if strings.Contains(r.stdout+r.stderr, secret) {
		t.Errorf("the credentials were printed:\n%s%s", r.stdout, r.stderr)
	}
}

func newAuthCLI(t *testing.T, o testmirror.Options) (*faultCLI, string) {
	t.Helper()
	o.Versions, o.Tags = []string{faultVersion}, []string{hostTag()}
	m, work, h, env := mirrorHomeWith(t, o)
	if err := os.Mkdir(h, 0o755); err != nil {
		t.Fatal(err)
	}
	return &faultCLI{t: t, m: m, home: h, env: append(env, "NVMGO_ARCHIVE_FORMAT=xz")}, work
}

// A mirror behind TLS with a company CA: refused with an error naming
// NVMGO_CA_FILE, then installed once NVMGO_CA_FILE names the CA's PEM.
func TestE2EMirrorCA(t *testing.T) {
	c, work := newAuthCLI(t, testmirror.Options{TLS: true})
	r := c.mustFail([]string{"install", faultVersion}, "certificate signed by an unknown authority", "set NVMGO_CA_FILE")
	if !strings.Contains(r.stderr, "could not fetch the release index") {
		t.Errorf("the index fetch did not warn about the CA:\n%s", r.stderr)
	}
	ca := filepath.Join(work, "company-ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.m.Server.Certificate().Raw}), 0o644); err != nil {
		t.Fatal(err)
	}
	c.env = setEnv(c.env, "NVMGO_CA_FILE="+ca)
	r = c.run("install", faultVersion)
	if r.code != 0 || strings.Contains(r.stderr, "could not") {
		t.Fatalf("install with NVMGO_CA_FILE exited %d:\n%s", r.code, r.stderr)
	}
	c.assertInstalled()
	// A CA file that is not PEM is named in a one-line error.
	if r := c.run("uninstall", "--force", faultVersion); r.code != 0 {
		t.Fatalf("uninstall exited %d:\n%s", r.code, r.stderr)
	}
	c.env = setEnv(c.env, "NVMGO_CA_FILE="+filepath.Join(work, "testkey.asc"))
	c.mustFail([]string{"install", faultVersion}, "NVMGO_CA_FILE", "no PEM certificate")
}
