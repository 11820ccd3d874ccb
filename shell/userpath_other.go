//go:build !windows

package shell

import "path/filepath"

func documentsDir(userHome string) string { return filepath.Join(userHome, "Documents") }

// AddUserPath puts dir on the Windows user PATH; elsewhere it does nothing,
// since shells get PATH from the snippet.
func AddUserPath(dir string) (changed bool, err error) { return false, nil }

// RemoveUserPath takes dir off the Windows user PATH; elsewhere it does nothing.
func RemoveUserPath(dir string) (changed bool, err error) { return false, nil }

// UserPathHas reports whether dir is on the Windows user PATH; elsewhere
// there is none.
func UserPathHas(dir string) (bool, error) { return false, nil }
