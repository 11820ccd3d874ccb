//go:build !unix && !windows

package verify

import (
	"errors"
	"os"
	"syscall"
)

const (
	stopSignal = "Kill"
	killSignal = "Kill"
)

// errAddrInUse matches no error here: such a port is reported as not
// available with the cause from the listener.
var errAddrInUse = errors.New("address in use")

type procSys struct{}

func (procSys) release() {}

func sysProcAttr() *syscall.SysProcAttr { return nil }

func attach(*os.Process) procSys { return procSys{} }

func (p *proc) interrupt() { p.kill() }

func (p *proc) kill() { _ = p.cmd.Process.Kill() }
