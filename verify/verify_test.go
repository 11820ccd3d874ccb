package verify

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var checkOrder = []string{CheckNode, CheckNpm, CheckStart, CheckAnswer, CheckStopped}

// realNode returns the path of node on this machine, skipping without one.
func realNode(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node on PATH")
	}
	node, err = filepath.Abs(node)
	if err != nil {
		t.Fatal(err)
	}
	return node
}

func TestRunRealNode(t *testing.T) {
	node := realNode(t)
	// Loopback must not go through a proxy from the environment.
	t.Setenv("HTTP_PROXY", "http://127.0.0.1:1")
	t.Setenv("http_proxy", "http://127.0.0.1:1")
	t.Setenv("NO_PROXY", "")
	tests := []struct {
		name string
		port int
	}{
		{"free port", 0},
		{"fixed port", freePort(t)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "made", "by", "run")
			npm := filepath.Join(t.TempDir(), "npm-cli.js")
			writeFile(t, npm, "console.log('10.9.9');\n")
			rep, err := Run(context.Background(), Options{Node: node, NpmCLI: npm, Port: tt.port, Dir: dir})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if !rep.OK {
				t.Fatalf("report not OK: %+v", rep)
			}
			if got := checkNames(rep); strings.Join(got, ",") != strings.Join(checkOrder, ",") {
				t.Errorf("checks %q, want %q", got, checkOrder)
			}
			if !regexp.MustCompile(`^v\d+\.\d+\.\d+$`).MatchString(rep.Version) {
				t.Errorf("Version %q", rep.Version)
			}
			m := regexp.MustCompile(`^http://127\.0\.0\.1:(\d+)/$`).FindStringSubmatch(rep.URL)
			if m == nil {
				t.Fatalf("URL %q", rep.URL)
			}
			if tt.port != 0 && m[1] != fmt.Sprint(tt.port) {
				t.Errorf("URL %q, want port %d", rep.URL, tt.port)
			}
			if c := checkByName(t, rep, CheckAnswer); !strings.Contains(c.Detail, `"Hello, World!\n"`) {
				t.Errorf("answer detail %q", c.Detail)
			}
			if _, err := os.Stat(filepath.Join(dir, scriptName)); err != nil {
				t.Errorf("script not in Dir: %v", err)
			}
			if _, err := json.Marshal(rep); err != nil {
				t.Errorf("report does not marshal: %v", err)
			}
		})
	}
}

func TestRunNpm(t *testing.T) {
	node := realNode(t)
	tests := []struct {
		name   string
		script string // "" means no npm-cli.js given; "-" a path that does not exist
		ok     bool
		detail string
	}{
		{"version", "console.log('10.9.9');", true, "10.9.9"},
		{"notice first", "console.log('npm notice: hi'); console.log('11.0.0-pre.1');", true, "11.0.0-pre.1"},
		{"not given", "", false, "npm is missing"},
		{"no such file", "-", false, "npm is missing"},
		{"no version", "console.log('hello');", false, `printed "hello"`},
		{"throws", "throw new Error('npm broke');", false, "npm broke"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			npm := filepath.Join(t.TempDir(), "npm-cli.js")
			switch tt.script {
			case "":
				npm = ""
			case "-":
			default:
				writeFile(t, npm, tt.script+"\n")
			}
			rep, err := Run(context.Background(), Options{Node: node, NpmCLI: npm, Dir: t.TempDir()})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			c := checkByName(t, rep, CheckNpm)
			if c.OK != tt.ok || !strings.Contains(c.Detail, tt.detail) {
				t.Errorf("npm check %+v, want ok=%v and detail with %q", c, tt.ok, tt.detail)
			}
			if rep.OK != tt.ok {
				t.Errorf("report OK=%v, want %v", rep.OK, tt.ok)
			}
		})
	}
}

func TestRunFakeNode(t *testing.T) {
	tests := []struct {
		name  string
		mode  string
		port  bool              // use a fixed free port
		timed bool              // a short time limit, and no npm check to spend it
		want  map[string]string // check name: "ok:" or "fail:" and a part of the detail
	}{
		{name: "good", mode: "good", want: map[string]string{
			CheckNode: "ok:v99.1.2", CheckNpm: "ok:10.9.9", CheckStart: "ok:Server running at",
			CheckAnswer: "ok:200", CheckStopped: "ok:stopped with",
		}},
		{name: "wrong answer", mode: "wrong", want: map[string]string{
			CheckStart:   "ok:Server running at",
			CheckAnswer:  `fail:status 404, want 200; Content-Type "application/json", want text/plain; body "nope"`,
			CheckStopped: "ok:",
		}},
		{name: "never ready", mode: "silent", timed: true, want: map[string]string{
			CheckNode:    "ok:",
			CheckStart:   `fail:no "Server running at" line on the server's stdout within the {limit} time limit`,
			CheckAnswer:  "fail:not run: the server did not start",
			CheckStopped: "fail:not run",
		}},
		{name: "never answers", mode: "hang", timed: true, want: map[string]string{
			CheckStart:   "ok:",
			CheckAnswer:  "fail:no answer within the {limit} time limit",
			CheckStopped: "ok:",
		}},
		{name: "exits at once", mode: "crash", want: map[string]string{
			CheckNode:  "ok:",
			CheckStart: "fail:the server exited before it was ready: exit status 3; stderr: noise 16 | noise 17 | noise 18 | noise 19 | noise 20 | Error: boom",
		}},
		{name: "port taken by node", mode: "eaddrinuse", port: true, want: map[string]string{
			CheckStart: "fail:port ",
		}},
		{name: "broken node", mode: "broken", want: map[string]string{
			CheckNode:  "fail:node --version failed: exit status 1; stderr: fake: broken node",
			CheckNpm:   "fail:fake: broken node",
			CheckStart: "fail:fake: broken node",
		}},
		{name: "bad version", mode: "badversion", want: map[string]string{
			CheckNode: `fail:node --version printed "hello"`,
			CheckNpm:  "ok:",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			o, pids := fakeOptions(t, tt.mode)
			if tt.port {
				o.Port = freePort(t)
			}
			if tt.timed {
				o.NpmCLI = ""
				o.Timeout = shortLimit(t, o)
			}
			// No upper bound on Run's wall time: a Run that ignored its limit
			// would hang on these fakes and fail by the test's own deadline,
			// while a busy machine only makes a correct Run late.
			rep, err := Run(context.Background(), o)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			wantOK := true
			for name, want := range tt.want {
				ok, detail, _ := strings.Cut(strings.ReplaceAll(want, "{limit}", o.Timeout.String()), ":")
				wantOK = wantOK && ok == "ok"
				c := checkByName(t, rep, name)
				if c.OK != (ok == "ok") || !strings.Contains(c.Detail, detail) {
					t.Errorf("check %q = %+v, want %s with %q", name, c, ok, detail)
				}
			}
			if rep.OK != wantOK {
				t.Errorf("report OK=%v, want %v: %+v", rep.OK, wantOK, rep.Checks)
			}
			if got := checkNames(rep); strings.Join(got, ",") != strings.Join(checkOrder, ",") {
				t.Errorf("checks %q, want %q", got, checkOrder)
			}
			assertGone(t, readPids(t, pids))
		})
	}
}

func TestRunPortTaken(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	o, pids := fakeOptions(t, "good")
	o.Port = ln.Addr().(*net.TCPAddr).Port
	rep, err := Run(context.Background(), o)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	want := fmt.Sprintf("port %d on 127.0.0.1 is taken", o.Port)
	if c := checkByName(t, rep, CheckStart); c.OK || c.Detail != want {
		t.Errorf("start check %+v, want failed with %q", c, want)
	}
	if rep.OK {
		t.Error("report OK with the port taken")
	}
	assertGone(t, readPids(t, pids))
}

func TestRunSetupErrors(t *testing.T) {
	tests := []struct {
		name string
		o    Options
		want string
	}{
		{"no node", Options{}, "no node binary"},
		{"relative node", Options{Node: "node"}, "not absolute"},
		{"bad port", Options{Node: filepath.Join(t.TempDir(), "node"), Port: 70000}, "out of range"},
		{"no scratch folder", Options{Node: filepath.Join(t.TempDir(), "node")}, "no scratch folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Run(context.Background(), tt.o)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Run error %v, want one with %q", err, tt.want)
			}
		})
	}
}

// shortLimit is a time limit that leaves the fake node time to start twice
// (node --version, then the server), which takes over a second each under
// the race detector, with room for a machine that gets busier meanwhile.
func shortLimit(t *testing.T, o Options) time.Duration {
	t.Helper()
	start := time.Now()
	cmd := exec.Command(o.Node, "--version")
	cmd.Env = o.Env
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return (5*time.Since(start) + 2*time.Second).Round(100 * time.Millisecond)
}

func checkNames(rep Report) []string {
	var names []string
	for _, c := range rep.Checks {
		names = append(names, c.Name)
	}
	return names
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
