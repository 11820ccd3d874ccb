//go:build !windows

package main

import "syscall"

var termSignal = syscall.SIGTERM
