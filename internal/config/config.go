// Package config reads every environment variable nvmgo itself uses, once,
// into one documented struct, the way cmd/go's internal/cfg does: the
// commands and the install flow read fields, not the environment.
//
// The shim reads its few variables itself (internal/config/env names them)
// so that it links none of this; store.Dirs reads the home and cache
// variables for both.
package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/internal/config/env"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/shell"
)

// DefaultIndexTTL is how long the cached index is fresh without NVMGO_INDEX_TTL.
const DefaultIndexTTL = time.Hour

// Config is the environment as nvmgo reads it. Settings that a flag can
// override (NVMGO_SOURCE, NVMGO_ARCHIVE_FORMAT, NVMGO_ARCH) stay raw
// here: the install flow checks flag-or-variable with one parser, so a bad
// value is the same usage error whichever way it came.
type Config struct {
	// GOOS is the operating system the paths below are for.
	GOOS string

	// Dirs are NVMGO_HOME (the home folder), NVMGO_CACHE_DIR (the index
	// cache), XDG_DATA_HOME, XDG_CACHE_HOME, HOME, and on Windows
	// USERPROFILE and LOCALAPPDATA: the folders nvmgo keeps its files in
	// (store.Dirs.Home and Cache decide).
	Dirs store.Dirs

	// UserHome is the user's home folder for files other tools keep
	// there (.netrc, shell profiles): HOME (USERPROFILE on Windows) when
	// absolute, else the operating system's answer.
	UserHome string
	// NpmUserHome is where ~/.npmrc is looked for: HOME when set, else
	// the operating system's answer (npm's own rule, kept apart from
	// UserHome since npm takes HOME as it is).
	NpmUserHome string

	// Mirror is the dist mirror: NVMGO_NODE_MIRROR, else nvm's
	// NVM_NODEJS_ORG_MIRROR, fnm's FNM_NODE_DIST_MIRROR, n's N_NODE_MIRROR,
	// else https://nodejs.org/dist; user info removed (it goes only into
	// the mirror's credentials, Client).
	Mirror string
	// IndexURL is where index.json comes from: NVMGO_INDEX_URL, else
	// index.json in Mirror.
	IndexURL string
	// UnofficialMirror is where musl builds come from:
	// NVMGO_UNOFFICIAL_MIRROR, else unofficial-builds.nodejs.org.
	UnofficialMirror string
	// IndexTTL is NVMGO_INDEX_TTL (a duration like 1h, or seconds): how
	// long the cached index and schedule are fresh and an unreachable
	// mirror is skipped. IndexTTLWarning is the warning for a value that
	// is no duration (IndexTTL is then DefaultIndexTTL); it is printed
	// where the index is used, so commands without one stay quiet.
	IndexTTL        time.Duration
	IndexTTLWarning string
	// ScheduleURL is NVMGO_SCHEDULE_URL: where the release schedule is
	// refreshed from ("" for the mirror's schedule.json or the embedded
	// copy).
	ScheduleURL string

	// Source is NVMGO_SOURCE, raw: auto, dist or npm (install.ParseSource).
	Source string
	// ArchiveFormat is NVMGO_ARCHIVE_FORMAT, raw: auto, xz or gz.
	ArchiveFormat string
	// OS is NVMGO_OS, raw: install another OS's build (linux, darwin,
	// windows).
	OS string
	// Arch is NVMGO_ARCH, raw: install another architecture's build.
	Arch string
	// Libc is NVMGO_LIBC: musl or glibc overrides the check of /bin/sh;
	// other values are ignored.
	Libc string
	// AllowUnsigned is NVMGO_ALLOW_UNSIGNED (a yes, env.Bool): trust a
	// mirror without signed checksums.
	AllowUnsigned bool

	// NoNotices is NVMGO_NO_NOTICES (a yes): no end-of-life or security
	// notices.
	NoNotices bool
	// ShellIntegration is NVMGO_SHELL_INTEGRATION, set by nvmgo's shell
	// snippet: the shell runs nvmgo's hook.
	ShellIntegration string
	// NoColor is NO_COLOR set to anything, or TERM=dumb.
	NoColor bool
	// Shell is what shell integration reads: SHELL (the login shell, when
	// the parent process is none), ZDOTDIR (zsh's profile folder) and
	// XDG_CONFIG_HOME (fish's and PowerShell's config on unix).
	Shell shell.Vars

	// Client is what the HTTP client is set up from (download.Settings):
	// NVMGO_STALL_TIMEOUT and NVMGO_FETCH_TIMEOUT (how long a download may
	// receive nothing, and the whole time for a small file), NVMGO_CA_FILE
	// (certificate authorities besides the system's), the mirror's
	// credentials (NVMGO_MIRROR_AUTH_HEADER or nvm's NVM_AUTH_HEADER, the
	// user info in the mirror and index URLs, else NETRC or ~/.netrc).
	Client download.Settings

	// The shim's own variables, read by the shim (internal/config/env):
	// env.NodeVersion (NVMGO_NODE_VERSION, a version for one shell),
	// env.AutoInstall (NVMGO_AUTO_INSTALL, a yes: install a missing
	// pinned node first), env.PMAutoInstall (NVMGO_PM_AUTO_INSTALL, a no:
	// do not install a missing pinned package manager), env.ShimDepth.
	// npmreg reads npm_config_registry / NPM_CONFIG_REGISTRY,
	// npm_config_userconfig / NPM_CONFIG_USERCONFIG and the ${VAR}s of
	// .npmrc through Getenv. net/http reads HTTPS_PROXY, HTTP_PROXY and
	// NO_PROXY (ProxyFromEnvironment, once per process): reading them here
	// would link golang.org/x/net/http/httpproxy and its idna tables
	// (+188 KB measured, in a binary every shell start runs) to change
	// nothing.

	// Getenv is the environment Load read, for the readers above whose
	// variables are open-ended (a .npmrc may name any variable).
	Getenv func(string) string
}

// Load reads the environment through getenv for a machine running goos.
func Load(getenv func(string) string, goos string) Config {
	c := Config{
		GOOS:             goos,
		Getenv:           getenv,
		Dirs:             store.DirsFrom(getenv),
		Mirror:           download.Mirror(getenv),
		IndexURL:         download.IndexURL(getenv),
		UnofficialMirror: download.UnofficialMirror(getenv),
		ScheduleURL:      strings.TrimSpace(getenv("NVMGO_SCHEDULE_URL")),
		Source:           getenv("NVMGO_SOURCE"),
		ArchiveFormat:    getenv("NVMGO_ARCHIVE_FORMAT"),
		OS:               getenv("NVMGO_OS"),
		Arch:             getenv("NVMGO_ARCH"),
		Libc:             getenv("NVMGO_LIBC"),
		AllowUnsigned:    env.Yes(getenv("NVMGO_ALLOW_UNSIGNED")),
		NoNotices:        env.Yes(getenv("NVMGO_NO_NOTICES")),
		ShellIntegration: getenv("NVMGO_SHELL_INTEGRATION"),
		NoColor:          getenv("NO_COLOR") != "" || getenv("TERM") == "dumb",
	}
	c.IndexTTL, c.IndexTTLWarning = indexTTL(getenv("NVMGO_INDEX_TTL"))
	c.UserHome = userHome(getenv, goos)
	c.Shell = shell.VarsFrom(getenv)
	c.Client = download.SettingsFrom(getenv, c.UserHome)
	c.NpmUserHome = getenv("HOME")
	if c.NpmUserHome == "" {
		c.NpmUserHome, _ = os.UserHomeDir()
	}
	return c
}

// indexTTL reads NVMGO_INDEX_TTL: a Go duration, or a number of seconds.
func indexTTL(v string) (time.Duration, string) {
	if v == "" {
		return DefaultIndexTTL, ""
	}
	if d, err := time.ParseDuration(v); err == nil {
		return d, ""
	}
	if n, err := strconv.Atoi(v); err == nil {
		return time.Duration(n) * time.Second, ""
	}
	return DefaultIndexTTL, fmt.Sprintf("NVMGO_INDEX_TTL=%q is not a duration (like 1h or 3600); using 1h", v)
}

func userHome(getenv func(string) string, goos string) string {
	key := "HOME"
	if goos == "windows" {
		key = "USERPROFILE"
	}
	if d := getenv(key); filepath.IsAbs(d) {
		return d
	}
	d, _ := os.UserHomeDir()
	return d
}

// Home is the home folder (NVMGO_HOME or the platform default).
func (c Config) Home() (store.Home, error) { return c.Dirs.Home(c.GOOS) }

// CacheDir is the cache folder (NVMGO_CACHE_DIR or the platform default).
func (c Config) CacheDir() string { return c.Dirs.Cache(c.GOOS) }

// WithMirror is c with the dist mirror and its index at url (a mirror
// folder's file:// URL for install --from), the index never fresh from a
// cache: read afresh each time.
func (c Config) WithMirror(url string) Config {
	c.Mirror, c.IndexURL, c.IndexTTL, c.IndexTTLWarning = url, url+"/index.json", 0, ""
	return c
}
