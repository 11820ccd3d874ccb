package shell

import (
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

func TestProfileFiles(t *testing.T) {
	home := filepath.FromSlash("/home/u")
	j := func(parts ...string) string { return filepath.Join(append([]string{home}, parts...)...) }
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	ps := "Microsoft.PowerShell_profile.ps1"
	tests := []struct {
		shell, goos string
		env         map[string]string
		want        []string
	}{
		{"bash", "linux", nil, []string{j(".bashrc")}},
		{"bash", "darwin", nil, []string{j(".bashrc"), j(".bash_profile")}},
		{"-bash", "windows", nil, []string{j(".bashrc")}},
		{"zsh", "linux", nil, []string{j(".zshrc")}},
		{"zsh", "darwin", map[string]string{"ZDOTDIR": filepath.FromSlash("/cfg/zsh")}, []string{filepath.FromSlash("/cfg/zsh/.zshrc")}},
		{"zsh", "linux", map[string]string{"ZDOTDIR": "relative"}, []string{j(".zshrc")}},
		{"fish", "linux", nil, []string{j(".config", "fish", "conf.d", "nvmgo.fish")}},
		{"fish", "darwin", map[string]string{"XDG_CONFIG_HOME": filepath.FromSlash("/xdg")}, []string{filepath.FromSlash("/xdg/fish/conf.d/nvmgo.fish")}},
		{"pwsh", "linux", nil, []string{j(".config", "powershell", ps)}},
		{"powershell", "darwin", map[string]string{"XDG_CONFIG_HOME": "rel"}, []string{j(".config", "powershell", ps)}},
		{"powershell", "windows", nil, []string{j("Documents", "PowerShell", ps), j("Documents", "WindowsPowerShell", ps)}},
	}
	for _, tt := range tests {
		if runtime.GOOS == "windows" && tt.goos == "windows" && tt.shell == "powershell" {
			continue // the real Documents folder comes from the known-folder API there
		}
		env = tt.env
		got, err := ProfileFiles(tt.shell, tt.goos, home, getenv)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ProfileFiles(%s, %s, %v) = %q, %v; want %q", tt.shell, tt.goos, tt.env, got, err, tt.want)
		}
	}
	if _, err := ProfileFiles("tcsh", "linux", home, getenv); err == nil || !strings.Contains(err.Error(), "supported") {
		t.Errorf("ProfileFiles(tcsh) error = %v", err)
	}
	if _, err := ProfileFiles("bash", "linux", "", getenv); err == nil {
		t.Error("ProfileFiles with no home: want an error")
	}
}

func TestEvalLine(t *testing.T) {
	tests := []struct{ shell, exe, want string }{
		{"bash", "/opt/my tools/nvmgo", `eval "$('/opt/my tools/nvmgo' env --shell bash)"`},
		{"zsh", "/it's/nvmgo", `eval "$('/it'\''s/nvmgo' env --shell zsh)"`},
		{"fish", "/it's/nvmgo", `'/it\'s/nvmgo' env --shell fish | source`},
		{"pwsh", `C:\O'B\nvmgo.exe`, `& 'C:\O''B\nvmgo.exe' env --shell powershell | Out-String | Invoke-Expression`},
	}
	for _, tt := range tests {
		if got, err := EvalLine(tt.shell, tt.exe); err != nil || got != tt.want {
			t.Errorf("EvalLine(%s) = %s, %v; want %s", tt.shell, got, err, tt.want)
		}
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
