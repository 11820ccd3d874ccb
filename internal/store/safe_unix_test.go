//go:build unix

package store

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestCheckFolderReal changes owners and modes on the real file system
// (chown needs root; as another user the test is skipped).
func TestCheckFolderReal(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("chown needs root")
	}
	const other = 4242
	tests := []struct {
		name  string
		setup func(dir string) error
		bad   string // the folder the error names, relative to the temp dir; "-" for ok
	}{
		{"own 0700", func(d string) error { return os.Chmod(d, 0o700) }, "-"},
		{"own 0775 root's group", func(d string) error { return os.Chmod(d, 0o775) }, "-"},
		{"world-writable", func(d string) error { return os.Chmod(d, 0o777) }, "home"},
		{"another user's", func(d string) error { return os.Chown(d, other, other) }, "home"},
		{"another user's parent", func(d string) error { return os.Chown(filepath.Dir(d), other, other) }, "."},
		{"group-writable, another group", func(d string) error {
			if err := os.Chown(d, 0, other); err != nil {
				return err
			}
			return os.Chmod(d, 0o770)
		}, "home"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			top := t.TempDir()
			d := filepath.Join(top, "home")
			if err := os.Mkdir(d, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := tt.setup(d); err != nil {
				t.Fatal(err)
			}
			err := CheckFolder(filepath.Join(d, "versions"))
			var ue *UnsafeError
			switch {
			case tt.bad == "-" && err != nil:
				t.Errorf("CheckFolder = %v, want ok", err)
			case tt.bad != "-" && (!errors.As(err, &ue) || ue.Path != filepath.Join(top, tt.bad)):
				t.Errorf("CheckFolder = %v, want %s named", err, tt.bad)
			}
			err = CheckForRoot(d)
			if (err == nil) != (tt.bad == "-" || tt.bad == ".") {
				t.Errorf("CheckForRoot = %v", err) // one stat: the home only
			}
		})
	}
}

func TestCheckFolderSymlinkOut(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("chown needs root")
	}
	top := t.TempDir()
	theirs := filepath.Join(top, "theirs")
	if err := os.Mkdir(theirs, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(theirs, 4242, 4242); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(top, "home")
	if err := os.Symlink(theirs, link); err != nil {
		t.Fatal(err)
	}
	var ue *UnsafeError
	if err := CheckFolder(link); !errors.As(err, &ue) || ue.Path != theirs && ue.Path != link {
		t.Errorf("CheckFolder(link to another user's folder) = %v", err)
	}
}
