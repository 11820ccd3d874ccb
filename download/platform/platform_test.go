package platform

import (
	"runtime"
	"slices"
	"strings"
	"testing"
)

func TestParseArch(t *testing.T) {
	tests := []struct{ in, want string }{
		{"x64", "amd64"}, {"amd64", "amd64"}, {"X64", "amd64"}, {" x86_64 ", "amd64"},
		{"arm64", "arm64"}, {"aarch64", "arm64"},
		{"armv7l", "arm"}, {"arm", "arm"},
		{"x86", "386"}, {"386", "386"}, {"ia32", "386"},
		{"ppc64le", "ppc64le"}, {"s390x", "s390x"},
	}
	for _, tt := range tests {
		got, err := ParseArch(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseArch(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "armv6l", "riscv64", "x32", "ppc64"} {
		_, err := ParseArch(bad)
		if err == nil || !strings.Contains(err.Error(), "x64, arm64, armv7l, x86, ppc64le, s390x") {
			t.Errorf("ParseArch(%q) error = %v; want one listing the valid values", bad, err)
		}
	}
}

func TestCurrent(t *testing.T) {
	p := Current()
	if p.OS != runtime.GOOS || p.Arch != runtime.GOARCH {
		t.Errorf("Current() = %v; want %s/%s", p, runtime.GOOS, runtime.GOARCH)
	}
	if p.Libc != "" && (p.OS != "linux" || p.Libc != Musl) {
		t.Errorf("Current().Libc = %q", p.Libc)
	}
}

func TestURL(t *testing.T) {
	official := Artifact{FileName: "node-v20.11.0-linux-x64.tar.xz", Alternatives: []string{"node-v20.11.0-linux-x64.tar.gz"}}
	musl := Artifact{FileName: "node-v20.11.0-linux-x64-musl.tar.xz", Unofficial: true}
	const unofficial = "https://unofficial.example/download/release"
	tests := []struct {
		a                 Artifact
		mirror, unof, ver string
		wantURL, wantShas string
	}{
		{official, "https://nodejs.org/dist", unofficial, "v20.11.0",
			"https://nodejs.org/dist/v20.11.0/node-v20.11.0-linux-x64.tar.xz",
			"https://nodejs.org/dist/v20.11.0/SHASUMS256.txt"},
		{official, "https://mirror.example/node//", unofficial, "v20.11.0/",
			"https://mirror.example/node/v20.11.0/node-v20.11.0-linux-x64.tar.xz",
			"https://mirror.example/node/v20.11.0/SHASUMS256.txt"},
		{official, "", "", "20.11.0",
			"https://nodejs.org/dist/v20.11.0/node-v20.11.0-linux-x64.tar.xz",
			"https://nodejs.org/dist/v20.11.0/SHASUMS256.txt"},
		{musl, "https://nodejs.org/dist", unofficial + "/", "v20.11.0",
			unofficial + "/v20.11.0/node-v20.11.0-linux-x64-musl.tar.xz",
			unofficial + "/v20.11.0/SHASUMS256.txt"},
		{musl, "https://nodejs.org/dist", "", "v20.11.0",
			DefaultUnofficialMirror + "/v20.11.0/node-v20.11.0-linux-x64-musl.tar.xz",
			DefaultUnofficialMirror + "/v20.11.0/SHASUMS256.txt"},
	}
	for _, tt := range tests {
		if got := tt.a.URL(tt.mirror, tt.unof, tt.ver); got != tt.wantURL {
			t.Errorf("URL(%q, %q, %q) = %q; want %q", tt.mirror, tt.unof, tt.ver, got, tt.wantURL)
		}
		if got := tt.a.ShasumsURL(tt.mirror, tt.unof, tt.ver); got != tt.wantShas {
			t.Errorf("ShasumsURL(%q, %q, %q) = %q; want %q", tt.mirror, tt.unof, tt.ver, got, tt.wantShas)
		}
	}
	want := []string{
		"https://nodejs.org/dist/v20.11.0/node-v20.11.0-linux-x64.tar.xz",
		"https://nodejs.org/dist/v20.11.0/node-v20.11.0-linux-x64.tar.gz",
	}
	if got := official.URLs("https://nodejs.org/dist/", "", "v20.11.0"); !slices.Equal(got, want) {
		t.Errorf("URLs = %q; want %q", got, want)
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
