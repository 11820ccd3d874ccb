package shell

import (
	"strings"
	"testing"
)

func TestUserPathEntries(t *testing.T) {
	expand := func(s string) string { return strings.ReplaceAll(s, "%LOCALAPPDATA%", `C:\Users\u\AppData\Local`) }
	dir := `C:\Users\u\AppData\Local\nvmgo\shims`
	add := []struct{ list, want string }{
		{"", dir},
		{`C:\bin`, dir + `;C:\bin`},
		{`C:\bin;c:\users\U\appdata\local\NVMGO\shims\`, `C:\bin;c:\users\U\appdata\local\NVMGO\shims\`},
		{`%LOCALAPPDATA%\nvmgo\shims;C:\bin`, `%LOCALAPPDATA%\nvmgo\shims;C:\bin`},
		{`"C:\Users\u\AppData\Local\nvmgo\shims"`, `"C:\Users\u\AppData\Local\nvmgo\shims"`},
	}
	for _, tt := range add {
		if got, changed := withPathEntry(tt.list, dir, expand); got != tt.want || changed != (tt.list != tt.want) {
			t.Errorf("withPathEntry(%q) = %q, %v; want %q", tt.list, got, changed, tt.want)
		}
	}
	remove := []struct{ list, want string }{
		{dir, ""},
		{`C:\bin`, `C:\bin`},
		{dir + `;C:\bin;%LOCALAPPDATA%\nvmgo\shims\;D:\x`, `C:\bin;D:\x`},
	}
	for _, tt := range remove {
		if got, changed := withoutPathEntry(tt.list, dir, expand); got != tt.want || changed != (tt.list != tt.want) {
			t.Errorf("withoutPathEntry(%q) = %q, %v; want %q", tt.list, got, changed, tt.want)
		}
	}
}
