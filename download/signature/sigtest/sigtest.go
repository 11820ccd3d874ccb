// Package sigtest signs test SHASUMS256.txt files with throwaway keys, for tests and test servers only.
package sigtest

import (
	"bytes"
	"crypto"
	"fmt"
	"strings"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"github.com/ProtonMail/go-crypto/openpgp/clearsign"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
)

// Signer holds a fresh EdDSA (Ed25519) key pair, the kind the current
// Node.js releasers use. Its public key is trusted by nothing until a test
// puts it in a keyring.
type Signer struct {
	entity *openpgp.Entity
	public []byte
}

// config makes version 4 keys and SHA-256 signatures, like the releasers'.
var config = &packet.Config{
	Algorithm:   packet.PubKeyAlgoEdDSA,
	Curve:       packet.Curve25519,
	DefaultHash: crypto.SHA256,
}

// NewSigner generates a key for the user ID "Some Name
// <some.name@example.invalid>"; it takes well under a millisecond.
func NewSigner(name string) (*Signer, error) {
	email := strings.ToLower(strings.Join(strings.Fields(name), ".")) + "@example.invalid"
	e, err := openpgp.NewEntity(name, "", email, config)
	if err != nil {
		return nil, fmt.Errorf("sigtest: new key for %q: %w", name, err)
	}
	var buf bytes.Buffer
	w, err := armor.Encode(&buf, openpgp.PublicKeyType, nil)
	if err != nil {
		return nil, err
	}
	if err := e.Serialize(w); err != nil {
		return nil, fmt.Errorf("sigtest: serialize key: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return &Signer{entity: e, public: buf.Bytes()}, nil
}

// PublicArmored returns the public key as an armoured "PGP PUBLIC KEY BLOCK",
// the form signature.ParseKeyring reads.
func (s *Signer) PublicArmored() []byte {
	return bytes.Clone(s.public)
}

// Fingerprint returns the key's fingerprint in upper-case hex, as it appears
// in the signer strings of package signature.
func (s *Signer) Fingerprint() string {
	return fmt.Sprintf("%X", s.entity.PrimaryKey.Fingerprint)
}

// ClearSign returns text clearsigned, in the form of SHASUMS256.txt.asc.
func (s *Signer) ClearSign(text []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := clearsign.Encode(&buf, s.entity.PrivateKey, config)
	if err != nil {
		return nil, fmt.Errorf("sigtest: clearsign: %w", err)
	}
	if _, err := w.Write(text); err != nil {
		return nil, fmt.Errorf("sigtest: clearsign: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("sigtest: clearsign: %w", err)
	}
	return buf.Bytes(), nil
}

// DetachSign returns a binary detached signature over text, in the form of
// SHASUMS256.txt.sig.
func (s *Signer) DetachSign(text []byte) ([]byte, error) {
	var buf bytes.Buffer
	if err := openpgp.DetachSign(&buf, s.entity, bytes.NewReader(text), config); err != nil {
		return nil, fmt.Errorf("sigtest: detach-sign: %w", err)
	}
	return buf.Bytes(), nil
}
