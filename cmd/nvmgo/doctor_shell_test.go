package main

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nvmgo/nvmgo/internal/store"
)

// TestShellFindings drives doctor's shell checks with stand-in shells: what
// each would run decides the finding, whatever this machine has.
func TestShellFindings(t *testing.T) {
	root := t.TempDir()
	h := store.Home{Root: root}
	shim := filepath.Join(h.ShimsDir(), "node")
	type answers map[string]string // "login", "sh", "default" -> stdout, or "!" for not found
	tests := []struct {
		name  string
		goos  string
		shell string
		ans   answers
		want  []string // "check status detail-part", in order, after shell integration
	}{
		{"all nvmgo", "linux", "/bin/bash", answers{"login": shim, "sh": shim, "default": shim},
			[]string{"login shell ok bash -lc runs " + shim, "sh -c ok sh -c runs " + shim, "default PATH ok env -i PATH=/usr/bin:/bin runs " + shim}},
		{"login misses nvmgo, motd before the answer", "linux", "/usr/bin/zsh", answers{"login": "Welcome!\n/usr/bin/node", "sh": shim, "default": ""},
			[]string{"login shell warn zsh -lc runs /usr/bin/node, not nvmgo's", "sh -c ok", "default PATH ok env -i PATH=/usr/bin:/bin finds no node; cron jobs and services must call " + shim}},
		{"no node anywhere", "linux", "", answers{"login": "", "sh": "", "default": "/usr/bin/node"},
			[]string{"login shell warn bash -lc finds no node", "sh -c warn sh -c finds no node", "default PATH warn env -i PATH=/usr/bin:/bin runs /usr/bin/node"}},
		{"no such login shell", "darwin", "/usr/local/bin/fish", answers{"login": "!", "sh": shim, "default": "/usr/local/bin/node"},
			[]string{"sh -c ok", "default PATH warn env -i PATH=/usr/bin:/bin:/usr/sbin:/sbin runs /usr/local/bin/node"}},
		{"windows: the user PATH lacks the shims", "windows", "", answers{"userpath": "no"}, []string{"user PATH warn " + h.ShimsDir() + " is not on the user PATH"}},
		{"windows: the user PATH has them", "windows", "", answers{"userpath": "yes"}, []string{"user PATH ok " + h.ShimsDir() + " is on the user PATH"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls []string
			a := newApp(nil, nil, nil, func(k string) string {
				return map[string]string{"SHELL": tt.shell, "HOME": root, "NVMGO_SHELL_INTEGRATION": "bash"}[k]
			})
			a.goos = tt.goos
			a.userPathHas = func(dir string) (bool, error) {
				if dir != h.ShimsDir() {
					t.Errorf("userPathHas(%q)", dir)
				}
				return tt.ans["userpath"] == "yes", nil
			}
			a.shellRunner = func(_ context.Context, argv, env []string) (string, error) {
				key := "sh"
				switch {
				case strings.HasSuffix(argv[1], "l"+"c"):
					key = "login"
					if !reflect.DeepEqual(env[:1], []string{"PATH=" + defaultPath(tt.goos)}) {
						t.Errorf("login shell env %q", env)
					}
				case env != nil:
					key = "default"
				}
				calls = append(calls, key+":"+strings.Join(argv, " "))
				out := tt.ans[key]
				if out == "!" {
					return "", fmt.Errorf("exec: %q: %w", argv[0], exec.ErrNotFound)
				}
				if out == "" {
					return "", errors.New("exit status 1")
				}
				return out + "\n", nil
			}
			fs := shellFindings(context.Background(), a, h)
			if fs[0].Check != "shell integration" || fs[0].Status != "ok" {
				t.Errorf("first finding %+v", fs[0])
			}
			fs = fs[1:]
			if len(fs) != len(tt.want) {
				t.Fatalf("findings %+v; want %d (calls %q)", fs, len(tt.want), calls)
			}
			for i, w := range tt.want {
				got := fs[i].Check + " " + fs[i].Status + " " + fs[i].Detail
				if !strings.HasPrefix(got, w) && !strings.Contains(got, w) {
					t.Errorf("finding %d = %q, want ~%q", i, got, w)
				}
				if fs[i].Status != "ok" && fs[i].Fix == "" {
					t.Errorf("finding %q has no fix", got)
				}
			}
		})
	}
}

func TestLastLine(t *testing.T) {
	for in, want := range map[string]string{"": "", "/a\n": "/a", "motd\n\n/b/node\n\n": "/b/node", "  /c  ": "/c"} {
		if got := lastLine(in); got != want {
			t.Errorf("lastLine(%q) = %q, want %q", in, got, want)
		}
	}
}
