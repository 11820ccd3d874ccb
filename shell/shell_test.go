package shell

import (
	"errors"
	"runtime"
	"strings"
	"testing"
)

func TestQuote(t *testing.T) {
	tests := []struct{ shell, in, want string }{
		{"bash", "", "''"},
		{"bash", "/usr/bin/nvmgo", "'/usr/bin/nvmgo'"},
		{"bash", "it's $HOME `x` \\ \"q\"", `'it'\''s $HOME ` + "`x`" + ` \ "q"'`},
		{"zsh", "a'b'", `'a'\''b'\'''`},
		{"zsh", "line\nbreak", "'line\nbreak'"},
		{"fish", "it's", `'it\'s'`},
		{"fish", `C:\dir\`, `'C:\\dir\\'`},
		{"fish", `$x \' "`, `'$x \\\' "'`},
		{"powershell", "it's", "'it''s'"},
		{"powershell", `C:\Program Files\$x`, `'C:\Program Files\$x'`},
		{"powershell", "O\u2019Brien \u2018x\u201b", "'O\u2019\u2019Brien \u2018\u2018x\u201b\u201b'"},
		{"unknown", "a'b", `'a'\''b'`},
	}
	for _, tt := range tests {
		if got := Quote(tt.shell, tt.in); got != tt.want {
			t.Errorf("Quote(%q, %q) = %s, want %s", tt.shell, tt.in, got, tt.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"bash", "bash"}, {"-bash", "bash"}, {"/bin/bash", "bash"}, {"/usr/local/bin/zsh", "zsh"},
		{"-zsh", "zsh"}, {"ZSH", "zsh"}, {"fish", "fish"}, {"/opt/homebrew/bin/fish", "fish"},
		{"pwsh", "powershell"}, {"pwsh.exe", "powershell"}, {"powershell.exe", "powershell"},
		{`C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`, "powershell"},
		{"PowerShell", "powershell"}, {`C:\Program Files\Git\bin\bash.exe`, "bash"}, {" bash\n", "bash"},
	}
	for _, tt := range tests {
		got, err := Normalize(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "sh", "/bin/tcsh", "cmd.exe", "nu", "bashful"} {
		_, err := Normalize(bad)
		if err == nil || !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "bash, zsh, fish, powershell") {
			t.Errorf("Normalize(%q) error = %v; want ErrUnsupported listing the shells", bad, err)
		}
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name, flag, parent, shellEnv, goos, want, wantErr string
	}{
		{"flag wins", "fish", "bash", "/bin/zsh", "linux", "fish", ""},
		{"flag alias", "pwsh", "", "", "linux", "powershell", ""},
		{"bad flag", "tcsh", "bash", "", "linux", "", "tcsh"},
		{"parent", "", "zsh", "/bin/bash", "linux", "zsh", ""},
		{"login parent", "", "-bash", "", "darwin", "bash", ""},
		{"parent not a shell", "", "sudo", "/usr/bin/fish", "linux", "fish", ""},
		{"SHELL", "", "", "/bin/zsh", "darwin", "zsh", ""},
		{"unsupported SHELL", "", "make", "/bin/tcsh", "linux", "", "tcsh"},
		{"nothing", "", "", "", "linux", "", "cannot detect"},
		{"windows default", "", "", "", "windows", "powershell", ""},
		{"windows git bash", "", "", "/usr/bin/bash", "windows", "bash", ""},
		{"windows odd SHELL", "", "", "/usr/bin/sh", "windows", "powershell", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := detect(tt.flag, tt.shellEnv, tt.parent, tt.goos)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "powershell") {
					t.Fatalf("detect = %q, %v; want error with %q and the supported list", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("detect = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	if _, err := Detect("bash", "", ""); err != nil {
		t.Fatal(err)
	}
}

func TestParentProcessName(t *testing.T) {
	name := ParentProcessName()
	if runtime.GOOS == "linux" && name == "" {
		t.Error("ParentProcessName is empty on Linux")
	}
	if runtime.GOOS != "linux" && name != "" {
		t.Errorf("ParentProcessName = %q, want \"\" off Linux", name)
	}
}

func TestEnvCode(t *testing.T) {
	tests := []struct{ shell, set, unset string }{
		{"bash", "export NVMGO_NODE_VERSION='v20.18.1'\n", "unset NVMGO_NODE_VERSION\n"},
		{"zsh", "export NVMGO_NODE_VERSION='v20.18.1'\n", "unset NVMGO_NODE_VERSION\n"},
		{"fish", "set -gx NVMGO_NODE_VERSION 'v20.18.1'\n", "set -e NVMGO_NODE_VERSION; true\n"},
		{"pwsh", "$env:NVMGO_NODE_VERSION = 'v20.18.1'\n",
			"Remove-Item -LiteralPath Env:NVMGO_NODE_VERSION -ErrorAction SilentlyContinue\n"},
	}
	for _, tt := range tests {
		set, err := SetEnvCode(tt.shell, "NVMGO_NODE_VERSION", "v20.18.1")
		if err != nil || set != tt.set {
			t.Errorf("SetEnvCode(%s) = %q, %v; want %q", tt.shell, set, err, tt.set)
		}
		unset, err := UnsetEnvCode(tt.shell, "NVMGO_NODE_VERSION")
		if err != nil || unset != tt.unset {
			t.Errorf("UnsetEnvCode(%s) = %q, %v; want %q", tt.shell, unset, err, tt.unset)
		}
	}
	for _, name := range []string{"", "1X", "A-B", "A B", "X;rm", "$X"} {
		if _, err := SetEnvCode("bash", name, "v"); err == nil {
			t.Errorf("SetEnvCode accepted name %q", name)
		}
		if _, err := UnsetEnvCode("fish", name); err == nil {
			t.Errorf("UnsetEnvCode accepted name %q", name)
		}
	}
	if _, err := SetEnvCode("tcsh", "X", "v"); !errors.Is(err, ErrUnsupported) {
		t.Errorf("SetEnvCode(tcsh) error = %v", err)
	}
}
