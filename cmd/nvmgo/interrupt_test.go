//go:build unix

package main

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nvmgo/nvmgo/internal/faulttest"
	"github.com/nvmgo/nvmgo/internal/store"
)

// Ctrl-C and SIGTERM reach every command through the root's context: the
// built binary, stalled by the mirror at a request it is known to make, is
// signalled once the mirror has seen that request (no sleeps), and must
// exit 130 with its own cleanup line, never Go's "context canceled".

// interrupt runs nvmgo args against c's mirror, sends sig once reached
// fires (and ready holds, if given), and returns the result.
func (c *faultCLI) interrupt(sig os.Signal, reached <-chan struct{}, ready func() bool, args ...string) result {
	c.t.Helper()
	cmd := c.command(context.Background(), "nvmgo", args...)
	o := c.startCmd(cmd)
	go func() {
		select {
		case <-reached:
		case <-time.After(60 * time.Second): // only a broken test gets here
			cmd.Process.Kill()
			return
		}
		if ready != nil {
			faulttest.Wait(20*time.Second, ready)
		}
		cmd.Process.Signal(sig)
	}()
	return c.waitCmd(cmd, o)
}

func (c *faultCLI) assertCancelled(r result, args []string, want string) {
	c.t.Helper()
	c.assertCancelledSays(r, args, want)
	if strings.Contains(r.stderr, "context canceled") {
		c.t.Errorf("%v after the signal said Go's %q:\n%s", args, "context canceled", r.stderr)
	}
}

// assertCancelledSays wants exit code 130 and stderr ending with want.
func (c *faultCLI) assertCancelledSays(r result, args []string, want string) {
	c.t.Helper()
	if r.code != 130 {
		c.t.Errorf("%v after the signal exited %d, want 130:\n%s", args, r.code, r.stderr)
	}
	if !strings.HasSuffix(r.stderr, want) {
		c.t.Errorf("%v after the signal said %q, want it to end with %q", args, r.stderr, want)
	}
}

func TestInterruptLsRemote(t *testing.T) {
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			c := newFaultCLI(t)
			// The index never finishes: only the signal can end the command.
			reached := c.stallMidFile("index.json")
			args := []string{"ls-remote"}
			r := c.interrupt(sig, reached, nil, args...)
			c.assertCancelled(r, args, "nvmgo: ls-remote: cancelled\n")
			if r.stdout != "" {
				t.Errorf("ls-remote printed releases after the signal:\n%s", r.stdout)
			}
		})
	}
}

func TestInterruptUseInstall(t *testing.T) {
	c := newFaultCLI(t)
	reached := c.stallMidFile(c.archive(".tar.xz"))
	args := []string{"use", "--install", faultVersion}
	// Signalled once the download is staged, so the cleanup has a folder
	// to remove.
	r := c.interrupt(os.Interrupt, reached, func() bool { return c.staged("") }, args...)
	c.assertCancelled(r, args, "nvmgo: install "+faultVersion+": cancelled; nothing was installed\n")
	assertOnlyComplete(t, c.home)
	faulttest.AssertNoStaging(t, c.home)
}

// TestInterruptCommands: the other commands that wait on the network stop
// the same way, each with its own last line.
func TestInterruptUpgradeMidDownload(t *testing.T) {
	const older = "v20.18.0"
	c := newFaultCLI(t, older, faultVersion)
	if r := c.run("install", older); r.code != 0 {
		t.Fatalf("install %s exited %d:\n%s", older, r.code, r.stderr)
	}
	reached := c.stallMidFile(c.archive(".tar.xz"))
	args := []string{"upgrade", "20"}
	r := c.interrupt(os.Interrupt, reached, func() bool { return c.staged("") }, args...)
	c.assertCancelled(r, args, "nvmgo: upgrade of Node.js 20: cancelled; "+faultVersion+
		" was not installed, the aliases and older versions are as they were\n")
	if n := assertOnlyComplete(t, c.home); n != 1 {
		t.Errorf("versions/ holds %d complete installs, want %s alone", n, older)
	}
	faulttest.AssertNoStaging(t, c.home)
	if raw, _, err := (store.Home{Root: c.home}).ReadAlias(store.DefaultAlias); err != nil || raw != older {
		t.Errorf("default after the interrupted upgrade: %q, %v; want %s", raw, err, older)
	}
}

func TestInterruptCommands(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		stall   string // the mirror path left hanging
		install bool   // install faultVersion first
		want    string
	}{
		{"outdated", []string{"outdated"}, "index.json", false, "nvmgo: outdated: cancelled\n"},
		{"doctor", []string{"doctor"}, "index.json", false, "nvmgo: doctor: cancelled\n"},
		{"upgrade", []string{"upgrade", "20"}, "index.json", true, "nvmgo: upgrade: cancelled\n"},
		// mirror sync names the cause, Go's words included, as it always has.
		{"mirror sync", []string{"mirror", "sync", "DIR", "--versions", faultVersion, "--platforms", hostTag(), "--formats", "xz"},
			"ARCHIVE", false, ": context canceled); nothing partial is visible in it\n" +
				"hint: run the same sync again: it resumes where it stopped\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newFaultCLI(t)
			if tt.install {
				c.mustInstall()
				c.env = append(c.env, "NVMGO_INDEX_TTL=0s") // ask the mirror again
			}
			dir := filepath.Join(t.TempDir(), "dist")
			args := make([]string, len(tt.args))
			for i, a := range tt.args {
				args[i] = strings.ReplaceAll(a, "DIR", dir)
			}
			stall := strings.ReplaceAll(tt.stall, "ARCHIVE", c.archive(".tar.xz"))
			r := c.interrupt(os.Interrupt, c.stallMidFile(stall), nil, args...)
			if tt.name == "mirror sync" {
				c.assertCancelledSays(r, args, tt.want)
				if want := "nvmgo: mirror sync " + dir + ": interrupted ("; !strings.HasPrefix(r.stderr, want) {
					t.Errorf("mirror sync said %q, want it to start with %q", r.stderr, want)
				}
				if _, err := os.Stat(filepath.Join(dir, c.archive(".tar.xz"))); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("the half-sent archive is visible in the mirror folder: %v", err)
				}
			} else {
				c.assertCancelled(r, args, tt.want)
			}
			if tt.name == "doctor" && r.stdout != "" {
				t.Errorf("doctor printed a report cut short:\n%s", r.stdout)
			}
		})
	}
}

// TestInterruptImport: Ctrl-C while import checks an nvm version (its node
// runs until killed) brings nothing in, neither the version nor the aliases.
func TestInterruptImport(t *testing.T) {
	c := newFaultCLI(t)
	work := t.TempDir()
	nvm := filepath.Join(work, "nvm")
	bin := filepath.Join(nvm, "versions", "node", faultVersion, "bin")
	started := filepath.Join(work, "node-started")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	// The version check's node says it started, then waits to be killed.
	script := "#!/bin/sh\n: > '" + started + "'\nexec sleep 600\n"
	if err := os.WriteFile(filepath.Join(bin, "node"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(nvm, "alias"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(nvm, "alias", "default"), []byte("20\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.env = append(c.env, "NVM_DIR="+nvm)
	reached := make(chan struct{})
	go func() {
		defer close(reached)
		faulttest.Wait(60*time.Second, func() bool { _, err := os.Stat(started); return err == nil })
	}()
	args := []string{"import", "nvm"}
	r := c.interrupt(os.Interrupt, reached, nil, args...)
	c.assertCancelled(r, args, "nvmgo: import: cancelled; what the report above lists as imported is in nvmgo, nothing of the rest was left\n")
	if !strings.Contains(r.stdout, faultVersion) || !strings.Contains(r.stdout, "interrupted") || strings.Contains(r.stdout, "imported") {
		t.Errorf("import's report after the signal:\n%s", r.stdout)
	}
	h := store.Home{Root: c.home}
	if _, err := os.Stat(h.VersionDir(faultVersion)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("versions/%s after the interrupted import: %v", faultVersion, err)
	}
	if _, ok, _ := h.ReadAlias(store.DefaultAlias); ok {
		t.Error("the interrupted import brought the default alias in")
	}
	faulttest.AssertNoStaging(t, c.home)
}

// TestInterruptVerify: Ctrl-C while verify waits on node ends it with
// exit 130, and the node it started is gone.
func TestInterruptVerify(t *testing.T) {
	c := newFaultCLI(t)
	c.mustInstall()
	started := filepath.Join(t.TempDir(), "node-pid")
	node := store.NodeExe(store.Home{Root: c.home}.VersionDir(faultVersion), "linux")
	// node --version writes its pid, then waits to be stopped.
	script := "#!/bin/sh\necho $$ > '" + started + ".tmp'\nmv '" + started + ".tmp' '" + started + "'\nexec sleep 600\n"
	if err := os.Remove(node); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(node, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	reached := make(chan struct{})
	go func() {
		defer close(reached)
		faulttest.Wait(60*time.Second, func() bool { _, err := os.Stat(started); return err == nil })
	}()
	args := []string{"verify", faultVersion}
	r := c.interrupt(os.Interrupt, reached, nil, args...)
	c.assertCancelled(r, args, "nvmgo: verify "+faultVersion+": cancelled; nothing it started is left running\n")
	b, err := os.ReadFile(started)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	// Reaped by verify before it returned: no such process now.
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("the node verify started (pid %d) after the signal: %v, want no such process", pid, err)
	}
}

// TestInterruptGlobalsCopy: Ctrl-C while npm installs into TO ends globals
// copy with exit 130 and its own line.
func TestInterruptGlobalsCopy(t *testing.T) {
	const older = "v20.18.0"
	c := newFaultCLI(t, older, faultVersion)
	for _, v := range []string{older, faultVersion} {
		if r := c.run("install", v); r.code != 0 {
			t.Fatalf("install %s exited %d:\n%s", v, r.code, r.stderr)
		}
	}
	h := store.Home{Root: c.home}
	pkg := filepath.Join(h.VersionDir(older), "lib", "node_modules", "left-pad")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(pkg, "package.json"), []byte(`{"name":"left-pad","version":"1.3.0"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	// TO's node (which runs its npm) says it started, then waits.
	started := filepath.Join(t.TempDir(), "npm-started")
	node := store.NodeExe(h.VersionDir(faultVersion), "linux")
	if err := os.Remove(node); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(node, []byte("#!/bin/sh\n: > '"+started+"'\nexec sleep 600\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	reached := make(chan struct{})
	go func() {
		defer close(reached)
		faulttest.Wait(60*time.Second, func() bool { _, err := os.Stat(started); return err == nil })
	}()
	args := []string{"globals", "copy", older, faultVersion}
	r := c.interrupt(os.Interrupt, reached, nil, args...)
	c.assertCancelled(r, args, "nvmgo: left-pad: npm: interrupted\n"+
		"nvmgo: copy global packages from "+older+" to "+faultVersion+": cancelled\n")
}

// TestInterruptPMInstall: Ctrl-C while the registry has not answered ends
// pm install as install ends: exit 130, nothing installed.
func TestInterruptPMInstall(t *testing.T) {
	c := newFaultCLI(t)
	reached := make(chan struct{}, 1)
	reg := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case reached <- struct{}{}:
		default:
		}
		<-r.Context().Done() // never answers
	}))
	defer reg.Close()
	c.env = append(c.env, "npm_config_registry="+reg.URL+"/")
	args := []string{"pm", "install", "pnpm@9"}
	r := c.interrupt(os.Interrupt, reached, nil, args...)
	c.assertCancelled(r, args, "nvmgo: install pnpm@9: cancelled; nothing was installed\n")
	if _, err := os.Stat(store.Home{Root: c.home}.PMDir()); err == nil {
		if ents, _ := os.ReadDir(store.Home{Root: c.home}.PMDir()); len(ents) > 0 {
			t.Errorf("pm/ after the interrupted install: %v", ents)
		}
	}
	faulttest.AssertNoStaging(t, c.home)
}
