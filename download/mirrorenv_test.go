package download

import "testing"

func TestMirror(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string
	}{
		{nil, DefaultMirror},
		{map[string]string{"NVMGO_NODE_MIRROR": "https://m.example/dist/"}, "https://m.example/dist"},
		{map[string]string{"NVM_NODEJS_ORG_MIRROR": "https://nvm/"}, "https://nvm"},
		{map[string]string{"FNM_NODE_DIST_MIRROR": "https://fnm"}, "https://fnm"},
		{map[string]string{"N_NODE_MIRROR": " https://n "}, "https://n"},
		{map[string]string{"NVMGO_NODE_MIRROR": "https://a", "NVM_NODEJS_ORG_MIRROR": "https://b"}, "https://a"},
		{map[string]string{"NVMGO_NODE_MIRROR": "  ", "FNM_NODE_DIST_MIRROR": "https://c"}, "https://c"},
	}
	for _, tt := range tests {
		if got := Mirror(func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("Mirror(%v) = %q, want %q", tt.env, got, tt.want)
		}
	}
}

func TestUnofficialMirror(t *testing.T) {
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	if got := UnofficialMirror(getenv); got != DefaultUnofficialMirror {
		t.Errorf("default = %q", got)
	}
	env[UnofficialMirrorEnv] = "http://127.0.0.1:8080/unofficial"
	if got := UnofficialMirror(getenv); got != "http://127.0.0.1:8080/unofficial" {
		t.Errorf("from env = %q", got)
	}
}
