package config

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestREADMEListsEveryVariable: every variable this package documents is
// in the README's table of environment variables.
func TestREADMEListsEveryVariable(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(readme), "\n## Environment\n")
	if !ok {
		t.Fatal("README.md has no ## Environment section")
	}
	table, _, _ = strings.Cut(table, "\n## ")
	var documented []string
	for _, f := range []string{"config.go", "env/env.go"} {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		documented = append(documented, regexp.MustCompile(`\b(?:NVMGO|NVM|FNM|N|NPM|XDG|NO)_[A-Z_]+[A-Z]\b|\b(?:HOME|USERPROFILE|LOCALAPPDATA|TERM|NETRC|SHELL|ZDOTDIR)\b`).FindAllString(string(src), -1)...)
	}
	if len(documented) < 30 {
		t.Fatalf("found only %d variable names in the package: %v", len(documented), documented)
	}
	for _, v := range documented {
		if !regexp.MustCompile(`\b` + regexp.QuoteMeta(v) + `\b`).MatchString(table) {
			t.Errorf("README.md's environment table does not list %s", v)
		}
	}
}
