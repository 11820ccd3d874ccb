package platform

import (
	"runtime"
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
