package shell

import (
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// goldenOptions has paths with a space, quotes and a $ so the goldens show
// each shell's quoting.
func goldenOptions(shell string) EnvOptions {
	if shell == "powershell" {
		return EnvOptions{
			Shell: shell,
			Exe:   `C:\Users\O'Brien $x\AppData\Local\Programs\nvmgo\nvmgo.exe`,
			Home:  `C:\Users\O'Brien $x\AppData\Local\nvmgo`,
			Shims: `C:\Users\O'Brien $x\AppData\Local\nvmgo\shims`,
		}
	}
	return EnvOptions{
		Shell: shell,
		Exe:   `/home/o'brien/my $dir/bin/nvmgo`,
		Home:  `/home/o'brien/.local/share/nvmgo`,
		Shims: `/home/o'brien/.local/share/nvmgo/shims`,
	}
}

func TestEnvGolden(t *testing.T) {
	ext := map[string]string{"bash": "bash", "zsh": "zsh", "fish": "fish", "powershell": "ps1"}
	for _, sh := range Supported {
		t.Run(sh, func(t *testing.T) {
			got, err := Env(goldenOptions(sh))
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "env."+ext[sh]+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./shell -run TestEnvGolden -update)", err)
			}
			if got != string(want) {
				t.Errorf("Env(%s) differs from %s (rerun with -update if intended):\n%s", sh, golden, unifiedDiff(golden, string(want), got))
			}
			if strings.Contains(got, "{{") {
				t.Errorf("unrendered template action in %s snippet", sh)
			}
		})
	}
}

func TestEnvPowerShellQuoting(t *testing.T) {
	got, err := Env(goldenOptions("powershell"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`$exe = 'C:\Users\O''Brien $x\AppData\Local\Programs\nvmgo\nvmgo.exe'`,
		`$env:NVMGO_HOME = 'C:\Users\O''Brien $x\AppData\Local\nvmgo'`,
		`$env:NVMGO_SHELL_INTEGRATION = 'powershell'`,
		`--print-env --shell powershell`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("PowerShell snippet lacks %q", want)
		}
	}
}

func TestEnvErrors(t *testing.T) {
	ok := goldenOptions("bash")
	tests := []struct {
		name string
		edit func(*EnvOptions)
		want string
	}{
		{"unknown shell", func(o *EnvOptions) { o.Shell = "tcsh" }, "supported: bash, zsh, fish, powershell"},
		{"relative exe", func(o *EnvOptions) { o.Exe = "nvmgo" }, "not absolute"},
		{"no home", func(o *EnvOptions) { o.Home = "" }, "required"},
		{"no shims", func(o *EnvOptions) { o.Shims = "" }, "required"},
		{"colon in shims", func(o *EnvOptions) { o.Shims = "/a:b" }, "':'"},
	}
	for _, tt := range tests {
		o := ok
		tt.edit(&o)
		if _, err := Env(o); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Env error = %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

func TestIsAbs(t *testing.T) {
	for p, want := range map[string]bool{
		"/usr/bin/nvmgo": true, `C:\nvmgo.exe`: true, "c:/x": true, `\\server\share\x`: true,
		"nvmgo": false, "./nvmgo": false, "C:nvmgo": false, "": false,
	} {
		if got := isAbs(p); got != want {
			t.Errorf("isAbs(%q) = %v, want %v", p, got, want)
		}
	}
}

func BenchmarkEnvBash(b *testing.B) {
	o := goldenOptions("bash")
	for b.Loop() {
		if _, err := Env(o); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSnippetPlaceholders keeps the snippets to the placeholders Env
// replaces, each quoted one used at least once: a typo would reach users' shells as
// literal "{{...}}" text.
func TestSnippetPlaceholders(t *testing.T) {
	for _, sh := range Supported {
		s := snippet(sh)
		if s == "" {
			t.Fatalf("%s: no snippet", sh)
		}
		for _, p := range placeholders {
			if !strings.Contains(s, p) {
				t.Errorf("%s snippet does not use %s", sh, p)
			}
			s = strings.ReplaceAll(s, p, "")
		}
		s = strings.ReplaceAll(s, shellPlaceholder, "")
		if i := strings.Index(s, "{{"); i >= 0 {
			t.Errorf("%s snippet has an unknown placeholder near %q", sh, s[i:min(len(s), i+20)])
		}
	}
}

// A path that itself contains placeholder text is inserted as it is.
func TestEnvPathWithPlaceholderText(t *testing.T) {
	root := t.TempDir() // absolute on every OS
	exe := filepath.Join(root, "{{.Home}}", "nvmgo")
	h := filepath.Join(root, "{{.Shims}}")
	sh := "bash"
	if runtime.GOOS == "windows" { // a drive letter's ':' cannot be on a POSIX PATH
		sh = "powershell"
	}
	got, err := Env(EnvOptions{Shell: sh, Exe: exe, Home: h, Shims: filepath.Join(root, "s")})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{Quote(sh, exe), Quote(sh, h)} {
		if !strings.Contains(got, want) {
			t.Errorf("snippet lacks %s:\n%s", want, got)
		}
	}
}
