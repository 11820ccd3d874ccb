package shims

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/store"
)

// TestPMCommand: the command a pm shim runs on each OS, for an entry
// script (with the selected version's node) and for pnpm's native binary.
func TestPMCommand(t *testing.T) {
	dir := filepath.Join("/h", "versions", "v22.12.0")
	pm := filepath.Join("/h", "pm", "pnpm", "12.25.1")
	script := filepath.Join(pm, "bin", "pnpm.mjs")
	native := filepath.Join(pm, "pnpm-native")
	nativeExe := filepath.Join(pm, "pnpm-native.exe")
	withFiles(t, store.NodeExe(dir, "linux"), store.NodeExe(dir, "windows"), native, nativeExe)
	sel := Selection{Version: "v22.12.0", Dir: dir}
	tests := []struct {
		goos, name string
		run        PMRun
		want       Command
		ok         bool
	}{
		{"linux", "pnpm", PMRun{Script: script}, Command{Path: store.NodeExe(dir, "linux"), Args: []string{"node", script, "i"}}, true},
		{"darwin", "yarn", PMRun{Script: script}, Command{Path: store.NodeExe(dir, "darwin"), Args: []string{"node", script, "i"}}, true},
		{"windows", "pnpm", PMRun{Script: script}, Command{Path: store.NodeExe(dir, "windows"), Args: []string{"node", script, "i"}}, true},
		{"linux", "pnpm", PMRun{Script: script, Native: native}, Command{Path: native, Args: []string{"pnpm", "i"}}, true},
		{"linux", "pnpx", PMRun{Script: script, Native: native}, Command{Path: native, Args: []string{"pnpm", "dlx", "i"}}, true},
		{"windows", "pnpm", PMRun{Script: script, Native: nativeExe}, Command{Path: nativeExe, Args: []string{"pnpm", "i"}}, true},
		// a native binary that went missing: the launcher script, with node
		{"linux", "pnpm", PMRun{Script: script, Native: native + "-gone"}, Command{Path: store.NodeExe(dir, "linux"), Args: []string{"node", script, "i"}}, true},
	}
	for _, tt := range tests {
		e := Env{Getenv: func(string) string { return "" }, GOOS: tt.goos}
		got, ok := PMCommand(e, sel, tt.name, tt.run, []string{"i"})
		if ok != tt.ok || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s %s %+v: got %+v %v, want %+v", tt.goos, tt.name, tt.run, got, ok, tt.want)
		}
	}
	// no node in the selected version: nothing to run the script with
	e := Env{Getenv: func(string) string { return "" }, GOOS: "linux"}
	if _, ok := PMCommand(e, Selection{Dir: filepath.Join("/h", "versions", "v1.0.0")}, "pnpm", PMRun{Script: script}, nil); ok {
		t.Error("PMCommand without a node binary: ok")
	}
}

func TestPMTool(t *testing.T) {
	for name, want := range map[string]string{"pnpm": "pnpm", "pnpx": "pnpm", "yarn": "yarn", "yarnpkg": "yarn", "npm": "npm", "npx": "npm", "node": "", "corepack": ""} {
		got, ok := PMTool(name)
		if got != want || ok != (want != "") {
			t.Errorf("PMTool(%s) = %q %v, want %q", name, got, ok, want)
		}
	}
}

// TestNoCorepackError gives the reason that fits the version: Node 25 and
// later ship no corepack; an older one lacks it when it came from the npm
// registry, whose node packages carry none.
func TestNoCorepackError(t *testing.T) {
	for _, tt := range []struct{ version, why string }{
		{"v25.9.0", "(Node.js 25 stopped shipping it)"},
		{"v26.7.0", "(Node.js 25 stopped shipping it)"},
		{"v24.11.1", "(an install from the npm registry carries none)"},
		{"v16.9.0", "(an install from the npm registry carries none)"},
	} {
		err := NoCorepackError(Selection{Version: tt.version})
		msg := err.Error()
		if !strings.HasPrefix(msg, "corepack: node "+tt.version+" has no corepack "+tt.why+"; ") || !strings.Contains(hint.Of(err), "npm install -g corepack") {
			t.Errorf("%s: %q", tt.version, msg)
		}
	}
}
