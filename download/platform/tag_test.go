package platform

import (
	"testing"

	"github.com/nvmgo/nvmgo/versions"
)

func TestTag(t *testing.T) {
	tests := []struct {
		p    Platform
		want string
	}{
		{Platform{OS: "linux", Arch: "amd64"}, "linux-x64"},
		{Platform{OS: "linux", Arch: "amd64", Libc: Musl}, "linux-x64-musl"},
		{Platform{OS: "linux", Arch: "arm64"}, "linux-arm64"},
		{Platform{OS: "linux", Arch: "arm"}, "linux-armv7l"},
		{Platform{OS: "linux", Arch: "ppc64le"}, "linux-ppc64le"},
		{Platform{OS: "linux", Arch: "s390x"}, "linux-s390x"},
		{Platform{OS: "linux", Arch: "386"}, "linux-x86"},
		{Platform{OS: "darwin", Arch: "amd64"}, "darwin-x64"},
		{Platform{OS: "darwin", Arch: "arm64"}, "darwin-arm64"},
		{Platform{OS: "windows", Arch: "amd64"}, "win-x64"},
		{Platform{OS: "windows", Arch: "arm64"}, "win-arm64"},
		{Platform{OS: "windows", Arch: "386"}, "win-x86"},
	}
	for _, tt := range tests {
		if got := tt.p.Tag(); got != tt.want {
			t.Errorf("%v.Tag() = %q, want %q", tt.p, got, tt.want)
		}
		// Select names the same build when the release has it.
		r := versions.Release{Version: "v22.12.0", Files: []string{
			"linux-arm64", "linux-armv7l", "linux-ppc64le", "linux-s390x", "linux-x64", "linux-x64-musl", "linux-x86",
			"osx-arm64-tar", "osx-x64-tar", "win-arm64-zip", "win-x64-zip", "win-x86-zip"}}
		if a, err := Select(tt.p, r, PreferXZ); err != nil || a.Tag != tt.want {
			t.Errorf("Select(%v).Tag = %q, %v; want %q", tt.p, a.Tag, err, tt.want)
		}
	}
}
