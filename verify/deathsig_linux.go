package verify

import "syscall"

// setDeathSignal has Linux kill the child if nvmgo itself dies without the
// chance to stop it (SIGKILL, a crash).
func setDeathSignal(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }
