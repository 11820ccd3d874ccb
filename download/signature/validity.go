package signature

import (
	"fmt"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
)

// maxClockSkew is how far in the future a signature may be dated: a release
// signed minutes ago must verify on a machine whose clock is a little slow.
const maxClockSkew = 24 * time.Hour

// validity decides whether key was fit to make sig, a signature that holds
// cryptographically.
//
// Revocation is judged now, whatever the date of the signature: revoking is
// how a releaser retires a compromised key, and the date in a signature is
// chosen by whoever holds the key.
//
// Expiry is judged at the signature's creation time, as gpg does, so that
// releases stay verifiable after a key or subkey expires (v20.19.1 was signed
// on 2025-04-22 by a subkey that expired on 2025-06-01). A signature dated
// after the expiry fails. go-crypto's own check, with its clock set to the
// signature time, cannot be used: it also refuses self-signatures made after
// that time, which is what renewing a key produces. The creation time is
// hashed, so only the key holder can choose it: a thief could backdate, but
// expiry never protected against a thief; revocation does.
func (k *Keyring) validity(key openpgp.Key, sig *packet.Signature) error {
	now, made := k.clock(), sig.CreationTime
	if made.After(now.Add(maxClockSkew)) {
		return bad("signature is dated %s, in the future", stamp(made))
	}
	if end, ok := lifetimeEnd(made, sig.SigLifetimeSecs); ok && now.After(end) {
		return bad("signature expired %s", stamp(end))
	}
	e := key.Entity
	self, ident := e.PrimarySelfSignature()
	if self == nil {
		return bad("key %X has no valid self-signature", e.PrimaryKey.Fingerprint)
	}
	isSub := key.PublicKey != e.PrimaryKey
	if e.Revoked(now) || isSub && key.Revoked(now) || ident != nil && ident.Revoked(now) {
		return bad("key %X is revoked", key.PublicKey.Fingerprint)
	}
	if !canSign(key, isSub) {
		return bad("key %X is not certified for signing", key.PublicKey.Fingerprint)
	}
	selfSigs := []*packet.Signature{self}
	if isSub {
		selfSigs = append(selfSigs, key.SelfSignature, key.SelfSignature.EmbeddedSignature)
	}
	for _, s := range append(selfSigs, sig) {
		for _, n := range notations(s) {
			if n.IsCritical {
				return bad("unknown critical notation %q", n.Name)
			}
		}
	}
	if err := keyValidAt(e.PrimaryKey, self, made); err != nil {
		return err
	}
	if isSub {
		if err := keyValidAt(key.PublicKey, key.SelfSignature, made); err != nil {
			return err
		}
	}
	for _, s := range selfSigs {
		if s == nil {
			continue
		}
		if end, ok := lifetimeEnd(s.CreationTime, s.SigLifetimeSecs); ok && made.After(end) {
			return bad("self-signature of key %X expired %s, before the signature was made %s",
				key.PublicKey.Fingerprint, stamp(end), stamp(made))
		}
	}
	return nil
}

// keyValidAt reports whether pk, as certified by self, existed and had not
// expired at time t.
func keyValidAt(pk *packet.PublicKey, self *packet.Signature, t time.Time) error {
	if t.Before(pk.CreationTime) {
		return bad("signature is dated %s, before key %X was created %s",
			stamp(t), pk.Fingerprint, stamp(pk.CreationTime))
	}
	if end, ok := lifetimeEnd(pk.CreationTime, self.KeyLifetimeSecs); ok && t.After(end) {
		return bad("signature is dated %s, after key %X expired %s",
			stamp(t), pk.Fingerprint, stamp(end))
	}
	return nil
}

// canSign reports whether the self-signature allows key to sign. Primary
// keys from before key flags existed sign by convention; a subkey must carry
// the sign flag, which also means go-crypto checked its cross-signature.
func canSign(key openpgp.Key, isSub bool) bool {
	s := key.SelfSignature
	switch {
	case s == nil:
		return false
	case s.FlagsValid:
		return s.FlagSign
	default:
		return !isSub
	}
}

func notations(s *packet.Signature) []*packet.Notation {
	if s == nil {
		return nil
	}
	return s.Notations
}

// lifetimeEnd returns start plus a lifetime in seconds; zero or absent means
// forever.
func lifetimeEnd(start time.Time, secs *uint32) (time.Time, bool) {
	if secs == nil || *secs == 0 {
		return time.Time{}, false
	}
	return start.Add(time.Duration(*secs) * time.Second), true
}

func stamp(t time.Time) string {
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}

func bad(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrBadSignature, fmt.Sprintf(format, args...))
}
