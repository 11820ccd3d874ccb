package shell

import (
	"errors"
	"os"
	"strings"
	"testing"

	"golang.org/x/sys/windows/registry"
)

// userPath reads HKCU\Environment\Path with its type (0 when missing).
func userPath(t *testing.T) (string, uint32) {
	t.Helper()
	k, err := registry.OpenKey(registry.CURRENT_USER, "Environment", registry.QUERY_VALUE)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	v, typ, err := k.GetStringValue("Path")
	if errors.Is(err, registry.ErrNotExist) {
		return "", 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return v, typ
}

// setUserPath sets (or with typ 0 deletes) the user PATH value.
func setUserPath(t *testing.T, v string, typ uint32) {
	t.Helper()
	k, _, err := registry.CreateKey(registry.CURRENT_USER, "Environment", registry.SET_VALUE)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	switch typ {
	case 0:
		err = k.DeleteValue("Path")
		if errors.Is(err, registry.ErrNotExist) {
			err = nil
		}
	case registry.SZ:
		err = k.SetStringValue("Path", v)
	default:
		err = k.SetExpandStringValue("Path", v)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// TestWindowsUserPath edits the real user PATH in the registry, so it runs
// only when asked (NVMGO_TEST_REGISTRY=1: scripts/wine-unit.sh sets it for
// its throwaway wine prefix); it puts back what was there.
func TestWindowsUserPath(t *testing.T) {
	if os.Getenv("NVMGO_TEST_REGISTRY") != "1" {
		t.Skip("edits HKCU\\Environment; set NVMGO_TEST_REGISTRY=1 to run it")
	}
	orig, origType := userPath(t)
	t.Cleanup(func() { setUserPath(t, orig, origType) })

	shims := `C:\Users\Ann Lee\AppData\Local\nvmgo\shims`
	t.Setenv("NVMGO_TEST_LAD", `C:\Users\Ann Lee\AppData\Local`)
	const start = `%USERPROFILE%\bin;C:\tools`

	steps := []struct {
		name    string
		edit    func(string) (bool, error)
		changed bool
		want    string
	}{
		{"add", AddUserPath, true, shims + ";" + start},
		{"add again", AddUserPath, false, shims + ";" + start},
		{"add, other case and a trailing slash", func(string) (bool, error) { return AddUserPath(`c:\users\ann lee\appdata\local\NVMGO\SHIMS\`) }, false, shims + ";" + start},
		{"remove", RemoveUserPath, true, start},
		{"remove again", RemoveUserPath, false, start},
	}
	setUserPath(t, start, registry.EXPAND_SZ)
	for _, s := range steps {
		changed, err := s.edit(shims)
		got, typ := userPath(t)
		if has, herr := UserPathHas(shims); herr != nil || has != strings.Contains(s.want, shims) {
			t.Errorf("%s: UserPathHas = %v, %v", s.name, has, herr)
		}
		if err != nil || changed != s.changed || got != s.want || typ != registry.EXPAND_SZ {
			t.Fatalf("%s: changed %v, %v; Path = %q (type %d); want changed %v, %q as REG_EXPAND_SZ (%d)",
				s.name, changed, err, got, typ, s.changed, s.want, registry.EXPAND_SZ)
		}
	}

	// An entry written with a variable is the same folder: nothing to add,
	// and remove takes it off.
	setUserPath(t, `%NVMGO_TEST_LAD%\nvmgo\shims;C:\tools`, registry.EXPAND_SZ)
	if has, err := UserPathHas(shims); err != nil || !has {
		t.Errorf("UserPathHas with the %%VAR%% entry: %v, %v", has, err)
	}
	if changed, err := AddUserPath(shims); err != nil || changed {
		t.Errorf("AddUserPath with %%NVMGO_TEST_LAD%%\\nvmgo\\shims there: changed %v, %v; want no change", changed, err)
	}
	if changed, err := RemoveUserPath(shims); err != nil || !changed {
		t.Errorf("RemoveUserPath of the %%VAR%% entry: changed %v, %v", changed, err)
	}
	if got, _ := userPath(t); got != `C:\tools` {
		t.Errorf("after removing the %%VAR%% entry Path = %q, want C:\\tools", got)
	}

	// No Path value at all: add creates one, remove of the last entry deletes it.
	setUserPath(t, "", 0)
	if changed, err := AddUserPath(shims); err != nil || !changed {
		t.Fatalf("AddUserPath with no Path: changed %v, %v", changed, err)
	}
	if got, typ := userPath(t); got != shims || typ != registry.EXPAND_SZ {
		t.Errorf("new Path = %q (type %d), want %q as REG_EXPAND_SZ", got, typ, shims)
	}
	if changed, err := RemoveUserPath(shims); err != nil || !changed {
		t.Fatalf("RemoveUserPath of the only entry: changed %v, %v", changed, err)
	}
	if got, typ := userPath(t); typ != 0 {
		t.Errorf("after removing the only entry Path = %q (type %d), want no value", got, typ)
	}

	// A REG_SZ Path keeps its entries (written back as REG_EXPAND_SZ, which
	// Windows itself uses for Path).
	setUserPath(t, `C:\tools;D:\bin`, registry.SZ)
	if changed, err := AddUserPath(shims); err != nil || !changed {
		t.Fatalf("AddUserPath to a REG_SZ Path: changed %v, %v", changed, err)
	}
	if got, _ := userPath(t); got != shims+`;C:\tools;D:\bin` {
		t.Errorf("Path = %q", got)
	}
}
