package shell

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// SetupOptions says whose profile to edit and how.
type SetupOptions struct {
	Shell  string              // a name Normalize accepts
	Home   string              // the user's home; default os.UserHomeDir
	GOOS   string              // default runtime.GOOS
	Getenv func(string) string // default os.Getenv
	Exe    string              // absolute path of nvmgo, written into the eval line
	DryRun bool                // compute the change and its diff, write nothing
	Stdout io.Writer           // when non-nil, gets one line per profile file
}

// SetupResult tells what Setup or Uninstall did, or with DryRun would do.
type SetupResult struct {
	Files   []string // every profile file considered, as ProfileFiles names it
	Changed bool     // at least one file was (or would be) changed
	Diff    string   // unified diff of all changes, also filled without DryRun
}

// Setup adds the eval line, between BeginMarker and EndMarker, to every
// profile file of o.Shell. It is idempotent; it keeps the rest of each file
// byte for byte, saves a copy at <file>.nvmgo-backup before its first change,
// writes atomically keeping the file mode, and edits a symlink's target.
// It does not touch the Windows user PATH: call AddUserPath for that.
func Setup(o SetupOptions) (SetupResult, error) {
	return apply(o, true)
}

// Uninstall removes what Setup added, and deletes a profile file that Setup
// created (one left empty and without a backup).
func Uninstall(o SetupOptions) (SetupResult, error) {
	return apply(o, false)
}

func apply(o SetupOptions, install bool) (SetupResult, error) {
	sh, err := Normalize(o.Shell)
	if err != nil {
		return SetupResult{}, err
	}
	if o.GOOS == "" {
		o.GOOS = runtime.GOOS
	}
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	if o.Home == "" {
		if o.Home, err = os.UserHomeDir(); err != nil {
			return SetupResult{}, fmt.Errorf("find %s profile: %w", sh, err)
		}
	}
	var line string
	if install {
		if !isAbs(o.Exe) {
			return SetupResult{}, fmt.Errorf("set up %s: nvmgo path %q is not absolute", sh, o.Exe)
		}
		line, _ = EvalLine(sh, o.Exe)
	}
	files, err := ProfileFiles(sh, o.GOOS, o.Home, o.Getenv)
	if err != nil {
		return SetupResult{}, err
	}
	res := SetupResult{Files: files}
	var diff strings.Builder
	for _, f := range files {
		d, err := editProfile(f, line, install, o.DryRun)
		if err != nil {
			return res, err
		}
		diff.WriteString(d)
		res.Changed = res.Changed || d != ""
		if o.Stdout != nil {
			fmt.Fprintln(o.Stdout, report(f, install, d != "", o.DryRun))
		}
	}
	res.Diff = diff.String()
	return res, nil
}

func report(file string, install, changed, dryRun bool) string {
	switch {
	case !changed && install:
		return "nvmgo is already set up in " + file
	case !changed:
		return "nvmgo is not set up in " + file
	}
	verb := map[bool]string{true: "added nvmgo to ", false: "removed nvmgo from "}[install]
	if dryRun {
		verb = "would have " + verb
	}
	return verb + file
}

// editProfile adds (line != "") or removes the fenced block in one profile
// file and returns the diff of the change, "" when there is none.
func editProfile(file, line string, install, dryRun bool) (string, error) {
	target, err := resolveLink(file)
	if err != nil {
		return "", fmt.Errorf("edit profile %s: %w", file, err)
	}
	data, err := os.ReadFile(target)
	exists := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("edit profile %s: %w", file, err)
	}
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		return "", fmt.Errorf("edit profile %s: the file is UTF-16; save it as UTF-8 and try again", file)
	}
	before := string(data)
	var after string
	if install {
		after, err = withBlock(before, line)
	} else {
		after, err = withoutBlock(before)
	}
	if err != nil {
		return "", fmt.Errorf("edit profile %s: %w; fix the nvmgo markers by hand", file, err)
	}
	if after == before {
		return "", nil
	}
	diff := unifiedDiff(target, before, after)
	if dryRun {
		return diff, nil
	}
	if err := commitProfile(target, data, exists, after); err != nil {
		return "", fmt.Errorf("edit profile %s: %w", file, err)
	}
	return diff, nil
}

// commitProfile saves the backup (once) and then the new content, or removes
// the file when uninstalling emptied a file that setup had created.
func commitProfile(target string, before []byte, exists bool, after string) error {
	perm := fs.FileMode(0o644)
	if fi, err := os.Stat(target); err == nil {
		perm = fi.Mode().Perm()
	}
	_, err := os.Lstat(target + BackupSuffix)
	hadBackup := err == nil
	if after == "" && exists && !hadBackup {
		return os.Remove(target)
	}
	if exists && !hadBackup {
		if err := writeAtomic(target+BackupSuffix, before, perm); err != nil {
			return fmt.Errorf("back up: %w", err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	return writeAtomic(target, []byte(after), perm)
}

// resolveLink follows symlinks, dangling ones too, so that setup edits the
// file a dotfile manager links to instead of replacing the link.
func resolveLink(p string) (string, error) {
	for range 40 {
		fi, err := os.Lstat(p)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			return p, nil
		}
		t, err := os.Readlink(p)
		if err != nil {
			return "", err
		}
		if !isAbs(t) {
			t = filepath.Join(filepath.Dir(p), t)
		}
		p = t
	}
	return "", fmt.Errorf("too many levels of symbolic links")
}

// writeAtomic writes data to a temporary file beside path and renames it
// into place, so a crash leaves either the old or the new file.
func writeAtomic(path string, data []byte, perm fs.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".nvmgo-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(perm)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
