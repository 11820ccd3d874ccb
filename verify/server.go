package verify

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// helloScript is the server from the Node.js introduction. It takes the
// host and port from argv and prints the port it got, so that port 0 picks
// a free port without a race; it keeps to ES5 so old releases can run it.
const helloScript = `// The hello server from the Node.js introduction, written by nvmgo verify.
var http = require('http');

var hostname = process.argv[2] || '127.0.0.1';
var port = Number(process.argv[3] || 0);

var server = http.createServer(function (req, res) {
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/plain');
  res.end('Hello, World!\n');
});

server.on('error', function (err) {
  console.error('Server error: ' + (err.code || '') + ' ' + err.message);
  process.exit(1);
});

server.listen(port, hostname, function () {
  var host = hostname.indexOf(':') >= 0 ? '[' + hostname + ']' : hostname;
  console.log('Server running at http://' + host + ':' + server.address().port + '/');
});
`

const helloBody = "Hello, World!\n"

// pollEvery is how often the server's stdout file is read while waiting.
const pollEvery = 20 * time.Millisecond

// runningRE wants the whole line, newline included, so that a line still
// being written is not taken for a port.
var runningRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`Server running at (http://\S+)\r?\n`) })

// startServer starts the hello server and waits for its "Server running at"
// line. It returns the running server and its URL, or nil and a failed
// check, having stopped whatever it started.
func (r *runner) startServer() (*proc, string, Check) {
	done := timing(CheckStart)
	if r.ctx.Err() != nil {
		return nil, "", done(false, "not started: the run ended %s", r.stopped())
	}
	if r.o.Port != 0 {
		if msg := portTaken(r.o.Host, r.o.Port); msg != "" {
			return nil, "", done(false, "%s", msg)
		}
	}
	script := filepath.Join(r.o.Dir, scriptName)
	p, err := startProc(r.o.Dir, "server", r.o.Env, r.o.Node, script, r.o.Host, strconv.Itoa(r.o.Port))
	if err != nil {
		return nil, "", done(false, "cannot run %s: %v", r.o.Node, err)
	}
	url, c := r.awaitReady(p, done)
	if url == "" {
		p.stop()
		return nil, "", c
	}
	return p, url, c
}

// awaitReady polls the server's stdout file until the "Server running at"
// line shows, the server exits or the run's context ends.
func (r *runner) awaitReady(p *proc, done func(bool, string, ...any) Check) (string, Check) {
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for {
		exited := p.exited() // before the read, so a line printed just before exiting still counts as an exit
		if m := runningRE().FindStringSubmatch(readHead(p.outPath)); m != nil && !exited {
			return r.serverURL(strings.TrimSpace(m[0]), m[1], p, done)
		}
		if exited {
			return "", done(false, "%s", r.earlyExit(p))
		}
		select {
		case <-tick.C:
		case <-p.done:
		case <-r.ctx.Done():
			return "", done(false, "no %q line on the server's stdout %s", "Server running at", r.stopped())
		}
	}
}

// serverURL builds the URL to request from the configured host and the
// port the server printed.
func (r *runner) serverURL(line, printed string, p *proc, done func(bool, string, ...any) Check) (string, Check) {
	u, err := url.Parse(printed)
	var port int
	if err == nil {
		port, err = strconv.Atoi(u.Port())
	}
	if err != nil || port <= 0 {
		return "", done(false, "the server printed %q, which has no port", line)
	}
	if r.o.Port != 0 && port != r.o.Port {
		return "", done(false, "the server printed %q, want port %d", line, r.o.Port)
	}
	addr := "http://" + net.JoinHostPort(r.o.Host, strconv.Itoa(port)) + "/"
	return addr, done(true, "pid %d: %s", p.cmd.Process.Pid, line)
}

// earlyExit describes a server that ended before it was ready.
func (r *runner) earlyExit(p *proc) string {
	if strings.Contains(tail(p.errPath), "EADDRINUSE") {
		return fmt.Sprintf("port %d on %s is taken: %s", r.o.Port, r.o.Host, exitDetail(p))
	}
	return "the server exited before it was ready: " + exitDetail(p)
}

// portTaken tries a fixed port before node does, to say plainly that it is
// taken; node's own EADDRINUSE covers a port taken in between.
func portTaken(host string, port int) string {
	ln, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		if errors.Is(err, errAddrInUse) {
			return fmt.Sprintf("port %d on %s is taken", port, host)
		}
		return fmt.Sprintf("cannot listen on port %d on %s: %v", port, host, err)
	}
	_ = ln.Close()
	return ""
}

// request makes one GET to the server, straight to loopback (no proxy from
// the environment, no redirects), and checks status, type and body.
func (r *runner) request(addr string) Check {
	done := timing(CheckAnswer)
	if r.ctx.Err() != nil {
		return done(false, "no request made: the run ended %s", r.stopped())
	}
	client := &http.Client{
		Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	defer client.CloseIdleConnections()
	req, err := http.NewRequestWithContext(r.ctx, http.MethodGet, addr, nil)
	if err != nil {
		return done(false, "GET %s: %v", addr, err)
	}
	resp, err := client.Do(req)
	if err != nil {
		if r.ctx.Err() != nil {
			return done(false, "GET %s: no answer %s", addr, r.stopped())
		}
		return done(false, "GET %s: %v", addr, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	if err != nil {
		return done(false, "GET %s: reading the body: %v", addr, err)
	}

	ctype := resp.Header.Get("Content-Type")
	var bad []string
	if resp.StatusCode != http.StatusOK {
		bad = append(bad, fmt.Sprintf("status %d, want 200", resp.StatusCode))
	}
	if !strings.HasPrefix(strings.ToLower(ctype), "text/plain") {
		bad = append(bad, fmt.Sprintf("Content-Type %q, want text/plain", ctype))
	}
	if string(body) != helloBody {
		bad = append(bad, fmt.Sprintf("body %.200q, want %q", body, helloBody))
	}
	if len(bad) > 0 {
		return done(false, "GET %s: %s", addr, strings.Join(bad, "; "))
	}
	return done(true, "GET %s: %d, %s, %q", addr, resp.StatusCode, ctype, body)
}

// stopServer stops the server and checks it was still running until then.
func (r *runner) stopServer(p *proc) Check {
	done := timing(CheckStopped)
	if p.exited() {
		return done(false, "the server exited before it was stopped: %s", exitDetail(p))
	}
	if p.stop() {
		return done(true, "the server ignored %s and was killed with %s after %s", stopSignal, killSignal, stopGrace)
	}
	return done(true, "stopped with %s", stopSignal)
}
