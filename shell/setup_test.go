package shell

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

func setupOpts(t *testing.T, shell, goos string) SetupOptions {
	t.Helper()
	return SetupOptions{
		Shell: shell, Home: t.TempDir(), GOOS: goos,
		NvmgoHome: filepath.Join(t.TempDir(), "it's $my", "nvmgo"),
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeFile(t *testing.T, path, content string, perm os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, perm); err != nil {
		t.Fatal(err)
	}
}

func TestSetupRoundTrip(t *testing.T) {
	contents := map[string]string{
		"plain":       "export PATH=$HOME/bin:$PATH\n",
		"no eol":      "alias gs='git status'",
		"crlf":        "# from windows\r\nexport A=1\r\n",
		"unicode":     "# 设置 ✓\nexport NAME='Zoë'\n",
		"hand edited": "x=1\n  # >>> nvmgo >>>\neval \"$(/old/nvmgo env)\"\n# <<< nvmgo <<<  \n",
		"empty":       "",
	}
	for name, orig := range contents {
		t.Run(name, func(t *testing.T) {
			o := setupOpts(t, "bash", "darwin")
			profiles, _ := Profiles("bash", "darwin", o.Home, Vars{})
			var files []string
			for _, p := range profiles {
				writeFile(t, p.Path, orig, 0o600)
				files = append(files, p.Path)
			}
			res, err := Setup(o)
			if err != nil || !res.Changed || len(res.Files) != 2 {
				t.Fatalf("Setup = %+v, %v", res, err)
			}
			for i, f := range files {
				line, _ := SourceLine(profiles[i].Kind, o.NvmgoHome)
				got := readFile(t, f)
				if strings.Count(got, BeginMarker) != 1 || !strings.Contains(got, line) {
					t.Errorf("%s after setup:\n%s", f, got)
				}
				if fi, _ := os.Stat(f); runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
					t.Errorf("%s mode = %v, want 0600 kept", f, fi.Mode().Perm())
				}
				if b := readFile(t, f+BackupSuffix); b != orig {
					t.Errorf("backup = %q, want %q", b, orig)
				}
			}
			again, err := Setup(o)
			if err != nil || again.Changed || again.Diff != "" {
				t.Errorf("second Setup = %+v, %v; want no change", again, err)
			}
			if _, err := Uninstall(o); err != nil {
				t.Fatal(err)
			}
			want := orig
			if name == "hand edited" {
				want = "x=1\n"
			}
			for _, f := range files {
				if got := readFile(t, f); got != want {
					t.Errorf("%s after uninstall = %q, want %q", f, got, want)
				}
			}
			if res, err := Uninstall(o); err != nil || res.Changed {
				t.Errorf("second Uninstall = %+v, %v; want no change", res, err)
			}
		})
	}
}

func TestSetupCreatesAndUninstallRemoves(t *testing.T) {
	o := setupOpts(t, "fish", "linux")
	res, err := Setup(o)
	f := filepath.Join(o.Home, ".config", "fish", "conf.d", "nvmgo.fish")
	profile := filepath.Join(o.Home, ".profile")
	want := []FileChange{{f, true}, {profile, true}}
	if err != nil || !res.Changed || !reflect.DeepEqual(res.Files, want) {
		t.Fatalf("Setup = %+v, %v; want files %v", res, err, want)
	}
	if got := readFile(t, f); !strings.Contains(got, "\nif test -r ") || !strings.Contains(got, "env.fish'; end\n") {
		t.Errorf("fish profile:\n%s", got)
	}
	for _, p := range []string{f, profile} {
		if _, err := os.Stat(p + BackupSuffix); !os.IsNotExist(err) {
			t.Errorf("a backup of a file that did not exist: %v", err)
		}
	}
	res, err = Uninstall(o)
	if err != nil || !res.Changed {
		t.Fatalf("Uninstall = %+v, %v", res, err)
	}
	var removed []string
	for _, c := range res.Files {
		if c.Changed {
			removed = append(removed, c.Path)
		}
	}
	if !reflect.DeepEqual(removed, []string{profile, f}) {
		t.Errorf("Uninstall changed %q, want %q", removed, []string{profile, f})
	}
	for _, p := range []string{f, profile} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("uninstall left the file setup created: %v", err)
		}
	}
}

// Uninstall takes nvmgo out of every shell's profiles, whichever shell
// set them up, and goes on past a file it cannot fix.
func TestUninstallEveryShell(t *testing.T) {
	o := setupOpts(t, "bash", "linux")
	writeFile(t, filepath.Join(o.Home, ".bash_profile"), "export A=1\n", 0o644)
	for _, sh := range Supported {
		o.Shell = sh
		if _, err := Setup(o); err != nil {
			t.Fatal(err)
		}
	}
	broken := filepath.Join(o.Home, ".zshrc")
	writeFile(t, broken, readFile(t, broken)+BeginMarker+"\n", 0o644)
	o.Shell = ""
	res, err := Uninstall(o)
	if err == nil || !strings.Contains(err.Error(), broken) {
		t.Errorf("Uninstall error = %v, want one naming %s", err, broken)
	}
	for _, f := range AllProfiles("linux", o.Home, o.Vars) {
		b, rerr := os.ReadFile(f)
		if f != broken && rerr == nil && strings.Contains(string(b), "nvmgo") {
			t.Errorf("%s still holds nvmgo after uninstall:\n%s", f, b)
		}
	}
	if got := readFile(t, filepath.Join(o.Home, ".bash_profile")); got != "export A=1\n" {
		t.Errorf(".bash_profile = %q", got)
	}
	if !res.Changed {
		t.Error("Uninstall reported no change")
	}
}

func TestSetupDryRun(t *testing.T) {
	o := setupOpts(t, "zsh", "linux")
	o.DryRun = true
	f := filepath.Join(o.Home, ".zshrc")
	writeFile(t, f, "setopt autocd\n", 0o644)
	res, err := Setup(o)
	if err != nil || !res.Changed || !strings.Contains(res.Diff, "+"+BeginMarker) || !strings.Contains(res.Diff, " setopt autocd") {
		t.Fatalf("dry-run Setup = %+v, %v", res, err)
	}
	if got := readFile(t, f); got != "setopt autocd\n" {
		t.Errorf("dry run wrote the profile: %q", got)
	}
	entries, _ := os.ReadDir(o.Home)
	if len(entries) != 1 {
		t.Errorf("dry run left files: %v", entries)
	}
}

func TestSetupFollowsSymlink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks need privileges on Windows")
	}
	o := setupOpts(t, "bash", "linux")
	target := filepath.Join(o.Home, "dotfiles", "bashrc")
	writeFile(t, target, "export A=1\n", 0o644)
	link := filepath.Join(o.Home, ".bashrc")
	if err := os.Symlink(filepath.Join("dotfiles", "bashrc"), link); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(o.Home, ".bash_profile")
	if err := os.Symlink(filepath.Join(o.Home, "dotfiles", "new", "profile"), dangling); err != nil {
		t.Fatal(err)
	}
	o.GOOS = "darwin"
	if _, err := Setup(o); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v", err)
	}
	if got := readFile(t, target); !strings.Contains(got, BeginMarker) {
		t.Errorf("target not edited: %q", got)
	}
	if readFile(t, target+BackupSuffix) != "export A=1\n" {
		t.Error("backup not beside the target")
	}
	if got := readFile(t, dangling); !strings.Contains(got, BeginMarker) {
		t.Errorf("dangling link's target not created: %q", got)
	}
	if _, err := Uninstall(o); err != nil || readFile(t, target) != "export A=1\n" {
		t.Errorf("uninstall through the link: %v, %q", err, readFile(t, target))
	}
}

func TestSetupBackupWrittenOnce(t *testing.T) {
	o := setupOpts(t, "powershell", "linux")
	profiles, _ := Profiles("powershell", "linux", o.Home, Vars{})
	files := []string{profiles[0].Path}
	writeFile(t, files[0], "\ufeffSet-PSReadLineOption -EditMode Emacs\r\n", 0o644)
	if _, err := Setup(o); err != nil {
		t.Fatal(err)
	}
	if _, err := Uninstall(o); err != nil {
		t.Fatal(err)
	}
	writeFile(t, files[0], "changed since\r\n", 0o644)
	if _, err := Setup(o); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, files[0]+BackupSuffix); got != "\ufeffSet-PSReadLineOption -EditMode Emacs\r\n" {
		t.Errorf("backup overwritten: %q", got)
	}
	if got := readFile(t, files[0]); !strings.Contains(got, "env.ps1' }\r\n") {
		t.Errorf("PowerShell profile:\n%q", got)
	}
}

func TestSetupErrors(t *testing.T) {
	o := setupOpts(t, "bash", "linux")
	f := filepath.Join(o.Home, ".bashrc")
	writeFile(t, f, "a\n"+BeginMarker+"\nb\n", 0o644)
	if _, err := Setup(o); err == nil || !strings.Contains(err.Error(), "by hand") {
		t.Errorf("unclosed marker: err = %v", err)
	}
	writeFile(t, f, "\xff\xfe#\x00\n\x00", 0o644)
	if _, err := Setup(o); err == nil || !strings.Contains(err.Error(), "UTF-16") {
		t.Errorf("UTF-16 profile: err = %v", err)
	}
	o.NvmgoHome = "nvmgo"
	if _, err := Setup(o); err == nil || !strings.Contains(err.Error(), "absolute") {
		t.Errorf("relative nvmgo home: err = %v", err)
	}
	o.Shell = "tcsh"
	if _, err := Uninstall(o); err == nil {
		t.Error("tcsh: want an error")
	}
}

// Off Windows there is no user PATH to edit.
func TestUserPathOffWindows(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the real registry is not a test fixture")
	}
	dir := `C:\Users\u\AppData\Local\nvmgo\shims`
	if changed, err := AddUserPath(dir); changed || err != nil {
		t.Errorf("AddUserPath off Windows = %v, %v", changed, err)
	}
	if changed, err := RemoveUserPath(dir); changed || err != nil {
		t.Errorf("RemoveUserPath off Windows = %v, %v", changed, err)
	}
}
