package download

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNetrc(t *testing.T) {
	tests := []struct {
		name, text, host string
		login, pass      string
		ok               bool
	}{
		{"one-line", "machine a.corp login u password p", "a.corp", "u", "p", true},
		{"lines", "machine a.corp\n  login u\n  password p\n", "a.corp", "u", "p", true},
		{"case", "machine A.Corp login u password p", "a.CORP", "u", "p", true},
		{"first-wins", "machine a login u1 password p1\nmachine a login u2 password p2", "a", "u1", "p1", true},
		{"other-host", "machine a login u password p", "b", "", "", false},
		{"default", "machine a login u password p\ndefault login d password dp", "b", "d", "dp", true},
		{"machine-before-default", "default login d password dp\nmachine b login u password p", "b", "u", "p", true},
		{"quoted", `machine a login "u s" password "p\"q w"`, "a", "u s", `p"q w`, true},
		{"account-skipped", "machine a account x login u password p", "a", "u", "p", true},
		{"macdef-skipped", "macdef init\nmachine evil login x password y\n\nmachine a login u password p", "a", "u", "p", true},
		{"macdef-body-not-read", "macdef init\nmachine evil login x password y\n\nmachine a login u password p", "evil", "", "", false},
		{"crlf", "machine a\r\nlogin u\r\npassword p\r\n", "a", "u", "p", true},
		{"no-password", "machine a login u", "a", "u", "", true},
		{"empty", "", "a", "", "", false},
		{"truncated", "machine", "a", "", "", false},
		{"login-before-machine", "login u password p machine a", "a", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, p, ok := netrcLookup(parseNetrc(tt.text), tt.host)
			if l != tt.login || p != tt.pass || ok != tt.ok {
				t.Errorf("lookup %s = %q, %q, %v; want %q, %q, %v", tt.host, l, p, ok, tt.login, tt.pass, tt.ok)
			}
		})
	}
}

func TestReadNetrc(t *testing.T) {
	home := t.TempDir()
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	// No file: no credentials, no error.
	if es, _, err := readNetrc(env["NETRC"], home); err != nil || len(es) != 0 {
		t.Errorf("no ~/.netrc: %v, %v", es, err)
	}
	os.WriteFile(filepath.Join(home, ".netrc"), []byte("machine h login u password p\n"), 0o600)
	if es, path, err := readNetrc(env["NETRC"], home); err != nil || len(es) != 1 || path != filepath.Join(home, ".netrc") {
		t.Errorf("~/.netrc: %v from %s, %v", es, path, err)
	}
	// NETRC names the file; one that is missing is an error naming it.
	env["NETRC"] = filepath.Join(home, "missing")
	if _, _, err := readNetrc(env["NETRC"], home); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing NETRC file: %v", err)
	}
	c := fastClient()
	c.Configure(SettingsFrom(getenv, home))
	if _, err := c.Get(t.Context(), "http://127.0.0.1:9/", nil, 1); err == nil || !strings.Contains(err.Error(), "netrc file") {
		t.Errorf("a client with a missing NETRC: %v", err)
	}
}
