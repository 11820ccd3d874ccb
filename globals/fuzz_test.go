package globals

import (
	"strings"
	"testing"
	"unicode"

	"github.com/nvmgo/nvmgo/versions"
)

// FuzzDefaultPackages: whatever the file holds, each spec handed to npm is
// one word that is neither a comment nor an option.
func FuzzDefaultPackages(f *testing.F) {
	for _, s := range []string{"rimraf\nobject-inspect@1.0.2\n", "# c\n\n  a  \r\n", "a b\n", "--force\n", "\ufeff@s/p@^2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		specs, err := parseDefaultPackages("default-packages", text)
		if err != nil {
			return
		}
		for _, s := range specs {
			if s == "" || strings.IndexFunc(s, unicode.IsSpace) >= 0 || strings.HasPrefix(s, "-") || strings.HasPrefix(s, "#") {
				t.Fatalf("spec %q from %q", s, text)
			}
		}
	})
}

// FuzzPackument: a registry's answer never makes Newest pick a version
// whose engines refuse the node, nor a prerelease.
func FuzzPackument(f *testing.F) {
	f.Add(`{"name":"x","dist-tags":{"latest":"2.0.0"},"versions":{"1.0.0":{"engines":{"node":">=10"}},"2.0.0":{"engines":{"node":">=20"},"deprecated":"no"}}}`, uint8(18))
	f.Add(`{"versions":{"1.0.0-rc.1":{},"0.1.0":{"engines":["node >= 0.4"]}}}`, uint8(22))
	f.Fuzz(func(t *testing.T, body string, major uint8) {
		p, err := parsePackument("x", []byte(body))
		if err != nil {
			return
		}
		node := versions.Version{Major: uint64(major)}
		best, ok := Newest(p, node)
		if !ok {
			return
		}
		v, err := versions.ParseVersion(best)
		if err != nil || v.Prerelease != "" || !Supports(p.Versions[best].Engines, node) {
			t.Fatalf("Newest = %q for node %s from %s", best, node, body)
		}
	})
}
