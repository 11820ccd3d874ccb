package shims

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// withFiles makes isFile answer from a fixed set, so Windows command lines
// can be checked on any host.
func withFiles(t *testing.T, files ...string) {
	t.Helper()
	set := map[string]bool{}
	for _, f := range files {
		set[f] = true
	}
	old := isFile
	isFile = func(p string) bool { return set[p] }
	t.Cleanup(func() { isFile = old })
}

func TestTargetWindows(t *testing.T) {
	if filepath.Separator == '\\' {
		t.Skip("covered by the unix table; on Windows joinWin uses filepath.Join")
	}
	dir := `C:\Users\a b\AppData\Local\nvmgo\versions\v20.18.1`
	withFiles(t,
		dir+`\node.exe`,
		dir+`\node_modules\npm\bin\npm-cli.js`,
		dir+`\node_modules\npm\bin\npx-cli.js`,
		dir+`\tsc.cmd`,
		dir+`\esbuild.exe`,
	)
	node := dir + `\node.exe`
	tests := []struct {
		name string
		args []string
		want Command
		ok   bool
	}{
		{"node", []string{"-e", "1"}, Command{node, []string{"node", "-e", "1"}}, true},
		{"npm", []string{"i", "-g", "x"}, Command{node, []string{"node", dir + `\node_modules\npm\bin\npm-cli.js`, "i", "-g", "x"}}, true},
		{"npx", nil, Command{node, []string{"node", dir + `\node_modules\npm\bin\npx-cli.js`}}, true},
		{"corepack", nil, Command{}, false}, // this version has no corepack
		{"esbuild", []string{"--version"}, Command{dir + `\esbuild.exe`, []string{"esbuild", "--version"}}, true},
		{"tsc", []string{"-v"}, Command{"cmd.exe", []string{"cmd.exe", "/d", "/s", "/c", dir + `\tsc.cmd`, "-v"}}, true},
		{"missing", nil, Command{}, false},
	}
	for _, tt := range tests {
		got, ok := Target("windows", dir, tt.name, tt.args)
		if ok != tt.ok || (ok && !reflect.DeepEqual(got, tt.want)) {
			t.Errorf("Target(windows, %s) = %+v, %v; want %+v, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func TestTargetUnix(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"node", "tsc"} {
		if err := os.WriteFile(filepath.Join(dir, "bin", n), []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, goos := range []string{"linux", "darwin"} {
		got, ok := Target(goos, dir, "tsc", []string{"-v"})
		want := Command{filepath.Join(dir, "bin", "tsc"), []string{"tsc", "-v"}}
		if !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("Target(%s, tsc) = %+v, %v", goos, got, ok)
		}
		if _, ok := Target(goos, dir, "npm", nil); ok {
			t.Errorf("Target(%s, npm) found a command that does not exist", goos)
		}
	}
}

func TestChangesGlobals(t *testing.T) {
	tests := []struct {
		cmd  string
		args string
		want bool
	}{
		{"npm", "install -g typescript", true},
		{"npm", "i --global typescript", true},
		{"npm", "--location=global install x", true},
		{"npm", "uninstall -g typescript", true},
		{"npm", "link", true},
		{"npm", "unlink", true},
		{"npm", "install typescript", false},
		{"npm", "run build -g", false},
		{"npm", "--version", false},
		{"pnpm", "add -g x", true},
		{"pnpm", "add x", false},
		{"yarn", "global add x", true},
		{"yarn", "add x", false},
		{"node", "install -g x", false},
		{"npx", "link", false},
	}
	for _, tt := range tests {
		if got := changesGlobals(tt.cmd, strings.Fields(tt.args)); got != tt.want {
			t.Errorf("changesGlobals(%s %s) = %v, want %v", tt.cmd, tt.args, got, tt.want)
		}
	}
}

func TestChildEnv(t *testing.T) {
	sep := string(os.PathListSeparator)
	in := []string{"HOME=/h", "PATH=/shims" + sep + "/usr/bin", DepthEnv + "=2", "X=1"}
	got := ChildEnv(in, "/v/bin", 3)
	want := []string{"HOME=/h", "PATH=/v/bin" + sep + "/shims" + sep + "/usr/bin", "X=1", DepthEnv + "=3"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ChildEnv = %q, want %q", got, want)
	}
	if in[1] != "PATH=/shims"+sep+"/usr/bin" {
		t.Errorf("ChildEnv changed its input: %q", in[1])
	}
	if got := ChildEnv([]string{"A=1"}, "/v/bin", 1); !reflect.DeepEqual(got, []string{"A=1", "PATH=/v/bin", DepthEnv + "=1"}) {
		t.Errorf("ChildEnv without PATH = %q", got)
	}
}

func TestQuoteArg(t *testing.T) {
	for in, want := range map[string]string{
		"20":          "20",
		"lts/iron":    "lts/iron",
		">=18 <21":    "'>=18 <21'",
		"18 || 20":    "'18 || 20'",
		"it's":        `'it'\''s'`,
		"^18.2 <18.2": "'^18.2 <18.2'",
	} {
		if got := quoteArg(in); got != want {
			t.Errorf("quoteArg(%q) = %q, want %q", in, got, want)
		}
	}
}
