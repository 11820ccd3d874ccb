package shell

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestStampRoundTrip(t *testing.T) {
	exe := filepath.Join(t.TempDir(), "nvmgo")
	writeFile(t, exe, "binary", 0o755)
	st, err := CurrentStamp(exe, "/h/nvmgo")
	if err != nil || st.Size != 6 || st.Exe != exe {
		t.Fatalf("CurrentStamp = %+v, %v", st, err)
	}
	if got, ok := parseStamp(st.String()); !ok || got != st {
		t.Errorf("parseStamp(String()) = %+v, %v; want %+v", got, ok, st)
	}
	for _, bad := range []string{"", "nvmgo env files 2\nexe a\nsize 1\nmtime 1\nhome h\n", "nvmgo env files 1\nexe a\nsize x\nmtime 1\nhome h\n",
		"nvmgo env files 1\nexe a\nsize 1\nmtime 1\nexe h\n", "nvmgo env files 1\nexe a\n"} {
		if _, ok := parseStamp(bad); ok {
			t.Errorf("parseStamp(%q) accepted", bad)
		}
	}
	// An upgrade in place changes size or time.
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(exe, later, later); err != nil {
		t.Fatal(err)
	}
	if st2, _ := CurrentStamp(exe, "/h/nvmgo"); st2 == st {
		t.Error("the stamp did not change with the binary's time")
	}
}

func TestRenderAndRemove(t *testing.T) {
	root := t.TempDir()
	home := filepath.Join(root, "it's home")
	exe := filepath.Join(root, "nvmgo")
	writeFile(t, exe, "binary", 0o755)
	st, _ := CurrentStamp(exe, home)
	if _, ok := ReadStamp(home); ok {
		t.Fatal("a stamp before Render")
	}
	err := Render(RenderOptions{Exe: exe, Home: home, Shims: filepath.Join(home, "shims"), Stamp: st,
		CompletionPS1: func() (string, error) { return "# ps completion\n", nil }})
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := ReadStamp(home); !ok || got != st {
		t.Errorf("ReadStamp = %+v, %v; want %+v", got, ok, st)
	}
	kinds, files := []string{"bash", "zsh", "fish", "powershell"}, 7
	if runtime.GOOS == "windows" {
		kinds, files = []string{"powershell"}, 3 // see TestRenderWindows
	}
	for _, kind := range kinds {
		want, _ := Env(EnvOptions{Shell: kind, Exe: exe, Home: home, Shims: filepath.Join(home, "shims")})
		if got := readFile(t, RenderedFile(home, kind)); got != want {
			t.Errorf("%s file differs from Env", kind)
		}
	}
	if got := readFile(t, filepath.Join(home, CompletionPS1Name)); got != "# ps completion\n" {
		t.Errorf("completion.ps1 = %q", got)
	}
	win := filepath.Join(root, "win")
	if err := Render(RenderOptions{Exe: `C:\nvmgo.exe`, Home: win, Shims: `C:\Users\u\nvmgo\shims`, GOOS: "windows", Stamp: st}); err != nil {
		t.Errorf("Render for Windows: %v", err)
	}
	if ents, _ := os.ReadDir(win); len(ents) != 2 || ents[0].Name() != "env.ps1" || ents[1].Name() != StampName {
		t.Errorf("Render for Windows wrote %v, want env.ps1 and the stamp", ents)
	}
	removed, err := RemoveRendered(home)
	if err != nil || len(removed) != files {
		t.Errorf("RemoveRendered = %q, %v; want %d files", removed, err, files)
	}
	if left, _ := os.ReadDir(home); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
	if removed, err := RemoveRendered(home); err != nil || len(removed) != 0 {
		t.Errorf("second RemoveRendered = %q, %v", removed, err)
	}
}

// The ~/.profile line in real POSIX shells: dash (or whatever /bin/sh is)
// gets env.sh, bash reading ~/.profile gets env.bash with the function; a
// missing file is silent and leaves the status 0.
func TestProfileLineInRealShells(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX shells")
	}
	home := oddDir(t, "home")
	shims := filepath.Join(home, "shims")
	exe := writeFakeNvmgo(t, oddDir(t, "bin"))
	st := Stamp{Exe: exe, Home: home}
	if err := Render(RenderOptions{Exe: exe, Home: home, Shims: shims, Stamp: st}); err != nil {
		t.Fatal(err)
	}
	line, _ := SourceLine("sh", home)
	profile := filepath.Join(t.TempDir(), "profile")
	writeFile(t, profile, line+"\n", 0o644)
	script := `. "$P"; . "$P"; printf 'PATH=%s\n' "$PATH"; printf 'HOME=%s\n' "$NVMGO_HOME"; command -v nvmgo; echo "integ=${NVMGO_SHELL_INTEGRATION-none}"`
	for _, sh := range []string{"/bin/sh", "bash"} {
		cmd := exec.Command(sh, "-c", script)
		cmd.Env = []string{"PATH=/usr/bin:/bin", "P=" + profile}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", sh, err, out)
		}
		got := string(out)
		if !strings.Contains(got, "PATH="+shims+":/usr/bin:/bin\n") || !strings.Contains(got, "HOME="+home+"\n") {
			t.Errorf("%s after sourcing the ~/.profile line twice:\n%s", sh, got)
		}
		wantFunc := sh == "bash"
		if gotFunc := strings.Contains(got, "\nnvmgo\n"); gotFunc != wantFunc {
			t.Errorf("%s: nvmgo function defined = %v, want %v:\n%s", sh, gotFunc, wantFunc, got)
		}
	}
	if _, err := RemoveRendered(home); err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"sh", "bash"} {
		line, _ := SourceLine(kind, home)
		out, err := exec.Command("bash", "-c", line+"\necho \"rc=$?\"").CombinedOutput()
		if err != nil || string(out) != "rc=0\n" {
			t.Errorf("%s line with the files missing: %v %q, want only rc=0", kind, err, out)
		}
	}
}

// A rendered file whose binary has gone calls the nvmgo on PATH instead.
func TestFunctionFallsBackToPath(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX shells")
	}
	bin := oddDir(t, "bin")
	writeFakeNvmgo(t, bin)
	home := oddDir(t, "home")
	gone := filepath.Join(t.TempDir(), "moved", "nvmgo")
	scripts := map[string][]string{
		"bash": {"bash", "--norc", "-c", `. "$F"; nvmgo list x; nvmgo use 18; echo "v=$NVMGO_NODE_VERSION"`},
		"zsh":  {"zsh", "-f", "-c", `. "$F"; nvmgo list x; nvmgo use 18; echo "v=$NVMGO_NODE_VERSION"`},
		"fish": {"fish", "--no-config", "-c", `source $F; nvmgo list x; nvmgo use 18; echo "v=$NVMGO_NODE_VERSION"`},
	}
	for sh, argv := range scripts {
		if _, err := exec.LookPath(sh); err != nil {
			t.Logf("%s is not installed", sh)
			continue
		}
		code, err := Env(EnvOptions{Shell: sh, Exe: gone, Home: home, Shims: filepath.Join(home, "shims")})
		if err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(t.TempDir(), "env."+sh)
		writeFile(t, f, code, 0o644)
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Env = []string{"PATH=" + bin + ":/usr/bin:/bin", "F=" + f, "HOME=" + t.TempDir()}
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "ran integ="+sh+" [list] [x]\n") || !strings.Contains(string(out), "v=v18.20.4\n") {
			t.Errorf("%s with the rendered binary gone: %v\n%s", sh, err, out)
		}
	}
}

func TestMessageCode(t *testing.T) {
	tests := []struct{ sh, want string }{
		{"bash", `printf '%s\n' 'now using it'\''s v20' >&2` + "\n"},
		{"fish", `printf '%s\n' 'now using it\'s v20' >&2` + "\n"},
		{"pwsh", `[Console]::Error.WriteLine('now using it''s v20')` + "\n"},
	}
	for _, tt := range tests {
		if got, err := MessageCode(tt.sh, "now using it's v20"); err != nil || got != tt.want {
			t.Errorf("MessageCode(%s) = %q, %v; want %q", tt.sh, got, err, tt.want)
		}
	}
	if _, err := MessageCode("tcsh", "x"); err == nil {
		t.Error("MessageCode(tcsh): want an error")
	}
}
