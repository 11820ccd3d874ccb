// Command staticserve serves a folder over HTTP on loopback with net/http's FileServer, optionally throttled, for the scripts that test mirrors: a plain static server with no knowledge of nvmgo, and a slow upstream a script can interrupt mid-download.
//
// Usage:
//
//	go run ./internal/tools/staticserve -dir DIR [-addr 127.0.0.1:0] [-rate 4MB]
//
// The first line on stdout is "serving http://ADDR"; each request is logged
// on stderr with its Range header. It runs until SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("staticserve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", "", "`folder` to serve (required)")
	addr := fs.String("addr", "127.0.0.1:0", "`address` to listen on")
	rateFlag := fs.String("rate", "0", "bytes per second per response, with an optional kB or MB suffix; 0 = unlimited")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	rate, err := parseRate(*rateFlag)
	if err != nil || *dir == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "staticserve: usage: staticserve -dir DIR [-addr 127.0.0.1:0] [-rate 4MB]")
		return 2
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "staticserve: %v\n", err)
		return 1
	}
	srv := &http.Server{Handler: handler(http.FileServer(http.Dir(*dir)), rate, stderr), ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	fmt.Fprintf(stdout, "serving http://%s\n", ln.Addr())
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "staticserve: %v\n", err)
		return 1
	}
	return 0
}

func parseRate(s string) (int64, error) {
	mult := int64(1)
	switch {
	case strings.HasSuffix(s, "MB"):
		mult, s = 1<<20, strings.TrimSuffix(s, "MB")
	case strings.HasSuffix(s, "kB"):
		mult, s = 1<<10, strings.TrimSuffix(s, "kB")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("bad rate %q", s)
	}
	return n * mult, nil
}

func handler(h http.Handler, rate int64, log io.Writer) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(log, "staticserve: %s %s range=%q\n", r.Method, r.URL.Path, r.Header.Get("Range"))
		if rate > 0 {
			w = &throttled{ResponseWriter: w, rate: rate, start: time.Now()}
		}
		h.ServeHTTP(w, r)
	})
}

// throttled paces writes to rate bytes per second. It has no ReadFrom, so
// the FileServer's copy goes through Write in small chunks, not sendfile.
type throttled struct {
	http.ResponseWriter
	rate  int64
	start time.Time
	sent  int64
}

func (t *throttled) Write(b []byte) (int, error) {
	const chunk = 16 << 10
	written := 0
	for len(b) > 0 {
		n := min(len(b), chunk)
		m, err := t.ResponseWriter.Write(b[:n])
		written += m
		t.sent += int64(m)
		if err != nil {
			return written, err
		}
		b = b[n:]
		due := t.start.Add(time.Duration(float64(t.sent) / float64(t.rate) * float64(time.Second)))
		time.Sleep(time.Until(due))
	}
	return written, nil
}
