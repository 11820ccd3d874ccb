package mirror

import (
	"os"
	"strings"
	"testing"
)

func TestParseTags(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{"linux-x64,linux-arm64,darwin-arm64,win-x64", "linux-x64 linux-arm64 darwin-arm64 win-x64", ""},
		{" linux-x64 , linux-x64,headers", "linux-x64 headers", ""},
		{"linux-x86_64", "", `unknown platform "linux-x86_64": use linux-x64, linux-arm64,`},
		{"osx-arm64-tar", "", "unknown platform"},
		{",", "", "no platform given"},
	}
	for _, tt := range tests {
		got, err := ParseTags(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) || strings.Contains(err.Error(), "\n") {
				t.Errorf("ParseTags(%q): %v, want one line with %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || strings.Join(got, " ") != tt.want {
			t.Errorf("ParseTags(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
		}
	}
}

func TestParseFormats(t *testing.T) {
	got, err := ParseFormats("tar.xz, .zip,gz,xz")
	if err != nil || len(got) != 3 || got[0] != XZ || got[1] != Zip || got[2] != GZ {
		t.Errorf("ParseFormats = %v, %v", got, err)
	}
	if _, err := ParseFormats("rar"); err == nil || !strings.Contains(err.Error(), "use xz, gz, zip, 7z, msi, pkg, exe") {
		t.Errorf("ParseFormats(rar): %v", err)
	}
}

func TestPlan(t *testing.T) {
	tests := []struct {
		tags    []string
		formats []Format
		want    []string
	}{
		{[]string{"linux-x64"}, DefaultFormats, []string{"node-v22.12.0-linux-x64.tar.xz", "node-v22.12.0-linux-x64.tar.gz"}},
		{[]string{"darwin-arm64", "darwin-x64"}, []Format{GZ, PKG}, []string{"node-v22.12.0-darwin-arm64.tar.gz", "node-v22.12.0.pkg", "node-v22.12.0-darwin-x64.tar.gz"}},
		{[]string{"win-x64", "win-arm64"}, DefaultFormats, []string{"node-v22.12.0-win-x64.zip", "node-v22.12.0-win-arm64.zip"}},
		{[]string{"win-x64"}, AllFormats, []string{"node-v22.12.0-win-x64.zip", "node-v22.12.0-win-x64.7z", "node-v22.12.0-x64.msi", "win-x64/node.exe"}},
		{[]string{"win-x86", "headers"}, []Format{Zip, GZ}, []string{"node-v22.12.0-win-x86.zip", "node-v22.12.0-headers.tar.gz", "win-x86/node.lib"}},
		{[]string{"src", "aix-ppc64", "linux-x64-musl"}, []Format{XZ, GZ}, []string{"node-v22.12.0.tar.xz", "node-v22.12.0.tar.gz", "node-v22.12.0-aix-ppc64.tar.gz", "node-v22.12.0-linux-x64-musl.tar.xz", "node-v22.12.0-linux-x64-musl.tar.gz"}},
	}
	for _, tt := range tests {
		var got []string
		for _, f := range Plan("v22.12.0", tt.tags, tt.formats) {
			got = append(got, f.Name)
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("Plan(%v, %v):\n got  %v\n want %v", tt.tags, tt.formats, got, tt.want)
		}
	}
}

func TestCheckFormats(t *testing.T) {
	if err := CheckFormats([]string{"linux-x64", "win-x64"}, []Format{XZ, Zip}); err != nil {
		t.Error(err)
	}
	err := CheckFormats([]string{"linux-x64", "win-x64"}, []Format{XZ})
	if err == nil || err.Error() != "--formats gives no file for win-x64: it has zip, 7z, msi, exe" {
		t.Errorf("CheckFormats: %v", err)
	}
}

// Every name the plan makes for a real release is listed in its real,
// signed SHASUMS256.txt, except those the release never had.
func TestPlanNamesAreRealNames(t *testing.T) {
	real, err := os.ReadFile("../signature/testdata/v22.12.0/SHASUMS256.txt")
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string]bool{}
	for _, line := range strings.Split(string(real), "\n") {
		if len(line) > 66 {
			sums[line[66:]] = true
		}
	}
	tags := []string{"linux-x64", "linux-arm64", "linux-armv7l", "linux-ppc64le", "linux-s390x", "darwin-x64", "darwin-arm64", "win-x64", "win-arm64", "win-x86", "aix-ppc64", "headers", "src"}
	for _, f := range Plan("v22.12.0", tags, AllFormats) {
		if !sums[f.Name] {
			t.Errorf("%s is not in the real SHASUMS256.txt of v22.12.0", f.Name)
		}
	}
}
