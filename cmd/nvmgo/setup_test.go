package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSetupWindowsRefusesPOSIXShells(t *testing.T) {
	root := t.TempDir()
	env := map[string]string{"NVMGO_HOME": filepath.Join(root, "home"), "USERPROFILE": filepath.Join(root, "user"), "HOME": filepath.Join(root, "user")}
	for _, sh := range []string{"bash", "zsh", "fish"} {
		var out, errb bytes.Buffer
		a := newApp(nil, &out, &errb, func(k string) string { return env[k] })
		a.goos = "windows"
		code := run([]string{"setup", "--shell", sh}, a)
		if code != 2 || out.Len() != 0 || !strings.Contains(errb.String(), "hint: run: nvmgo setup --shell powershell") {
			t.Errorf("setup --shell %s on windows: exit %d, stdout %q, stderr %q", sh, code, out.String(), errb.String())
		}
	}
	if ents, _ := os.ReadDir(root); len(ents) != 0 {
		t.Errorf("a refused setup wrote %v", ents)
	}
}

func TestAppendLine(t *testing.T) {
	f := filepath.Join(t.TempDir(), "github_path")
	tests := []struct {
		before, line string
		added        bool
		after        string
	}{
		{"", "/s", true, "/s\n"},
		{"/s\n", "/s", false, "/s\n"},
		{"/a", "/s", true, "/a\n/s\n"},
		{"/s\r\n/a\n", "/s", false, "/s\r\n/a\n"},
		{"/s/x\n", "/s", true, "/s/x\n/s\n"},
	}
	for _, tt := range tests {
		if err := os.WriteFile(f, []byte(tt.before), 0o644); err != nil {
			t.Fatal(err)
		}
		added, err := appendLine(f, tt.line)
		got, _ := os.ReadFile(f)
		if err != nil || added != tt.added || string(got) != tt.after {
			t.Errorf("appendLine(%q, %q) = %v, %v, file %q; want %v, %q", tt.before, tt.line, added, err, got, tt.added, tt.after)
		}
	}
}
