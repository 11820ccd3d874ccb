package npmreg

import (
	"context"
	"crypto/ecdsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// RegistryKey is one entry of the registry's signing keys
// (GET /-/npm/v1/keys), the keys `npm audit signatures` checks against.
type RegistryKey struct {
	KeyID   string `json:"keyid"`
	KeyType string `json:"keytype"`
	Scheme  string `json:"scheme"`
	Key     string `json:"key"` // base64 DER SubjectPublicKeyInfo
	Expires string `json:"expires,omitempty"`
}

// npmjsKeys are the public keys registry.npmjs.org signs with, as it
// publishes them at /-/npm/v1/keys (and corepack's config.json lists
// them): used when the registry serves no keys of its own, as mirrors of
// npmjs that copy dist.signatures do.
var npmjsKeys = []RegistryKey{
	{KeyID: "SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA", KeyType: "ecdsa-sha2-nistp256", Scheme: "ecdsa-sha2-nistp256",
		Expires: "2025-01-29T00:00:00.000Z",
		Key:     "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE1Olb3zMAFFxXKHiIkQO5cJ3Yhl5i6UPp+IhuteBJbuHcA5UogKo0EWtlWwW6KSaKoTNEYL7JlCQiVnkhBktUgg=="},
	{KeyID: "SHA256:DhQ8wR5APBvFHLF/+Tc+AYvPOdTpcIDqOhxsBHRwC7U", KeyType: "ecdsa-sha2-nistp256", Scheme: "ecdsa-sha2-nistp256",
		Key: "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEY6Ya7W++7aUPzvMTrezH6Ycx3c+HOKYCcNGybJZSCJq/fd7Qa8uuAKtdIkUQtQiEKERhAmE5lMMJhP8OkDOa2g=="},
}

// ErrBadSignature marks a registry signature that does not verify.
var ErrBadSignature = errors.New("bad registry signature")

// registryKeys fetches the registry's signing keys; a registry that
// serves none (404, an empty or foreign body) gets npmjs's.
func (s *PMSource) registryKeys(ctx context.Context) []RegistryKey {
	s.mu.Lock()
	if s.keys != nil {
		defer s.mu.Unlock()
		return s.keys
	}
	s.mu.Unlock()
	keys := npmjsKeys
	resp, err := s.client().Get(ctx, s.Config.Registry+"/-/npm/v1/keys", http.Header{"Accept": {"application/json"}}, 1<<20)
	if err == nil {
		var doc struct {
			Keys []RegistryKey `json:"keys"`
		}
		if json.Unmarshal(resp.Body, &doc) == nil && len(doc.Keys) > 0 {
			keys = doc.Keys
		}
	}
	s.mu.Lock()
	s.keys = keys
	s.mu.Unlock()
	return keys
}

// verifySignatures checks dist.signatures as `npm audit signatures` does:
// an ECDSA P-256 / SHA-256 signature over "name@version:integrity" by a
// key of the registry. It returns the key id that verified; "" with a
// warning when no signature names a known key; an error wrapping
// ErrBadSignature when a signature by a known key does not verify.
func verifySignatures(pkg, version, integrity string, sigs []Signature, keys []RegistryKey) (keyID, warning string, err error) {
	msg := sha256.Sum256([]byte(pkg + "@" + version + ":" + integrity))
	var unknown []string
	for _, sg := range sigs {
		var key *RegistryKey
		for i := range keys {
			if keys[i].KeyID == sg.KeyID {
				key = &keys[i]
				break
			}
		}
		if key == nil {
			unknown = append(unknown, sg.KeyID)
			continue
		}
		pub, err := parseECKey(key.Key)
		if err != nil {
			return "", "", fmt.Errorf("registry key %s: %w", key.KeyID, err)
		}
		sig, err := base64.StdEncoding.DecodeString(sg.Sig)
		if err != nil || !ecdsa.VerifyASN1(pub, msg[:], sig) {
			return "", "", fmt.Errorf("%w: %s@%s's signature by %s does not match its integrity; nothing was installed\nhint: the registry or a proxy altered the package metadata; do not use it", ErrBadSignature, pkg, version, key.KeyID)
		}
		return key.KeyID, "", nil
	}
	if len(unknown) > 0 {
		return "", fmt.Sprintf("%s@%s is signed by a key the registry does not list (%s); only its integrity was checked", pkg, version, strings.Join(unknown, ", ")), nil
	}
	return "", "", nil
}

func parseECKey(b64 string) (*ecdsa.PublicKey, error) {
	der, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, err
	}
	k, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, err
	}
	pub, ok := k.(*ecdsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("not an ECDSA key (%T)", k)
	}
	return pub, nil
}
