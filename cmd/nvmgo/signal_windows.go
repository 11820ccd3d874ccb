//go:build windows

package main

import "os"

var termSignal = os.Interrupt
