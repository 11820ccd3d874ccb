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
	"time"

	"github.com/nvmgo/nvmgo/internal/hint"
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

// ErrExpiredKey marks a registry signature made by a key after the date
// the registry says the key expired.
var ErrExpiredKey = errors.New("expired registry key")

// missingTimeCutoff is the publish time pacote assumes for a version the
// registry gives no time for (some very old packages have none), so that
// such a version is judged as published before any key expired.
var missingTimeCutoff = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)

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

// checkSignatures verifies the dist.signatures of pkg@version from doc (a
// packument fetched by s.packument), logs the warning of a signature by an
// unknown key, and returns the key id that verified ("" when none did).
// The publish time is looked up only when a signing key has an expiry.
func (s *PMSource) checkSignatures(ctx context.Context, doc *pmPackument, pkg, version string, d pmDist) (string, error) {
	if len(d.Signatures) == 0 {
		return "", nil
	}
	var once struct {
		t    time.Time
		err  error
		done bool
	}
	published := func() (time.Time, error) {
		if !once.done {
			once.t, once.err = s.publishedAt(ctx, doc, pkg, version)
			once.done = true
		}
		return once.t, once.err
	}
	keyID, warning, err := verifySignatures(pkg, version, d.Integrity, d.Signatures, s.registryKeys(ctx), published)
	if warning != "" {
		s.logf("nvmgo: warning: %s", warning)
	}
	return keyID, err
}

// publishedAt is when pkg@version was published, from the packument's
// time field as pacote reads it for `npm audit signatures`. The
// abbreviated packument npmjs serves has no time field, so then the full
// one is fetched, as pacote does; a version neither lists is taken as
// published at missingTimeCutoff.
func (s *PMSource) publishedAt(ctx context.Context, doc *pmPackument, pkg, version string) (time.Time, error) {
	t, ok := doc.Time[version]
	if !ok {
		var full pmPackument
		if err := s.fetchPackumentAs(ctx, pkg, "application/json", &full); err != nil {
			return time.Time{}, fmt.Errorf("publish time of %s@%s: %w", pkg, version, err)
		}
		if t, ok = full.Time[version]; !ok {
			return missingTimeCutoff, nil
		}
	}
	pt, err := time.Parse(time.RFC3339Nano, t)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: %s@%s has an unreadable publish time %q on %s, so its registry signature cannot be judged; nothing was installed",
			ErrExpiredKey, pkg, version, t, s.Config.Registry)
	}
	return pt, nil
}

// verifySignatures checks dist.signatures as `npm audit signatures` does
// (pacote's registry fetcher): an ECDSA P-256 / SHA-256 signature over
// "name@version:integrity" by a key of the registry, made while the key
// was valid: a key with an expiry counts only for a version published
// strictly before it (published is asked only then). Every signature by a
// known key must pass. It returns the first key id that verified; "" with
// a warning when no signature names a known key; an error wrapping
// ErrExpiredKey or ErrBadSignature when one fails.
func verifySignatures(pkg, version, integrity string, sigs []Signature, keys []RegistryKey, published func() (time.Time, error)) (keyID, warning string, err error) {
	msg := sha256.Sum256([]byte(pkg + "@" + version + ":" + integrity))
	var unknown []string
	for _, sg := range sigs {
		key := findKey(keys, sg.KeyID)
		if key == nil {
			unknown = append(unknown, sg.KeyID)
			continue
		}
		if err := checkExpiry(pkg, version, *key, published); err != nil {
			return "", "", err
		}
		pub, err := parseECKey(key.Key)
		if err != nil {
			return "", "", fmt.Errorf("registry key %s: %w", key.KeyID, err)
		}
		sig, err := base64.StdEncoding.DecodeString(sg.Sig)
		if err != nil || !ecdsa.VerifyASN1(pub, msg[:], sig) {
			return "", "", hint.With(fmt.Errorf("%w: %s@%s's signature by %s does not match its integrity; nothing was installed", ErrBadSignature, pkg, version, key.KeyID),
				"the registry or a proxy altered the package metadata; do not use it")
		}
		if keyID == "" {
			keyID = key.KeyID
		}
	}
	if keyID == "" && len(unknown) > 0 {
		return "", fmt.Sprintf("%s@%s is signed by a key the registry does not list (%s); only its integrity was checked", pkg, version, strings.Join(unknown, ", ")), nil
	}
	return keyID, "", nil
}

func findKey(keys []RegistryKey, id string) *RegistryKey {
	for i := range keys {
		if keys[i].KeyID == id {
			return &keys[i]
		}
	}
	return nil
}

// checkExpiry applies pacote's rule: a key with no expiry is valid; one
// with an expiry only for a version published before it. An expiry that
// does not parse fails, as Date.parse's NaN fails pacote's comparison.
func checkExpiry(pkg, version string, key RegistryKey, published func() (time.Time, error)) error {
	if key.Expires == "" {
		return nil
	}
	exp, err := time.Parse(time.RFC3339Nano, key.Expires)
	if err != nil {
		return fmt.Errorf("%w: registry key %s has an unreadable expiry %q; nothing was installed", ErrExpiredKey, key.KeyID, key.Expires)
	}
	pt, err := published()
	if err != nil {
		return err
	}
	if pt.Before(exp) {
		return nil
	}
	return hint.With(fmt.Errorf("%w: %s@%s was published %s, after its signing key %s expired (%s); nothing was installed",
		ErrExpiredKey, pkg, version, pt.UTC().Format(time.RFC3339), key.KeyID, exp.UTC().Format(time.RFC3339)),
		"the registry signed it with a retired key or altered its publish time; do not use it")
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
