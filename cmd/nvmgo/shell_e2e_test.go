//go:build unix

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/nvmgo/nvmgo/internal/testmirror"
	"github.com/nvmgo/nvmgo/shell"
)

// The versions every CLI test home gets installed from the shared mirror.
const (
	v18 = "v18.20.8"
	v20 = "v20.18.1"
)

var (
	cliMirrorOnce sync.Once
	cliMirror     *testmirror.Mirror
	cliMirrorErr  error
)

// sharedMirror serves v18 and v20 for this machine's platform to every test
// of this file set that does not need to stop its mirror.
func sharedMirror(t *testing.T) *testmirror.Mirror {
	t.Helper()
	cliMirrorOnce.Do(func() { cliMirror, cliMirrorErr = startCLIMirror() })
	if cliMirrorErr != nil {
		t.Fatal(cliMirrorErr)
	}
	return cliMirror
}

func startCLIMirror() (*testmirror.Mirror, error) {
	arch := map[string]string{"amd64": "x64", "arm64": "arm64"}[runtime.GOARCH]
	return testmirror.Start(testmirror.Options{
		Versions: []string{v18, v20},
		Tags:     []string{runtime.GOOS + "-" + arch},
		RealNode: findNode(),
	})
}

// cliHome is a throwaway user for the built binary: a HOME, an NVMGO_HOME
// whose path has a space and a quote, a cache, and a mirror.
type cliHome struct {
	work, userHome, root, shims, cache, key string
	mirrorURL                               string
	dir                                     string // working folder, outside any project
}

// newCLIHome makes the folders; m may be nil for commands that need no
// mirror, which then point at a closed port.
func newCLIHome(t *testing.T, m *testmirror.Mirror) *cliHome {
	t.Helper()
	work := t.TempDir()
	url, key := "http://127.0.0.1:9", []byte{}
	if m != nil {
		url, key = m.URL, m.Signer.PublicArmored()
	}
	h := &cliHome{
		work:      work,
		userHome:  filepath.Join(work, "user"),
		root:      filepath.Join(work, "nvm go's home"),
		cache:     filepath.Join(work, "cache"),
		key:       filepath.Join(work, "testkey.asc"),
		mirrorURL: url,
		dir:       filepath.Join(work, "cwd"),
	}
	h.shims = filepath.Join(h.root, "shims")
	for _, d := range []string{h.userHome, h.dir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(h.key, key, 0o644); err != nil {
		t.Fatal(err)
	}
	return h
}

// installedHome is a cliHome with v18 and v20 installed and default -> 18.
func installedHome(t *testing.T) *cliHome {
	t.Helper()
	h := newCLIHome(t, sharedMirror(t))
	h.must(t, "install", "18")
	h.must(t, "install", "20")
	h.must(t, "default", "18")
	return h
}

// basePath is PATH before any shell integration: nvmgo, then the system.
var basePath = func() string { return binDir + ":/usr/bin:/bin" }

// env is the whole environment of a command; KEY=VALUE overrides replace
// the base entry, and KEY= with an empty value drops it.
func (h *cliHome) env(overrides ...string) []string {
	base := []string{
		"PATH=" + basePath(),
		"HOME=" + h.userHome,
		"NVMGO_HOME=" + h.root,
		"NVMGO_CACHE_DIR=" + h.cache,
		"NVMGO_NODE_MIRROR=" + h.mirrorURL,
		"NVMGO_TEST_KEYRING=" + h.key,
		"NO_COLOR=1",
		"TERM=dumb",
		"LANG=C.UTF-8",
		// The installs here (18, 20) are on ended lines; the notices that
		// say so are tested in outdated.txtar and TestDoctorNodeHere.
		"NVMGO_NO_NOTICES=1",
	}
	for _, o := range overrides {
		k, _, _ := strings.Cut(o, "=")
		kept := base[:0]
		for _, b := range base {
			if !strings.HasPrefix(b, k+"=") {
				kept = append(kept, b)
			}
		}
		base = kept
		if !strings.HasSuffix(o, "=") {
			base = append(base, o)
		}
	}
	return base
}

type cliResult struct {
	stdout, stderr string
	code           int
}

// run runs the built nvmgo with the home's environment plus overrides.
func (h *cliHome) run(t *testing.T, overrides []string, args ...string) cliResult {
	t.Helper()
	cmd := exec.Command(filepath.Join(binDir, "nvmgo"), args...)
	cmd.Env, cmd.Dir = h.env(overrides...), h.dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	code := 0
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("nvmgo %s: %v", strings.Join(args, " "), err)
	}
	return cliResult{out.String(), errb.String(), code}
}

func (h *cliHome) must(t *testing.T, args ...string) string {
	t.Helper()
	r := h.run(t, nil, args...)
	if r.code != 0 {
		t.Fatalf("nvmgo %s: exit %d\n%s%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r.stdout
}

// shellCase says how to start one shell on a script without its start-up
// files, and how its scripts spell the few things that differ.
type shellCase struct {
	name string
	argv []string // argv to run a script file
	eval string   // load the integration
	join string   // print PATH joined with ':'
}

var shellCases = []shellCase{
	{"bash", []string{"bash", "--norc", "--noprofile"}, `eval "$(nvmgo env --shell bash)"`, `printf '%s\n' "$PATH"`},
	{"zsh", []string{"zsh", "-f"}, `eval "$(nvmgo env --shell zsh)"`, `printf '%s\n' "$PATH"`},
	{"fish", []string{"fish", "--no-config"}, `nvmgo env --shell fish | source`, `string join : $PATH`},
}

func (s shellCase) need(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath(s.name)
	if err != nil {
		t.Skipf("%s is not installed", s.name)
	}
	return p
}

// render fills the placeholders of a script or its expected output.
func (h *cliHome) render(s shellCase, text string) string {
	return strings.NewReplacer(
		"{EVAL}", s.eval, "{PATH}", s.join, "{SH}", s.name, "{ARGV}", strings.Join(s.argv, " "),
		"{SHIMS}", h.shims, "{BASE}", basePath(),
	).Replace(text)
}

// script starts the shell on a script file with stdout and stderr merged.
func (h *cliHome) script(t *testing.T, s shellCase, text string) *exec.Cmd {
	t.Helper()
	file := filepath.Join(t.TempDir(), "script."+s.name)
	if err := os.WriteFile(file, []byte(h.render(s, text)), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(s.argv[0], append(s.argv[1:], file)...)
	cmd.Env, cmd.Dir = h.env(), h.dir
	return cmd
}

// posixSession and fishSession drive one integrated shell: the default,
// use 18, use 20, nested shells, sourcing twice, deactivate, a failing use.
const posixSession = `set -u
{EVAL}
echo "start: $(node --version) / $(nvmgo current)"
nvmgo use 18; rc=$?
echo "use 18: rc=$rc node=$(node --version) NVMGO_NODE_VERSION=$NVMGO_NODE_VERSION"
nvmgo use 20; rc=$?
echo "use 20: rc=$rc node=$(node --version) / $(nvmgo current)"
{SH} -c 'echo "nested: $(node --version)"'
{ARGV} -c '{EVAL}; echo "nested with env: $(node --version) PATH=$PATH"'
{EVAL}
{EVAL}
echo "sourced twice: $(node --version) PATH=$({PATH})"
nvmgo use 16; rc=$?
echo "use 16: rc=$rc node=$(node --version)"
nvmgo deactivate; rc=$?
echo "deactivate: rc=$rc node=$(node --version) / $(nvmgo current) / ${NVMGO_NODE_VERSION-unset}"
`

const fishSession = `{EVAL}
echo "start: "(node --version)" / "(nvmgo current)
nvmgo use 18; set rc $status
echo "use 18: rc=$rc node="(node --version)" NVMGO_NODE_VERSION=$NVMGO_NODE_VERSION"
nvmgo use 20; set rc $status
echo "use 20: rc=$rc node="(node --version)" / "(nvmgo current)
fish -c 'echo "nested: "(node --version)'
{ARGV} -c '{EVAL}; echo "nested with env: "(node --version)" PATH="(string join : $PATH)'
{EVAL}
{EVAL}
echo "sourced twice: "(node --version)" PATH="({PATH})
nvmgo use 16; set rc $status
echo "use 16: rc=$rc node="(node --version)
nvmgo deactivate; set rc $status
set -q NVMGO_NODE_VERSION; and set v $NVMGO_NODE_VERSION; or set v unset
echo "deactivate: rc=$rc node="(node --version)" / "(nvmgo current)" / $v"
`

const wantSession = `start: v18.20.8 / v18.20.8 (from the default alias)
nvmgo: now using node v18.20.8 in this shell
use 18: rc=0 node=v18.20.8 NVMGO_NODE_VERSION=v18.20.8
nvmgo: now using node v20.18.1 in this shell
use 20: rc=0 node=v20.18.1 / v20.18.1 (from NVMGO_NODE_VERSION)
nested: v20.18.1
nested with env: v20.18.1 PATH={SHIMS}:{BASE}
sourced twice: v20.18.1 PATH={SHIMS}:{BASE}
nvmgo: no version matches "16" in the release index (nearest: v18.20.8)
hint: run: nvmgo ls-remote to see the releases
use 16: rc=1 node=v20.18.1
deactivate: rc=0 node=v18.20.8 / v18.20.8 (from the default alias) / unset
`

// TestE2EShellSession runs bash, zsh and fish on the integration the binary
// prints, with the shims resolving real installs.
func TestE2EShellSession(t *testing.T) {
	for _, s := range shellCases {
		t.Run(s.name, func(t *testing.T) {
			s.need(t)
			t.Parallel()
			h := installedHome(t)
			text := posixSession
			if s.name == "fish" {
				text = fishSession
			}
			out, err := h.script(t, s, text).CombinedOutput()
			if err != nil {
				t.Fatalf("%s: %v\n%s", s.name, err, out)
			}
			if want := h.render(s, wantSession); string(out) != want {
				t.Errorf("%s session:\n got:\n%s\nwant:\n%s", s.name, out, want)
			}
		})
	}
}

// TestE2EShellTwoShells checks that `nvmgo use` changes only the shell it
// runs in: shell A keeps 18 while shell B switches to 20 and even makes 20
// the default.
func TestE2EShellTwoShells(t *testing.T) {
	for _, s := range shellCases {
		t.Run(s.name, func(t *testing.T) {
			s.need(t)
			t.Parallel()
			h := installedHome(t)
			readLine := "read -r line"
			if s.name == "fish" {
				readLine = "read -l line"
			}
			a := h.script(t, s, "{EVAL}\nnvmgo use 18\necho \"A: $NVMGO_NODE_VERSION\"\n"+readLine+
				"\nnvmgo current\nnode --version\n")
			stdin, err := a.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			stdout, err := a.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var aErr bytes.Buffer
			a.Stderr = &aErr
			if err := a.Start(); err != nil {
				t.Fatal(err)
			}
			defer a.Process.Kill()
			r := bufio.NewReader(stdout)
			if line, err := r.ReadString('\n'); line != "A: "+v18+"\n" {
				t.Fatalf("shell A: %q, %v; stderr:\n%s", line, err, aErr.String())
			}
			// Only stdout: fish cannot redirect the stderr of a command
			// substitution inside a function (fish-shell#1035).
			b, err := h.script(t, s, "{EVAL}\nnvmgo use --default 20\nnode --version\nnvmgo current\n").Output()
			if want := v20 + "\n" + v20 + " (from NVMGO_NODE_VERSION)\n"; err != nil || string(b) != want {
				t.Errorf("shell B: %v\n got: %q\nwant: %q", err, b, want)
			}
			stdin.Write([]byte("go on\n"))
			stdin.Close()
			rest, _ := io.ReadAll(r)
			if err := a.Wait(); err != nil {
				t.Fatalf("shell A: %v\n%s", err, aErr.String())
			}
			if want := v18 + " (from NVMGO_NODE_VERSION)\n" + v18 + "\n"; string(rest) != want {
				t.Errorf("shell A after B switched:\n got: %q\nwant: %q", rest, want)
			}
			if got := strings.TrimSpace(h.must(t, "default")); got != "20" && got != v20 {
				t.Errorf("default after `use --default 20` = %q", got)
			}
		})
	}
}

// profileOf is where setup writes for each shell on linux and macOS (bash
// on macOS also gets ~/.bash_profile, checked by the shell package).
var profileOf = map[string]string{
	"bash":       ".bashrc",
	"zsh":        ".zshrc",
	"fish":       ".config/fish/conf.d/nvmgo.fish",
	"powershell": ".config/powershell/Microsoft.PowerShell_profile.ps1",
}

// oddProfiles are profile contents setup must keep byte for byte; nil means
// the file does not exist.
var oddProfiles = []struct {
	name string
	data []byte
}{
	{"missing", nil},
	{"empty", []byte{}},
	{"no final newline", []byte("export A=1\nalias ll='ls -l'")},
	{"crlf", []byte("# edited on Windows\r\nexport A=1\r\n\r\n")},
	{"crlf no final newline", []byte("export A=1\r\nexport B=2")},
	{"unicode and bom", []byte("\ufeff# ünïcödé ☃ 😀\nexport GREETING='héllo wörld'\n\t# tab, trailing blanks   \n")},
	{"unrelated markers", []byte("# >>> conda initialize >>>\n__conda_setup=x\n# <<< conda initialize <<<\n# nvmgo >>> is mentioned here, not a marker\nexport PATH=/opt/x:$PATH\n")},
}

// TestE2ESetupRoundTrip runs setup, setup again, --dry-run and --uninstall
// through the binary on each shell's profile holding odd content.
func TestE2ESetupRoundTrip(t *testing.T) {
	for _, sh := range []string{"bash", "zsh", "fish", "powershell"} {
		for _, p := range oddProfiles {
			t.Run(sh+"/"+p.name, func(t *testing.T) {
				t.Parallel()
				h := newCLIHome(t, nil)
				file := filepath.Join(h.userHome, profileOf[sh])
				if p.data != nil {
					if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(file, p.data, 0o600); err != nil {
						t.Fatal(err)
					}
				}
				checkFile(t, "before", file, p.data)
				line, err := shell.SourceLine(sh, h.root)
				if err != nil {
					t.Fatal(err)
				}
				others := otherProfiles(t, h, sh, file)

				dry := h.must(t, "setup", "--shell", sh, "--dry-run")
				if !strings.HasPrefix(dry, "--- "+file+"\n+++ "+file+"\n@@ ") || !strings.Contains(dry, "+"+line+"\n") {
					t.Errorf("setup --dry-run printed:\n%s", dry)
				}
				checkFile(t, "after setup --dry-run", file, p.data)
				checkFile(t, "backup after --dry-run", file+".nvmgo-backup", nil)
				checkFile(t, "rendered file after --dry-run", shell.RenderedFile(h.root, sh), nil)

				out := h.must(t, "setup", "--shell", sh)
				want := "added nvmgo to " + file + "\n"
				for _, o := range others {
					want += "added nvmgo to " + o + "\n"
				}
				want += "open a new shell to use it, or run: " + line + "\n"
				if out != want {
					t.Errorf("setup printed:\n%s\nwant:\n%s", out, want)
				}
				set, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				checkBlock(t, set, p.data, line)
				checkMode(t, file, p.data)
				if p.data != nil {
					checkFile(t, "backup", file+".nvmgo-backup", p.data)
				}
				if _, err := os.Stat(shell.RenderedFile(h.root, sh)); err != nil {
					t.Errorf("setup did not render the file its line sources: %v", err)
				}

				all := strings.Join(append([]string{file}, others...), ", ")
				if out := h.must(t, "setup", "--shell", sh); out != "nothing to change: nvmgo is set up in "+all+"\n" {
					t.Errorf("second setup printed %q", out)
				}
				checkFile(t, "after the second setup", file, set)
				if out := h.must(t, "setup", "--shell", sh, "--uninstall", "--dry-run"); !strings.Contains(out, "-"+line+"\n") {
					t.Errorf("setup --uninstall --dry-run printed:\n%s", out)
				}
				checkFile(t, "after setup --uninstall --dry-run", file, set)

				out = h.must(t, "setup", "--uninstall")
				for _, f := range append([]string{file}, others...) {
					if !strings.Contains(out, "removed nvmgo from "+f+"\n") {
						t.Errorf("setup --uninstall printed:\n%s\nwant a line for %s", out, f)
					}
				}
				if !strings.HasSuffix(out, "removed nvmgo's shell files from "+h.root+"\n") {
					t.Errorf("setup --uninstall printed:\n%s\nwant the rendered files last", out)
				}
				checkFile(t, "after setup --uninstall", file, p.data)
				checkMode(t, file, p.data)
				for _, o := range others {
					checkFile(t, "after setup --uninstall", o, nil)
				}
				checkFile(t, "rendered file after --uninstall", shell.RenderedFile(h.root, sh), nil)
				if out := h.must(t, "setup", "--shell", sh, "--uninstall"); out != "nothing to change: nvmgo is not set up in any shell profile\n" {
					t.Errorf("second setup --uninstall printed %q", out)
				}
				checkFile(t, "after the second setup --uninstall", file, p.data)
			})
		}
	}
}

// otherProfiles are the files setup writes for sh besides its main one
// (login files, ~/.profile on Linux), as the shell package lists them; none
// exists in a new cliHome.
func otherProfiles(t *testing.T, h *cliHome, sh, main string) []string {
	t.Helper()
	ps, err := shell.Profiles(sh, runtime.GOOS, h.userHome, shell.Vars{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range ps {
		if p.Path != main {
			out = append(out, p.Path)
		}
	}
	if runtime.GOOS == "linux" && !slices.Contains(out, filepath.Join(h.userHome, ".profile")) {
		t.Errorf("setup --shell %s on linux does not cover ~/.profile: %v", sh, ps)
	}
	return out
}

// checkFile compares a file's bytes; want nil means it must not exist.
func checkFile(t *testing.T, what, file string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(file)
	switch {
	case want == nil && err == nil:
		t.Errorf("%s: %s exists, want no file; it holds %q", what, file, got)
	case want == nil:
	case err != nil:
		t.Errorf("%s: %v", what, err)
	case !bytes.Equal(got, want):
		t.Errorf("%s: %s changed:\n got: %q\nwant: %q", what, file, got, want)
	}
}

// checkBlock checks that setup appended exactly one fenced block, in the
// file's line ending, and kept everything before it.
func checkBlock(t *testing.T, got, orig []byte, evalLine string) {
	t.Helper()
	eol := "\n"
	if i := bytes.IndexByte(orig, '\n'); i > 0 && orig[i-1] == '\r' {
		eol = "\r\n"
	}
	block := strings.Join([]string{"# >>> nvmgo >>>", "# Added by `nvmgo setup`; `nvmgo setup --uninstall` removes it.", evalLine, "# <<< nvmgo <<<"}, eol)
	want := string(orig) + block + eol
	if len(orig) > 0 && !bytes.HasSuffix(orig, []byte("\n")) {
		want = string(orig) + eol + block
	}
	if string(got) != want {
		t.Errorf("after setup:\n got: %q\nwant: %q", got, want)
	}
	if n := strings.Count(string(got), "# >>> nvmgo >>>"); n != 1 {
		t.Errorf("after setup: %d nvmgo blocks, want 1", n)
	}
}

// checkMode checks that a profile that existed kept its 0600.
func checkMode(t *testing.T, file string, orig []byte) {
	t.Helper()
	if orig == nil {
		return
	}
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("%s: mode %v (%v), want 0600", file, fi.Mode().Perm(), err)
	}
}

// TestE2ESetupLoads checks that what setup writes is loaded by each real
// shell reading its own start-up files: `nvmgo use` then switches it.
func TestE2ESetupLoads(t *testing.T) {
	start := map[string][]string{
		"bash": {"bash", "-i", "-c", `nvmgo use 20; echo "$NVMGO_SHELL_INTEGRATION"; node --version`},
		"zsh":  {"zsh", "-i", "-c", `nvmgo use 20; echo "$NVMGO_SHELL_INTEGRATION"; node --version`},
		"fish": {"fish", "-c", `nvmgo use 20; echo $NVMGO_SHELL_INTEGRATION; node --version`},
	}
	// Valid code for each shell, without a final newline.
	profile := map[string]string{
		"bash": "# ünïcödé profile\nset_by_profile=1",
		"zsh":  "# ünïcödé profile\nset_by_profile=1",
		"fish": "# ünïcödé profile\nset -g set_by_profile 1",
	}
	for _, s := range shellCases {
		t.Run(s.name, func(t *testing.T) {
			s.need(t)
			t.Parallel()
			h := installedHome(t)
			file := filepath.Join(h.userHome, profileOf[s.name])
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, []byte(profile[s.name]), 0o644); err != nil {
				t.Fatal(err)
			}
			h.must(t, "setup", "--shell", s.name)
			argv := start[s.name]
			cmd := exec.Command(argv[0], argv[1:]...)
			cmd.Env, cmd.Dir = h.env(), h.dir
			var errb bytes.Buffer
			cmd.Stderr = &errb
			out, err := cmd.Output()
			if want := s.name + "\n" + v20 + "\n"; err != nil || string(out) != want {
				t.Errorf("%s: %v\n got: %q\nwant: %q\nstderr:\n%s", strings.Join(argv, " "), err, out, want, errb.String())
			}
		})
	}
}

// TestE2EEnvMatchesShellPackage checks that the binary prints exactly what
// the shell package renders (whose PowerShell output has golden tests), so
// those tests cover the real command; no pwsh needed.
func TestE2EEnvMatchesShellPackage(t *testing.T) {
	h := installedHome(t)
	exe, err := filepath.EvalSymlinks(filepath.Join(binDir, "nvmgo"))
	if err != nil {
		t.Fatal(err)
	}
	odd := filepath.Join(h.work, "it’s a $HOME `q` ‘home’ \\ “x”")
	for _, root := range []string{h.root, odd} {
		for _, sh := range shell.Supported {
			want, err := shell.Env(shell.EnvOptions{Shell: sh, Exe: exe, Home: root, Shims: filepath.Join(root, "shims")})
			if err != nil {
				t.Fatal(err)
			}
			r := h.run(t, []string{"NVMGO_HOME=" + root}, "env", "--shell", sh)
			if r.code != 0 || r.stdout != want || r.stderr != "" {
				t.Errorf("nvmgo env --shell %s (home %q): exit %d, stderr %q\n got:\n%s\nwant:\n%s", sh, root, r.code, r.stderr, r.stdout, want)
			}
		}
	}
	for _, sh := range shell.Supported {
		set, _ := shell.SetEnvCode(sh, "NVMGO_NODE_VERSION", v20)
		if sh != "powershell" {
			msg, _ := shell.MessageCode(sh, "nvmgo: now using node "+v20+" in this shell")
			set += msg
		}
		if got := h.must(t, "use", "--print-env", "--shell", sh, "20"); got != set {
			t.Errorf("use --print-env --shell %s 20 = %q, want %q", sh, got, set)
		}
		unset, _ := shell.UnsetEnvCode(sh, "NVMGO_NODE_VERSION")
		if got := h.must(t, "deactivate", "--print-env", "--shell", sh); got != unset {
			t.Errorf("deactivate --print-env --shell %s = %q, want %q", sh, got, unset)
		}
	}
	r := h.run(t, []string{"NVMGO_HOME=" + odd}, "env", "--shell", "pwsh", "--json")
	var got map[string]string
	if err := json.Unmarshal([]byte(r.stdout), &got); r.code != 0 || err != nil {
		t.Fatalf("env --json: exit %d, %v\n%s", r.code, err, r.stdout)
	}
	want := map[string]string{"shell": "powershell", "NVMGO_HOME": odd, "shims": filepath.Join(odd, "shims"), "nvmgo": exe}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("env --json = %v, want %v", got, want)
	}
	colon := filepath.Join(h.work, "a:b")
	r = h.run(t, []string{"NVMGO_HOME=" + colon}, "env", "--shell", "bash")
	if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "contains ':', which PATH cannot hold") {
		t.Errorf("env with a ':' in NVMGO_HOME: exit %d\nstdout %q\nstderr %q", r.code, r.stdout, r.stderr)
	}
}
