package shell

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/nvmgo/nvmgo/internal/fsx"
)

// The files nvmgo renders into its home for the profile lines to source, so
// a shell start runs no process: env.<ext> per shell, env.sh for POSIX sh,
// completion.ps1 for PowerShell, and env.stamp, written last, saying whom
// they were rendered for.
const (
	StampName          = "env.stamp"
	CompletionPS1Name  = "completion.ps1"
	stampHeader        = "nvmgo env files 1"
	renderedFileMode   = 0o644
	renderedFolderMode = 0o755
)

// renderedKinds are the profile-line kinds that have a rendered file.
var renderedKinds = []string{"sh", "bash", "zsh", "fish", "powershell"}

// RenderedFile is the file in the nvmgo home that a profile line of the
// given kind (a shell name, or "sh" for POSIX sh) sources.
func RenderedFile(nvmgoHome, kind string) string {
	ext := kind
	if kind == "powershell" {
		ext = "ps1"
	}
	return filepath.Join(nvmgoHome, "env."+ext)
}

// Stamp says what the rendered files were made for: the nvmgo binary (its
// path, size and modification time, so a move or an upgrade shows) and the
// home they point at. Comparing two costs one stat and one small read.
type Stamp struct {
	Exe     string
	Size    int64
	ModTime int64 // Unix nanoseconds
	Home    string
}

// CurrentStamp stats exe for the stamp of files rendered now.
func CurrentStamp(exe, nvmgoHome string) (Stamp, error) {
	fi, err := os.Stat(exe)
	if err != nil {
		return Stamp{}, err
	}
	return Stamp{Exe: exe, Size: fi.Size(), ModTime: fi.ModTime().UnixNano(), Home: nvmgoHome}, nil
}

func (s Stamp) String() string {
	return fmt.Sprintf("%s\nexe %s\nsize %d\nmtime %d\nhome %s\n", stampHeader, s.Exe, s.Size, s.ModTime, s.Home)
}

// ReadStamp reads the stamp in nvmgoHome; ok is false when there is none
// (nothing was rendered there) or it cannot be parsed.
func ReadStamp(nvmgoHome string) (s Stamp, ok bool) {
	b, err := os.ReadFile(filepath.Join(nvmgoHome, StampName))
	if err != nil {
		return Stamp{}, false
	}
	return parseStamp(string(b))
}

func parseStamp(text string) (s Stamp, ok bool) {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) != 5 || lines[0] != stampHeader {
		return Stamp{}, false
	}
	var err1, err2 error
	var found [4]bool
	for _, l := range lines[1:] {
		k, v, _ := strings.Cut(l, " ")
		switch k {
		case "exe":
			s.Exe, found[0] = v, true
		case "size":
			s.Size, err1 = strconv.ParseInt(v, 10, 64)
			found[1] = true
		case "mtime":
			s.ModTime, err2 = strconv.ParseInt(v, 10, 64)
			found[2] = true
		case "home":
			s.Home, found[3] = v, true
		}
	}
	if err1 != nil || err2 != nil || found != [4]bool{true, true, true, true} {
		return Stamp{}, false
	}
	return s, true
}

// RenderOptions says what to render and for whom.
type RenderOptions struct {
	Exe   string // absolute path of nvmgo
	Home  string // NVMGO_HOME, where the files go
	Shims string
	Stamp Stamp
	GOOS  string // default runtime.GOOS; Windows gets the PowerShell file only
	// CompletionPS1 returns PowerShell's completion script; nil renders none.
	// bash, zsh and fish load theirs from nvmgo at the first Tab.
	CompletionPS1 func() (string, error)
}

// Render writes every rendered file atomically, the stamp last, so a crash
// leaves either old files with the old stamp or files that the next check
// finds stale.
func Render(o RenderOptions) error {
	files := map[string]string{}
	kinds := renderedKinds
	if o.GOOS == "windows" || (o.GOOS == "" && runtime.GOOS == "windows") {
		// A drive letter's ':' cannot be on a POSIX PATH; Git Bash and
		// MSYS shells use eval "$(nvmgo env)" with their own paths.
		kinds = []string{"powershell"}
	}
	for _, kind := range kinds {
		var code string
		var err error
		if kind == "sh" {
			code, err = EnvPOSIX(o.Home, o.Shims)
		} else {
			code, err = Env(EnvOptions{Shell: kind, Exe: o.Exe, Home: o.Home, Shims: o.Shims})
		}
		if err != nil {
			return err
		}
		files[RenderedFile(o.Home, kind)] = code
	}
	if o.CompletionPS1 != nil {
		code, err := o.CompletionPS1()
		if err != nil {
			return fmt.Errorf("render PowerShell completion: %w", err)
		}
		files[filepath.Join(o.Home, CompletionPS1Name)] = code
	}
	if err := os.MkdirAll(o.Home, renderedFolderMode); err != nil {
		return fmt.Errorf("render shell files: %w", err)
	}
	for name, code := range files {
		if err := fsx.WriteFile(name, []byte(code), renderedFileMode); err != nil {
			return fmt.Errorf("render %s: %w", name, err)
		}
	}
	if err := fsx.WriteFile(filepath.Join(o.Home, StampName), []byte(o.Stamp.String()), renderedFileMode); err != nil {
		return fmt.Errorf("render %s: %w", StampName, err)
	}
	return nil
}

// RemoveRendered deletes the rendered files, the stamp first; it returns
// the ones it removed.
func RemoveRendered(nvmgoHome string) ([]string, error) {
	names := []string{filepath.Join(nvmgoHome, StampName), filepath.Join(nvmgoHome, CompletionPS1Name)}
	for _, kind := range renderedKinds {
		names = append(names, RenderedFile(nvmgoHome, kind))
	}
	var removed []string
	for _, n := range names {
		err := os.Remove(n)
		switch {
		case err == nil:
			removed = append(removed, n)
		case !errors.Is(err, fs.ErrNotExist):
			return removed, err
		}
	}
	return removed, nil
}
