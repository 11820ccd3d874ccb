package shims

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestWindowsName(t *testing.T) {
	for in, want := range map[string]string{
		"node":                        "node",
		"node.exe":                    "node",
		"NODE.EXE":                    "node",
		"Node.Exe":                    "node",
		`C:\Program Files\npm.exe`:    "npm",
		`Z:\tmp\nvmgo e2e\NPX.exe`:    "npx",
		`C:\x\corepack.EXE`:           "corepack",
		`C:\x\nvmgo-shim.exe`:         "nvmgo-shim",
		`C:\x\Tsc.cmd`:                "tsc.cmd",
		`C:/forward/slashes/yarn.Exe`: "yarn",
	} {
		if got := Name(in); got != want {
			t.Errorf("Name(%q) = %q, want %q", in, got, want)
		}
	}
}

// versionTree makes an installed-version folder in the official Windows zip
// layout (node.exe, launchers and node_modules at the top) under a path
// with spaces, with empty files as stand-ins.
func versionTree(t *testing.T, dir string, files ...string) {
	t.Helper()
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

func TestWindowsTarget(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nvmgo home", "versions", "v20.18.1")
	versionTree(t, dir, "node.exe", "npm", "npm.cmd", "npx.cmd", "corepack.cmd",
		"node_modules/npm/bin/npm-cli.js", "node_modules/npm/bin/npx-cli.js",
		"node_modules/corepack/dist/corepack.js", "tsc.cmd", "esbuild.exe")
	node := filepath.Join(dir, "node.exe")
	tests := []struct {
		name string
		args []string
		want []string // argv; Path is node.exe unless want[0] is not "node"
		path string
	}{
		{"node", []string{"-e", "1"}, []string{"node", "-e", "1"}, node},
		{"npm", []string{"i", "-g", "typescript"}, []string{"node", filepath.Join(dir, `node_modules\npm\bin\npm-cli.js`), "i", "-g", "typescript"}, node},
		{"npx", []string{"--version"}, []string{"node", filepath.Join(dir, `node_modules\npm\bin\npx-cli.js`), "--version"}, node},
		{"corepack", nil, []string{"node", filepath.Join(dir, `node_modules\corepack\dist\corepack.js`)}, node},
		{"esbuild", []string{"--version"}, []string{"esbuild", "--version"}, filepath.Join(dir, "esbuild.exe")},
		{"tsc", []string{"-p", "a b"}, []string{"cmd.exe", "/d", "/s", "/c", filepath.Join(dir, "tsc.cmd"), "-p", "a b"}, "cmd.exe"},
	}
	for _, tt := range tests {
		got, ok := Target("windows", dir, tt.name, tt.args)
		if !ok || got.Path != tt.path || !reflect.DeepEqual(got.Args, tt.want) {
			t.Errorf("Target(%s, %q) = %q %q, %v; want %q %q", tt.name, tt.args, got.Path, got.Args, ok, tt.path, tt.want)
		}
	}
	for _, missing := range []string{"yarn", "npm.cmd", "node_modules"} {
		if got, ok := Target("windows", dir, missing, nil); ok {
			t.Errorf("Target(%s) = %q, want not found", missing, got.Args)
		}
	}
	// A version without npm (a partial install) has no npm, even with npm.cmd.
	bare := filepath.Join(t.TempDir(), "v18.0.0")
	versionTree(t, bare, "node.exe", "npm.cmd")
	if got, ok := Target("windows", bare, "npm", nil); ok {
		t.Errorf("Target(npm) without npm-cli.js = %q, want not found", got.Args)
	}
}

func TestWindowsCmdExeLine(t *testing.T) {
	tests := []struct {
		script string
		args   []string
		want   string
	}{
		{`C:\n\tsc.cmd`, nil, `/d /s /c ""C:\n\tsc.cmd""`},
		{`Z:\tmp\nvmgo e2e\v\tsc.cmd`, []string{"-p", "."}, `/d /s /c ""Z:\tmp\nvmgo e2e\v\tsc.cmd" ^^^"-p^^^" ^^^".^^^""`},
		{`C:\v\a.cmd`, []string{"x y"}, `/d /s /c ""C:\v\a.cmd" ^^^"x^^^ y^^^""`},
		{`C:\v\a.cmd`, []string{"a&b|c"}, `/d /s /c ""C:\v\a.cmd" ^^^"a^^^&b^^^|c^^^""`},
		{`C:\v\a.cmd`, []string{`q"t`}, `/d /s /c ""C:\v\a.cmd" ^^^"q\^^^"t^^^""`},
		{`C:\v\a.cmd`, []string{`trail\`}, `/d /s /c ""C:\v\a.cmd" ^^^"trail\\^^^""`},
		{`C:\v\a.cmd`, []string{`%PATH%`}, `/d /s /c ""C:\v\a.cmd" ^^^"^^^%PATH^^^%^^^""`},
		{`C:\v\a.cmd`, []string{""}, `/d /s /c ""C:\v\a.cmd" ^^^"^^^""`},
	}
	for _, tt := range tests {
		got, err := CmdExeLine(tt.script, tt.args)
		if err != nil || got != tt.want {
			t.Errorf("CmdExeLine(%q, %q) =\n  %s, %v\nwant\n  %s", tt.script, tt.args, got, err, tt.want)
		}
	}
	for _, bad := range []string{"two\nlines", "cr\r", "nul\x00"} {
		if _, err := CmdExeLine(`C:\v\a.cmd`, []string{"ok", bad}); err == nil || !strings.Contains(err.Error(), "argument 2") {
			t.Errorf("CmdExeLine(%q) error = %v, want one naming argument 2", bad, err)
		}
	}
}
