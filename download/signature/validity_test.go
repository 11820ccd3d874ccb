package signature

import (
	"bytes"
	"crypto"
	"errors"
	"hash"
	"strings"
	"testing"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"github.com/ProtonMail/go-crypto/openpgp/clearsign"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
)

var shasums = []byte("5a1a8a3b4c  node-v99.0.0.tar.gz\n6b2b9b4c5d  node-v99.0.0-linux-x64.tar.xz\n")

const day = 24 * time.Hour

func keyConfig(at time.Time, lifetime time.Duration) *packet.Config {
	return &packet.Config{
		Algorithm:       packet.PubKeyAlgoEdDSA,
		Curve:           packet.Curve25519,
		DefaultHash:     crypto.SHA256,
		Time:            func() time.Time { return at },
		KeyLifetimeSecs: uint32(lifetime / time.Second),
	}
}

// newKey makes a key created at the given time, expiring after lifetime
// (zero: never).
func newKey(t *testing.T, created time.Time, lifetime time.Duration) *openpgp.Entity {
	t.Helper()
	e, err := openpgp.NewEntity("Test Releaser", "", "test@example.invalid", keyConfig(created, lifetime))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func ringOf(t *testing.T, e *openpgp.Entity) *Keyring {
	t.Helper()
	var buf bytes.Buffer
	w, err := armor.Encode(&buf, openpgp.PublicKeyType, nil)
	if err == nil {
		err = e.Serialize(w)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	k, err := ParseKeyring(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func clearSignAt(t *testing.T, priv *packet.PrivateKey, at time.Time) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := clearsign.Encode(&buf, priv, keyConfig(at, 0))
	if err == nil {
		_, err = w.Write(shasums)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// signRaw makes a binary detached signature of any type and hash, made at
// the given time, without the checks go-crypto does before signing.
func signRaw(t *testing.T, priv *packet.PrivateKey, typ packet.SignatureType, h crypto.Hash, at time.Time) []byte {
	t.Helper()
	sig := &packet.Signature{
		Version: 4, SigType: typ, PubKeyAlgo: priv.PubKeyAlgo, Hash: h,
		CreationTime: at, IssuerKeyId: &priv.KeyId,
	}
	cfg := keyConfig(at, 0)
	hh, err := sig.PrepareSign(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var w hash.Hash = hh
	if typ == packet.SigTypeText {
		w = openpgp.NewCanonicalTextHash(hh)
	}
	w.Write(shasums)
	var buf bytes.Buffer
	if err := sig.Sign(hh, priv, cfg); err != nil {
		t.Fatal(err)
	}
	if err := sig.Serialize(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// verifyBoth checks a clearsigned and a detached signature made at the same
// time with priv, and requires both to give the same verdict.
func verifyBoth(t *testing.T, k *Keyring, priv *packet.PrivateKey, at time.Time) (string, error) {
	t.Helper()
	text, signer, err := k.VerifyClearsigned(clearSignAt(t, priv, at))
	if err == nil && !bytes.Equal(text, shasums) {
		t.Errorf("clearsigned text = %q", text)
	}
	signer2, err2 := k.VerifyDetached(shasums, signRaw(t, priv, packet.SigTypeBinary, crypto.SHA256, at))
	if (err == nil) != (err2 == nil) || signer != signer2 {
		t.Errorf("clearsigned: %q, %v; detached: %q, %v", signer, err, signer2, err2)
	}
	return signer, err
}

func TestExpiryJudgedAtSigningTime(t *testing.T) {
	now := time.Now()
	created := now.Add(-730 * day)
	expiring := newKey(t, created, 365*day)
	forever := newKey(t, created, 0)
	if err := forever.AddSigningSubkey(keyConfig(created, 30*day)); err != nil {
		t.Fatal(err)
	}
	sub := forever.Subkeys[len(forever.Subkeys)-1].PrivateKey
	tests := []struct {
		name    string
		key     *openpgp.Entity
		priv    *packet.PrivateKey
		at      time.Time
		wantErr string // empty: must verify
	}{
		{"expired key, signed while valid", expiring, expiring.PrivateKey, created.Add(day), ""},
		{"expired key, signed now", expiring, expiring.PrivateKey, now, "expired"},
		{"expired key, signed a second after expiry", expiring, expiring.PrivateKey, created.Add(365*day + time.Second), "expired"},
		{"key, signed before it was created", forever, forever.PrivateKey, created.Add(-time.Hour), "before key"},
		{"expired subkey, signed while valid", forever, sub, created.Add(day), ""},
		{"expired subkey, signed now", forever, sub, now, "expired"},
		{"no expiry, signed now", forever, forever.PrivateKey, now, ""},
		{"no expiry, dated an hour ahead", forever, forever.PrivateKey, now.Add(time.Hour), ""},
		{"no expiry, dated two days ahead", forever, forever.PrivateKey, now.Add(2 * day), "future"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			signer, err := verifyBoth(t, ringOf(t, tc.key), tc.priv, tc.at)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if tc.priv == sub && !strings.Contains(signer, ", subkey ") {
					t.Errorf("signer %q does not name the subkey", signer)
				}
				return
			}
			if !errors.Is(err, ErrBadSignature) || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("err = %v, want ErrBadSignature mentioning %q", err, tc.wantErr)
			}
		})
	}
}

func TestRevokedKeysFail(t *testing.T) {
	now := time.Now()
	created := now.Add(-365 * day)
	cfg := keyConfig(now, 0)

	primary := newKey(t, created, 0)
	if err := primary.RevokeKey(packet.KeySuperseded, "retired", cfg); err != nil {
		t.Fatal(err)
	}
	withSub := newKey(t, created, 0)
	if err := withSub.AddSigningSubkey(keyConfig(created, 0)); err != nil {
		t.Fatal(err)
	}
	sk := &withSub.Subkeys[len(withSub.Subkeys)-1]
	if err := withSub.RevokeSubkey(sk, packet.KeyCompromised, "stolen", cfg); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		key  *openpgp.Entity
		priv *packet.PrivateKey
	}{
		{"revoked primary key", primary, primary.PrivateKey},
		{"revoked subkey", withSub, sk.PrivateKey},
	}
	for _, tc := range tests {
		// Dated before the revocation: a thief can backdate, so it fails too.
		for _, at := range []time.Time{now, created.Add(day)} {
			_, err := verifyBoth(t, ringOf(t, tc.key), tc.priv, at)
			if !errors.Is(err, ErrBadSignature) || !strings.Contains(err.Error(), "revoked") {
				t.Errorf("%s, signed %s: err = %v, want revoked", tc.name, stamp(at), err)
			}
		}
	}
	if _, err := verifyBoth(t, ringOf(t, withSub), withSub.PrivateKey, now); err != nil {
		t.Errorf("primary key of a revoked subkey: %v", err)
	}
}

func TestSignatureTypeAndHash(t *testing.T) {
	e := newKey(t, time.Now().Add(-day), 0)
	k := ringOf(t, e)
	now := time.Now()
	for _, typ := range []packet.SignatureType{0x02, 0x10, 0x13, 0x18, 0x19, 0x1F, 0x20, 0x28, 0x30, 0x40, 0x50} {
		_, err := k.VerifyDetached(shasums, signRaw(t, e.PrivateKey, typ, crypto.SHA256, now))
		if !errors.Is(err, ErrBadSignature) || !strings.Contains(err.Error(), "does not sign a document") {
			t.Errorf("type 0x%02x: err = %v", byte(typ), err)
		}
	}
	// go-crypto refuses to make MD5 (1), SHA-1 (2) or RIPEMD-160 (3)
	// signatures, so relabel a good one. It parses only SHA-1 of these.
	for _, id := range []byte{1, 2, 3} {
		sig := signRaw(t, e.PrivateKey, packet.SigTypeBinary, crypto.SHA256, now)
		pkts, err := splitPackets(sig)
		if err != nil {
			t.Fatal(err)
		}
		sig[len(pkts[0].whole)-len(pkts[0].body)+3] = id
		_, err = k.VerifyDetached(shasums, sig)
		if !errors.Is(err, ErrBadSignature) || id == 2 && !strings.Contains(err.Error(), "not accepted") {
			t.Errorf("hash id %d: err = %v", id, err)
		}
	}
	for _, h := range []crypto.Hash{crypto.SHA256, crypto.SHA384, crypto.SHA512} {
		for _, typ := range []packet.SignatureType{packet.SigTypeBinary, packet.SigTypeText} {
			if _, err := k.VerifyDetached(shasums, signRaw(t, e.PrivateKey, typ, h, now)); err != nil {
				t.Errorf("hash %v, type %d: %v", h, typ, err)
			}
		}
	}
}

func TestVerifyDetachedForms(t *testing.T) {
	e := newKey(t, time.Now().Add(-day), 0)
	k := ringOf(t, e)
	now := time.Now()
	binary := signRaw(t, e.PrivateKey, packet.SigTypeBinary, crypto.SHA256, now)
	textSig := signRaw(t, e.PrivateKey, packet.SigTypeText, crypto.SHA256, now)
	var armored bytes.Buffer
	w, _ := armor.Encode(&armored, "PGP SIGNATURE", map[string]string{"Comment": "test"})
	w.Write(binary)
	w.Close()
	crlf := bytes.ReplaceAll(shasums, []byte("\n"), []byte("\r\n"))
	changed := bytes.Replace(shasums, []byte("5a1a"), []byte("5a1b"), 1)
	tests := []struct {
		name      string
		text, sig []byte
		want      error // nil: must verify
	}{
		{"binary", shasums, binary, nil},
		{"armored", shasums, armored.Bytes(), nil},
		{"armored, indented by newlines", shasums, append([]byte("\n\n"), armored.Bytes()...), nil},
		{"text mode", shasums, textSig, nil},
		{"text mode, CRLF text", crlf, textSig, nil},
		{"binary, CRLF text", crlf, binary, ErrBadSignature},
		{"binary, changed text", changed, binary, ErrBadSignature},
		{"text mode, changed text", changed, textSig, ErrBadSignature},
		{"armored, junk after", shasums, append(bytes.Clone(armored.Bytes()), "junk"...), ErrBadSignature},
		{"truncated", shasums, binary[:len(binary)-1], ErrBadSignature},
		{"not a packet", shasums, []byte("hello"), ErrBadSignature},
		{"clearsigned instead", shasums, clearSignAt(t, e.PrivateKey, now), ErrBadSignature},
		{"empty", shasums, nil, ErrNoSignature},
		{"blank", shasums, []byte(" \n"), ErrNoSignature},
		{"empty armor", shasums, []byte(sigBegin + "\n\n-----END PGP SIGNATURE-----\n"), ErrNoSignature},
	}
	for _, tc := range tests {
		_, err := k.VerifyDetached(tc.text, tc.sig)
		if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}
	if _, err := releaseKeys(t).VerifyDetached(shasums, binary); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("test key against release keys: err = %v, want ErrUnknownKey", err)
	}
}

func TestClockSkew(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	e := newKey(t, now.Add(-day), 0)
	system := ringOf(t, e)
	k := system.WithClock(func() time.Time { return now })
	if system.now != nil {
		t.Error("WithClock changed the keyring it was called on")
	}
	for _, tc := range []struct {
		ahead time.Duration
		ok    bool
	}{{0, true}, {maxClockSkew - time.Minute, true}, {maxClockSkew + time.Minute, false}} {
		_, err := verifyBoth(t, k, e.PrivateKey, now.Add(tc.ahead))
		if (err == nil) != tc.ok {
			t.Errorf("signature dated %v ahead: err = %v", tc.ahead, err)
		}
	}
}
