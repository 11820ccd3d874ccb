package verify

import (
	"os"
	"regexp"
	"strings"
	"sync"
)

// Compiled on first use: nvmgo links this package, and every command, even
// `nvmgo env` at shell start, would pay for compiling them at init.
var (
	nodeVersionRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^v\d+\.\d+\.\d+$`) })
	npmVersionRE  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]+)?$`) })
)

// nodeVersion checks that node --version runs and prints vX.Y.Z, and
// returns that version.
func (r *runner) nodeVersion() (string, Check) {
	done := timing(CheckNode)
	p, finished, err := r.runShort("node-version", "--version")
	switch {
	case err != nil:
		return "", done(false, "cannot run %s: %v", r.o.Node, err)
	case !finished:
		return "", done(false, "node --version did not finish %s", r.stopped())
	case p.err != nil:
		return "", done(false, "node --version failed: %s", exitDetail(p))
	}
	out := strings.TrimSpace(readHead(p.outPath))
	if !nodeVersionRE().MatchString(out) {
		return "", done(false, "node --version printed %q, want a version like v20.11.1", out)
	}
	return out, done(true, "%s", out)
}

// npmVersion checks that node npm-cli.js --version runs and prints a
// version. npm may print notices before it, so the last line counts.
func (r *runner) npmVersion() Check {
	done := timing(CheckNpm)
	if r.o.NpmCLI == "" {
		return done(false, "npm is missing: this node has no npm-cli.js")
	}
	if _, err := os.Stat(r.o.NpmCLI); err != nil {
		return done(false, "npm is missing: %v", err)
	}
	p, finished, err := r.runShort("npm-version", r.o.NpmCLI, "--version")
	switch {
	case err != nil:
		return done(false, "cannot run %s: %v", r.o.Node, err)
	case !finished:
		return done(false, "npm --version did not finish %s", r.stopped())
	case p.err != nil:
		return done(false, "npm --version failed: %s", exitDetail(p))
	}
	out := lastLine(readHead(p.outPath))
	if !npmVersionRE().MatchString(out) {
		return done(false, "npm --version printed %q, want a version like 10.2.4", out)
	}
	return done(true, "%s", out)
}
