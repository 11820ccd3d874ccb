package versions

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// PinSource says which file, or which package.json field, a Pin came from.
type PinSource string

// The pin sources, in the order Walk tries them within one directory.
// SourceToolVersions is read by ReadPinFile only: Walk does not walk
// .tool-versions (README.md, "Which version runs", lists what it reads).
const (
	SourceNodeVersion    PinSource = ".node-version"
	SourceNvmrc          PinSource = ".nvmrc"
	SourceDevEngines     PinSource = "package.json devEngines.runtime"
	SourceDevEnginesNode PinSource = "package.json devEngines.node"
	SourceVolta          PinSource = "package.json volta.node"
	SourceEngines        PinSource = "package.json engines.node"
	SourceToolVersions   PinSource = ".tool-versions"
)

// The file names a project pins its Node version with.
const (
	nodeVersionFile  = ".node-version"
	nvmrcFile        = ".nvmrc"
	packageJSONFile  = "package.json"
	toolVersionsFile = ".tool-versions"
)

// Size limits. A pin file is a line or two; a bigger one is a mistake and
// must not cost the shim a large read. package.json gets more room because
// real ones (VS Code extensions, monorepo roots) exceed 64 KiB.
const (
	maxPinFileSize     = 64 << 10
	maxPackageJSONSize = 1 << 20
)

// Pin is the Node version a project asks for.
type Pin struct {
	File   string    // absolute path of the file the pin was read from
	Source PinSource // the file or package.json field
	Raw    string    // the token as read, trimmed
	Spec   Spec      // Raw, parsed
}

// FindPin is FindPinWarn without the warnings.
func FindPin(dir string) (pin Pin, found bool, err error) {
	pin, found, _, err = FindPinWarn(dir)
	return pin, found, err
}

// FindPinWarn finds what the project at dir asks for, for a command that
// has no installed versions to weigh (install without a spec): the nearest
// exact pin (see Walk), else the package.json ranges met on the way as one
// range. found is false when nothing up to the root names a version. Empty
// pin files and package.json files that are not JSON are skipped, as the
// shims skip them; warnings lists them. Errors name the file.
func FindPinWarn(dir string) (pin Pin, found bool, warnings []error, err error) {
	w, err := NewWalk(dir)
	if err != nil {
		return Pin{}, false, nil, err
	}
	for {
		pin, found, err = w.Next()
		if err != nil || !found {
			break
		}
		// An exact pin is weighed here already; a partial one needs the
		// versions that exist, which the caller has.
		if pin.Spec.Kind != SpecExact || Allows(w.Constraints, pin.Spec.Exact) {
			return pin, true, w.Warnings, nil
		}
	}
	if err != nil {
		return Pin{}, false, w.Warnings, err
	}
	if len(w.Constraints) == 0 {
		return Pin{}, false, w.Warnings, nil
	}
	c := w.Constraints[0]
	pin = Pin{File: c.File, Source: c.Source, Raw: c.Raw, Spec: Spec{Raw: c.Raw, Kind: SpecRange, Range: c.Range}}
	if len(w.Constraints) > 1 {
		r := AllOf(w.Constraints)
		pin.Raw = r.String()
		pin.Spec = Spec{Raw: pin.Raw, Kind: SpecRange, Range: r}
	}
	return pin, true, w.Warnings, nil
}

// ReadPinFile reads one pin file, chosen by its base name: .nvmrc,
// .node-version, .tool-versions or package.json. A file that exists but
// pins no version is an error, as is an invalid one; errors name the file.
func ReadPinFile(path string) (Pin, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return Pin{}, fmt.Errorf("%s: %w", path, err)
	}
	name := filepath.Base(abs)
	switch name {
	case nodeVersionFile, nvmrcFile, packageJSONFile, toolVersionsFile:
	default:
		return Pin{}, fmt.Errorf("%s: not a pin file (want .node-version, .nvmrc, .tool-versions or package.json)", abs)
	}
	if fi, err := os.Stat(abs); err != nil {
		return Pin{}, fileError(abs, err)
	} else if fi.IsDir() {
		return Pin{}, fmt.Errorf("%s: is a directory", abs)
	}
	pin, found, err := readPin(abs, name)
	if err == nil && !found {
		what := "no node version in devEngines.runtime, devEngines.node, volta.node or engines.node"
		if name == toolVersionsFile {
			what = "no nodejs line"
		}
		err = fmt.Errorf("%s: %s", abs, what)
	}
	return pin, err
}

// readPin reads path, whose base name is name. found is false when the file
// does not exist (or is a directory), or when it is a package.json without
// a node field.
func readPin(path, name string) (Pin, bool, error) {
	data, ok, err := readPinData(path, name)
	if err != nil || !ok {
		return Pin{}, false, err
	}
	pin := Pin{File: path}
	found := true
	switch name {
	case nvmrcFile:
		pin.Source = SourceNvmrc
		pin.Raw, err = ParseNvmrc(data)
	case nodeVersionFile:
		pin.Source = SourceNodeVersion
		pin.Raw, err = ParseNodeVersion(data)
	case toolVersionsFile:
		pin.Source = SourceToolVersions
		pin.Raw, found, err = ParseToolVersions(data)
	default:
		pin.Raw, pin.Source, found, err = ParsePackageJSON(data)
	}
	if err != nil {
		return Pin{}, false, fmt.Errorf("%s: %w", path, err)
	}
	if !found {
		return Pin{}, false, nil
	}
	if pin.Spec, err = pinSpec(pin.Source, pin.Raw); err != nil {
		return Pin{}, false, fieldError(path, pin.Source, err)
	}
	return pin, true, nil
}

// readPinData reads a pin file within its size limit. ok is false when it
// does not exist or is a directory.
func readPinData(path, name string) ([]byte, bool, error) {
	fi, err := os.Stat(path)
	switch {
	case err != nil && absent(err):
		return nil, false, nil
	case err != nil:
		return nil, false, fileError(path, err)
	case fi.IsDir():
		return nil, false, nil
	case !fi.Mode().IsRegular():
		return nil, false, fmt.Errorf("%s: not a regular file", path)
	}
	limit := int64(maxPinFileSize)
	if name == packageJSONFile {
		limit = maxPackageJSONSize
	}
	if fi.Size() > limit {
		return nil, false, fmt.Errorf("%s: file is larger than %d KiB; a pin file holds one version", path, limit>>10)
	}
	data, err := readLimited(path, fi.Size(), limit)
	if err != nil {
		return nil, false, fileError(path, err)
	}
	return data, true, nil
}

// fieldError names the file, and the package.json field when there is one.
func fieldError(path string, src PinSource, err error) error {
	if field, ok := strings.CutPrefix(string(src), "package.json "); ok {
		return fmt.Errorf("%s: %s: %w", path, field, err)
	}
	return fmt.Errorf("%s: %w", path, err)
}

// pinSpec parses a token by the rules of the file it came from. .nvmrc and
// .node-version take the whole spec grammar (aliases, lts/*, ranges).
// package.json fields and .tool-versions hold node-semver ranges, which is
// how npm, volta and asdf read them, so "lts" or "node" there is an error.
func pinSpec(src PinSource, tok string) (Spec, error) {
	switch src {
	case SourceNvmrc, SourceNodeVersion:
		return ParseSpec(tok)
	}
	r, err := ParseRange(tok)
	if err != nil {
		return Spec{}, err
	}
	if s, err := ParseSpec(tok); err == nil && (s.Kind == SpecExact || s.Kind == SpecRange) {
		return s, nil
	}
	return Spec{Raw: tok, Kind: SpecRange, Range: r}, nil
}

var errTooBig = errors.New("file grew past the size limit while it was read")

// readLimited reads a file of about size bytes, never more than limit+1, so
// a file that grows after its Stat cannot make the shim read megabytes.
func readLimited(path string, size, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, 0, min(size, limit)+1)
	for {
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
		if int64(len(buf)) > limit {
			return nil, errTooBig
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
}

// absent reports whether a Stat error means "no such file here" for the
// walk: missing, a file where a directory was expected, or a directory we
// may not look into (a shell or nvm's [ -e ] sees those as absent too).
func absent(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) ||
		errors.Is(err, syscall.ENOTDIR)
}

// fileError puts path in front of err once: an *fs.PathError's own
// "open /x/.nvmrc: " prefix is dropped for the plain cause.
func fileError(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("%s: %w", path, err)
}

// joinDir is filepath.Join for a clean absolute dir and a plain name,
// without Join's extra Clean pass.
func joinDir(dir, name string) string {
	if os.IsPathSeparator(dir[len(dir)-1]) {
		return dir + name
	}
	return dir + string(filepath.Separator) + name
}
