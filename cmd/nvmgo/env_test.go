package main

import (
	"bytes"
	"testing"
)

func TestEnvFastPath(t *testing.T) {
	tests := []struct {
		args   []string
		sh     string
		asJSON bool
		ok     bool
	}{
		{[]string{"env"}, "", false, true},
		{[]string{"env", "--shell", "bash"}, "bash", false, true},
		{[]string{"env", "--shell=zsh"}, "zsh", false, true},
		{[]string{"env", "--json"}, "", true, true},
		{[]string{"env", "--shell", "fish", "--json"}, "fish", true, true},
		{[]string{"env", "--json", "--shell=powershell"}, "powershell", true, true},
		{[]string{"env", "--shell", "tcsh"}, "tcsh", false, true}, // envRun reports it
		// Everything else is cobra's: help, typos, missing values, repeats.
		{nil, "", false, false},
		{[]string{"install", "20"}, "", false, false},
		{[]string{"env", "--help"}, "", false, false},
		{[]string{"env", "-h"}, "", false, false},
		{[]string{"env", "--shell"}, "", false, false},
		{[]string{"env", "--shell="}, "", false, false},
		{[]string{"env", "--shell", "--json"}, "", false, false},
		{[]string{"env", "--shell", "bash", "--shell", "zsh"}, "", false, false},
		{[]string{"env", "--json", "--json"}, "", false, false},
		{[]string{"env", "--jsn"}, "", false, false},
		{[]string{"env", "bash"}, "", false, false},
		{[]string{"--shell", "bash", "env"}, "", false, false},
	}
	for _, tt := range tests {
		o, ok := envFastPath(tt.args)
		if o.shell != tt.sh || o.json != tt.asJSON || ok != tt.ok {
			t.Errorf("envFastPath(%q) = %q, %v, %v; want %q, %v, %v", tt.args, o.shell, o.json, ok, tt.sh, tt.asJSON, tt.ok)
		}
	}
}

// The fast path prints what the cobra command prints, byte for byte, and
// fails the same way.
func TestEnvFastPathMatchesCobra(t *testing.T) {
	env := map[string]string{"NVMGO_HOME": t.TempDir(), "SHELL": "/bin/zsh"}
	getenv := func(k string) string { return env[k] }
	for _, args := range [][]string{
		{"env", "--shell", "bash"}, {"env", "--shell=fish"}, {"env", "--json", "--shell", "powershell"},
		{"env", "--shell", "tcsh"},
	} {
		var fastOut, fastErr, slowOut, slowErr bytes.Buffer
		fastCode := run(args, newApp(nil, &fastOut, &fastErr, getenv))
		if _, ok := envFastPath(args); !ok {
			t.Fatalf("%q did not take the fast path", args)
		}
		a := newApp(nil, &slowOut, &slowErr, getenv)
		root := newRootCmd(a)
		root.SetArgs(args)
		err := root.Execute()
		slowCode := 0
		if err != nil {
			printError(a, err)
			slowCode = codeFor(err)
		}
		if fastOut.String() != slowOut.String() || fastErr.String() != slowErr.String() || fastCode != slowCode {
			t.Errorf("%q: fast path (exit %d) %q %q; cobra (exit %d) %q %q", args,
				fastCode, fastOut.String(), fastErr.String(), slowCode, slowOut.String(), slowErr.String())
		}
		if fastOut.Len() == 0 && fastCode == 0 {
			t.Errorf("%q printed nothing", args)
		}
	}
}
