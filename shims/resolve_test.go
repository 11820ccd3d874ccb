package shims

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/store"
)

// fakeInstall makes a complete install: a bin/node and the metadata file.
func fakeInstall(t *testing.T, h store.Home, ver, lts string) {
	t.Helper()
	dir := h.VersionDir(ver)
	if err := os.MkdirAll(filepath.Join(dir, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bin", "node"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := store.WriteMeta(dir, store.Meta{Version: ver, LTS: lts}); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestResolveOrder(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("unix layout")
	}
	root := t.TempDir()
	h := store.Home{Root: filepath.Join(root, "home")}
	fakeInstall(t, h, "v18.20.8", "Hydrogen")
	fakeInstall(t, h, "v20.18.1", "Iron")
	fakeInstall(t, h, "v22.12.0", "Jod")
	proj := filepath.Join(root, "proj")
	writeFile(t, filepath.Join(proj, ".nvmrc"), "# pinned\r\nlts/hydrogen\r\n")
	writeFile(t, filepath.Join(proj, "pkg", "package.json"), `{"engines":{"node":"^20"}}`)
	writeFile(t, filepath.Join(proj, "pkg", "deep", "a", ".keep"), "")
	writeFile(t, filepath.Join(proj, "vol", "package.json"), `{"volta":{"node":"22.12.0"}}`)
	writeFile(t, filepath.Join(proj, "missing", ".node-version"), "21\n")
	writeFile(t, filepath.Join(proj, "bad", ".nvmrc"), "../../bin\n")
	mono := filepath.Join(root, "mono")
	writeFile(t, filepath.Join(mono, ".nvmrc"), "22\n")
	writeFile(t, filepath.Join(mono, "packages", "web", "package.json"), `{"engines":{"node":">=18"}}`)
	writeFile(t, filepath.Join(mono, "packages", "old", ".node-version"), "16.20.2\n")
	writeFile(t, filepath.Join(mono, "packages", "old", "sub", "package.json"), `{"engines":{"node":">=18"}}`)
	writeFile(t, filepath.Join(mono, "packages", "new", ".nvmrc"), "21\n")
	writeFile(t, filepath.Join(mono, "packages", "new", "sub", "package.json"), `{"engines":{"node":">=18"}}`)
	writeFile(t, filepath.Join(mono, "packages", "empty", ".nvmrc"), "\n")
	writeFile(t, filepath.Join(mono, "packages", "broken", "package.json"), `{"engines":{"node":">=18"`)
	writeFile(t, filepath.Join(mono, "packages", "narrow", "package.json"), `{"engines":{"node":"^22.13"}}`)
	writeFile(t, filepath.Join(root, "eng", "package.json"), `{"engines":{"node":">=19"}}`)
	writeFile(t, filepath.Join(root, "far", "package.json"), `{"engines":{"node":">=23"}}`)
	writeFile(t, filepath.Join(root, "both", "package.json"), `{"engines":{"node":">=18"},"devEngines":{"runtime":{"name":"node","version":"<22"}}}`)
	sysBin := filepath.Join(root, "sys")
	writeFile(t, filepath.Join(sysBin, "node"), "#!/bin/sh\n")
	os.Chmod(filepath.Join(sysBin, "node"), 0o755)
	outside := filepath.Join(root, "outside")
	os.MkdirAll(outside, 0o755)

	tests := []struct {
		name, cwd, envVer, def, path string
		want, source                 string
		err, warn                    string
	}{
		{name: "env beats file", cwd: proj, envVer: "20", want: "v20.18.1", source: "env"},
		{name: "nvmrc codename", cwd: proj, want: "v18.20.8", source: "file"},
		{name: "engines passes over a pin outside it", cwd: filepath.Join(proj, "pkg", "deep", "a"), want: "v20.18.1", source: "constraints"},
		{name: "engines below a pin that meets it", cwd: filepath.Join(mono, "packages", "web"), def: "20", want: "v22.12.0", source: "file"},
		{name: "exact pin outside the range", cwd: filepath.Join(mono, "packages", "old", "sub"), want: "v22.12.0", source: "file"},
		{name: "pin not installed, may meet the range", cwd: filepath.Join(mono, "packages", "new", "sub"), err: "nvmgo install 21"},
		{name: "empty .nvmrc is skipped", cwd: filepath.Join(mono, "packages", "empty"), want: "v22.12.0", source: "file", warn: ".nvmrc: no version in the file; skipped"},
		{name: "package.json not JSON is skipped", cwd: filepath.Join(mono, "packages", "broken"), want: "v22.12.0", source: "file", warn: "package.json: invalid JSON"},
		{name: "range met by nothing installed", cwd: filepath.Join(mono, "packages", "narrow"), err: "nvmgo install ^22.13"},
		{name: "engines and the default", cwd: filepath.Join(root, "eng"), def: "20", want: "v20.18.1", source: "alias"},
		{name: "default outside the range", cwd: filepath.Join(root, "eng"), def: "18", want: "v22.12.0", source: "constraints"},
		{name: "default not installed, range met", cwd: filepath.Join(root, "eng"), def: "19", want: "v22.12.0", source: "constraints"},
		{name: "no range met", cwd: filepath.Join(root, "far"), def: "20", err: "nvmgo install '>=23'"},
		{name: "two ranges in one package.json", cwd: filepath.Join(root, "both"), want: "v20.18.1", source: "constraints"},
		{name: "env beats ranges", cwd: filepath.Join(root, "far"), envVer: "18", want: "v18.20.8", source: "env"},
		{name: "volta", cwd: filepath.Join(proj, "vol"), want: "v22.12.0", source: "file"},
		{name: "file beats default", cwd: proj, def: "22", want: "v18.20.8", source: "file"},
		{name: "default outside projects", cwd: outside, def: "lts/-1", want: "v20.18.1", source: "alias"},
		{name: "system when nothing", cwd: outside, path: sysBin, want: "system", source: "system"},
		{name: "error without system node", cwd: outside, path: filepath.Join(root, "empty"), err: "no node version is selected"},
		{name: "pinned but missing", cwd: filepath.Join(proj, "missing"), err: "nvmgo install 21"},
		{name: "not a spec", cwd: filepath.Join(proj, "bad"), err: filepath.Join(proj, "bad", ".nvmrc")},
		{name: "env system", cwd: proj, envVer: "system", path: sysBin, want: "system", source: "env"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			os.RemoveAll(h.AliasesDir())
			if tt.def != "" {
				if err := h.WriteAlias(store.DefaultAlias, tt.def); err != nil {
					t.Fatal(err)
				}
			}
			env := map[string]string{VersionEnv: tt.envVer, "PATH": tt.path + string(os.PathListSeparator) + h.ShimsDir()}
			sel, err := Resolve(Env{Getenv: func(k string) string { return env[k] }, Cwd: tt.cwd, Home: h, GOOS: runtime.GOOS})
			if tt.err != "" {
				if err == nil || !strings.Contains(hint.Text(err), tt.err) {
					t.Fatalf("Resolve error = %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if sel.Version != tt.want || sel.Source != tt.source {
				t.Errorf("Resolve = %s from %s (%s), want %s from %s", sel.Version, sel.Source, sel.Reason, tt.want, tt.source)
			}
			if tt.warn == "" && len(sel.Warnings) > 0 || tt.warn != "" && (len(sel.Warnings) != 1 || !strings.Contains(sel.Warnings[0], tt.warn)) {
				t.Errorf("warnings = %q, want one with %q", sel.Warnings, tt.warn)
			}
		})
	}
}

func TestNotInstalledErrorNamesFileAndCommand(t *testing.T) {
	msg := hint.Text(notInstalled(">=21 <22", "from /p/.nvmrc: >=21 <22", errors.New("x")))
	for _, want := range []string{"/p/.nvmrc", "nvmgo install '>=21 <22'"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
}

func TestResolveReportsConstraintsAndPassedOver(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("unix layout")
	}
	root := t.TempDir()
	h := store.Home{Root: filepath.Join(root, "home")}
	fakeInstall(t, h, "v18.20.8", "Hydrogen")
	fakeInstall(t, h, "v22.12.0", "Jod")
	writeFile(t, filepath.Join(root, "p", ".nvmrc"), "18\n")
	pkg := filepath.Join(root, "p", "web", "package.json")
	writeFile(t, pkg, `{"engines":{"node":">=20"}}`)
	if err := h.WriteAlias(store.DefaultAlias, "18"); err != nil {
		t.Fatal(err)
	}
	env := func(string) string { return "" }
	sel, err := Resolve(Env{Getenv: env, Cwd: filepath.Dir(pkg), Home: h, GOOS: runtime.GOOS})
	if err != nil {
		t.Fatal(err)
	}
	if sel.Version != "v22.12.0" || sel.Source != "constraints" || sel.File != pkg {
		t.Errorf("Resolve = %+v", sel)
	}
	if len(sel.Constraints) != 1 || sel.Constraints[0] != (Constraint{Range: ">=20", File: pkg, Field: "engines.node"}) {
		t.Errorf("constraints = %+v", sel.Constraints)
	}
	want := []PassedOver{
		{File: filepath.Join(root, "p", ".nvmrc"), Spec: "18", Why: "v18.20.8 does not satisfy >=20 (" + pkg + " engines.node)"},
		{Spec: "18", Why: "v18.20.8 does not satisfy >=20 (" + pkg + " engines.node)"},
	}
	if len(sel.PassedOver) != 2 || sel.PassedOver[0] != want[0] || sel.PassedOver[1] != want[1] {
		t.Errorf("passed over = %+v\nwant %+v", sel.PassedOver, want)
	}
	// With nothing installed inside the range: an error naming the file.
	writeFile(t, pkg, `{"engines":{"node":">=24"}}`)
	_, err = Resolve(Env{Getenv: env, Cwd: filepath.Dir(pkg), Home: h, GOOS: runtime.GOOS})
	var nie *NotInstalledError
	if !errors.As(err, &nie) || nie.Spec != ">=24" || !strings.Contains(err.Error(), pkg+" engines.node") {
		t.Fatalf("error = %v; want node >=24 not installed, naming %s", err, pkg)
	}
}
