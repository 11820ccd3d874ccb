package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nvmgo/nvmgo/internal/faulttest"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/internal/testmirror"
	"github.com/nvmgo/nvmgo/versions"
)

// Process-level fault cases: the built nvmgo binary (binDir, from TestMain)
// against a local signed mirror, killed, raced and starved of disk. Every
// case ends with assertOnlyComplete.

const faultVersion = "v20.18.1"

// faultCLI is one mirror and one NVMGO_HOME for running the binary.
type faultCLI struct {
	t    *testing.T
	m    *testmirror.Mirror
	home string
	env  []string
}

type result struct {
	stdout, stderr string
	code           int
}

func newFaultCLI(t *testing.T, vs ...string) *faultCLI {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("the process-level fault cases use linux signals and mounts")
	}
	if len(vs) == 0 {
		vs = []string{faultVersion}
	}
	m, _, h, env := mirrorHome(t, vs, []string{hostTag()})
	if err := os.Mkdir(h, 0o755); err != nil {
		t.Fatal(err)
	}
	return &faultCLI{t: t, m: m, home: h, env: env}
}

// mirrorHome starts a test mirror serving versions vs for the platform tags
// and returns it with a fresh work folder, the NVMGO_HOME path in it (not
// created), and the environment that points the built binary at both: the
// mirror's test key, the dist source only (nothing but loopback is ever
// contacted), a HOME and cache inside work, no colour.
func mirrorHome(t *testing.T, vs, tags []string) (m *testmirror.Mirror, work, home string, env []string) {
	t.Helper()
	return mirrorHomeWith(t, testmirror.Options{Versions: vs, Tags: tags})
}

// mirrorHomeWith is mirrorHome for a mirror with other options (TLS).
func mirrorHomeWith(t *testing.T, o testmirror.Options) (m *testmirror.Mirror, work, home string, env []string) {
	t.Helper()
	o.RealNode = findNode()
	m, err := testmirror.Start(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	work = t.TempDir()
	key := filepath.Join(work, "testkey.asc")
	if err := os.WriteFile(key, m.Signer.PublicArmored(), 0o644); err != nil {
		t.Fatal(err)
	}
	home = filepath.Join(work, "home")
	env = []string{
		"PATH=" + strings.Join([]string{binDir, filepath.Join(home, "shims"), "/usr/bin", "/bin"}, string(os.PathListSeparator)),
		"HOME=" + filepath.Join(work, "userhome"),
		"NVMGO_HOME=" + home,
		"NVMGO_CACHE_DIR=" + filepath.Join(work, "cache"),
		"NVMGO_NODE_MIRROR=" + m.URL,
		"NVMGO_TEST_KEYRING=" + key,
		"NVMGO_SOURCE=dist",                          // no fallback to the npm registry
		"npm_config_registry=http://127.0.0.1:9",     // and if there were, only loopback
		"NVMGO_UNOFFICIAL_MIRROR=http://127.0.0.1:9", // likewise
		"NO_COLOR=1",
	}
	return m, work, home, env
}

func hostTag() string {
	if runtime.GOARCH == "arm64" {
		return "linux-arm64"
	}
	return "linux-x64"
}

// archive is the mirror path of the archive an install downloads.
func (c *faultCLI) archive(ext string) string {
	return faultVersion + "/node-" + faultVersion + "-" + hostTag() + ext
}

func (c *faultCLI) release(v string) versions.Release {
	rels, err := versions.ParseIndex(c.m.File("index.json"))
	if err != nil {
		c.t.Fatal(err)
	}
	for _, r := range rels {
		if r.Version == v {
			return r
		}
	}
	c.t.Fatalf("%s is not in the mirror", v)
	return versions.Release{}
}

func (c *faultCLI) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	if !filepath.IsAbs(name) {
		name = filepath.Join(binDir, name)
	}
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = c.env
	cmd.Dir = c.home
	return cmd
}

// run runs nvmgo with args and returns its output and exit code.
func (c *faultCLI) run(args ...string) result {
	c.t.Helper()
	return c.runCmd(c.command(context.Background(), "nvmgo", args...))
}

func (c *faultCLI) runCmd(cmd *exec.Cmd) result {
	c.t.Helper()
	return c.waitCmd(cmd, c.startCmd(cmd))
}

type outputs struct{ out, err bytes.Buffer }

// startCmd starts cmd with its output captured, so a test can signal
// cmd.Process (set once Start returns) before waiting.
func (c *faultCLI) startCmd(cmd *exec.Cmd) *outputs {
	c.t.Helper()
	o := &outputs{}
	cmd.Stdout, cmd.Stderr = &o.out, &o.err
	if err := cmd.Start(); err != nil {
		c.t.Fatalf("%v: %v", cmd.Args, err)
	}
	return o
}

func (c *faultCLI) waitCmd(cmd *exec.Cmd, o *outputs) result {
	c.t.Helper()
	err := cmd.Wait()
	r := result{stdout: o.out.String(), stderr: o.err.String()}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		c.t.Fatalf("%v: %v", cmd.Args, err)
	}
	if strings.Contains(r.stderr, "panic:") || strings.Contains(r.stderr, "goroutine ") {
		c.t.Errorf("%v panicked:\n%s", cmd.Args, r.stderr)
	}
	return r
}

// mustInstall installs the fault version and checks it is the one complete
// install, with no staging left.
func (c *faultCLI) mustInstall() {
	c.t.Helper()
	r := c.run("install", faultVersion)
	if r.code != 0 {
		c.t.Fatalf("install exited %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
	c.assertInstalled()
}

func (c *faultCLI) assertInstalled() {
	c.t.Helper()
	if n := assertOnlyComplete(c.t, c.home); n != 1 {
		c.t.Errorf("versions/ holds %d complete installs, want 1", n)
	}
	faulttest.AssertNoStaging(c.t, c.home)
	node := store.NodeExe(store.Home{Root: c.home}.VersionDir(faultVersion), "linux")
	r := c.runCmd(c.command(context.Background(), node, "--version"))
	if r.code != 0 || strings.TrimSpace(r.stdout) != faultVersion {
		c.t.Errorf("installed node --version = %q (exit %d)", r.stdout, r.code)
	}
}

// mustFail runs args, wants exit code 1 and an error that names each of
// want followed by a hint line, and checks nothing was installed.
func (c *faultCLI) mustFail(args []string, want ...string) result {
	c.t.Helper()
	return c.checkFail(c.run(args...), args, want...)
}

// checkFail is mustFail for r, the result of running args.
func (c *faultCLI) checkFail(r result, args []string, want ...string) result {
	c.t.Helper()
	c.t.Logf("stderr:\n%s", r.stderr)
	if r.code != 1 {
		c.t.Errorf("%v exited %d, want 1:\n%s%s", args, r.code, r.stdout, r.stderr)
	}
	lines := strings.Split(strings.TrimRight(r.stderr, "\n"), "\n")
	last := strings.Join(lines[max(0, len(lines)-2):], "\n")
	if !strings.HasPrefix(last, "nvmgo: ") {
		c.t.Errorf("stderr does not end with `nvmgo: <what>` and a hint:\n%s", r.stderr)
	}
	faulttest.AssertHint(c.t, last, want...)
	return r
}

// assertOnlyComplete is the check every fault case ends with.
func assertOnlyComplete(t *testing.T, root string) int {
	t.Helper()
	return faulttest.AssertOnlyComplete(t, root)
}

// startKilled starts an install that the mirror stalls once the archive is
// partly sent, waits for ready, then kills it with SIGKILL.
func (c *faultCLI) startKilled(args []string, reached <-chan struct{}, ready func() bool) {
	c.t.Helper()
	cmd := c.command(context.Background(), "nvmgo", args...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	defer cmd.Wait()
	defer cmd.Process.Kill()
	select {
	case <-reached:
	case <-time.After(30 * time.Second):
		c.t.Fatalf("the archive was never requested:\n%s", errb.String())
	}
	if !faulttest.Wait(20*time.Second, ready) {
		c.t.Fatalf("the install did not get far enough; tmp/ holds %v:\n%s", faulttest.Staging(c.home), errb.String())
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		c.t.Fatal(err)
	}
	if err := cmd.Wait(); err == nil || !strings.Contains(err.Error(), "killed") {
		c.t.Fatalf("install after SIGKILL: %v", err)
	}
}

// staged reports whether a staging folder in tmp/ holds rel (a path in
// the release's tree).
func (c *faultCLI) staged(rel string) bool {
	for _, name := range faulttest.Staging(c.home) {
		p := filepath.Join(store.Home{Root: c.home}.TmpDir(), name, "node", rel)
		if _, err := os.Lstat(p); err == nil {
			return true
		}
	}
	return false
}

// stallMidFile makes the mirror send half of the file at path and then
// nothing; reached fires once it has sent that half.
func (c *faultCLI) stallMidFile(path string) (reached <-chan struct{}) {
	data := c.m.File(path)
	ch := make(chan struct{}, 1)
	c.m.SetFault(faulttest.StallAfter(path, data, len(data)/2, ch))
	return ch
}

func TestFaultKillMidDownload(t *testing.T) {
	c := newFaultCLI(t)
	reached := c.stallMidFile(c.archive(".tar.xz"))
	c.startKilled([]string{"install", faultVersion}, reached, func() bool { return c.staged("") })
	litter := faulttest.Staging(c.home)
	if len(litter) == 0 {
		t.Fatal("no staging folder in tmp/ after the kill; the test did not kill an install in progress")
	}
	t.Logf("left by the killed install: tmp/%v", litter)
	assertOnlyComplete(t, c.home)

	c.m.SetFault(nil)
	c.mustInstall()
}

func TestFaultKillMidExtraction(t *testing.T) {
	c := newFaultCLI(t)
	c.env = append(c.env, "NVMGO_ARCHIVE_FORMAT=gz")
	path := c.archive(".tar.gz")
	big := faulttest.BigTarGz(c.release(faultVersion), hostTag(), findNode(), 8<<20)
	if err := faulttest.SetArchive(c.m, faultVersion, filepath.Base(path), big); err != nil {
		t.Fatal(err)
	}
	reached := make(chan struct{}, 1)
	c.m.SetFault(faulttest.StallAfter(path, big, len(big)*6/10, reached))
	// Killed once bin/node is unpacked and lib/big.bin is being written.
	c.startKilled([]string{"install", faultVersion}, reached, func() bool {
		return c.staged("bin/node") && c.staged("lib/big.bin")
	})
	if !c.staged("bin/node") {
		t.Fatalf("no half-unpacked tree in tmp/ after the kill: %v", faulttest.Staging(c.home))
	}
	t.Logf("left by the killed install: tmp/%v", faulttest.Staging(c.home))
	assertOnlyComplete(t, c.home)

	c.m.SetFault(nil)
	c.mustInstall()
	fi, err := os.Stat(filepath.Join(store.Home{Root: c.home}.VersionDir(faultVersion), "lib", "big.bin"))
	if err != nil || fi.Size() != 8<<20 {
		t.Errorf("lib/big.bin after the new install: %v, %v; want all 8 MiB", fi, err)
	}
}

func TestFaultInterruptCLI(t *testing.T) {
	c := newFaultCLI(t)
	reached := c.stallMidFile(c.archive(".tar.xz"))
	cmd := c.command(context.Background(), "nvmgo", "install", faultVersion)
	o := c.startCmd(cmd)
	proc := cmd.Process
	go func() {
		<-reached
		faulttest.Wait(5*time.Second, func() bool { return c.staged("") })
		proc.Signal(os.Interrupt)
	}()
	r := c.waitCmd(cmd, o)
	if r.code != 130 {
		t.Errorf("install after Ctrl-C exited %d, want 130:\n%s", r.code, r.stderr)
	}
	if want := "nvmgo: install " + faultVersion + ": cancelled; nothing was installed\n"; !strings.HasSuffix(r.stderr, want) || strings.Contains(r.stderr, "context canceled") {
		t.Errorf("install after Ctrl-C said %q, want it to end with %q", r.stderr, want)
	}
	assertOnlyComplete(t, c.home)
	faulttest.AssertNoStaging(t, c.home)
}

func TestFaultConcurrentInstallsCLI(t *testing.T) {
	c := newFaultCLI(t)
	path := c.archive(".tar.xz")
	// A slow archive, so all eight are running while the first downloads.
	c.m.SetFault(func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path == "/"+path {
			time.Sleep(500 * time.Millisecond)
		}
		return false
	})
	const n = 8
	results := make([]result, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = c.run("install", faultVersion)
		}()
	}
	wg.Wait()
	fresh := 0
	for i, r := range results {
		if r.code != 0 {
			t.Errorf("install %d exited %d:\n%s", i, r.code, r.stderr)
		}
		if strings.Contains(r.stdout, "installed "+faultVersion+" ") {
			fresh++
		}
	}
	if fresh != 1 {
		t.Errorf("%d installs say they installed it, want 1", fresh)
	}
	if hits := c.m.Hits(path); hits != 1 {
		t.Errorf("the archive was downloaded %d times, want 1", hits)
	}
	c.assertInstalled()
}

func TestFaultInstallUninstallRace(t *testing.T) {
	c := newFaultCLI(t)
	for i := range 6 {
		var inst, uninst result
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); inst = c.run("install", faultVersion) }()
		go func() { defer wg.Done(); uninst = c.run("uninstall", "--force", faultVersion) }()
		wg.Wait()
		if inst.code != 0 {
			t.Errorf("round %d: install exited %d:\n%s", i, inst.code, inst.stderr)
		}
		if uninst.code != 0 && !strings.Contains(uninst.stderr, "no installed version matches") {
			t.Errorf("round %d: uninstall exited %d:\n%s", i, uninst.code, uninst.stderr)
		}
		assertOnlyComplete(t, c.home)
	}
	faulttest.AssertNoStaging(t, c.home)
	c.mustInstall()
}

func TestFaultUninstallWhileNodeRuns(t *testing.T) {
	c := newFaultCLI(t)
	c.mustInstall()
	shim := filepath.Join(c.home, "shims", "node")
	cmd := c.command(context.Background(), shim, "-e",
		`console.log("started"); setTimeout(() => console.log("still running " + process.version), 1500)`)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() || lines.Text() != "started" {
		t.Fatalf("node did not start: %q", lines.Text())
	}
	r := c.run("uninstall", "--force", faultVersion)
	if r.code != 0 || !strings.Contains(r.stdout, "uninstalled "+faultVersion) {
		t.Errorf("uninstall while node runs exited %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The running node keeps its files (unix keeps unlinked files open).
	var rest strings.Builder
	for lines.Scan() {
		rest.WriteString(lines.Text() + "\n")
	}
	if err := cmd.Wait(); err != nil || !strings.Contains(rest.String(), "still running") {
		t.Errorf("the running node: %v, printed %q", err, rest.String())
	}
	if n := assertOnlyComplete(t, c.home); n != 0 {
		t.Errorf("versions/ holds %d installs after uninstall", n)
	}
	faulttest.AssertNoStaging(t, c.home)
	// A new node runs the system node with a one-line note naming the
	// missing default, or, with no system node, says what to run.
	nr := c.runCmd(c.command(context.Background(), shim, "--version"))
	if strings.Contains(nr.stdout, faultVersion) {
		t.Errorf("node of an uninstalled version ran: %q", nr.stdout)
	}
	if nr.code == 0 {
		want := "nvmgo: the default (" + faultVersion + ") is not installed; running the system node (set another with: nvmgo default SPEC)\n"
		if nr.stderr != want {
			t.Errorf("the system node ran with stderr %q, want %q", nr.stderr, want)
		}
	} else {
		faulttest.AssertHint(t, nr.stderr, faultVersion, "nvmgo install")
	}
}

func TestFaultReadOnlyHomeCLI(t *testing.T) {
	t.Run("fresh", func(t *testing.T) {
		c := newFaultCLI(t)
		faulttest.ReadOnly(t, c.home)
		c.mustFail([]string{"install", faultVersion}, "install "+faultVersion, c.home+" is not writable", "NVMGO_HOME")
		assertOnlyComplete(t, c.home)
	})
	t.Run("with-an-install", func(t *testing.T) {
		c := newFaultCLI(t, faultVersion, "v22.12.0")
		c.mustInstall()
		faulttest.ReadOnly(t, c.home)
		if r := c.run("ls"); r.code != 0 || !strings.Contains(r.stdout, faultVersion) {
			t.Errorf("ls on a read-only home exited %d:\n%s%s", r.code, r.stdout, r.stderr)
		}
		if r := c.run("install", faultVersion); r.code != 0 || !strings.Contains(r.stdout, "already installed") {
			t.Errorf("install of an installed version on a read-only home exited %d:\n%s%s", r.code, r.stdout, r.stderr)
		}
		c.mustFail([]string{"install", "v22.12.0"}, "install v22.12.0", c.home+" is not writable")
		// The cause is the file system, not a running node.
		r := c.mustFail([]string{"uninstall", "--force", faultVersion}, faultVersion, "read-only file system")
		if _, hint, _ := strings.Cut(r.stderr, "hint: "); !strings.Contains(hint, "writable") {
			t.Errorf("uninstall on a read-only home: the hint does not say the home is not writable:\n%s", r.stderr)
		}
		c.assertInstalled()
	})
}

func TestFaultDiskFullCLI(t *testing.T) {
	c := newFaultCLI(t)
	// Room for the shim binary that every install copies into bin/, not
	// for the archive.
	shim, err := os.Stat(filepath.Join(binDir, "nvmgo-shim"))
	if err != nil {
		t.Fatal(err)
	}
	room := int(shim.Size()) + 4<<20
	faulttest.MountTmpfs(t, c.home, strconv.Itoa(room))
	c.env = append(c.env, "NVMGO_ARCHIVE_FORMAT=gz")
	name := filepath.Base(c.archive(".tar.gz"))
	small := c.m.File(c.archive(".tar.gz"))
	big := faulttest.BigTarGz(c.release(faultVersion), hostTag(), findNode(), room+4<<20)
	if err := faulttest.SetArchive(c.m, faultVersion, name, big); err != nil {
		t.Fatal(err)
	}
	c.mustFail([]string{"install", faultVersion}, "install "+faultVersion, "no space left in "+c.home, "free some space")
	if n := assertOnlyComplete(t, c.home); n != 0 {
		t.Errorf("versions/ holds %d installs after a full disk", n)
	}
	faulttest.AssertNoStaging(t, c.home)
	// With room for it, the same install succeeds on the same file system.
	if err := faulttest.SetArchive(c.m, faultVersion, name, small); err != nil {
		t.Fatal(err)
	}
	c.mustInstall()
}

func TestFaultErrorsCLI(t *testing.T) {
	sums := faultVersion + "/SHASUMS256.txt"
	tests := []struct {
		name  string
		spoil func(c *faultCLI)
		want  []string
	}{
		{"checksum-mismatch", func(c *faultCLI) {
			data := bytes.Clone(c.m.File(c.archive(".tar.xz")))
			data[len(data)/2] ^= 1
			c.m.Set(c.archive(".tar.xz"), data)
		}, []string{"checksum mismatch", "want sha256", "got"}},
		{"missing-entry", func(c *faultCLI) {
			if err := faulttest.SetSums(c.m, faultVersion, []byte(strings.Repeat("0", 64)+"  other.tar.gz\n"), nil, ""); err != nil {
				c.t.Fatal(err)
			}
		}, []string{"has no entry for node-" + faultVersion}},
		{"bad-signature", func(c *faultCLI) {
			asc := bytes.Replace(c.m.File(sums+".asc"), []byte(hostTag()+".tar.xz"), []byte(hostTag()+".tar.xx"), 1)
			c.m.Set(sums+".asc", asc)
		}, []string{"SHASUMS256.txt.asc", "bad signature"}},
		{"unsigned", func(c *faultCLI) { c.m.Set(sums+".asc", nil) }, []string{"no signature", "--allow-unsigned"}},
		{"503-forever", func(c *faultCLI) {
			c.m.SetFault(func(w http.ResponseWriter, r *http.Request) bool {
				if r.URL.Path != "/"+c.archive(".tar.xz") {
					return false
				}
				http.Error(w, "down", http.StatusServiceUnavailable)
				return true
			})
		}, []string{"503 Service Unavailable"}},
		{"mirror-down", func(c *faultCLI) { c.m.Close() }, []string{"connection refused"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := newFaultCLI(t)
			tt.spoil(c)
			c.mustFail([]string{"install", faultVersion}, append([]string{"install " + faultVersion}, tt.want...)...)
			if n := assertOnlyComplete(t, c.home); n != 0 {
				t.Errorf("versions/ holds %d installs after a failed install", n)
			}
			faulttest.AssertNoStaging(t, c.home)
		})
	}
}

func TestFaultHostileIndexCLI(t *testing.T) {
	huge := append([]byte("["), bytes.Repeat([]byte(" "), versions.MaxIndexSize)...)
	tests := []struct{ name, index, want string }{
		{"invalid-json", `[{"version":"v20.18.1",`, "index.json"},
		{"wrong-types", `[{"version":20,"files":"linux-x64","lts":1}]`, "entry 0"},
		{"not-a-version", `[{"version":"../../etc/passwd","files":[],"lts":false}]`, "not a version"},
		{"huge", string(huge), "larger than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := newFaultCLI(t)
			c.m.Set("index.json", []byte(tt.index))
			// The index is refused with a warning naming the problem, and the
			// embedded snapshot resolves the version instead.
			r := c.run("install", faultVersion)
			if r.code != 0 {
				t.Fatalf("install with a hostile index exited %d:\n%s", r.code, r.stderr)
			}
			if !strings.Contains(r.stderr, "could not fetch the release index") || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr does not explain the index problem (%q):\n%s", tt.want, r.stderr)
			}
			if hits := c.m.Hits("index.json"); hits != 1 {
				t.Errorf("index.json fetched %d times, want 1", hits)
			}
			c.assertInstalled()
			ls := c.run("ls-remote")
			if ls.code == 2 || strings.Contains(ls.stderr, "panic") {
				t.Errorf("ls-remote with a hostile index exited %d:\n%s", ls.code, ls.stderr)
			}
		})
	}
}
