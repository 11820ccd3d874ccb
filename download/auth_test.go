package download

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"
)

func TestMirrorCredentials(t *testing.T) {
	dir := t.TempDir()
	netrc := filepath.Join(dir, "netrc")
	os.WriteFile(netrc, []byte("machine mirror.corp login nl password np\nmachine index.corp login il password ip\n"), 0o600)
	b := func(u, p string) string { return "Basic " + base64.StdEncoding.EncodeToString([]byte(u+":"+p)) }
	tests := []struct {
		name string
		env  map[string]string
		url  string
		want string
	}{
		{"header", map[string]string{"NVMGO_NODE_MIRROR": "https://mirror.corp/node", "NVMGO_MIRROR_AUTH_HEADER": "Bearer t1"}, "https://mirror.corp/node/index.json", "Bearer t1"},
		{"nvm-header", map[string]string{"NVMGO_NODE_MIRROR": "https://mirror.corp/node", "NVM_AUTH_HEADER": "Bearer t2"}, "https://mirror.corp/x", "Bearer t2"},
		{"ours-wins", map[string]string{"NVMGO_NODE_MIRROR": "https://mirror.corp/node", "NVM_AUTH_HEADER": "Bearer t2", "NVMGO_MIRROR_AUTH_HEADER": "Bearer t1"}, "https://mirror.corp/x", "Bearer t1"},
		{"header-over-userinfo", map[string]string{"NVMGO_NODE_MIRROR": "https://u:p@mirror.corp/node", "NVMGO_MIRROR_AUTH_HEADER": "Bearer t1"}, "https://mirror.corp/x", "Bearer t1"},
		{"userinfo", map[string]string{"NVMGO_NODE_MIRROR": "https://u:p%40ss@mirror.corp/node"}, "https://mirror.corp:443/node/v1/x", b("u", "p@ss")},
		{"userinfo-over-netrc", map[string]string{"NVMGO_NODE_MIRROR": "https://u:p@mirror.corp/node", "NETRC": netrc}, "https://mirror.corp/node", b("u", "p")},
		{"netrc", map[string]string{"NVMGO_NODE_MIRROR": "https://mirror.corp/node", "NETRC": netrc}, "https://mirror.corp/node/index.json", b("nl", "np")},
		{"netrc-index", map[string]string{"NVMGO_NODE_MIRROR": "https://mirror.corp/node", "NVMGO_INDEX_URL": "https://index.corp/i.json", "NETRC": netrc}, "https://index.corp/i.json", b("il", "ip")},
		{"header-not-to-index-host", map[string]string{"NVMGO_NODE_MIRROR": "https://mirror.corp/node", "NVMGO_INDEX_URL": "https://other.corp/i.json", "NVMGO_MIRROR_AUTH_HEADER": "Bearer t1"}, "https://other.corp/i.json", ""},
		{"other-port", map[string]string{"NVMGO_NODE_MIRROR": "https://mirror.corp/node", "NVMGO_MIRROR_AUTH_HEADER": "Bearer t1"}, "https://mirror.corp:8443/node", ""},
		{"http-not-https", map[string]string{"NVMGO_NODE_MIRROR": "https://mirror.corp/node", "NVMGO_MIRROR_AUTH_HEADER": "Bearer t1"}, "http://mirror.corp/node", ""},
		{"http-mirror", map[string]string{"NVMGO_NODE_MIRROR": "http://mirror.corp:8080/node", "NVMGO_MIRROR_AUTH_HEADER": "Bearer t1"}, "http://mirror.corp:8080/node", "Bearer t1"},
		{"subdomain", map[string]string{"NVMGO_NODE_MIRROR": "https://mirror.corp/node", "NVMGO_MIRROR_AUTH_HEADER": "Bearer t1"}, "https://cdn.mirror.corp/node", ""},
		{"no-netrc-file", map[string]string{"NVMGO_NODE_MIRROR": "https://mirror.corp/node"}, "https://mirror.corp/node", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs, err := mirrorCredentials(SettingsFrom(func(k string) string { return tt.env[k] }, t.TempDir()))
			if err != nil {
				t.Fatal(err)
			}
			if got := cs.header(tt.url).Get("Authorization"); got != tt.want {
				t.Errorf("Authorization for %s = %q, want %q", tt.url, got, tt.want)
			}
		})
	}
}

func TestMirrorStripsUserInfo(t *testing.T) {
	env := map[string]string{"NVMGO_NODE_MIRROR": "https://bob:hunter2@mirror.corp/node/", "NVMGO_INDEX_URL": "https://bob:hunter2@idx.corp/i.json"}
	getenv := func(k string) string { return env[k] }
	if m := Mirror(getenv); m != "https://mirror.corp/node" {
		t.Errorf("Mirror = %q", m)
	}
	if u := IndexURL(getenv); u != "https://idx.corp/i.json" {
		t.Errorf("IndexURL = %q", u)
	}
	delete(env, "NVMGO_INDEX_URL")
	if u := IndexURL(getenv); u != "https://mirror.corp/node/index.json" {
		t.Errorf("default IndexURL = %q", u)
	}
}
