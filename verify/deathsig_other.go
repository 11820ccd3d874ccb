//go:build unix && !linux

package verify

import "syscall"

func setDeathSignal(*syscall.SysProcAttr) {}
