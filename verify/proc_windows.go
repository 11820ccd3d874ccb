package verify

import (
	"os"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"
)

// Console children get no SIGTERM; the hello server has nothing to save, so
// the polite stop is the same as the kill.
const (
	stopSignal = "TerminateJobObject"
	killSignal = "TerminateProcess"
)

var errAddrInUse = windows.WSAEADDRINUSE

// procSys holds the job object the child runs in, or 0 when it could not
// be set up (the child is then killed on its own).
type procSys struct{ job windows.Handle }

// release closes the job; with JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE that also
// ends anything the child started that is still running.
func (s procSys) release() {
	if s.job != 0 {
		_ = windows.CloseHandle(s.job)
	}
}

func sysProcAttr() *syscall.SysProcAttr { return nil }

// attach puts the child in a job object that ends it and its children when
// terminated or when its last handle closes, which also happens when nvmgo
// dies. Anything the child starts before it is attached escapes the job;
// node does not start children for the hello server.
func attach(proc *os.Process) procSys {
	job, err := windows.CreateJobObject(nil, nil)
	if err != nil {
		return procSys{}
	}
	info := windows.JOBOBJECT_EXTENDED_LIMIT_INFORMATION{
		BasicLimitInformation: windows.JOBOBJECT_BASIC_LIMIT_INFORMATION{
			LimitFlags: windows.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
		},
	}
	_, err = windows.SetInformationJobObject(job, windows.JobObjectExtendedLimitInformation,
		uintptr(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info)))
	if err == nil {
		err = assign(job, proc.Pid)
	}
	if err != nil {
		_ = windows.CloseHandle(job)
		return procSys{}
	}
	return procSys{job: job}
}

func assign(job windows.Handle, pid int) error {
	h, err := windows.OpenProcess(windows.PROCESS_SET_QUOTA|windows.PROCESS_TERMINATE, false, uint32(pid))
	if err != nil {
		return err
	}
	defer windows.CloseHandle(h)
	return windows.AssignProcessToJobObject(job, h)
}

func (p *proc) interrupt() { p.kill() }

// kill ends the job, then the child itself in case it is not in the job,
// so that Wait is sure to return.
func (p *proc) kill() {
	if p.sys.job != 0 {
		_ = windows.TerminateJobObject(p.sys.job, 1)
	}
	_ = p.cmd.Process.Kill()
}
