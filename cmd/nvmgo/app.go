package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/download/index"
	"github.com/nvmgo/nvmgo/download/platform"
	"github.com/nvmgo/nvmgo/download/signature"
	"github.com/nvmgo/nvmgo/internal/config"
	"github.com/nvmgo/nvmgo/internal/install"
	"github.com/nvmgo/nvmgo/internal/safe"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/versions"
)

// version and commit are stamped by the release build (-ldflags -X
// main.version=... -X main.commit=...); otherwise they come from the
// module's build info (go install ...@v1.2.3 records both).
var version, commit = "", ""

// app carries what commands need; nothing global.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time
	goos, goarch   string
	client         *download.Client
	homeCache      *store.Home
	cfgCache       *config.Config             // the environment, read once (cfg)
	hostPlatform   *platform.Platform         // this machine, musl check included; read once
	colorOn        *bool                      // decided once: ls-remote paints hundreds of lines
	shellRunner    shellRunner                // doctor's shell checks; nil: the real shells
	userPathHas    func(string) (bool, error) // doctor on Windows; nil: the registry
}

func newApp(stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) *app {
	return &app{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv, now: time.Now,
		goos: runtime.GOOS, goarch: runtime.GOARCH}
}

// versionLine is what `nvmgo --version` prints after "nvmgo version".
func versionLine() string {
	c := commit
	if bi, ok := debug.ReadBuildInfo(); ok && c == "" {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				c = s.Value[:12]
			}
		}
	}
	if c == "" {
		c = "unknown"
	}
	return fmt.Sprintf("%s (commit %s, %s, %s/%s)", appVersion(), c, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

func appVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return strings.TrimPrefix(bi.Main.Version, "v")
	}
	return "dev"
}

// cfg is the environment as nvmgo reads it, read on first use (the shell
// line and the shim path read none of it).
func (a *app) cfg() *config.Config {
	if a.cfgCache == nil {
		c := config.Load(a.getenv, a.goos)
		a.cfgCache = &c
	}
	return a.cfgCache
}

func (a *app) home() (store.Home, error) {
	if a.homeCache != nil {
		return *a.homeCache, nil
	}
	h, err := a.cfg().Home()
	if err != nil {
		return h, err
	}
	a.homeCache = &h
	return h, nil
}

func (a *app) httpClient() *download.Client {
	if a.client == nil {
		a.client = download.NewClient(appVersion())
		a.client.Configure(a.cfg().Client)
	}
	return a.client
}

// stderrIsTerminal decides progress bars.
func (a *app) stderrIsTerminal() bool {
	f, ok := a.stderr.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func (a *app) color() bool {
	if a.colorOn == nil {
		on := false
		if !a.cfg().NoColor {
			f, ok := a.stdout.(*os.File)
			on = ok && term.IsTerminal(int(f.Fd()))
		}
		a.colorOn = &on
	}
	return *a.colorOn
}

func (a *app) warnf(format string, args ...any) {
	fmt.Fprintf(a.stderr, "nvmgo: %s\n", safe.Text(fmt.Sprintf(format, args...)))
}

func (a *app) indexSource(offline bool) *index.IndexSource {
	return a.installEnv().IndexSource(offline)
}

func (a *app) loadIndex(ctx context.Context, offline bool) ([]versions.Release, index.IndexInfo, error) {
	return a.indexSource(offline).Load(ctx)
}

// installEnv is what the install flow (and the index) take from the app.
func (a *app) installEnv() install.Env {
	return install.Env{
		Config: *a.cfg(), Client: a.httpClient(), Log: a.stderr, Progress: a.stderrIsTerminal(),
		Now: a.now, Host: a.host, Keyring: a.keyring, Fallback: embeddedIndex,
	}
}

// host is this machine's platform, musl check included, read once; with
// goos/goarch set to another machine's (tests), that one.
func (a *app) host() platform.Platform {
	if a.goos != runtime.GOOS || a.goarch != runtime.GOARCH {
		return platform.Platform{OS: a.goos, Arch: a.goarch}
	}
	if a.hostPlatform == nil {
		cur := platform.Current() // reads /bin/sh's ELF header for musl
		a.hostPlatform = &cur
	}
	return *a.hostPlatform
}

// platform is the target platform: this machine, or --arch / NVMGO_ARCH.
func (a *app) platform(arch string) (platform.Platform, error) {
	return install.Env{Config: *a.cfg(), Host: a.host}.Platform(arch) // no HTTP client needed
}

func (a *app) keyring() (*signature.Keyring, error) {
	kr, err := signature.ReleaseKeys()
	if err != nil {
		return nil, err
	}
	return extraKeys(a.getenv, kr)
}

// usageError marks errors that exit with code 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usageErr(err error) error { return usageError{err} }

// exitCode lets a command end with a specific exit code without a message.
type exitCode int

func (e exitCode) Error() string { return "exit " + strconv.Itoa(int(e)) }

func codeFor(err error) int {
	var ec exitCode
	var ue usageError
	var iu install.UsageError
	switch {
	case errors.As(err, &ec):
		return int(ec)
	case errors.Is(err, context.Canceled):
		return 130
	case errors.As(err, &ue), errors.As(err, &iu):
		return 2
	}
	return 1
}
