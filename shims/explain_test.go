package shims

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestPinConflict(t *testing.T) {
	tests := []struct {
		nodeVersion, nvmrc string // "" for no file
		want               string // a part of the message; "" for none
	}{
		{"22\n", "20\n", "asks for 22 but"},
		{"22\n", "", ""},
		{"v22.12.0\n", "22.12.0\n", ""},
		{"lts/Iron\n", "lts/iron\n", ""},
		{"22\n", "22.12.0\n", "asks for 22 but"},
		{"22\n", "../../bin\n", "cannot be read"},
		{"22\n", "\n", "cannot be read"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		file := filepath.Join(dir, ".node-version")
		writeFile(t, file, tt.nodeVersion)
		if tt.nvmrc != "" {
			writeFile(t, filepath.Join(dir, ".nvmrc"), tt.nvmrc)
		}
		got := pinConflict(file)
		if tt.want == "" && got != "" || tt.want != "" && !strings.Contains(got, tt.want) {
			t.Errorf("%q + %q: pinConflict = %q, want %q", tt.nodeVersion, tt.nvmrc, got, tt.want)
		}
	}
	if got := pinConflict(filepath.Join(t.TempDir(), ".nvmrc")); got != "" {
		t.Errorf("an .nvmrc that decided: %q", got)
	}
}
