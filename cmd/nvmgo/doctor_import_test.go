//go:build unix

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportFindings(t *testing.T) {
	u := t.TempDir()
	// N_PREFIX: n's default, /usr/local, is outside the test's home
	env := map[string]string{"HOME": u, "NVMGO_HOME": filepath.Join(u, "nvmgo"), "N_PREFIX": filepath.Join(u, "no-n")}
	mk := func(path, body string) {
		p := filepath.Join(u, path)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	mk(".nvm/versions/node/v20.11.0/bin/node", "#!/bin/sh\necho v20.11.0\n")
	mk(".nvm/versions/node/v18.19.0/bin/node", "#!/bin/sh\necho v18.19.0\n")
	mk("nvmgo/versions/v18.19.0/.nvmgo.json", "{}") // already in nvmgo
	mk(".local/share/fnm/node-versions/v22.12.0/installation/bin/node", "")
	mk(".bashrc", "# nvm's installer wrote:\nexport NVM_DIR=\"$HOME/.nvm\"\n[ -s \"$NVM_DIR/nvm.sh\" ] && \\. \"$NVM_DIR/nvm.sh\"\n# eval \"$(fnm env)\"\neval \"$(nvmgo env)\"\n")
	mk(".config/fish/conf.d/fnm.fish", "fnm env --use-on-cd | source\n")
	a := newApp(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}, func(k string) string { return env[k] })
	a.goos = "linux"
	fs := importFindings(a)
	var got []string
	for _, f := range fs {
		got = append(got, f.Check+"|"+f.Status+"|"+strings.ReplaceAll(f.Detail, u, "~")+"|"+strings.ReplaceAll(f.Fix, u, "~"))
	}
	want := []string{
		"other managers|warn|nvm has 1 Node versions nvmgo lacks in ~/.nvm: v20.11.0|run: nvmgo import nvm (add --dry-run to see what it would do)",
		"other managers|warn|fnm has 1 Node versions nvmgo lacks in ~/.local/share/fnm: v22.12.0|run: nvmgo import fnm (add --dry-run to see what it would do)",
		`shell lines|warn|~/.bashrc:2 loads nvm: export NVM_DIR="$HOME/.nvm"|remove that line from ~/.bashrc yourself once ` + "`nvmgo import nvm`" + ` has run (nvmgo never edits it)`,
		`shell lines|warn|~/.bashrc:3 loads nvm: [ -s "$NVM_DIR/nvm.sh" ] && \. "$NVM_DIR/nvm.sh"|remove that line from ~/.bashrc yourself once ` + "`nvmgo import nvm`" + ` has run (nvmgo never edits it)`,
		"shell lines|warn|~/.config/fish/conf.d/fnm.fish:1 loads fnm: fnm env --use-on-cd | source|remove that line from ~/.config/fish/conf.d/fnm.fish yourself once `nvmgo import fnm` has run (nvmgo never edits it)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	b, _ := os.ReadFile(filepath.Join(u, ".bashrc"))
	if !strings.Contains(string(b), "NVM_DIR") {
		t.Error("doctor edited the profile")
	}
}
