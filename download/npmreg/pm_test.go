package npmreg

import (
	"testing"

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
