package verify

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The test binary doubles as a fake node: with fakeModeEnv set it behaves
// like node in the way the mode names, and appends its pid to the file
// named by fakePidsEnv so that tests can check nothing is left running.
const (
	fakeModeEnv = "NVMGO_VERIFY_FAKE"
	fakePidsEnv = "NVMGO_VERIFY_PIDS"
)

func TestMain(m *testing.M) {
	if mode := os.Getenv(fakeModeEnv); mode != "" {
		os.Exit(fakeNode(mode, os.Args[1:]))
	}
	os.Exit(m.Run())
}

// fakeNode answers node --version, node npm-cli.js --version and
// node script HOST PORT.
func fakeNode(mode string, args []string) int {
	if f, err := os.OpenFile(os.Getenv(fakePidsEnv), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644); err == nil {
		fmt.Fprintln(f, os.Getpid())
		f.Close()
	}
	if mode == "broken" {
		fmt.Fprintln(os.Stderr, "fake: broken node")
		return 1
	}
	switch {
	case len(args) == 1 && args[0] == "--version":
		if mode == "badversion" {
			fmt.Println("hello")
		} else {
			fmt.Println("v99.1.2")
		}
		return 0
	case len(args) == 2 && args[1] == "--version":
		fmt.Println("10.9.9")
		return 0
	case len(args) != 3:
		fmt.Fprintf(os.Stderr, "fake: unexpected args %q\n", args)
		return 2
	}
	host, port := args[1], args[2]
	switch mode {
	case "silent":
		time.Sleep(time.Minute)
		return 0
	case "crash":
		for i := 1; i <= 20; i++ {
			fmt.Fprintf(os.Stderr, "noise %02d\n", i)
		}
		fmt.Fprintln(os.Stderr, "Error: boom")
		return 3
	case "eaddrinuse":
		fmt.Fprintln(os.Stderr, "Server error: EADDRINUSE listen EADDRINUSE: address already in use")
		return 1
	case "stubborn":
		signal.Ignore(syscall.SIGTERM)
	case "group":
		child := exec.Command(os.Args[0], "script", host, "0")
		child.Env = append(os.Environ(), fakeModeEnv+"=silent")
		if err := child.Start(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	return fakeServe(mode, host, port)
}

// fakeServe serves like the hello script, or wrongly, or never answers.
func fakeServe(mode, host, port string) int {
	ln, err := net.Listen("tcp", net.JoinHostPort(host, port))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Printf("Server running at http://%s/\n", ln.Addr())
	h := func(w http.ResponseWriter, r *http.Request) {
		switch mode {
		case "wrong":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, "nope")
		case "hang", "group":
			select {}
		default:
			w.Header().Set("Content-Type", "text/plain")
			fmt.Fprint(w, "Hello, World!\n")
		}
	}
	fmt.Fprintln(os.Stderr, http.Serve(ln, http.HandlerFunc(h)))
	return 1
}

// fakeOptions returns options that run the test binary as node in mode.
func fakeOptions(t *testing.T, mode string) (Options, string) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pids := dir + string(os.PathSeparator) + "pids"
	npm := dir + string(os.PathSeparator) + "npm-cli.js"
	if err := os.WriteFile(npm, []byte("// fake\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return Options{
		Node:    exe,
		NpmCLI:  npm,
		Timeout: 10 * time.Second,
		Env:     append(os.Environ(), fakeModeEnv+"="+mode, fakePidsEnv+"="+pids),
		Dir:     dir + string(os.PathSeparator) + "scratch",
	}, pids
}

// readPids returns the pids the fake nodes recorded.
func readPids(t *testing.T, path string) []int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var pids []int
	for _, f := range strings.Fields(string(b)) {
		pid, err := strconv.Atoi(f)
		if err != nil {
			t.Fatalf("pid file %s: %v", path, err)
		}
		pids = append(pids, pid)
	}
	return pids
}

// freePort returns a loopback port that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// checkByName returns the check called name, failing the test without it.
func checkByName(t *testing.T, rep Report, name string) Check {
	t.Helper()
	for _, c := range rep.Checks {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no check %q in %+v", name, rep.Checks)
	return Check{}
}
