//go:build !linux

package shell

// ParentProcessName returns "": outside Linux there is no cheap way to read
// the parent's name, so Detect falls back to $SHELL.
func ParentProcessName() string { return "" }
