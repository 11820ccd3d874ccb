package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/nvmgo/nvmgo/internal/hint"
)

// TestPrintError: one `nvmgo: <what>` line and at most one hint line,
// whatever the error carries, with everything a terminal acts on escaped.
func TestPrintError(t *testing.T) {
	base := errors.New("GET http://127.0.0.1/index.json: 404")
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"no hint", base, "nvmgo: GET http://127.0.0.1/index.json: 404\n"},
		{"typed hint", hint.With(base, "check the mirror"),
			"nvmgo: GET http://127.0.0.1/index.json: 404\nhint: check the mirror\n"},
		{"wrapped typed hint", fmt.Errorf("install v20.1.0: %w", hint.With(base, "check the mirror")),
			"nvmgo: install v20.1.0: GET http://127.0.0.1/index.json: 404\nhint: check the mirror\n"},
		{"usage error keeps its hint", usageErr(hint.New("exec: no command after --", "run: nvmgo exec --help")),
			"nvmgo: exec: no command after --\nhint: run: nvmgo exec --help\n"},
		{"multi-line message: the first line only", errors.New("bad pin\n  in .nvmrc\n  and more"),
			"nvmgo: bad pin\n"},
		{"multi-line message with a typed hint", hint.New("bad pin\n  in .nvmrc", "fix .nvmrc"),
			"nvmgo: bad pin\nhint: fix .nvmrc\n"},
		{"escape sequences in the message", hint.New("name \x1b[31mred\x1b]0;title\a \u202egnp.exe", "run: nvmgo ls"),
			"nvmgo: name \\x1b[31mred\\x1b]0;title\\x07 \\u202egnp.exe\nhint: run: nvmgo ls\n"},
		{"escape sequences in the hint", hint.New("no such alias", "run: nvmgo alias \x1b[2J\rx\ny"),
			"nvmgo: no such alias\nhint: run: nvmgo alias \\x1b[2J\\x0dx\\x0ay\n"},
		{"a hint line in the text is not advice", errors.New("bad pin\nhint: run: rm -rf ~"),
			"nvmgo: bad pin\n"},
		{"the first hint wins", fmt.Errorf("install: %w", hint.With(hint.With(base, "inner"), "outer")),
			"nvmgo: install: GET http://127.0.0.1/index.json: 404\nhint: inner\n"},
		{"cancelled", cancelledError{"install 22: cancelled; nothing was installed"},
			"nvmgo: install 22: cancelled; nothing was installed\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			printError(&app{stderr: &out}, tt.err)
			if got := out.String(); got != tt.want {
				t.Errorf("printError wrote\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

// TestCancelledCmd: an interrupted command that words nothing itself says
// "<command>: cancelled"; its own wording and other errors pass through.
func TestCancelledCmd(t *testing.T) {
	root := newRootCmd(newApp(nil, &bytes.Buffer{}, &bytes.Buffer{}, func(string) string { return "" }))
	sync, _, err := root.Find([]string{"mirror", "sync"})
	if err != nil {
		t.Fatal(err)
	}
	own := cancelledError{"install 22: cancelled; nothing was installed"}
	other := errors.New("boom")
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"bare", fmt.Errorf("GET x: %w", context.Canceled), "mirror sync: cancelled"},
		{"its own words", fmt.Errorf("use: %w", own), "use: " + own.msg},
		{"not cancelled", other, "boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cancelledCmd(sync, tt.err)
			if got.Error() != tt.want {
				t.Errorf("cancelledCmd = %q, want %q", got, tt.want)
			}
			if errors.Is(tt.err, context.Canceled) && codeFor(got) != 130 {
				t.Errorf("exit code %d, want 130", codeFor(got))
			}
		})
	}
	if cancelledCmd(sync, nil) != nil {
		t.Error("cancelledCmd(nil) is not nil")
	}
}
