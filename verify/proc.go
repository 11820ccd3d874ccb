package verify

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// stopGrace is how long a child has to exit after the polite stop before
// it is killed.
const stopGrace = 2 * time.Second

// proc is a child whose stdout and stderr go to files (node.exe under wine
// fails when they are pipes, and a pipe held open by a grandchild would make
// Wait hang). It runs in its own process group on unix and in a job object
// on windows, so stop ends it together with anything it started.
type proc struct {
	cmd     *exec.Cmd
	outPath string
	errPath string
	done    chan struct{} // closed once the child has been waited for
	err     error         // what Wait returned; read only after done
	sys     procSys
	once    sync.Once
}

// startProc starts name with args in dir, writing its output to
// dir/base.out and dir/base.err.
func startProc(dir, base string, env []string, name string, args ...string) (*proc, error) {
	p := &proc{
		outPath: filepath.Join(dir, base+".out"),
		errPath: filepath.Join(dir, base+".err"),
		done:    make(chan struct{}),
	}
	stdout, err := os.Create(p.outPath)
	if err != nil {
		return nil, err
	}
	defer stdout.Close()
	stderr, err := os.Create(p.errPath)
	if err != nil {
		return nil, err
	}
	defer stderr.Close()

	p.cmd = exec.Command(name, args...)
	p.cmd.Dir = dir
	p.cmd.Env = env
	p.cmd.Stdout = stdout
	p.cmd.Stderr = stderr
	p.cmd.SysProcAttr = sysProcAttr()
	if err := p.cmd.Start(); err != nil {
		return nil, err
	}
	p.sys = attach(p.cmd.Process)
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// exited reports whether the child has already ended by itself.
func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stop ends the child: the polite stop first, a kill after stopGrace, and
// it returns only once the child has been waited for. It is safe to call
// more than once; forced says whether the kill was needed.
func (p *proc) stop() (forced bool) {
	defer p.once.Do(p.sys.release)
	if p.exited() {
		return false
	}
	p.interrupt()
	t := time.NewTimer(stopGrace)
	defer t.Stop()
	select {
	case <-p.done:
		return false
	case <-t.C:
		p.kill()
		<-p.done
		return true
	}
}

// runShort runs a short command to its end, or stops it when the run's
// context ends first (finished is false then, and p is nil when the
// context had ended before the start).
func (r *runner) runShort(base string, args ...string) (p *proc, finished bool, err error) {
	if r.ctx.Err() != nil {
		return nil, false, nil
	}
	p, err = startProc(r.o.Dir, base, r.o.Env, r.o.Node, args...)
	if err != nil {
		return nil, false, err
	}
	defer p.stop() // also releases the job object on windows
	select {
	case <-p.done:
		return p, true, nil
	case <-r.ctx.Done():
		return p, false, nil
	}
}

// headLimit bounds what is read of an output file, in case a child floods it.
const headLimit = 64 << 10

func readHead(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	b, _ := io.ReadAll(io.LimitReader(f, headLimit))
	return string(b)
}

// tail returns the last few lines of a child's stderr file, on one line.
// Stack frames ("at ...") are left out: after a node error they would
// push the message itself out of the tail.
func tail(path string) string {
	const maxBytes, maxLines = 4096, 6
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > maxBytes {
		_, _ = f.Seek(-maxBytes, io.SeekEnd)
	}
	b, _ := io.ReadAll(io.LimitReader(f, maxBytes))
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "at ") {
			lines = append(lines, l)
		}
	}
	if len(lines) > maxLines {
		lines = lines[len(lines)-maxLines:]
	}
	return strings.Join(lines, " | ")
}

// exitDetail describes how a child ended, with the tail of its stderr.
func exitDetail(p *proc) string {
	how := "exit status 0"
	if p.err != nil {
		how = p.err.Error()
	}
	if t := tail(p.errPath); t != "" {
		return fmt.Sprintf("%s; stderr: %s", how, t)
	}
	return how + "; stderr is empty"
}

// lastLine is the last non-empty line of s, trimmed.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
