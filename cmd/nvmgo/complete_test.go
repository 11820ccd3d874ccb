//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCompletionScripts checks that cobra's completion command prints a
// script for each shell, which that shell can parse when it is installed.
func TestCompletionScripts(t *testing.T) {
	h := newCLIHome(t, nil)
	marker := map[string]string{
		"bash":       "__start_nvmgo",
		"zsh":        "#compdef nvmgo",
		"fish":       "complete -c nvmgo",
		"powershell": "Register-ArgumentCompleter",
	}
	parse := map[string][]string{
		"bash": {"bash", "-n"},
		"zsh":  {"zsh", "-n"},
		"fish": {"fish", "--no-config", "--no-execute"},
	}
	for _, sh := range []string{"bash", "zsh", "fish", "powershell"} {
		m := marker[sh]
		r := h.run(t, nil, "completion", sh)
		if r.code != 0 || !strings.Contains(r.stdout, m) || !strings.Contains(r.stdout, "__complete") {
			t.Errorf("completion %s: exit %d, %d bytes without %q or __complete, stderr %q", sh, r.code, len(r.stdout), m, r.stderr)
		}
		argv, ok := parse[sh]
		if _, err := exec.LookPath(sh); !ok || err != nil {
			continue
		}
		file := filepath.Join(t.TempDir(), "nvmgo."+sh)
		if err := os.WriteFile(file, []byte(r.stdout), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(argv[0], append(argv[1:], file)...).CombinedOutput(); err != nil {
			t.Errorf("%s cannot parse its completion script: %v\n%s", sh, err, out)
		}
	}
}

// complete runs `nvmgo __complete ARGS...` and returns the candidates and
// cobra's directive line.
func complete(t *testing.T, h *cliHome, env []string, args ...string) ([]string, string) {
	t.Helper()
	r := h.run(t, env, append([]string{"__complete"}, args...)...)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if r.code != 0 || len(lines) == 0 || !strings.HasPrefix(lines[len(lines)-1], ":") {
		t.Fatalf("__complete %q: exit %d\n%s\nstderr:\n%s", args, r.code, r.stdout, r.stderr)
	}
	return lines[:len(lines)-1], lines[len(lines)-1]
}

func wantCompletions(t *testing.T, what string, got []string, gotDir string, want []string, wantDir string) {
	t.Helper()
	if strings.Join(got, " ") != strings.Join(want, " ") || gotDir != wantDir {
		t.Errorf("%s:\n got: %q %s\nwant: %q %s", what, got, gotDir, want, wantDir)
	}
}

// The directives cobra prints: NoFileComp, and NoFileComp|KeepOrder.
const (
	noFiles          = ":4"
	noFilesKeepOrder = ":36"
)

func TestCompleteInstalledAndAliases(t *testing.T) {
	t.Parallel()
	h := installedHome(t)
	h.must(t, "alias", "work", "20")
	installed := []string{v20, v18, "default", "work", "lts", "latest", "system"}
	for _, cmd := range []string{"use", "verify", "exec", "run", "default"} {
		got, dir := complete(t, h, nil, cmd, "")
		wantCompletions(t, cmd, got, dir, installed, noFiles)
	}
	got, dir := complete(t, h, nil, "unalias", "")
	wantCompletions(t, "unalias", got, dir, []string{"default", "work"}, noFiles)
	// uninstall takes installed versions only; typed without the "v", the
	// candidates come without it, so the shell's prefix match keeps them
	got, dir = complete(t, h, nil, "uninstall", "")
	wantCompletions(t, "uninstall", got, dir, []string{v20, v18}, noFiles)
	got, dir = complete(t, h, nil, "uninstall", "1")
	wantCompletions(t, "uninstall 1", got, dir, []string{v20[1:], v18[1:]}, noFiles)
	got, dir = complete(t, h, nil, "use", "2")
	wantCompletions(t, "use 2", got, dir, []string{v20[1:], v18[1:], "default", "work", "lts", "latest", "system"}, noFiles)
	// which: the commands that have shims
	got, dir = complete(t, h, nil, "which", "")
	if !slices.Contains(got, "node") || !slices.Contains(got, "npm") || dir != noFiles {
		t.Errorf("which: %q %s; want node and npm among them", got, dir)
	}
	got, _ = complete(t, h, nil, "which", "np")
	wantCompletions(t, "which np", got, noFiles, []string{"npm", "npx"}, noFiles)
}

// TestCompleteRemotePrefix filters install's ~900 candidates by what was
// typed, with or without the leading v, in the embedded index.
func TestCompleteRemotePrefix(t *testing.T) {
	t.Parallel()
	h := newCLIHome(t, nil)
	tests := []struct {
		typed string
		check func([]string) bool
	}{
		{"v22.1", func(got []string) bool {
			return len(got) > 3 && !slices.ContainsFunc(got, func(s string) bool { return !strings.HasPrefix(s, "v22.1") })
		}},
		{"20", func(got []string) bool {
			return slices.Contains(got, "20.18.1") && !slices.ContainsFunc(got, func(s string) bool { return !strings.HasPrefix(s, "20") })
		}},
		{"20.18.1", func(got []string) bool { return slices.Equal(got, []string{"20.18.1"}) }},
		{"lts/i", func(got []string) bool { return slices.Equal(got, []string{"lts/iron"}) }},
		{"LTS/I", func(got []string) bool { return slices.Equal(got, []string{"lts/iron"}) }},
		{"99", func(got []string) bool { return len(got) == 0 }},
	}
	for _, tt := range tests {
		got, dir := complete(t, h, nil, "install", tt.typed)
		if !tt.check(got) || dir != noFilesKeepOrder {
			t.Errorf("install %q: %d candidates %q, %s", tt.typed, len(got), got[:min(len(got), 5)], dir)
		}
	}
}

// TestCompleteRemote completes install from the index that ls-remote
// cached, also when it is past its TTL and the mirror is gone, and without
// waiting on the network.
func TestCompleteRemote(t *testing.T) {
	t.Parallel()
	m, err := startCLIMirror()
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	h := newCLIHome(t, m)

	// Before any ls-remote: the index embedded in the binary.
	got, dir := complete(t, h, nil, "install", "")
	if len(got) < 100 || got[0] != "lts" || dir != noFilesKeepOrder {
		t.Errorf("install before ls-remote: %d candidates %q..., %s", len(got), got[:min(len(got), 3)], dir)
	}

	h.must(t, "ls-remote")
	remote := []string{"lts", "latest", "lts/iron", v20, "lts/hydrogen", v18}
	got, dir = complete(t, h, nil, "install", "")
	wantCompletions(t, "install after ls-remote", got, dir, remote, noFilesKeepOrder)

	// Past its TTL the cache still answers, and the mirror, still up, is
	// not asked (counted, not timed: a busy machine makes any time limit lie).
	got, dir = complete(t, h, []string{"NVMGO_INDEX_TTL=1ns"}, "install", "")
	wantCompletions(t, "install, cache past its TTL", got, dir, remote, noFilesKeepOrder)
	if hits := m.Hits("index.json"); hits != 1 {
		t.Errorf("the mirror's index.json got %d requests, want 1 (ls-remote only)", hits)
	}
	m.Close()
	got, dir = complete(t, h, []string{"NVMGO_INDEX_TTL=1ns"}, "install", "")
	wantCompletions(t, "install, mirror gone", got, dir, remote, noFilesKeepOrder)
}

// TestCompleteInRealShells asks fish and bash (through the scripts that
// `nvmgo completion` prints) what they would offer.
func TestCompleteInRealShells(t *testing.T) {
	t.Parallel()
	h := installedHome(t)
	h.must(t, "ls-remote")
	want := map[string]string{
		"use":     strings.Join([]string{"default", "latest", "lts", "system", v18, v20}, "\n") + "\n",
		"install": strings.Join([]string{"lts", "latest", "lts/iron", v20, "lts/hydrogen", v18}, "\n") + "\n",
	}
	if _, err := exec.LookPath("fish"); err == nil {
		for cmd, w := range want {
			out, err := h.shell(t, "fish", "--no-config", "-c", "nvmgo completion fish | source; complete -C 'nvmgo "+cmd+" '")
			if cmd == "use" {
				out = sortLines(out)
			}
			if err != nil || out != w {
				t.Errorf("fish: complete -C 'nvmgo %s ': %v\n got: %q\nwant: %q", cmd, err, out, w)
			}
		}
	}
	// The script works on its own (no bash-completion package, as on a
	// bare Debian or macOS), and with the package when it is installed.
	preludes := map[string]string{"without bash-completion": ""}
	if _, err := os.Stat("/usr/share/bash-completion/bash_completion"); err == nil {
		preludes["with bash-completion"] = ". /usr/share/bash-completion/bash_completion"
	}
	want["install 20.1"] = v20[1:] + "\n"
	want["uninstall v1"] = v18 + "\n"
	for name, prelude := range preludes {
		for line, w := range want {
			words := strings.Fields(line)
			cur := ""
			if len(words) > 1 {
				cur = words[1]
			}
			out, err := h.shell(t, "bash", "--norc", "--noprofile", "-c", prelude+`
source <(nvmgo completion bash)
COMP_WORDS=(nvmgo `+words[0]+` "`+cur+`"); COMP_CWORD=2; COMP_LINE="nvmgo `+words[0]+` `+cur+`"; COMP_POINT=${#COMP_LINE}
__start_nvmgo nvmgo "`+cur+`" `+words[0]+`
printf '%s\n' "${COMPREPLY[@]}"`)
			if line == "use" {
				out = sortLines(out)
			}
			if err != nil || out != w {
				t.Errorf("bash %s: completing 'nvmgo %s': %v\n got: %q\nwant: %q", name, line, err, out, w)
			}
		}
	}
}

func (h *cliHome) shell(t *testing.T, argv ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env, cmd.Dir = h.env(), h.dir
	out, err := cmd.Output()
	return string(out), err
}

func sortLines(s string) string {
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	slices.Sort(lines)
	return strings.Join(lines, "\n") + "\n"
}
