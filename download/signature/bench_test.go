package signature

import "testing"

// BenchmarkParseReleaseKeys is the one-off cost of the first ReleaseKeys
// call.
func BenchmarkParseReleaseKeys(b *testing.B) {
	for b.Loop() {
		if _, err := loadReleaseKeys(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyClearsigned is ReleaseKeys plus VerifyClearsigned, as a
// download does it, once the keys are parsed; "cold" parses them too.
func BenchmarkVerifyClearsigned(b *testing.B) {
	for _, tc := range []struct{ name, version string }{
		{"rsa4096", "v18.20.8"},
		{"rsa4096-subkey", "v20.19.1"},
		{"ed25519", "v24.11.1"},
	} {
		asc := fixture(b, tc.version, "SHASUMS256.txt.asc")
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				k, err := ReleaseKeys()
				if err == nil {
					_, _, err = k.VerifyClearsigned(asc)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(tc.name+"-cold", func(b *testing.B) {
			for b.Loop() {
				k, err := loadReleaseKeys()
				if err == nil {
					_, _, err = k.VerifyClearsigned(asc)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
