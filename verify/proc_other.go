//go:build !unix && !windows

package verify

import (
	"os"
	"syscall"
)

const (
	stopSignal = "Kill"
	killSignal = "Kill"
)

var errAddrInUse = syscall.EADDRINUSE

type procSys struct{}

func (procSys) release() {}

func sysProcAttr() *syscall.SysProcAttr { return nil }

func attach(*os.Process) procSys { return procSys{} }

func (p *proc) interrupt() { p.kill() }

func (p *proc) kill() { _ = p.cmd.Process.Kill() }
