// Package verify proves that an installed Node.js works by running the hello server from the Node.js introduction against it.
package verify

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Options says which node to verify and how.
type Options struct {
	Node    string        // absolute path of the node binary
	NpmCLI  string        // absolute path of npm-cli.js (run as Node + NpmCLI --version); "" skips the npm check with a failed check saying npm is missing
	Host    string        // default 127.0.0.1
	Port    int           // 0 = pick a free port
	Timeout time.Duration // whole run; default 20s
	Env     []string      // environment for the child processes (caller builds it; nil = os.Environ())
	Dir     string        // scratch dir for the server script and output files: the caller's (nvmgo gives a store scratch folder, which installs sweep); created if missing
}

// Check is the outcome of one step of the run.
type Check struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
	Millis int64  `json:"ms"`
}

// Report is the outcome of a whole run; OK is true when every check passed.
type Report struct {
	Node    string  `json:"node"`
	Version string  `json:"version"`
	URL     string  `json:"url"`
	Checks  []Check `json:"checks"`
	OK      bool    `json:"ok"`
}

// Names of the checks, in the order Run makes them.
const (
	CheckNode    = "node --version"
	CheckNpm     = "npm --version"
	CheckStart   = "server starts"
	CheckAnswer  = "server answers"
	CheckStopped = "server stops"
)

const (
	defaultHost    = "127.0.0.1"
	defaultTimeout = 20 * time.Second
	scriptName     = "nvmgo-hello.js"
)

// Run makes the checks in order and stops every process it started before
// it returns. Failed checks are reported in the Report; the error is for a
// run that could not be set up, or that ctx cancelled (the Report then holds
// the checks made so far).
func Run(ctx context.Context, o Options) (Report, error) {
	rep := Report{Node: o.Node}
	o, err := prepare(o)
	if err != nil {
		return rep, fmt.Errorf("verify %s: %w", o.Node, err)
	}

	rctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	r := &runner{o: o, ctx: rctx}
	add := func(c Check) { rep.Checks = append(rep.Checks, c) }
	interrupted := func() (Report, error) {
		return finish(rep), fmt.Errorf("verify %s: %w", o.Node, context.Cause(ctx))
	}

	version, c := r.nodeVersion()
	rep.Version = version
	add(c)
	if ctx.Err() != nil {
		return interrupted()
	}
	add(r.npmVersion())
	if ctx.Err() != nil {
		return interrupted()
	}

	srv, url, c := r.startServer()
	add(c)
	if srv == nil {
		if ctx.Err() != nil {
			return interrupted()
		}
		add(skipped(CheckAnswer, "the server did not start"))
		add(skipped(CheckStopped, "the server did not start"))
		return finish(rep), nil
	}
	defer srv.stop() // a no-op once the server has been stopped below
	rep.URL = url
	add(r.request(url))
	if ctx.Err() != nil {
		return interrupted()
	}
	add(r.stopServer(srv))
	return finish(rep), nil
}

// prepare fills in the defaults, checks the options and writes the server
// script.
func prepare(o Options) (Options, error) {
	if o.Node == "" {
		return o, errors.New("no node binary given")
	}
	if !filepath.IsAbs(o.Node) {
		return o, fmt.Errorf("node path %q is not absolute", o.Node)
	}
	if o.Port < 0 || o.Port > 65535 {
		return o, fmt.Errorf("port %d is out of range", o.Port)
	}
	if o.Dir == "" {
		return o, errors.New("no scratch folder given")
	}
	if o.Host == "" {
		o.Host = defaultHost
	}
	if o.Timeout <= 0 {
		o.Timeout = defaultTimeout
	}
	if o.Env == nil {
		o.Env = os.Environ()
	}
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return o, err
	}
	return o, os.WriteFile(filepath.Join(o.Dir, scriptName), []byte(helloScript), 0o644)
}

func finish(rep Report) Report {
	rep.OK = len(rep.Checks) > 0
	for _, c := range rep.Checks {
		rep.OK = rep.OK && c.OK
	}
	return rep
}

func skipped(name, why string) Check {
	return Check{Name: name, Detail: "not run: " + why}
}

// runner carries what the checks share: the options and the context that
// ends at the run's deadline or when the caller cancels.
type runner struct {
	o   Options
	ctx context.Context
}

// timing starts the clock for a check; done stamps it with the time taken.
func timing(name string) func(ok bool, format string, args ...any) Check {
	start := time.Now()
	return func(ok bool, format string, args ...any) Check {
		return Check{
			Name:   name,
			OK:     ok,
			Detail: fmt.Sprintf(format, args...),
			Millis: time.Since(start).Milliseconds(),
		}
	}
}

// stopped says why r.ctx has ended: the run's time limit or the caller.
func (r *runner) stopped() string {
	if errors.Is(r.ctx.Err(), context.DeadlineExceeded) {
		return fmt.Sprintf("within the %s time limit", r.o.Timeout)
	}
	return "before the run was interrupted"
}
