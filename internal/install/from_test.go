package install

import (
	"testing"

	"github.com/nvmgo/nvmgo/download/platform"
)

func TestParseArchiveName(t *testing.T) {
	tests := []struct {
		name, ver, tag string
	}{
		{"node-v20.18.1-linux-x64.tar.xz", "v20.18.1", "linux-x64"},
		{"node-v20.18.1-linux-x64.tar.gz", "v20.18.1", "linux-x64"},
		{"node-v20.18.1-linux-x64-musl.tar.xz", "v20.18.1", "linux-x64-musl"},
		{"node-v22.0.0-linux-arm64.tar.xz", "v22.0.0", "linux-arm64"},
		{"node-v18.20.4-linux-armv7l.tar.gz", "v18.20.4", "linux-armv7l"},
		{"node-v20.18.1-linux-ppc64le.tar.xz", "v20.18.1", "linux-ppc64le"},
		{"node-v20.18.1-linux-s390x.tar.xz", "v20.18.1", "linux-s390x"},
		{"node-v20.18.1-darwin-x64.tar.gz", "v20.18.1", "darwin-x64"},
		{"node-v20.18.1-darwin-arm64.tar.xz", "v20.18.1", "darwin-arm64"},
		{"node-v20.18.1-win-x64.zip", "v20.18.1", "win-x64"},
		{"node-v20.18.1-win-arm64.zip", "v20.18.1", "win-arm64"},
		{"node-v20.18.1-win-x86.zip", "v20.18.1", "win-x86"},
		{"node-v24.0.0-rc.1-linux-x64.tar.xz", "v24.0.0-rc.1", "linux-x64"},
		{"node-v20.18.1-linux-x64.tar.bz2", "", ""},
		{"node-v20.18.1-plan9-x64.tar.xz", "", ""},
		{"node-20.18.1-linux-x64.tar.xz", "", ""},
		{"nodejs-v20.18.1-linux-x64.tar.xz", "", ""},
		{"node-v20.18-linux-x64.tar.xz", "", ""},
		{"node-v20.18.1-linux-x64", "", ""},
	}
	for _, tt := range tests {
		v, tag, err := parseArchiveName(tt.name)
		if tt.ver == "" {
			if err == nil {
				t.Errorf("%s: read as %s %s, want an error", tt.name, v, tag)
			}
			continue
		}
		if err != nil || v.String() != tt.ver || tag != tt.tag {
			t.Errorf("%s = %s, %q, %v; want %s, %q", tt.name, v, tag, err, tt.ver, tt.tag)
		}
	}
}

func TestRunsOn(t *testing.T) {
	p := func(os, arch, libc string) platform.Platform {
		return platform.Platform{OS: os, Arch: arch, Libc: libc}
	}
	tests := []struct {
		tag  string
		p    platform.Platform
		want bool
	}{
		{"linux-x64", p("linux", "amd64", ""), true},
		{"linux-x64", p("linux", "amd64", "musl"), false},
		{"linux-x64-musl", p("linux", "amd64", "musl"), true},
		{"linux-x64-musl", p("linux", "amd64", ""), false},
		{"linux-arm64", p("linux", "arm64", ""), true},
		{"linux-x64", p("linux", "arm64", ""), false},
		{"linux-armv7l", p("linux", "arm", ""), true},
		{"linux-ppc64le", p("linux", "ppc64le", ""), true},
		{"linux-s390x", p("linux", "s390x", ""), true},
		{"darwin-arm64", p("darwin", "arm64", ""), true},
		{"darwin-x64", p("darwin", "arm64", ""), true}, // Rosetta 2
		{"darwin-arm64", p("darwin", "amd64", ""), false},
		{"darwin-x64", p("darwin", "amd64", ""), true},
		{"win-x64", p("windows", "amd64", ""), true},
		{"win-x64", p("windows", "arm64", ""), true}, // emulated
		{"win-arm64", p("windows", "arm64", ""), true},
		{"win-arm64", p("windows", "amd64", ""), false},
		{"win-x86", p("windows", "386", ""), true},
		{"linux-x64", p("windows", "amd64", ""), false},
		{"win-x64", p("linux", "amd64", ""), false},
	}
	for _, tt := range tests {
		if got := runsOn(tt.tag, tt.p); got != tt.want {
			t.Errorf("runsOn(%s, %v) = %v, want %v", tt.tag, tt.p, got, tt.want)
		}
	}
}
