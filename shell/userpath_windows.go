package shell

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unsafe"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

func documentsDir(userHome string) string {
	if dir, err := windows.KnownFolderPath(windows.FOLDERID_Documents, windows.KF_FLAG_DEFAULT); err == nil && dir != "" {
		return dir
	}
	return filepath.Join(userHome, "Documents")
}

// AddUserPath puts dir first on the user PATH (HKCU\Environment, stored as
// REG_EXPAND_SZ) unless it is already there, and tells running programs.
func AddUserPath(dir string) (changed bool, err error) {
	return editUserPath(func(list string) (string, bool) { return withPathEntry(list, dir, expandEnv) })
}

// RemoveUserPath takes every entry that is dir off the user PATH.
func RemoveUserPath(dir string) (changed bool, err error) {
	return editUserPath(func(list string) (string, bool) { return withoutPathEntry(list, dir, expandEnv) })
}

// UserPathHas reports whether dir is on the user PATH in the registry, the
// PATH every program started after logon (IDEs, GUI apps) gets.
func UserPathHas(dir string) (bool, error) {
	k, err := registry.OpenKey(registry.CURRENT_USER, "Environment", registry.QUERY_VALUE)
	if err != nil {
		return false, fmt.Errorf("open HKCU\\Environment: %w", err)
	}
	defer k.Close()
	list, _, err := k.GetStringValue("Path")
	if errors.Is(err, registry.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read user PATH: %w", err)
	}
	_, missing := withPathEntry(list, dir, expandEnv)
	return !missing, nil
}

func expandEnv(s string) string {
	if x, err := registry.ExpandString(s); err == nil {
		return x
	}
	return s
}

func editUserPath(edit func(string) (string, bool)) (bool, error) {
	k, err := registry.OpenKey(registry.CURRENT_USER, "Environment", registry.QUERY_VALUE|registry.SET_VALUE)
	if err != nil {
		return false, fmt.Errorf("open HKCU\\Environment: %w", err)
	}
	defer k.Close()
	list, _, err := k.GetStringValue("Path")
	if err != nil && !errors.Is(err, registry.ErrNotExist) {
		return false, fmt.Errorf("read user PATH: %w", err)
	}
	next, changed := edit(list)
	if !changed {
		return false, nil
	}
	if next == "" {
		err = k.DeleteValue("Path")
	} else {
		err = k.SetExpandStringValue("Path", next)
	}
	if err != nil {
		return false, fmt.Errorf("write user PATH: %w", err)
	}
	broadcastEnvironmentChange()
	return true, nil
}

var sendMessageTimeout = windows.NewLazySystemDLL("user32.dll").NewProc("SendMessageTimeoutW")

// broadcastEnvironmentChange tells Explorer and other top-level windows to
// reload the environment. Its failure is ignored: the registry already holds
// the change, a window that hangs is not ours to fix, and new logons see it.
func broadcastEnvironmentChange() {
	const (
		hwndBroadcast   = 0xffff
		wmSettingChange = 0x001a
		smtoAbortIfHung = 0x0002
	)
	param, err := windows.UTF16PtrFromString("Environment")
	if err != nil || sendMessageTimeout.Find() != nil {
		return
	}
	var result uintptr
	sendMessageTimeout.Call(hwndBroadcast, wmSettingChange, 0,
		uintptr(unsafe.Pointer(param)), smtoAbortIfHung, 5000, uintptr(unsafe.Pointer(&result)))
}

// withPathEntry returns the ;-separated list with dir first, unless dir (or
// an entry that expands to it) is already somewhere in it.
func withPathEntry(list, dir string, expand func(string) string) (string, bool) {
	for _, e := range strings.Split(list, ";") {
		if samePathEntry(e, dir, expand) {
			return list, false
		}
	}
	if strings.Trim(list, ";") == "" {
		return dir, true
	}
	return dir + ";" + list, true
}

// withoutPathEntry drops every entry of the ;-separated list that is dir.
func withoutPathEntry(list, dir string, expand func(string) string) (string, bool) {
	entries := strings.Split(list, ";")
	kept := entries[:0]
	for _, e := range entries {
		if !samePathEntry(e, dir, expand) {
			kept = append(kept, e)
		}
	}
	if len(kept) == len(entries) {
		return list, false
	}
	return strings.Join(kept, ";"), true
}

// samePathEntry compares the way Windows resolves PATH entries: with
// %VARIABLES% expanded, ignoring case, quotes and trailing separators.
func samePathEntry(entry, dir string, expand func(string) string) bool {
	norm := func(s string) string {
		s = strings.Trim(strings.TrimSpace(s), `"`)
		if expand != nil {
			s = expand(s)
		}
		return strings.ToLower(strings.TrimRight(s, `\/`))
	}
	e := norm(entry)
	return e != "" && e == norm(dir)
}
