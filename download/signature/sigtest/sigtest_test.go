package sigtest_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/nvmgo/nvmgo/download/signature"
	"github.com/nvmgo/nvmgo/download/signature/sigtest"
)

var text = []byte("8f4c...  node-v99.0.0.tar.gz\n1a2b...  win-x64/node.exe\n")

func newSigner(t *testing.T, name string) (*sigtest.Signer, *signature.Keyring) {
	t.Helper()
	s, err := sigtest.NewSigner(name)
	if err != nil {
		t.Fatal(err)
	}
	k, err := signature.ParseKeyring(s.PublicArmored())
	if err != nil {
		t.Fatal(err)
	}
	return s, k
}

func TestRoundTrip(t *testing.T) {
	s, k := newSigner(t, "Test Releaser")
	wantSigner := "Test Releaser <test.releaser@example.invalid> (" + s.Fingerprint() + ")"

	asc, err := s.ClearSign(text)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(asc, []byte("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n")) {
		t.Errorf("clearsigned form starts %q", asc[:60])
	}
	got, signer, err := k.VerifyClearsigned(asc)
	if err != nil || !bytes.Equal(got, text) || signer != wantSigner {
		t.Errorf("VerifyClearsigned = %q, %q, %v", got, signer, err)
	}

	sig, err := s.DetachSign(text)
	if err != nil {
		t.Fatal(err)
	}
	if len(sig) == 0 || sig[0]&0x80 == 0 {
		t.Fatalf("detached signature is not binary: %q", sig)
	}
	if signer, err := k.VerifyDetached(text, sig); err != nil || signer != wantSigner {
		t.Errorf("VerifyDetached = %q, %v", signer, err)
	}
}

func TestTextEdgeCases(t *testing.T) {
	s, k := newSigner(t, "Edge")
	tests := []struct{ in, want string }{
		{"a\nb\n", "a\nb\n"},
		{"a\nb", "a\nb\n"}, // the clearsign form cannot tell the two apart
		{"-----BEGIN PGP SIGNATURE-----\n- x\n", "-----BEGIN PGP SIGNATURE-----\n- x\n"},
		{"a  \nb\t\n", "a\nb\n"}, // trailing blanks are not signed
		{"a\n\n\n", "a\n\n\n"},
	}
	for _, tc := range tests {
		asc, err := s.ClearSign([]byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		got, _, err := k.VerifyClearsigned(asc)
		if err != nil || string(got) != tc.want {
			t.Errorf("ClearSign(%q): verified %q, %v; want %q", tc.in, got, err, tc.want)
		}
		sig, err := s.DetachSign([]byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := k.VerifyDetached([]byte(tc.in), sig); err != nil {
			t.Errorf("DetachSign(%q): %v", tc.in, err)
		}
	}
}

func TestNotTrustedElsewhere(t *testing.T) {
	s, _ := newSigner(t, "Mallory")
	_, other := newSigner(t, "Alice")
	release, err := signature.ReleaseKeys()
	if err != nil {
		t.Fatal(err)
	}
	asc, _ := s.ClearSign(text)
	sig, _ := s.DetachSign(text)
	for name, k := range map[string]*signature.Keyring{"release keys": release, "another signer": other} {
		if _, _, err := k.VerifyClearsigned(asc); !errors.Is(err, signature.ErrUnknownKey) {
			t.Errorf("%s, clearsigned: err = %v, want ErrUnknownKey", name, err)
		}
		_, err := k.VerifyDetached(text, sig)
		if !errors.Is(err, signature.ErrUnknownKey) || !strings.Contains(err.Error(), s.Fingerprint()) {
			t.Errorf("%s, detached: err = %v, want ErrUnknownKey naming %s", name, err, s.Fingerprint())
		}
	}
}

func TestTamperedFails(t *testing.T) {
	s, k := newSigner(t, "Tamper")
	asc, _ := s.ClearSign(text)
	sig, _ := s.DetachSign(text)
	forged := bytes.Replace(asc, []byte("8f4c"), []byte("8f4d"), 1)
	if _, _, err := k.VerifyClearsigned(forged); !errors.Is(err, signature.ErrBadSignature) {
		t.Errorf("changed clearsigned text: err = %v", err)
	}
	if _, err := k.VerifyDetached(append(bytes.Clone(text), '\n'), sig); !errors.Is(err, signature.ErrBadSignature) {
		t.Errorf("changed detached text: err = %v", err)
	}
}

func BenchmarkNewSigner(b *testing.B) {
	for b.Loop() {
		if _, err := sigtest.NewSigner("Bench"); err != nil {
			b.Fatal(err)
		}
	}
}
