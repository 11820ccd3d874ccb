package main

import (
	"strings"
	"testing"
)

func TestSplitSpecs(t *testing.T) {
	tests := []struct{ in, want string }{
		{"lts/* 22 20.18", "lts/*|22|20.18"},
		{"lts/*,22, 20.18", "lts/*|22|20.18"},
		{"  lts/-1   iron ", "lts/-1|iron"},
		{">=18 <21", ">=18 <21"},
		{"18 - 20, 22", "18 - 20|22"},
		{"18 || 20", "18 || 20"},
		{"=20.18.1 22", "=20.18.1 22"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := strings.Join(splitSpecs(tt.in), "|"); got != tt.want {
			t.Errorf("splitSpecs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCompleteList(t *testing.T) {
	f := completeList([]string{"xz", "gz", "zip"})
	got, _ := f(nil, nil, "xz,g")
	if strings.Join(got, " ") != "xz,gz xz,zip" {
		t.Errorf("completion after xz,: %v", got)
	}
	got, _ = f(nil, nil, "")
	if strings.Join(got, " ") != "xz gz zip" {
		t.Errorf("completion of nothing: %v", got)
	}
}
