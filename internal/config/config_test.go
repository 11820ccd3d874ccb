package config

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/nvmgo/nvmgo/download"
)

func TestLoad(t *testing.T) {
	abs := t.TempDir()
	tests := []struct {
		name  string
		env   map[string]string
		goos  string
		check func(t *testing.T, c Config)
	}{
		{"defaults", map[string]string{"HOME": abs}, "linux", func(t *testing.T, c Config) {
			if c.Mirror != "https://nodejs.org/dist" || c.IndexURL != "https://nodejs.org/dist/index.json" {
				t.Errorf("mirror %q index %q", c.Mirror, c.IndexURL)
			}
			if c.UnofficialMirror != "https://unofficial-builds.nodejs.org/download/release" {
				t.Errorf("unofficial %q", c.UnofficialMirror)
			}
			if c.IndexTTL != time.Hour || c.IndexTTLWarning != "" {
				t.Errorf("ttl %v %q", c.IndexTTL, c.IndexTTLWarning)
			}
			if h, err := c.Home(); err != nil || h.Root != filepath.Join(abs, ".local", "share", "nvmgo") {
				t.Errorf("home %v %v", h, err)
			}
			if got := c.CacheDir(); got != filepath.Join(abs, ".cache", "nvmgo") {
				t.Errorf("cache %q", got)
			}
			if c.UserHome != abs || c.NpmUserHome != abs {
				t.Errorf("user home %q npm %q", c.UserHome, c.NpmUserHome)
			}
			if c.AllowUnsigned || c.NoNotices || c.NoColor {
				t.Errorf("switches on by default: %+v", c)
			}
		}},
		{"nvm's mirror, user info removed", map[string]string{"NVM_NODEJS_ORG_MIRROR": "https://u:p@m.example/dist/"}, "linux", func(t *testing.T, c Config) {
			if c.Mirror != "https://m.example/dist" || c.IndexURL != "https://m.example/dist/index.json" {
				t.Errorf("mirror %q index %q", c.Mirror, c.IndexURL)
			}
			// the client keeps the user info: it becomes the credentials
			if c.Client.Mirror != "https://u:p@m.example/dist" || c.Client.IndexURL != "https://u:p@m.example/dist/index.json" {
				t.Errorf("client mirror %q index %q", c.Client.Mirror, c.Client.IndexURL)
			}
		}},
		{"client settings", map[string]string{"HOME": abs, "NVMGO_STALL_TIMEOUT": "5s", "NVMGO_FETCH_TIMEOUT": "1m", "NVMGO_CA_FILE": "/ca.pem",
			"NVM_AUTH_HEADER": "Bearer t", "NETRC": "/n"}, "linux", func(t *testing.T, c Config) {
			want := download.Settings{Stall: "5s", Fetch: "1m", CA: "/ca.pem", Mirror: "https://nodejs.org/dist",
				IndexURL: "https://nodejs.org/dist/index.json", AuthHeader: "Bearer t", Netrc: "/n", UserHome: abs}
			if c.Client != want {
				t.Errorf("client settings %+v, want %+v", c.Client, want)
			}
		}},
		{"nvmgo's mirror first", map[string]string{"NVMGO_NODE_MIRROR": "https://a.example", "NVM_NODEJS_ORG_MIRROR": "https://b.example", "NVMGO_INDEX_URL": "https://i.example/index.json"}, "linux", func(t *testing.T, c Config) {
			if c.Mirror != "https://a.example" || c.IndexURL != "https://i.example/index.json" {
				t.Errorf("mirror %q index %q", c.Mirror, c.IndexURL)
			}
		}},
		{"ttl seconds", map[string]string{"NVMGO_INDEX_TTL": "90"}, "linux", func(t *testing.T, c Config) {
			if c.IndexTTL != 90*time.Second || c.IndexTTLWarning != "" {
				t.Errorf("ttl %v %q", c.IndexTTL, c.IndexTTLWarning)
			}
		}},
		{"ttl duration", map[string]string{"NVMGO_INDEX_TTL": "0s"}, "linux", func(t *testing.T, c Config) {
			if c.IndexTTL != 0 || c.IndexTTLWarning != "" {
				t.Errorf("ttl %v %q", c.IndexTTL, c.IndexTTLWarning)
			}
		}},
		{"bad ttl warns, keeps 1h", map[string]string{"NVMGO_INDEX_TTL": "soon"}, "linux", func(t *testing.T, c Config) {
			want := `NVMGO_INDEX_TTL="soon" is not a duration (like 1h or 3600); using 1h`
			if c.IndexTTL != time.Hour || c.IndexTTLWarning != want {
				t.Errorf("ttl %v %q", c.IndexTTL, c.IndexTTLWarning)
			}
		}},
		{"switches", map[string]string{"NVMGO_ALLOW_UNSIGNED": "TRUE", "NVMGO_NO_NOTICES": "yes", "TERM": "dumb"}, "linux", func(t *testing.T, c Config) {
			if !c.AllowUnsigned || !c.NoNotices || !c.NoColor {
				t.Errorf("%+v", c)
			}
		}},
		{"switches off", map[string]string{"NVMGO_ALLOW_UNSIGNED": "0", "NVMGO_NO_NOTICES": "off", "TERM": "xterm"}, "linux", func(t *testing.T, c Config) {
			if c.AllowUnsigned || c.NoNotices || c.NoColor {
				t.Errorf("%+v", c)
			}
		}},
		{"NO_COLOR any value", map[string]string{"NO_COLOR": "0"}, "linux", func(t *testing.T, c Config) {
			if !c.NoColor {
				t.Error("NO_COLOR=0 should still turn colour off (no-color.org: any value)")
			}
		}},
		{"raw install settings", map[string]string{"NVMGO_SOURCE": "npm", "NVMGO_ARCHIVE_FORMAT": "gz", "NVMGO_OS": "darwin", "NVMGO_ARCH": "arm64", "NVMGO_LIBC": "musl", "NVMGO_SCHEDULE_URL": " https://s.example/schedule.json "}, "linux", func(t *testing.T, c Config) {
			if c.Source != "npm" || c.ArchiveFormat != "gz" || c.OS != "darwin" || c.Arch != "arm64" || c.Libc != "musl" || c.ScheduleURL != "https://s.example/schedule.json" {
				t.Errorf("%+v", c)
			}
		}},
		{"windows folders", map[string]string{"LOCALAPPDATA": abs, "USERPROFILE": abs}, "windows", func(t *testing.T, c Config) {
			if h, err := c.Home(); err != nil || h.Root != filepath.Join(abs, "nvmgo") {
				t.Errorf("home %v %v", h, err)
			}
			if got := c.CacheDir(); got != filepath.Join(abs, "nvmgo", "cache") {
				t.Errorf("cache %q", got)
			}
			if c.UserHome != abs {
				t.Errorf("user home %q", c.UserHome)
			}
		}},
		{"darwin cache", map[string]string{"HOME": abs}, "darwin", func(t *testing.T, c Config) {
			if got := c.CacheDir(); got != filepath.Join(abs, "Library", "Caches", "nvmgo") {
				t.Errorf("cache %q", got)
			}
		}},
		{"NVMGO_HOME and NVMGO_CACHE_DIR", map[string]string{"NVMGO_HOME": abs, "NVMGO_CACHE_DIR": "/c"}, "linux", func(t *testing.T, c Config) {
			if h, err := c.Home(); err != nil || h.Root != abs {
				t.Errorf("home %v %v", h, err)
			}
			if c.CacheDir() != "/c" {
				t.Errorf("cache %q", c.CacheDir())
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(t, Load(func(k string) string { return tt.env[k] }, tt.goos))
		})
	}
}

func TestWithMirror(t *testing.T) {
	c := Load(func(k string) string { return map[string]string{"NVMGO_INDEX_TTL": "bad"}[k] }, "linux").WithMirror("file:///m")
	if c.Mirror != "file:///m" || c.IndexURL != "file:///m/index.json" || c.IndexTTL != 0 || c.IndexTTLWarning != "" {
		t.Errorf("%+v", c)
	}
}
