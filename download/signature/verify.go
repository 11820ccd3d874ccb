package signature

import (
	"bytes"
	"crypto"
	"errors"
	"fmt"
	"hash"
	"io"
	"slices"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/clearsign"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
)

const (
	clearBegin = "-----BEGIN PGP SIGNED MESSAGE-----"
	sigType    = "PGP SIGNATURE"
	sigBegin   = "-----BEGIN " + sigType + "-----"
)

// hashNames are the digests accepted in a document signature, by the names
// used in a clearsigned message's Hash header. MD5, SHA-1 and RIPEMD-160 are
// not accepted.
var hashNames = map[string]crypto.Hash{
	"SHA224":   crypto.SHA224,
	"SHA256":   crypto.SHA256,
	"SHA384":   crypto.SHA384,
	"SHA512":   crypto.SHA512,
	"SHA3-256": crypto.SHA3_256,
	"SHA3-512": crypto.SHA3_512,
}

// VerifyClearsigned checks a clearsigned message such as SHASUMS256.txt.asc.
// It returns the signed text, which is what the caller must use, never the
// input: dash-escaping and trailing blanks are removed, line endings are "\n"
// and the text ends with a newline (the clearsign format does not sign the
// line break before the signature, so the two layouts in use, with and
// without an empty line before it, both give back the file that was signed).
// signer names the key, as "Name <email> (FINGERPRINT)".
func (k *Keyring) VerifyClearsigned(asc []byte) (text []byte, signer string, err error) {
	if !bytes.Contains(asc, []byte(clearBegin)) || !bytes.Contains(asc, []byte(sigBegin)) {
		return nil, "", fmt.Errorf("%w: not a clearsigned message", ErrNoSignature)
	}
	if !bytes.HasPrefix(asc, []byte(clearBegin)) {
		return nil, "", fmt.Errorf("%w: data before %q", ErrBadSignature, clearBegin)
	}
	block, rest := clearsign.Decode(asc)
	if block == nil {
		return nil, "", fmt.Errorf("%w: malformed clearsigned message", ErrBadSignature)
	}
	i := bytes.Index(asc, []byte("\n"+sigBegin))
	if i < 0 {
		return nil, "", fmt.Errorf("%w: malformed clearsigned message", ErrBadSignature)
	}
	payload, after, err := dearmor(asc[i+1:], sigType)
	if err != nil {
		return nil, "", fmt.Errorf("%w: %w", ErrBadSignature, err)
	}
	if len(bytes.TrimSpace(rest)) != 0 || len(bytes.TrimSpace(after)) != 0 {
		return nil, "", fmt.Errorf("%w: data after the signature", ErrBadSignature)
	}
	signer, err = k.verify(block.Bytes, payload, block.Headers.Values("Hash"))
	if err != nil {
		return nil, "", err
	}
	text = block.Plaintext
	if len(text) > 0 && text[len(text)-1] != '\n' {
		text = append(text, '\n')
	}
	return text, signer, nil
}

// VerifyDetached checks a detached signature over text, such as
// SHASUMS256.txt.sig, in binary or ASCII-armoured form, and names the signer
// like VerifyClearsigned.
func (k *Keyring) VerifyDetached(text, sig []byte) (signer string, err error) {
	trimmed := bytes.TrimSpace(sig)
	if len(trimmed) == 0 {
		return "", fmt.Errorf("%w: empty signature", ErrNoSignature)
	}
	if bytes.HasPrefix(trimmed, []byte(sigBegin)) {
		payload, after, err := dearmor(trimmed, sigType)
		if err != nil {
			return "", fmt.Errorf("%w: %w", ErrBadSignature, err)
		}
		if len(bytes.TrimSpace(after)) != 0 {
			return "", fmt.Errorf("%w: data after the signature", ErrBadSignature)
		}
		sig = payload
	}
	return k.verify(text, sig, nil)
}

// verify checks the signature packets in sigData over data, the exact bytes
// that were hashed. One good signature from a trusted key is enough; a bad
// one is reported in preference to one from an unknown key.
func (k *Keyring) verify(data, sigData []byte, hashHeader []string) (string, error) {
	if k == nil || len(k.entities) == 0 {
		return "", errors.New("empty keyring")
	}
	pkts, err := splitPackets(sigData)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrBadSignature, err)
	}
	if len(pkts) == 0 {
		return "", fmt.Errorf("%w: no signature packet", ErrNoSignature)
	}
	for _, p := range pkts {
		if p.tag != tagSignature {
			return "", fmt.Errorf("%w: unexpected packet of type %d", ErrBadSignature, p.tag)
		}
	}
	var firstErr error
	for _, p := range pkts {
		signer, err := k.verifyPacket(p, data, hashHeader)
		if err == nil {
			return signer, nil
		}
		if firstErr == nil || errors.Is(firstErr, ErrUnknownKey) && !errors.Is(err, ErrUnknownKey) {
			firstErr = err
		}
	}
	return "", firstErr
}

func (k *Keyring) verifyPacket(p rawPacket, data []byte, hashHeader []string) (string, error) {
	if err := checkSignatureEncoding(p.body); err != nil {
		return "", fmt.Errorf("%w: %w", ErrBadSignature, err)
	}
	pk, err := packet.Read(bytes.NewReader(p.whole))
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrBadSignature, err)
	}
	sig, ok := pk.(*packet.Signature)
	if !ok {
		return "", fmt.Errorf("%w: not a signature packet", ErrBadSignature)
	}
	if sig.SigType != packet.SigTypeBinary && sig.SigType != packet.SigTypeText {
		return "", fmt.Errorf("%w: signature type 0x%02x does not sign a document", ErrBadSignature, byte(sig.SigType))
	}
	if !hashAllowed(sig.Hash) {
		return "", fmt.Errorf("%w: hash algorithm %v not accepted", ErrBadSignature, sig.Hash)
	}
	if len(hashHeader) > 0 && !slices.ContainsFunc(hashHeader, func(n string) bool { return hashNames[n] == sig.Hash }) {
		return "", fmt.Errorf("%w: signature hash %v not in the Hash header %q", ErrBadSignature, sig.Hash, hashHeader)
	}
	if sig.IssuerKeyId == nil {
		return "", fmt.Errorf("%w: signature names no issuer", ErrBadSignature)
	}
	keys := k.entities.KeysById(*sig.IssuerKeyId)
	if len(keys) == 0 {
		return "", fmt.Errorf("%w: %s", ErrUnknownKey, issuerName(sig))
	}
	for _, key := range keys {
		if err = k.check(key, sig, data); err == nil {
			return describe(key), nil
		}
	}
	return "", err
}

func hashAllowed(h crypto.Hash) bool {
	for _, a := range hashNames {
		if a == h {
			return true
		}
	}
	return false
}

// check verifies sig over data with key, then whether the key was fit to
// make it (see validity).
func (k *Keyring) check(key openpgp.Key, sig *packet.Signature, data []byte) error {
	if sig.IssuerFingerprint != nil && !bytes.Equal(sig.IssuerFingerprint, key.PublicKey.Fingerprint) {
		return fmt.Errorf("%w: issuer fingerprint %X does not match key %X",
			ErrBadSignature, sig.IssuerFingerprint, key.PublicKey.Fingerprint)
	}
	// Two hashes: go-crypto checks the quick-check bytes of version 6
	// signatures only, so tag gets them checked for version 4 too.
	h, err := sig.PrepareVerify()
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBadSignature, err)
	}
	tag, _ := sig.PrepareVerify()
	hw, tw := h, tag
	if sig.SigType == packet.SigTypeText {
		hw, tw = openpgp.NewCanonicalTextHash(h), openpgp.NewCanonicalTextHash(tag)
	}
	if _, err := io.MultiWriter(hw, tw).Write(data); err != nil {
		return fmt.Errorf("%w: %w", ErrBadSignature, err)
	}
	if !quickCheck(tag, sig) {
		return fmt.Errorf("%w: digest does not match (text or signature altered)", ErrBadSignature)
	}
	if err := key.PublicKey.VerifySignature(h, sig); err != nil {
		return fmt.Errorf("%w: %w", ErrBadSignature, err)
	}
	return k.validity(key, sig)
}

func quickCheck(h hash.Hash, sig *packet.Signature) bool {
	h.Write(sig.HashSuffix)
	sum := h.Sum(nil)
	return sum[0] == sig.HashTag[0] && sum[1] == sig.HashTag[1]
}

// describe names the owner of key by its primary user ID and primary
// fingerprint, adding the subkey's fingerprint when a subkey signed.
func describe(key openpgp.Key) string {
	e := key.Entity
	name := ""
	if id := e.PrimaryIdentity(); id != nil {
		name = id.Name + " "
	}
	if key.PublicKey != e.PrimaryKey {
		return fmt.Sprintf("%s(%X, subkey %X)", name, e.PrimaryKey.Fingerprint, key.PublicKey.Fingerprint)
	}
	return fmt.Sprintf("%s(%X)", name, e.PrimaryKey.Fingerprint)
}

func issuerName(sig *packet.Signature) string {
	if sig.IssuerFingerprint != nil {
		return fmt.Sprintf("key ID %016X (fingerprint %X)", *sig.IssuerKeyId, sig.IssuerFingerprint)
	}
	return fmt.Sprintf("key ID %016X", *sig.IssuerKeyId)
}
