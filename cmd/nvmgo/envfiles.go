package main

import (
	"bytes"
	"os"

	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/shell"
)

// renderEnvFiles writes the shell files the profile lines source, for this
// binary and home.
func (a *app) renderEnvFiles(h store.Home, exe string) error {
	st, err := shell.CurrentStamp(exe, h.Root)
	if err != nil {
		return err
	}
	return shell.Render(shell.RenderOptions{
		Exe: exe, Home: h.Root, Shims: h.ShimsDir(), Stamp: st, GOOS: a.goos,
		CompletionPS1: func() (string, error) { return a.completionScript("powershell") },
	})
}

// completionScript is what `nvmgo completion SHELL` prints.
func (a *app) completionScript(sh string) (string, error) {
	var out bytes.Buffer
	b := *a
	b.stdout = &out
	root := newRootCmd(&b)
	root.SetArgs([]string{"completion", sh})
	if err := root.Execute(); err != nil {
		return "", err
	}
	return out.String(), nil
}

// refreshEnvFiles re-renders the shell files when they are stale: this
// binary was upgraded in place, the binary they name is gone (moved), or
// the home moved. Files rendered for another nvmgo binary that still
// exists are left alone. It runs before every command, so the check is one
// small read where nothing was rendered, plus a few stats where something was.
func (a *app) refreshEnvFiles() {
	h, err := a.home()
	if err != nil {
		return
	}
	old, ok := shell.ReadStamp(h.Root)
	if !ok {
		return
	}
	// os.Executable is already resolved on Linux (/proc/self/exe): when it
	// names the stamp's binary, skip the lstat of every path component.
	exe, err := os.Executable()
	if err != nil {
		return
	}
	if exe != old.Exe {
		if exe, err = selfPath(); err != nil {
			return
		}
	}
	cur, err := shell.CurrentStamp(exe, h.Root)
	if err != nil || old == cur {
		return
	}
	if old.Exe != exe && old.Home == h.Root {
		if _, err := os.Stat(old.Exe); err == nil {
			return
		}
	}
	if err := a.renderEnvFiles(h, exe); err != nil {
		a.warnf("refresh the shell files in %s: %s", h.Root, hint.Text(err))
	}
}
