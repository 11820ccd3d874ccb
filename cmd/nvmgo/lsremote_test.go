package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/nvmgo/nvmgo/versions"
)

func TestRemoteMatches(t *testing.T) {
	// index.json order: newest first.
	rels, err := versions.ParseIndex([]byte(`[
{"version":"v22.1.0","date":"2024-05-02","files":["linux-x64"],"npm":"10.7.0","lts":false,"security":false},
{"version":"v20.18.1","date":"2024-11-20","files":["linux-x64"],"npm":"10.8.2","lts":"Iron","security":false},
{"version":"v20.18.0","date":"2024-10-03","files":["linux-x64"],"npm":"10.8.2","lts":"Iron","security":true},
{"version":"v18.20.5","date":"2024-11-12","files":["linux-x64"],"npm":"10.8.2","lts":"Hydrogen","security":false}
]`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		spec    string // "": none
		lts     bool
		want    string
		wantErr string
	}{
		{"", false, "v18.20.5 v20.18.0 v20.18.1 v22.1.0", ""},
		{"", true, "v18.20.5 v20.18.0 v20.18.1", ""},
		{"20", false, "v20.18.0 v20.18.1", ""},
		{"lts/iron", false, "v20.18.0 v20.18.1", ""},
		{"latest", false, "v22.1.0", ""},
		{"22", true, "", `no LTS release matches "22"`},
		{"19", false, "", "NoMatchError"},
	}
	for _, tt := range tests {
		var spec *versions.Spec
		if tt.spec != "" {
			s, err := versions.ParseSpec(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			spec = &s
		}
		got, err := remoteMatches(rels, spec, tt.lts)
		var nm *versions.NoMatchError
		if tt.wantErr == "NoMatchError" {
			if !errors.As(err, &nm) {
				t.Errorf("remoteMatches(%q) error %v, want the index's no-match error", tt.spec, err)
			}
			continue
		}
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("remoteMatches(%q, lts=%v) error %v, want one with %q", tt.spec, tt.lts, err, tt.wantErr)
			}
			continue
		}
		var names []string
		for _, r := range got {
			names = append(names, r.Version)
		}
		if err != nil || strings.Join(names, " ") != tt.want {
			t.Errorf("remoteMatches(%q, lts=%v) = %v, %v; want %s", tt.spec, tt.lts, names, err, tt.want)
		}
	}
}
