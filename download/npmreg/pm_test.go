package npmreg

import (
	"testing"

	"github.com/nvmgo/nvmgo/download/platform"
	"github.com/nvmgo/nvmgo/versions"
)

// TestPMBin holds the entry scripts to corepack's config.json (its
// "ranges" per package manager) and the packages to the registry's split
// of yarn.
func TestPMBin(t *testing.T) {
	tests := []struct {
		name, version, pkg, cmd, script string
	}{
		{"pnpm", "5.18.10", "pnpm", "pnpm", "bin/pnpm.js"},
		{"pnpm", "6.0.0", "pnpm", "pnpx", "bin/pnpx.cjs"},
		{"pnpm", "9.15.0", "pnpm", "pnpm", "bin/pnpm.cjs"},
		{"pnpm", "10.99.0", "pnpm", "pnpm", "bin/pnpm.cjs"},
		{"pnpm", "11.0.0", "pnpm", "pnpm", "bin/pnpm.mjs"},
		{"pnpm", "12.25.1", "pnpm", "pnpx", "bin/pnpx.mjs"},
		{"yarn", "1.22.22", "yarn", "yarnpkg", "bin/yarn.js"},
		{"yarn", "2.0.0-rc.1", "@yarnpkg/cli-dist", "yarn", "bin/yarn.js"},
		{"yarn", "4.5.1", "@yarnpkg/cli-dist", "yarnpkg", "bin/yarn.js"},
		{"npm", "10.9.0", "npm", "npx", "bin/npx-cli.js"},
		{"npm", "6.14.18", "npm", "npm", "bin/npm-cli.js"},
	}
	for _, tt := range tests {
		v, err := versions.ParseVersion(tt.version)
		if err != nil {
			t.Fatal(err)
		}
		if got := PMPackage(tt.name, v); got != tt.pkg {
			t.Errorf("PMPackage(%s, %s) = %s, want %s", tt.name, tt.version, got, tt.pkg)
		}
		if got := PMBin(tt.name, v)[tt.cmd]; got != tt.script {
			t.Errorf("PMBin(%s, %s)[%s] = %q, want %q", tt.name, tt.version, tt.cmd, got, tt.script)
		}
	}
}

// TestPnpmNativePackage covers every platform nvmgo builds for.
func TestPnpmNativePackage(t *testing.T) {
	tests := []struct {
		os, arch, libc, want string
	}{
		{"linux", "amd64", "", "@pnpm/exe.linux-x64"},
		{"linux", "amd64", "musl", "@pnpm/exe.linux-x64-musl"},
		{"linux", "arm64", "", "@pnpm/exe.linux-arm64"},
		{"linux", "arm64", "musl", "@pnpm/exe.linux-arm64-musl"},
		{"linux", "ppc64le", "", "@pnpm/exe.linux-ppc64"},
		{"linux", "s390x", "", "@pnpm/exe.linux-s390x"},
		{"linux", "riscv64", "", "@pnpm/exe.linux-riscv64"},
		{"linux", "loong64", "", "@pnpm/exe.linux-loong64"},
		{"linux", "arm", "", ""},
		{"linux", "s390x", "musl", ""},
		{"darwin", "amd64", "", "@pnpm/exe.darwin-x64"},
		{"darwin", "arm64", "", "@pnpm/exe.darwin-arm64"},
		{"windows", "amd64", "", "@pnpm/exe.win32-x64"},
		{"windows", "arm64", "", "@pnpm/exe.win32-arm64"},
		{"windows", "386", "", ""},
		{"freebsd", "amd64", "", "@pnpm/exe.freebsd-x64"},
	}
	for _, tt := range tests {
		p := platform.Platform{OS: tt.os, Arch: tt.arch, Libc: tt.libc}
		if got := PnpmNativePackage(p); got != tt.want {
			t.Errorf("PnpmNativePackage(%s) = %q, want %q", p, got, tt.want)
		}
	}
	if PnpmNativeName("windows") != "pnpm-native.exe" || PnpmNativeName("darwin") != "pnpm-native" {
		t.Errorf("PnpmNativeName: %q %q", PnpmNativeName("windows"), PnpmNativeName("darwin"))
	}
}
