//go:build unix

package verify

import (
	"os"
	"syscall"
)

const (
	stopSignal = "SIGTERM"
	killSignal = "SIGKILL"
)

var errAddrInUse = syscall.EADDRINUSE

type procSys struct{}

func (procSys) release() {}

// sysProcAttr puts the child in a process group of its own, so that a
// signal to the group reaches anything it starts, and so that the
// terminal's Ctrl-C reaches nvmgo, which then stops the group itself.
func sysProcAttr() *syscall.SysProcAttr {
	a := &syscall.SysProcAttr{Setpgid: true}
	setDeathSignal(a)
	return a
}

func attach(*os.Process) procSys { return procSys{} }

func (p *proc) interrupt() {
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGTERM)
}

// kill signals the whole group, then the child itself in case it left the
// group, so that Wait is sure to return.
func (p *proc) kill() {
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	_ = p.cmd.Process.Kill()
}
