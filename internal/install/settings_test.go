package install

import (
	"errors"
	"testing"

	"github.com/nvmgo/nvmgo/download/platform"
	"github.com/nvmgo/nvmgo/internal/config"
)

func TestPlatform(t *testing.T) {
	tests := []struct {
		host    platform.Platform
		vars    map[string]string
		arch    string
		want    platform.Platform
		wantErr bool
	}{
		{host: platform.Platform{OS: "linux", Arch: "amd64"}, want: platform.Platform{OS: "linux", Arch: "amd64"}},
		{host: platform.Platform{OS: "linux", Arch: "arm64", Libc: "musl"}, want: platform.Platform{OS: "linux", Arch: "arm64", Libc: "musl"}},
		{host: platform.Platform{OS: "darwin", Arch: "arm64"}, want: platform.Platform{OS: "darwin", Arch: "arm64"}},
		{host: platform.Platform{OS: "windows", Arch: "amd64"}, want: platform.Platform{OS: "windows", Arch: "amd64"}},
		{host: platform.Platform{OS: "windows", Arch: "arm64"}, arch: "x64", want: platform.Platform{OS: "windows", Arch: "amd64"}},
		{host: platform.Platform{OS: "darwin", Arch: "arm64"}, arch: "x64", want: platform.Platform{OS: "darwin", Arch: "amd64"}},
		{host: platform.Platform{OS: "linux", Arch: "amd64"}, vars: map[string]string{"NVMGO_ARCH": "arm64"}, want: platform.Platform{OS: "linux", Arch: "arm64"}},
		{host: platform.Platform{OS: "linux", Arch: "amd64"}, vars: map[string]string{"NVMGO_ARCH": "arm64"}, arch: "armv7l", want: platform.Platform{OS: "linux", Arch: "arm"}},
		{host: platform.Platform{OS: "linux", Arch: "amd64", Libc: "musl"}, vars: map[string]string{"NVMGO_OS": "darwin"}, want: platform.Platform{OS: "darwin", Arch: "amd64"}},
		{host: platform.Platform{OS: "linux", Arch: "amd64", Libc: "musl"}, vars: map[string]string{"NVMGO_LIBC": "glibc"}, want: platform.Platform{OS: "linux", Arch: "amd64"}},
		{host: platform.Platform{OS: "linux", Arch: "amd64"}, vars: map[string]string{"NVMGO_LIBC": "musl"}, want: platform.Platform{OS: "linux", Arch: "amd64", Libc: "musl"}},
		{host: platform.Platform{OS: "linux", Arch: "amd64"}, vars: map[string]string{"NVMGO_LIBC": "uclibc"}, want: platform.Platform{OS: "linux", Arch: "amd64"}},
		{host: platform.Platform{OS: "darwin", Arch: "amd64"}, vars: map[string]string{"NVMGO_OS": "windows", "NVMGO_ARCH": "x86"}, want: platform.Platform{OS: "windows", Arch: "386"}},
		{host: platform.Platform{OS: "linux", Arch: "amd64"}, vars: map[string]string{"NVMGO_OS": "freebsd"}, wantErr: true},
		{host: platform.Platform{OS: "linux", Arch: "amd64"}, arch: "mips", wantErr: true},
	}
	for _, tt := range tests {
		env := Env{Config: config.Load(func(k string) string { return tt.vars[k] }, tt.host.OS),
			Host: func() platform.Platform { return tt.host }}
		got, err := env.Platform(tt.arch)
		var ue UsageError
		if tt.wantErr {
			if !errors.As(err, &ue) {
				t.Errorf("%v %v --arch %q: error %v, want a usage error", tt.host, tt.vars, tt.arch, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%v %v --arch %q = %v, %v; want %v", tt.host, tt.vars, tt.arch, got, err, tt.want)
		}
	}
}

func TestParseSourceAndFormat(t *testing.T) {
	sources := []struct {
		flag, env string
		want      Source
		wantErr   bool
	}{
		{"", "", SourceAuto, false},
		{"", "npm", SourceNpm, false},
		{"dist", "npm", SourceDist, false},
		{"auto", "", SourceAuto, false},
		{"NPM", "", "", true},
		{"", "git", "", true},
	}
	for _, tt := range sources {
		got, err := ParseSource(tt.flag, tt.env)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("ParseSource(%q, %q) = %q, %v", tt.flag, tt.env, got, err)
		}
	}
	formats := []struct {
		flag, env string
		prefer    platform.Prefer
		auto      bool
		wantErr   bool
	}{
		{"", "", platform.PreferXZ, true, false},
		{"auto", "gz", platform.PreferXZ, true, false},
		{"", "gz", platform.PreferGZ, false, false},
		{"xz", "gz", platform.PreferXZ, false, false},
		{"zip", "", platform.PreferXZ, false, true},
	}
	for _, tt := range formats {
		prefer, auto, err := ParseFormat(tt.flag, tt.env)
		if prefer != tt.prefer || auto != tt.auto || (err != nil) != tt.wantErr {
			t.Errorf("ParseFormat(%q, %q) = %v, %v, %v", tt.flag, tt.env, prefer, auto, err)
		}
	}
}
