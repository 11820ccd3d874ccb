package signature

import (
	"bytes"
	"errors"
	"testing"

	"github.com/ProtonMail/go-crypto/openpgp/clearsign"
)

func wrapsSentinel(err error) bool {
	return errors.Is(err, ErrBadSignature) || errors.Is(err, ErrUnknownKey) || errors.Is(err, ErrNoSignature)
}

func FuzzVerifyClearsigned(f *testing.F) {
	k := releaseKeys(f)
	var texts [][]byte
	for _, r := range releases {
		f.Add(fixture(f, r.version, "SHASUMS256.txt.asc"))
		texts = append(texts, fixture(f, r.version, "SHASUMS256.txt"))
	}
	f.Add([]byte(clearBegin + "\nHash: SHA256\n\n- -x\n" + sigBegin + "\n\niQ==\n=AAAA\n-----END PGP SIGNATURE-----\n"))
	f.Fuzz(func(t *testing.T, asc []byte) {
		text, signer, err := k.VerifyClearsigned(asc)
		if err != nil {
			if !wrapsSentinel(err) || text != nil || signer != "" {
				t.Fatalf("failure not reported cleanly: %q, %q, %v", text, signer, err)
			}
			return
		}
		// Nobody can forge a signature, so success means a real file.
		for _, want := range texts {
			if bytes.Equal(text, want) && signer != "" {
				return
			}
		}
		t.Fatalf("verified unknown text %q signed by %q", text, signer)
	})
}

func FuzzVerifyDetached(f *testing.F) {
	k := releaseKeys(f)
	for _, r := range releases {
		asc := fixture(f, r.version, "SHASUMS256.txt.asc")
		block, _ := clearsign.Decode(asc)
		sig, _, err := dearmor(asc[bytes.Index(asc, []byte(sigBegin)):], sigType)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(block.Bytes, sig)
	}
	f.Fuzz(func(t *testing.T, text, sig []byte) {
		signer, err := k.VerifyDetached(text, sig)
		if err != nil && (!wrapsSentinel(err) || signer != "") {
			t.Fatalf("failure not reported cleanly: %q, %v", signer, err)
		}
	})
}
