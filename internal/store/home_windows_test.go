package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nvmgo/nvmgo/versions"
)

func TestWindowsDefault(t *testing.T) {
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		env  map[string]string
		want string // "" means an error
	}{
		{"NVMGO_HOME with spaces", map[string]string{"NVMGO_HOME": `Z:\tmp\nvmgo e2e\home`, "LOCALAPPDATA": `C:\x`}, `Z:\tmp\nvmgo e2e\home`},
		{"NVMGO_HOME with slashes", map[string]string{"NVMGO_HOME": `C:/Users/Ann/nvmgo/`}, `C:\Users\Ann\nvmgo`},
		{"NVMGO_HOME relative", map[string]string{"NVMGO_HOME": `rel\home`}, filepath.Join(cwd, "rel", "home")},
		{"NVMGO_HOME on a share", map[string]string{"NVMGO_HOME": `\\server\share\nvmgo`}, `\\server\share\nvmgo`},
		{"LOCALAPPDATA", map[string]string{"LOCALAPPDATA": `C:\Users\Ann Lee\AppData\Local`, "USERPROFILE": `C:\Users\Other`}, `C:\Users\Ann Lee\AppData\Local\nvmgo`},
		{"USERPROFILE only", map[string]string{"USERPROFILE": `C:\Users\Ann Lee`}, `C:\Users\Ann Lee\AppData\Local\nvmgo`},
		{"HOME is not read", map[string]string{"HOME": `C:\msys\home\ann`}, ""},
		{"nothing", nil, ""},
	}
	for _, tt := range tests {
		h, err := Default(func(k string) string { return tt.env[k] }, "windows")
		switch {
		case tt.want == "" && (err == nil || !strings.Contains(err.Error(), "NVMGO_HOME")):
			t.Errorf("%s: Default = %q, %v; want an error naming NVMGO_HOME", tt.name, h.Root, err)
		case tt.want != "" && (err != nil || h.Root != tt.want):
			t.Errorf("%s: Default = %q, %v; want %q", tt.name, h.Root, err, tt.want)
		}
	}
	// The real environment (wine sets LOCALAPPDATA like Windows does).
	if la := os.Getenv("LOCALAPPDATA"); la != "" {
		h, err := Default(func(k string) string {
			if k == "NVMGO_HOME" {
				return ""
			}
			return os.Getenv(k)
		}, "windows")
		if err != nil || h.Root != filepath.Join(la, "nvmgo") {
			t.Errorf("Default from this environment = %q, %v; want %s", h.Root, err, filepath.Join(la, "nvmgo"))
		}
	}
}

func TestWindowsDefaultCache(t *testing.T) {
	for _, tt := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"NVMGO_CACHE_DIR": `D:\cache dir`, "LOCALAPPDATA": `C:\x`}, `D:\cache dir`},
		{map[string]string{"LOCALAPPDATA": `C:\Users\Ann Lee\AppData\Local`}, `C:\Users\Ann Lee\AppData\Local\nvmgo\cache`},
		{map[string]string{"NVMGO_HOME": `D:\nvmgo`}, `D:\nvmgo\cache`},
		{nil, ""}, // never a shared temporary folder
	} {
		if got := DirsFrom(func(k string) string { return tt.env[k] }).Cache("windows"); got != tt.want {
			t.Errorf("Cache(%v) = %q, want %q", tt.env, got, tt.want)
		}
	}
}

func TestWindowsLayout(t *testing.T) {
	v := `C:\Users\Ann Lee\AppData\Local\nvmgo\versions\v20.18.1`
	for got, want := range map[string]string{
		BinDir(v, "windows"):  v,
		NodeExe(v, "windows"): v + `\node.exe`,
		NpmCLI(v, "windows"):  v + `\node_modules\npm\bin\npm-cli.js`,
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	h := Home{Root: `C:\Users\Ann Lee\AppData\Local\nvmgo`}
	if got := h.ShimsDir(); got != `C:\Users\Ann Lee\AppData\Local\nvmgo\shims` {
		t.Errorf("ShimsDir = %q", got)
	}
}

// TestWindowsLongPaths uses a home whose files lie beyond MAX_PATH (260
// characters), as deep npm trees under a long profile path do.
func TestWindowsLongPaths(t *testing.T) {
	root := t.TempDir()
	for len(root) < 240 {
		root = filepath.Join(root, "a long folder name")
	}
	h := Home{Root: filepath.Join(root, "nvmgo home")}
	dir := h.VersionDir("v20.18.1")
	deep := filepath.Join(dir, "node_modules", "npm", "node_modules", "@npmcli", "arborist", "lib", "arborist", "build-ideal-tree.js")
	if len(deep) <= 260 {
		t.Fatalf("path of %d characters is not long", len(deep))
	}
	if err := os.MkdirAll(filepath.Dir(deep), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(deep, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteMeta(dir, Meta{Version: "v20.18.1", LTS: "Iron"}); err != nil {
		t.Fatal(err)
	}
	// A version counts only with a runnable node.exe (CheckVersion).
	if err := os.WriteFile(NodeExe(dir, "windows"), []byte("MZ"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, spec := range []string{"20", "lts/iron"} { // twice: the rename must replace
		if err := h.WriteAlias(DefaultAlias, spec); err != nil {
			t.Fatalf("WriteAlias(%s): %v", spec, err)
		}
	}
	list, err := h.List()
	if err != nil || len(list) != 1 || list[0].Dir != dir {
		t.Fatalf("List = %v, %v; want %s", list, err, dir)
	}
	spec, err := versions.ParseSpec(DefaultAlias)
	if err != nil {
		t.Fatal(err)
	}
	in, err := h.Select(spec)
	if err != nil || in.Version.String() != "v20.18.1" {
		t.Errorf("Select(default) = %v, %v; want v20.18.1", in.Version, err)
	}
	m, err := ReadMeta(dir)
	if err != nil || m.LTS != "Iron" {
		t.Errorf("ReadMeta = %+v, %v", m, err)
	}
	if err := os.RemoveAll(h.Root); err != nil {
		t.Errorf("RemoveAll of a long home: %v", err)
	}
}
