package shell

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// oddDir makes a folder whose name has a space, quotes and a $, the
// characters that break a snippet with careless quoting.
func oddDir(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "my 'odd' $dir \"q\"", name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// writeFakeNvmgo writes a shell script that answers like nvmgo does under
// the CLI contract: use/deactivate --print-env print code for the shell,
// "use fail" prints code but exits 3, and other subcommands echo their
// arguments and exit with the code named by "exitN"; --help prints help.
func writeFakeNvmgo(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("#!/bin/sh\n" +
		"case \" $* \" in *\" --help \"*) echo \"help for $1\"; exit 0;; esac\n" +
		"if [ \"$1\" != use ] && [ \"$1\" != deactivate ]; then\n" +
		"  printf 'ran integ=%s' \"$NVMGO_SHELL_INTEGRATION\"; for a in \"$@\"; do printf ' [%s]' \"$a\"; done; echo\n" +
		"  case \"$1\" in exit*) exit \"${1#exit}\";; esac; exit 0\nfi\n" +
		"[ \"$2\" = --print-env ] && [ \"$3\" = --shell ] || { echo \"fake: bad args: $*\" >&2; exit 64; }\n" +
		"if [ \"$5\" = fail ]; then echo 'fake: no installed version matches fail' >&2; echo 'export NVMGO_NODE_VERSION=EVALED'; exit 3; fi\n" +
		"case \"$1 $4 $5\" in\n")
	for _, sh := range Supported {
		for spec, value := range map[string]string{"18": "v18.20.4", "odd": `v1 it's $HOME "x"`} {
			code, err := SetEnvCode(sh, "NVMGO_NODE_VERSION", value)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "'use %s %s') cat <<'EOF'\n%sEOF\n;;\n", sh, spec, code)
		}
		code, err := UnsetEnvCode(sh, "NVMGO_NODE_VERSION")
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "'deactivate %s ') cat <<'EOF'\n%sEOF\n;;\n", sh, code)
	}
	b.WriteString("*) echo \"fake: unexpected: $*\" >&2; exit 65;;\nesac\n")
	exe := filepath.Join(dir, "nvmgo")
	if err := os.WriteFile(exe, []byte(b.String()), 0o755); err != nil {
		t.Fatal(err)
	}
	return exe
}

// posixScript drives bash and zsh: source twice, use, a failing use, an odd
// value, deactivate, pass-through, a nested shell, and a PATH with the shims
// folder in the middle twice.
const posixScript = `set -u
s=$NVMGO_TEST_SNIPPET
eval "$(cat "$s")"
eval "$(cat "$s")"
printf 'PATH1=%s\n' "$PATH"
printf 'HOME=%s INTEG=%s\n' "$NVMGO_HOME" "$NVMGO_SHELL_INTEGRATION"
nvmgo use 18; printf 'use rc=%s v=%s\n' "$?" "${NVMGO_NODE_VERSION-unset}"
nvmgo use fail; printf 'fail rc=%s v=%s\n' "$?" "${NVMGO_NODE_VERSION-unset}"
nvmgo use odd; printf 'odd rc=%s v=%s\n' "$?" "${NVMGO_NODE_VERSION-unset}"
nvmgo deactivate; printf 'deactivate rc=%s v=%s\n' "$?" "${NVMGO_NODE_VERSION-unset}"
nvmgo list 'a b' "c'd" '$x'; printf 'list rc=%s\n' "$?"
nvmgo exit7; printf 'exit7 rc=%s\n' "$?"
nvmgo use --help; printf 'help rc=%s\n' "$?"
SHELLBIN -c 'eval "$(cat "$NVMGO_TEST_SNIPPET")"; printf "PATH2=%s\n" "$PATH"'
PATH="/usr/bin:$NVMGO_TEST_SHIMS:/bin:$NVMGO_TEST_SHIMS"
eval "$(cat "$s")"
printf 'PATH3=%s\n' "$PATH"
`

const fishScript = `set s $NVMGO_TEST_SNIPPET
function v; set -q NVMGO_NODE_VERSION; and echo $NVMGO_NODE_VERSION; or echo unset; end
cat $s | source
cat $s | source
printf 'PATH1=%s\n' (string join : $PATH)
printf 'HOME=%s INTEG=%s\n' $NVMGO_HOME $NVMGO_SHELL_INTEGRATION
nvmgo use 18; set rc $status; printf 'use rc=%s v=%s\n' $rc (v)
nvmgo use fail; set rc $status; printf 'fail rc=%s v=%s\n' $rc (v)
nvmgo use odd; set rc $status; printf 'odd rc=%s v=%s\n' $rc (v)
nvmgo deactivate; set rc $status; printf 'deactivate rc=%s v=%s\n' $rc (v)
nvmgo list 'a b' "c'd" '$x'; printf 'list rc=%s\n' $status
nvmgo exit7; printf 'exit7 rc=%s\n' $status
nvmgo use --help; printf 'help rc=%s\n' $status
SHELLBIN -c 'cat $NVMGO_TEST_SNIPPET | source; printf "PATH2=%s\n" (string join : $PATH)'
set -gx PATH /usr/bin $NVMGO_TEST_SHIMS /bin $NVMGO_TEST_SHIMS
cat $s | source
printf 'PATH3=%s\n' (string join : $PATH)
`

func TestRealShells(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the POSIX shells are tested on unix")
	}
	shells := map[string][]string{
		"bash": {"--norc", "--noprofile"},
		"zsh":  {"-f"},
		"fish": {"--no-config"},
	}
	for _, sh := range []string{"bash", "zsh", "fish"} {
		t.Run(sh, func(t *testing.T) {
			bin, err := exec.LookPath(sh)
			if err != nil {
				t.Skipf("%s is not installed", sh)
			}
			runRealShell(t, sh, append([]string{bin}, shells[sh]...))
		})
	}
}

func runRealShell(t *testing.T, sh string, argv []string) {
	exe := writeFakeNvmgo(t, oddDir(t, "bin"))
	shims := filepath.Join(oddDir(t, "home"), "shims")
	home := filepath.Dir(shims)
	snippet, err := Env(EnvOptions{Shell: sh, Exe: exe, Home: home, Shims: shims})
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	snippetFile := filepath.Join(work, "snippet")
	if err := os.WriteFile(snippetFile, []byte(snippet), 0o644); err != nil {
		t.Fatal(err)
	}
	script := posixScript
	if sh == "fish" {
		script = fishScript
	}
	script = strings.ReplaceAll(script, "SHELLBIN", strings.Join(argv, " "))
	cmd := exec.Command(argv[0], append(argv[1:], "-c", script)...)
	cmd.Env = []string{
		"PATH=/usr/bin:/bin", "HOME=" + work, "LANG=C.UTF-8",
		"XDG_CONFIG_HOME=" + filepath.Join(work, "config"), "XDG_DATA_HOME=" + filepath.Join(work, "data"),
		"NVMGO_TEST_SNIPPET=" + snippetFile, "NVMGO_TEST_SHIMS=" + shims,
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", sh, err, out)
	}
	got := string(out)
	t.Logf("%s output:\n%s", sh, got)
	want := []string{
		"HOME=" + home + " INTEG=" + sh,
		"use rc=0 v=v18.20.4",
		"fake: no installed version matches fail",
		"fail rc=3 v=v18.20.4",
		`odd rc=0 v=v1 it's $HOME "x"`,
		"deactivate rc=0 v=unset",
		"ran integ=" + sh + " [list] [a b] [c'd] [$x]",
		"list rc=0",
		"ran integ=" + sh + " [exit7]",
		"exit7 rc=7",
		"help for use",
		"help rc=0",
	}
	for _, w := range want {
		if !strings.Contains(got, w+"\n") {
			t.Errorf("%s output lacks line %q", sh, w)
		}
	}
	for _, key := range []string{"PATH1=", "PATH2=", "PATH3="} {
		path := lineValue(got, key)
		entries := strings.Split(path, ":")
		if entries[0] != shims || strings.Count(":"+path+":", ":"+shims+":") != 1 {
			t.Errorf("%s %s%s: want the shims folder first and once", sh, key, path)
		}
		if rest := strings.Join(entries[1:], ":"); rest != "/usr/bin:/bin" {
			t.Errorf("%s %s rest of PATH = %q, want /usr/bin:/bin", sh, key, rest)
		}
	}
	if strings.Contains(got, "EVALED") {
		t.Errorf("%s evaluated the output of a failed nvmgo use", sh)
	}
}

func lineValue(out, key string) string {
	for _, l := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(l, key); ok {
			return v
		}
	}
	return ""
}

func TestShellcheck(t *testing.T) {
	bin, err := exec.LookPath("shellcheck")
	if err != nil {
		t.Skip("shellcheck is not installed")
	}
	plain := EnvOptions{Exe: "/usr/local/bin/nvmgo", Home: "/home/u/.local/share/nvmgo", Shims: "/home/u/.local/share/nvmgo/shims"}
	for _, sh := range []string{"bash", "zsh"} {
		for name, o := range map[string]EnvOptions{"plain": plain, "odd": goldenOptions(sh)} {
			o.Shell = sh
			snippet, err := Env(o)
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "env."+sh)
			if err := os.WriteFile(file, []byte(snippet), 0o644); err != nil {
				t.Fatal(err)
			}
			// The zsh snippet is written in the bash-compatible subset of zsh,
			// so shellcheck's bash dialect covers it.
			out, err := exec.Command(bin, "-s", "bash", "-S", "style", file).CombinedOutput()
			if err != nil {
				t.Errorf("shellcheck %s (%s paths): %v\n%s", sh, name, err, out)
			}
		}
	}
}
