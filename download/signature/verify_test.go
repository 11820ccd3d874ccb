package signature

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/nvmgo/nvmgo/download/signature/sigtest"
)

// releases are the real signed files in testdata, with the signers listed in
// the fixture README (nodejs-dist, section 3).
var releases = []struct {
	version string
	signer  string
}{
	{"v18.20.8", "Richard Lau <richard.lau@ibm.com> (C82FA3AE1CBEDC6BE46B9360C43CEC45C17AB93C)"},
	{"v20.18.1", "marco-ippolito <marcoippolito54@gmail.com> (CC68F5A3106FF448322E48ED27F5E38D5B0A215F)"},
	{"v20.19.1", "ulises Gascon <ulisesgascongonzalez@gmail.com> (A363A499291CBBC940DD62E41F10027AF002F8B0, subkey A6023530FC53461FEC91F99C04CD3F2FDE079578)"},
	{"v22.12.0", "Ruy Adorno <ruyadorno@hotmail.com> (108F52B48DB57BB0CC439B2997B01419BD92F80A)"},
	{"v24.11.1", "Antoine du Hamel <antoine.duhamel@platformatic.dev> (5BE8A3F6C8A5C01D106C0AD820B1A390B168D356)"},
	{"v25.9.0", "Antoine du Hamel <antoine.duhamel@platformatic.dev> (5BE8A3F6C8A5C01D106C0AD820B1A390B168D356)"},
	{"v26.7.0", "Antoine du Hamel <antoine.duhamel@platformatic.dev> (5BE8A3F6C8A5C01D106C0AD820B1A390B168D356)"},
}

func fixture(t testing.TB, version, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", version, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func releaseKeys(t testing.TB) *Keyring {
	t.Helper()
	k, err := ReleaseKeys()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestReleaseKeysLoadsEveryKey(t *testing.T) {
	k := releaseKeys(t)
	files, err := filepath.Glob("keys/*.asc")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 29 || len(k.entities) != len(files) {
		t.Fatalf("%d key files, %d keys parsed; want 29 of each", len(files), len(k.entities))
	}
	for _, f := range files {
		want := strings.TrimSuffix(filepath.Base(f), ".asc")
		if len(k.entities.KeysById(keyIDOf(t, want))) == 0 {
			t.Errorf("key %s not in ReleaseKeys()", want)
		}
	}
	if again, _ := ReleaseKeys(); again != k {
		t.Error("ReleaseKeys parsed the keys twice")
	}
}

func TestVerifyClearsignedReleases(t *testing.T) {
	k := releaseKeys(t)
	for _, r := range releases {
		t.Run(r.version, func(t *testing.T) {
			text, signer, err := k.VerifyClearsigned(fixture(t, r.version, "SHASUMS256.txt.asc"))
			if err != nil {
				t.Fatal(err)
			}
			if want := fixture(t, r.version, "SHASUMS256.txt"); !bytes.Equal(text, want) {
				t.Errorf("text differs from SHASUMS256.txt:\n got %q...\nwant %q...", head(text), head(want))
			}
			if signer != r.signer {
				t.Errorf("signer = %q, want %q", signer, r.signer)
			}
		})
	}
}

// TestLayouts checks that the empty line before the signature is part of
// the signed text: both layouts verify as published, neither verifies with
// the line added or removed, and CRLF line endings change nothing.
func TestLayouts(t *testing.T) {
	k := releaseKeys(t)
	for _, r := range releases {
		asc := fixture(t, r.version, "SHASUMS256.txt.asc")
		emptyLine := bytes.Contains(asc, []byte("\n\n"+sigBegin))
		toggled := bytes.Replace(asc, []byte("\n"+sigBegin), []byte("\n\n"+sigBegin), 1)
		if emptyLine {
			toggled = bytes.Replace(asc, []byte("\n\n"+sigBegin), []byte("\n"+sigBegin), 1)
		}
		if _, _, err := k.VerifyClearsigned(toggled); !errors.Is(err, ErrBadSignature) {
			t.Errorf("%s with the empty line toggled: err = %v, want ErrBadSignature", r.version, err)
		}
		crlf := bytes.ReplaceAll(asc, []byte("\n"), []byte("\r\n"))
		text, _, err := k.VerifyClearsigned(crlf)
		if err != nil {
			t.Errorf("%s with CRLF: %v", r.version, err)
		} else if !bytes.Equal(text, fixture(t, r.version, "SHASUMS256.txt")) {
			t.Errorf("%s with CRLF: text is not the LF file", r.version)
		}
	}
}

func TestSwappedSignaturesFail(t *testing.T) {
	k := releaseKeys(t)
	for _, a := range releases {
		for _, b := range releases {
			if a.version == b.version {
				continue
			}
			textA, _, _ := bytes.Cut(fixture(t, a.version, "SHASUMS256.txt.asc"), []byte(sigBegin))
			_, sigB, _ := bytes.Cut(fixture(t, b.version, "SHASUMS256.txt.asc"), []byte(sigBegin))
			asc := append(append(bytes.Clone(textA), sigBegin...), sigB...)
			if _, _, err := k.VerifyClearsigned(asc); !errors.Is(err, ErrBadSignature) {
				t.Errorf("text of %s, signature of %s: err = %v, want ErrBadSignature", a.version, b.version, err)
			}
		}
	}
}

func TestUnknownKey(t *testing.T) {
	s, err := sigtest.NewSigner("Stranger")
	if err != nil {
		t.Fatal(err)
	}
	k, err := ParseKeyring(s.PublicArmored())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ version, keyID string }{
		{"v18.20.8", "C43CEC45C17AB93C"},
		{"v20.19.1", "04CD3F2FDE079578"},
		{"v24.11.1", "20B1A390B168D356"},
	} {
		_, _, err := k.VerifyClearsigned(fixture(t, tc.version, "SHASUMS256.txt.asc"))
		if !errors.Is(err, ErrUnknownKey) || !strings.Contains(err.Error(), tc.keyID) {
			t.Errorf("%s: err = %v, want ErrUnknownKey naming %s", tc.version, err, tc.keyID)
		}
	}
}

func TestRejectsMalformedClearsigned(t *testing.T) {
	k := releaseKeys(t)
	asc := fixture(t, "v24.11.1", "SHASUMS256.txt.asc")
	text := fixture(t, "v24.11.1", "SHASUMS256.txt")
	noSig, _, _ := bytes.Cut(asc, []byte(sigBegin))
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"empty", nil, ErrNoSignature},
		{"plain text", text, ErrNoSignature},
		{"no signature block", noSig, ErrNoSignature},
		{"empty signature", append(bytes.Clone(noSig), sigBegin+"\n\n-----END PGP SIGNATURE-----\n"...), ErrNoSignature},
		{"data before", append([]byte("hello\n"), asc...), ErrBadSignature},
		{"data after", append(bytes.Clone(asc), "hello\n"...), ErrBadSignature},
		{"second message after", append(bytes.Clone(asc), asc...), ErrBadSignature},
		{"wrong Hash header", bytes.Replace(asc, []byte("Hash: SHA256"), []byte("Hash: SHA512"), 1), ErrBadSignature},
		{"weak Hash header", bytes.Replace(asc, []byte("Hash: SHA256"), []byte("Hash: SHA1"), 1), ErrBadSignature},
		{"checksum altered", bytes.Replace(asc, []byte("=m3wD"), []byte("=m3wE"), 1), ErrBadSignature},
	}
	for _, tc := range tests {
		if _, _, err := k.VerifyClearsigned(tc.in); !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}
	trailing := append(bytes.Clone(asc), "\r\n\n"...)
	if _, _, err := k.VerifyClearsigned(trailing); err != nil {
		t.Errorf("trailing newlines: %v", err)
	}
}

func TestParseKeyring(t *testing.T) {
	a, _ := sigtest.NewSigner("A")
	b, _ := sigtest.NewSigner("B")
	k, err := ParseKeyring(append(a.PublicArmored(), b.PublicArmored()...))
	if err != nil || len(k.entities) != 2 {
		t.Fatalf("two keys in one argument: %v, %d keys", err, len(k.entities))
	}
	for name, in := range map[string][][]byte{
		"nothing":     nil,
		"not armored": {[]byte("hello")},
		"corrupt":     {bytes.Replace(a.PublicArmored(), []byte("\n\n"), []byte("\n\nAAAA"), 1)},
		"private":     {[]byte("-----BEGIN PGP PRIVATE KEY BLOCK-----\n")},
	} {
		if _, err := ParseKeyring(in...); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	asc := fixture(t, "v20.19.1", "SHASUMS256.txt.asc")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			k, err := ReleaseKeys()
			if err == nil {
				_, _, err = k.VerifyClearsigned(asc)
			}
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}

func keyIDOf(t testing.TB, fingerprint string) uint64 {
	t.Helper()
	var id uint64
	for _, c := range fingerprint[len(fingerprint)-16:] {
		d := strings.IndexRune("0123456789ABCDEF", c)
		if d < 0 {
			t.Fatalf("bad fingerprint %q", fingerprint)
		}
		id = id<<4 | uint64(d)
	}
	return id
}

func head(b []byte) []byte {
	return b[:min(len(b), 80)]
}
