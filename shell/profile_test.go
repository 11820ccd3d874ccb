package shell

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func TestProfiles(t *testing.T) {
	home := t.TempDir()
	j := func(parts ...string) string { return filepath.Join(append([]string{home}, parts...)...) }
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	ps := "Microsoft.PowerShell_profile.ps1"
	p := func(kind string, parts ...string) Profile { return Profile{j(parts...), kind} }
	abs := func(kind, path string) Profile { return Profile{filepath.FromSlash(path), kind} }
	dotProfile := p("sh", ".profile")
	tests := []struct {
		shell, goos string
		env         map[string]string
		existing    []string // files that exist in home before
		want        []Profile
	}{
		{"bash", "linux", nil, nil, []Profile{p("bash", ".bashrc"), dotProfile}},
		{"bash", "darwin", nil, nil, []Profile{p("bash", ".bashrc"), dotProfile}},
		{"bash", "linux", nil, []string{".profile"}, []Profile{p("bash", ".bashrc"), dotProfile}},
		{"bash", "linux", nil, []string{".bash_profile", ".profile"}, []Profile{p("bash", ".bashrc"), p("bash", ".bash_profile"), dotProfile}},
		{"bash", "darwin", nil, []string{".bash_profile"}, []Profile{p("bash", ".bashrc"), p("bash", ".bash_profile")}},
		{"bash", "darwin", nil, []string{".bash_login", ".profile"}, []Profile{p("bash", ".bashrc"), p("bash", ".bash_login")}},
		{"-bash", "windows", nil, nil, []Profile{p("bash", ".bashrc"), dotProfile}},
		{"zsh", "linux", nil, nil, []Profile{p("zsh", ".zshrc"), p("zsh", ".zprofile"), dotProfile}},
		{"zsh", "darwin", map[string]string{"ZDOTDIR": filepath.FromSlash("/cfg/zsh")}, nil, []Profile{abs("zsh", "/cfg/zsh/.zshrc"), abs("zsh", "/cfg/zsh/.zprofile")}},
		{"zsh", "darwin", map[string]string{"ZDOTDIR": "relative"}, nil, []Profile{p("zsh", ".zshrc"), p("zsh", ".zprofile")}},
		{"fish", "linux", nil, nil, []Profile{p("fish", ".config", "fish", "conf.d", "nvmgo.fish"), dotProfile}},
		{"fish", "darwin", map[string]string{"XDG_CONFIG_HOME": filepath.FromSlash("/xdg")}, nil, []Profile{abs("fish", "/xdg/fish/conf.d/nvmgo.fish")}},
		{"pwsh", "linux", nil, nil, []Profile{p("powershell", ".config", "powershell", ps), dotProfile}},
		{"powershell", "darwin", map[string]string{"XDG_CONFIG_HOME": "rel"}, nil, []Profile{p("powershell", ".config", "powershell", ps)}},
		{"powershell", "windows", nil, nil, []Profile{p("powershell", "Documents", "PowerShell", ps), p("powershell", "Documents", "WindowsPowerShell", ps)}},
	}
	for _, tt := range tests {
		if runtime.GOOS == "windows" && tt.goos == "windows" && tt.shell == "powershell" {
			continue // the real Documents folder comes from the known-folder API there
		}
		for _, f := range []string{".bash_profile", ".bash_login", ".profile"} {
			os.Remove(j(f))
		}
		for _, f := range tt.existing {
			writeFile(t, j(f), "# mine\n", 0o644)
		}
		env = tt.env
		got, err := Profiles(tt.shell, tt.goos, home, VarsFrom(getenv))
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Profiles(%s, %s, %v, existing %v) = %v, %v; want %v", tt.shell, tt.goos, tt.env, tt.existing, got, err, tt.want)
		}
	}
	if _, err := Profiles("tcsh", "linux", home, VarsFrom(getenv)); err == nil || !strings.Contains(err.Error(), "supported") {
		t.Errorf("Profiles(tcsh) error = %v", err)
	}
	if _, err := Profiles("bash", "linux", "", VarsFrom(getenv)); err == nil {
		t.Error("Profiles with no home: want an error")
	}
}

// Every file any shell's setup may write is one that uninstall visits.
func TestAllProfilesCoverEveryShell(t *testing.T) {
	home := t.TempDir()
	for _, existing := range []string{"", ".bash_profile", ".bash_login"} {
		if existing != "" {
			writeFile(t, filepath.Join(home, existing), "", 0o644)
		}
		for _, goos := range []string{"linux", "darwin", "windows"} {
			for _, zdot := range []string{"", filepath.Join(home, "zdot")} {
				vars := Vars{ZDOTDIR: zdot}
				all := AllProfiles(goos, home, vars)
				for _, sh := range Supported {
					ps, err := Profiles(sh, goos, home, vars)
					if err != nil {
						t.Fatal(err)
					}
					for _, p := range ps {
						if !slices.Contains(all, p.Path) {
							t.Errorf("%s on %s (ZDOTDIR %q): setup writes %s, uninstall does not look there", sh, goos, zdot, p.Path)
						}
					}
				}
			}
		}
	}
}

func TestSourceLine(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the expected lines are written with / paths")
	}
	home := "/home/o'b/.local/share/nvmgo"
	tests := []struct{ kind, want string }{
		{"bash", `if [ -r '/home/o'\''b/.local/share/nvmgo/env.bash' ]; then . '/home/o'\''b/.local/share/nvmgo/env.bash'; fi`},
		{"zsh", `if [ -r '/home/o'\''b/.local/share/nvmgo/env.zsh' ]; then . '/home/o'\''b/.local/share/nvmgo/env.zsh'; fi`},
		{"fish", `if test -r '/home/o\'b/.local/share/nvmgo/env.fish'; source '/home/o\'b/.local/share/nvmgo/env.fish'; end`},
		{"powershell", `if (Test-Path -LiteralPath '/home/o''b/.local/share/nvmgo/env.ps1') { . '/home/o''b/.local/share/nvmgo/env.ps1' }`},
		{"sh", `if [ -n "${BASH_VERSION-}" ] && [ -r '/home/o'\''b/.local/share/nvmgo/env.bash' ]; then . '/home/o'\''b/.local/share/nvmgo/env.bash'; elif [ -r '/home/o'\''b/.local/share/nvmgo/env.sh' ]; then . '/home/o'\''b/.local/share/nvmgo/env.sh'; fi`},
	}
	for _, tt := range tests {
		got, err := SourceLine(tt.kind, home)
		if err != nil || got != tt.want {
			t.Errorf("SourceLine(%s) =\n%s, %v; want\n%s", tt.kind, got, err, tt.want)
		}
		if strings.Contains(got, "$(") || strings.Contains(got, "nvmgo env") {
			t.Errorf("SourceLine(%s) starts a process: %s", tt.kind, got)
		}
	}
	if _, err := SourceLine("tcsh", home); err == nil {
		t.Error("SourceLine(tcsh): want an error")
	}
}

func TestBlockRoundTrip(t *testing.T) {
	files := map[string]string{
		"empty":               "",
		"one line":            "alias ll='ls -l'\n",
		"no final newline":    "export A=1\nalias x=y",
		"crlf":                "$x = 1\r\n# comment\r\n",
		"crlf no final eol":   "$x = 1\r\nWrite-Host hi",
		"unicode":             "# café ☕ 日本語\nexport GREETING='héllo'\n",
		"bom":                 "\ufeff# profile\r\n",
		"blank lines only":    "\n\n\n",
		"markers of others":   "# >>> conda initialize >>>\nconda stuff\n# <<< conda initialize <<<\n",
		"marker-like text":    "echo '# >>> nvmgo >>>' # a quoted marker is not a marker line\n",
		"whitespace no eol":   "x=1\n   ",
		"lone carriage ret":   "a\rb\r",
		"trailing spaces eol": "a  \n\tb\t\n",
	}
	for name, orig := range files {
		added, err := withBlock(orig, "eval x")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !strings.Contains(added, "eval x") || strings.Count(added, BeginMarker) != strings.Count(orig, BeginMarker)+1 {
			t.Errorf("%s: block not added:\n%q", name, added)
		}
		if eol := lineEnding(orig); eol == "\r\n" && !strings.Contains(added, BeginMarker+"\r\n") {
			t.Errorf("%s: block does not use the file's CRLF line endings: %q", name, added)
		}
		again, err := withBlock(added, "eval x")
		if err != nil || again != added {
			t.Errorf("%s: second add changed the file: %q, %v", name, again, err)
		}
		removed, err := withoutBlock(added)
		if err != nil || removed != orig {
			t.Errorf("%s: round trip = %q, %v; want %q", name, removed, err, orig)
		}
	}
}

func TestBlockEditedByHand(t *testing.T) {
	base := "export A=1\n"
	tests := map[string]string{
		"changed line":        base + "# >>> nvmgo >>>\neval \"$(/old/nvmgo env)\"\n# <<< nvmgo <<<\n",
		"indented markers":    base + "  # >>> nvmgo >>>  \n# <<< nvmgo <<<\t\n",
		"duplicated block":    base + BeginMarker + "\nold\n" + EndMarker + "\n" + BeginMarker + "\nolder\n" + EndMarker + "\n",
		"block in the middle": "export A=1\n" + BeginMarker + "\nold\n" + EndMarker + "\n",
	}
	for name, content := range tests {
		added, err := withBlock(content, "eval x")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if strings.Count(added, BeginMarker) != 1 || !strings.Contains(added, "eval x\n") || !strings.HasPrefix(added, base) {
			t.Errorf("%s: want one fresh block after the rest:\n%s", name, added)
		}
		if removed, err := withoutBlock(added); err != nil || removed != base {
			t.Errorf("%s: uninstall = %q, %v; want %q", name, removed, err, base)
		}
	}
	mid := "a\n" + BeginMarker + "\nold\n" + EndMarker + "\nb\n"
	if got, _ := withBlock(mid, "eval x"); got != "a\n"+profileBlock("eval x", "\n")+"b\n" {
		t.Errorf("block not replaced in place: %q", got)
	}
	for _, broken := range []string{
		"x\n" + BeginMarker + "\neval\n",
		"x\n" + EndMarker + "\n",
		BeginMarker + "\n" + BeginMarker + "\n" + EndMarker + "\n",
	} {
		if _, err := withBlock(broken, "b"); err == nil {
			t.Errorf("withBlock(%q): want an error about the markers", broken)
		}
		if _, err := withoutBlock(broken); err == nil {
			t.Errorf("withoutBlock(%q): want an error about the markers", broken)
		}
	}
}

func TestUnifiedDiff(t *testing.T) {
	got := unifiedDiff("f", "a\nb\nc\nd\ne", "a\nb\nc\nd\ne\nX\nY")
	want := "--- f\n+++ f\n@@ -2,4 +2,6 @@\n b\n c\n d\n-e\n\\ No newline at end of file\n+e\n+X\n+Y\n\\ No newline at end of file\n"
	if got != want {
		t.Errorf("diff =\n%s\nwant\n%s", got, want)
	}
	if got := unifiedDiff("f", "", "x\n"); got != "--- f\n+++ f\n@@ -0,0 +1,1 @@\n+x\n" {
		t.Errorf("diff from empty = %q", got)
	}
	if unifiedDiff("f", "same", "same") != "" {
		t.Error("diff of equal texts is not empty")
	}
}
