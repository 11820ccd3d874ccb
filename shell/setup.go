package shell

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/nvmgo/nvmgo/internal/fsx"
)

// SetupOptions says whose profiles to edit and how.
type SetupOptions struct {
	Shell     string // a name Normalize accepts; Uninstall ignores it
	Home      string // the user's home; default os.UserHomeDir
	GOOS      string // default runtime.GOOS
	Vars      Vars   // ZDOTDIR, XDG_CONFIG_HOME (VarsFrom)
	NvmgoHome string // where the rendered files are, named in the lines
	DryRun    bool   // compute the change and its diff, write nothing
}

// FileChange is one profile file and whether it was (or would be) changed.
type FileChange struct {
	Path    string
	Changed bool
}

// SetupResult tells what Setup or Uninstall did, or with DryRun would do.
type SetupResult struct {
	Files   []FileChange // every profile file considered, in order
	Changed bool         // at least one file was (or would be) changed
	Diff    string       // unified diff of all changes, also filled without DryRun
}

// Setup adds the source line, between BeginMarker and EndMarker, to every
// profile file of o.Shell (see Profiles). It is idempotent; it keeps the
// rest of each file byte for byte, saves a copy at <file>.nvmgo-backup
// before its first change, writes atomically keeping the file mode, and
// edits a symlink's target. It neither renders the files the lines source
// (see Render) nor touches the Windows user PATH (see AddUserPath).
func Setup(o SetupOptions) (SetupResult, error) {
	o, err := o.withDefaults()
	if err != nil {
		return SetupResult{}, err
	}
	if !isAbs(o.NvmgoHome) {
		return SetupResult{}, fmt.Errorf("set up %s: nvmgo home %q is not absolute", o.Shell, o.NvmgoHome)
	}
	profiles, err := Profiles(o.Shell, o.GOOS, o.Home, o.Vars)
	if err != nil {
		return SetupResult{}, err
	}
	var res SetupResult
	var diff strings.Builder
	for _, p := range profiles {
		line, err := SourceLine(p.Kind, o.NvmgoHome)
		if err != nil {
			return res, err
		}
		d, err := editProfile(p.Path, line, true, o.DryRun)
		if err != nil {
			return res, err
		}
		res.add(p.Path, d, &diff)
	}
	res.Diff = diff.String()
	return res, nil
}

// Uninstall removes what Setup added from the profiles of every shell, not
// only o.Shell's, and deletes a profile file that Setup created (one left
// empty and without a backup). It goes on past a file it cannot fix and
// returns the errors joined, so the caller can say what remains.
func Uninstall(o SetupOptions) (SetupResult, error) {
	o, err := o.withDefaults()
	if err != nil {
		return SetupResult{}, err
	}
	var res SetupResult
	var diff strings.Builder
	var errs []error
	for _, f := range AllProfiles(o.GOOS, o.Home, o.Vars) {
		d, err := editProfile(f, "", false, o.DryRun)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		res.add(f, d, &diff)
	}
	res.Diff = diff.String()
	return res, errors.Join(errs...)
}

func (r *SetupResult) add(file, diff string, all *strings.Builder) {
	all.WriteString(diff)
	r.Files = append(r.Files, FileChange{file, diff != ""})
	r.Changed = r.Changed || diff != ""
}

func (o SetupOptions) withDefaults() (SetupOptions, error) {
	var err error
	if o.Shell != "" {
		if o.Shell, err = Normalize(o.Shell); err != nil {
			return o, err
		}
	}
	if o.GOOS == "" {
		o.GOOS = runtime.GOOS
	}
	if o.Home == "" {
		if o.Home, err = os.UserHomeDir(); err != nil {
			return o, fmt.Errorf("find the shell profiles: %w", err)
		}
	}
	return o, nil
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
		if err := fsx.WriteFile(target+BackupSuffix, before, perm); err != nil {
			return fmt.Errorf("back up: %w", err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	return fsx.WriteFile(target, []byte(after), perm)
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
