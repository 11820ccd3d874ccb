// Package store is the only code that knows the layout of the nvmgo home folder: installed versions and their metadata, package manager installs, aliases, shims and bin/, and the names in tmp/ and locks/: staging folders, what is set aside, lock files and the scratch folders of verify and doctor. The code that takes the locks (staging, the tmp/ sweep, removal) is its subpackage staging, so that the shim, which reads the layout here, links no lock library.
package store

import (
	"errors"
	"fmt"
	"path/filepath"
)

// Home is an nvmgo home folder (NVMGO_HOME).
type Home struct {
	Root string
}

// MetaName is the metadata file written last into every installed version folder.
const MetaName = ".nvmgo.json"

// Dirs are the environment variables the home and cache folders come
// from (internal/config documents them). The shim reads them with
// DirsFrom; nvmgo reads them once into its config.
type Dirs struct {
	NVMGOHome    string // NVMGO_HOME
	CacheDir     string // NVMGO_CACHE_DIR
	XDGDataHome  string // XDG_DATA_HOME
	XDGCacheHome string // XDG_CACHE_HOME
	UserHome     string // HOME
	UserProfile  string // USERPROFILE (Windows)
	LocalAppData string // LOCALAPPDATA (Windows)
}

// DirsFrom reads Dirs from the environment.
func DirsFrom(getenv func(string) string) Dirs {
	return Dirs{
		NVMGOHome: getenv("NVMGO_HOME"), CacheDir: getenv("NVMGO_CACHE_DIR"),
		XDGDataHome: getenv("XDG_DATA_HOME"), XDGCacheHome: getenv("XDG_CACHE_HOME"),
		UserHome: getenv("HOME"), UserProfile: getenv("USERPROFILE"), LocalAppData: getenv("LOCALAPPDATA"),
	}
}

// Default returns NVMGO_HOME, or the platform default: $XDG_DATA_HOME/nvmgo or
// ~/.local/share/nvmgo on unix, %LOCALAPPDATA%\nvmgo on Windows.
func Default(getenv func(string) string, goos string) (Home, error) {
	return DirsFrom(getenv).Home(goos)
}

// Home is the home folder these variables give on goos (see Default).
func (d Dirs) Home(goos string) (Home, error) {
	if h := d.NVMGOHome; h != "" {
		abs, err := filepath.Abs(h)
		if err != nil {
			return Home{}, fmt.Errorf("NVMGO_HOME %q: %w", h, err)
		}
		return Home{Root: abs}, nil
	}
	if goos == "windows" {
		if d := d.LocalAppData; d != "" {
			return Home{Root: filepath.Join(d, "nvmgo")}, nil
		}
		if u := d.UserProfile; u != "" {
			return Home{Root: filepath.Join(u, "AppData", "Local", "nvmgo")}, nil
		}
		return Home{}, errors.New("cannot find the home folder: set NVMGO_HOME or LOCALAPPDATA")
	}
	if x := d.XDGDataHome; x != "" && filepath.IsAbs(x) {
		return Home{Root: filepath.Join(x, "nvmgo")}, nil
	}
	u := d.UserHome
	if u == "" {
		return Home{}, errors.New("cannot find the home folder: set NVMGO_HOME or HOME")
	}
	return Home{Root: filepath.Join(u, ".local", "share", "nvmgo")}, nil
}

// Cache is the cache folder these variables give on goos: NVMGO_CACHE_DIR,
// or nvmgo's folder under the user cache dir, or else the home's cache/
// folder (a service that sets only NVMGO_HOME); "" when there is none of
// these. It never falls back to a shared temporary folder, where another
// user could plant the cache or links for nvmgo to write through.
func (d Dirs) Cache(goos string) string {
	if c := d.CacheDir; c != "" {
		return c
	}
	switch goos {
	case "windows":
		if l := d.LocalAppData; l != "" {
			return filepath.Join(l, "nvmgo", "cache")
		}
	case "darwin":
		if u := d.UserHome; u != "" {
			return filepath.Join(u, "Library", "Caches", "nvmgo")
		}
	default:
		if x := d.XDGCacheHome; x != "" && filepath.IsAbs(x) {
			return filepath.Join(x, "nvmgo")
		}
		if u := d.UserHome; u != "" {
			return filepath.Join(u, ".cache", "nvmgo")
		}
	}
	if h, err := d.Home(goos); err == nil {
		return filepath.Join(h.Root, "cache")
	}
	return ""
}

// VersionsDir holds one folder per installed version.
func (h Home) VersionsDir() string { return filepath.Join(h.Root, "versions") }

// VersionDir is the folder of one installed version ("v20.11.0").
func (h Home) VersionDir(v string) string { return filepath.Join(h.Root, "versions", v) }

// ShimsDir holds the shims that go on PATH.
func (h Home) ShimsDir() string { return filepath.Join(h.Root, "shims") }

// AliasesDir holds one file per alias.
func (h Home) AliasesDir() string { return filepath.Join(h.Root, "aliases") }

// TmpDir is the staging folder for installs, on the same file system as versions/.
func (h Home) TmpDir() string { return filepath.Join(h.Root, "tmp") }

// SelfDir (bin/) holds nvmgo's own files: the shim binary the shims link
// to, and nvmgo.path, where the nvmgo that wrote them lives.
func (h Home) SelfDir() string { return filepath.Join(h.Root, "bin") }

// LinkFromShims is path (a file under the home) as a link in shims/ names
// it: relative (../bin/nvmgo-shim), so the home may be moved or mounted
// elsewhere and its shims still work.
func (h Home) LinkFromShims(path string) (string, error) { return filepath.Rel(h.ShimsDir(), path) }

// LocksDir holds the per-version install locks.
func (h Home) LocksDir() string { return filepath.Join(h.Root, "locks") }

// BinDir is where the node binary of an installed version sits: bin/ on unix,
// the version's root folder on Windows.
func BinDir(versionDir, goos string) string {
	if goos == "windows" {
		return versionDir
	}
	return filepath.Join(versionDir, "bin")
}

// NodeExe is the node binary of an installed version.
func NodeExe(versionDir, goos string) string {
	if goos == "windows" {
		return filepath.Join(versionDir, "node.exe")
	}
	return filepath.Join(versionDir, "bin", "node")
}

// NpmCLI is npm's entry script inside an installed version.
func NpmCLI(versionDir, goos string) string {
	if goos == "windows" {
		return filepath.Join(versionDir, "node_modules", "npm", "bin", "npm-cli.js")
	}
	return filepath.Join(versionDir, "lib", "node_modules", "npm", "bin", "npm-cli.js")
}
