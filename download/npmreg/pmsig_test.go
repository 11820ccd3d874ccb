package npmreg

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/testregistry"
	"github.com/nvmgo/nvmgo/versions"
)

func testKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// noTime is a publish-time lookup that must not happen: keys without an
// expiry never need one.
func noTime(t *testing.T) func() (time.Time, error) {
	return func() (time.Time, error) {
		t.Error("publish time asked for, though no key expires")
		return time.Time{}, errors.New("not asked")
	}
}

func TestVerifySignatures(t *testing.T) {
	priv := testKey(t)
	der, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	keys := []RegistryKey{{KeyID: "SHA256:test", Key: base64.StdEncoding.EncodeToString(der)}}
	const integ = "sha512-AAAA"
	sign := func(msg string) string {
		sum := sha256.Sum256([]byte(msg))
		sig, err := ecdsa.SignASN1(rand.Reader, priv, sum[:])
		if err != nil {
			t.Fatal(err)
		}
		return base64.StdEncoding.EncodeToString(sig)
	}
	good := sign("pnpm@9.12.0:" + integ)
	bad := sign("pnpm@9.12.1:" + integ)
	tests := []struct {
		name        string
		sigs        []Signature
		keyID, warn string
		bad         bool
	}{
		{name: "good", sigs: []Signature{{KeyID: "SHA256:test", Sig: good}}, keyID: "SHA256:test"},
		{name: "unknown key first, then good", sigs: []Signature{{KeyID: "SHA256:other", Sig: good}, {KeyID: "SHA256:test", Sig: good}}, keyID: "SHA256:test"},
		{name: "unknown key only", sigs: []Signature{{KeyID: "SHA256:other", Sig: good}}, warn: "SHA256:other"},
		{name: "signature of another version", sigs: []Signature{{KeyID: "SHA256:test", Sig: bad}}, bad: true},
		{name: "signature of another integrity", sigs: []Signature{{KeyID: "SHA256:test", Sig: sign("pnpm@9.12.0:sha512-BBBB")}}, bad: true},
		{name: "good, then a bad one by a known key", sigs: []Signature{{KeyID: "SHA256:test", Sig: good}, {KeyID: "SHA256:test", Sig: bad}}, bad: true},
		{name: "not base64", sigs: []Signature{{KeyID: "SHA256:test", Sig: "!!"}}, bad: true},
		{name: "none"},
	}
	for _, tt := range tests {
		keyID, warn, err := verifySignatures("pnpm", "9.12.0", integ, tt.sigs, keys, noTime(t))
		if tt.bad {
			if !errors.Is(err, ErrBadSignature) {
				t.Errorf("%s: err = %v, want ErrBadSignature", tt.name, err)
			}
			continue
		}
		if err != nil || keyID != tt.keyID || !strings.Contains(warn, tt.warn) || (tt.warn == "") != (warn == "") {
			t.Errorf("%s: = %q %q %v, want %q %q", tt.name, keyID, warn, err, tt.keyID, tt.warn)
		}
	}
	// npmjs's embedded keys parse
	for _, k := range npmjsKeys {
		if _, err := parseECKey(k.Key); err != nil {
			t.Errorf("npmjs key %s: %v", k.KeyID, err)
		}
	}
}

// TestSignatureKeyExpiry installs pnpm@9.12.0 from a local registry whose
// signing keys expire, judged by pacote's rule (`npm audit signatures`):
// a key with an expiry is valid only for versions published strictly
// before it; the publish time is the packument's time[version], from the
// full packument when the abbreviated one has none.
func TestSignatureKeyExpiry(t *testing.T) {
	const (
		expires   = "2025-01-29T00:00:00.000Z" // as npmjs's first key
		before    = "2024-12-06T17:57:24.311Z"
		after     = "2025-03-01T10:00:00.000Z"
		pkg, ver  = "pnpm", "9.12.0"
		keyA      = "SHA256:expiring"
		keyB      = "SHA256:current"
		keyOther  = "SHA256:unlisted"
		noPublish = "-" // leave time[version] out
	)
	a, b := testKey(t), testKey(t)
	tests := []struct {
		name      string
		published string
		corgiTime bool
		keys      []testregistry.Key
		sign      func(r *testregistry.Registry) error
		failFull  bool
		wantKey   string
		wantErr   error
		wantMsg   string // in the error, where wantErr is nil
		wantWarn  string
		wantFull  int // full-packument fetches
	}{
		{name: "key without expiry", published: after, keys: []testregistry.Key{{ID: keyB, Public: &b.PublicKey}},
			sign: signBy(keyB, b, ""), wantKey: keyB},
		{name: "key without expiry needs no publish time", published: noPublish, keys: []testregistry.Key{{ID: keyB, Public: &b.PublicKey}},
			sign: signBy(keyB, b, ""), wantKey: keyB},
		{name: "published before the key expired", published: before, keys: []testregistry.Key{{ID: keyA, Public: &a.PublicKey, Expires: expires}},
			sign: signBy(keyA, a, ""), wantKey: keyA, wantFull: 1},
		{name: "published after the key expired", published: after, keys: []testregistry.Key{{ID: keyA, Public: &a.PublicKey, Expires: expires}},
			sign: signBy(keyA, a, ""), wantErr: ErrExpiredKey, wantFull: 1},
		{name: "published the instant the key expired", published: expires, keys: []testregistry.Key{{ID: keyA, Public: &a.PublicKey, Expires: expires}},
			sign: signBy(keyA, a, ""), wantErr: ErrExpiredKey, wantFull: 1},
		{name: "time in the abbreviated packument, offset form", published: "2025-01-28T23:59:59.999000+00:00", corgiTime: true,
			keys: []testregistry.Key{{ID: keyA, Public: &a.PublicKey, Expires: expires}}, sign: signBy(keyA, a, ""), wantKey: keyA},
		{name: "time in the abbreviated packument, after expiry", published: "2025-01-29T01:00:00+01:00", corgiTime: true,
			keys: []testregistry.Key{{ID: keyA, Public: &a.PublicKey, Expires: expires}}, sign: signBy(keyA, a, ""), wantErr: ErrExpiredKey},
		{name: "no publish time: pacote's 2015 cutoff", published: noPublish, keys: []testregistry.Key{{ID: keyA, Public: &a.PublicKey, Expires: expires}},
			sign: signBy(keyA, a, ""), wantKey: keyA, wantFull: 1},
		{name: "no publish time, key expired before 2015", published: noPublish, keys: []testregistry.Key{{ID: keyA, Public: &a.PublicKey, Expires: "2014-06-01T00:00:00.000Z"}},
			sign: signBy(keyA, a, ""), wantErr: ErrExpiredKey, wantFull: 1},
		{name: "unreadable publish time", published: "last tuesday", corgiTime: true, keys: []testregistry.Key{{ID: keyA, Public: &a.PublicKey, Expires: expires}},
			sign: signBy(keyA, a, ""), wantErr: ErrExpiredKey},
		{name: "unreadable expiry", published: before, keys: []testregistry.Key{{ID: keyA, Public: &a.PublicKey, Expires: "soon"}},
			sign: signBy(keyA, a, ""), wantErr: ErrExpiredKey},
		{name: "expired key and a bad signature: expiry is judged first", published: after, keys: []testregistry.Key{{ID: keyA, Public: &a.PublicKey, Expires: expires}},
			sign: signBy(keyA, a, "pnpm@9.12.0:sha512-other"), wantErr: ErrExpiredKey, wantFull: 1},
		{name: "no full packument to read the publish time from", published: before, failFull: true,
			keys: []testregistry.Key{{ID: keyA, Public: &a.PublicKey, Expires: expires}}, sign: signBy(keyA, a, ""),
			wantMsg: "publish time of pnpm@9.12.0: ", wantFull: 2}, // one retry of the 500
		{name: "bad signature", published: before, keys: []testregistry.Key{{ID: keyB, Public: &b.PublicKey}},
			sign: signBy(keyB, b, "pnpm@9.12.1:sha512-other"), wantErr: ErrBadSignature},
		{name: "signed with another key than the one listed", published: before, keys: []testregistry.Key{{ID: keyB, Public: &b.PublicKey}},
			sign: signBy(keyB, a, ""), wantErr: ErrBadSignature},
		{name: "unknown key id", published: after, keys: []testregistry.Key{{ID: keyB, Public: &b.PublicKey}},
			sign: signBy(keyOther, a, ""), wantWarn: "nvmgo: warning: pnpm@9.12.0 is signed by a key the registry does not list (SHA256:unlisted); only its integrity was checked\n"},
		{name: "rotation: old key expired, new key signs too", published: after,
			keys: []testregistry.Key{{ID: keyA, Public: &a.PublicKey, Expires: expires}, {ID: keyB, Public: &b.PublicKey}},
			sign: both(signBy(keyB, b, ""), signBy(keyA, a, "")), wantErr: ErrExpiredKey, wantFull: 1},
		{name: "rotation: published before, both keys sign", published: before,
			keys: []testregistry.Key{{ID: keyA, Public: &a.PublicKey, Expires: expires}, {ID: keyB, Public: &b.PublicKey}},
			sign: both(signBy(keyA, a, ""), signBy(keyB, b, "")), wantKey: keyA, wantFull: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testregistry.Start()
			defer r.Close()
			r.Publish(pkg, ver, "")
			if tt.published != noPublish {
				r.SetTime(pkg, ver, tt.published)
			}
			r.TimeInAbbreviated(tt.corgiTime)
			r.FailFull(tt.failFull)
			if err := r.SetKeys(tt.keys...); err != nil {
				t.Fatal(err)
			}
			if err := tt.sign(r); err != nil {
				t.Fatal(err)
			}
			var log bytes.Buffer
			c := download.NewClient("test")
			c.Retries, c.Backoff = 1, time.Millisecond
			s := &PMSource{Source: &Source{Client: c, Config: Config{Registry: r.URL}, Log: &log}}
			dest, staging := filepath.Join(t.TempDir(), "dest"), t.TempDir()
			if err := os.Mkdir(dest, 0o755); err != nil {
				t.Fatal(err)
			}
			meta, err := s.FillPM(pkg, ver, versions.PMHash{})(context.Background(), dest, staging)
			if got := r.FullHits(pkg); got != tt.wantFull {
				t.Errorf("full packument fetched %d times, want %d", got, tt.wantFull)
			}
			warn, fetched := "", false
			for _, l := range strings.SplitAfter(log.String(), "\n") {
				warn += map[bool]string{true: l}[strings.Contains(l, "warning")]
				fetched = fetched || strings.Contains(l, "downloading")
			}
			if warn != tt.wantWarn {
				t.Errorf("warnings = %q, want %q", warn, tt.wantWarn)
			}
			if tt.wantErr != nil || tt.wantMsg != "" {
				if tt.wantErr != nil && !errors.Is(err, tt.wantErr) || err == nil || !strings.Contains(err.Error(), tt.wantMsg) {
					t.Fatalf("err = %v, want %v %q", err, tt.wantErr, tt.wantMsg)
				}
				if fetched {
					t.Error("the tarball of a refused package was downloaded")
				}
				if ents, _ := os.ReadDir(dest); len(ents) > 0 {
					t.Errorf("a refused package left %d entries in dest", len(ents))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := PMVerified
			if tt.wantKey != "" {
				want += ", registry signature " + tt.wantKey
			}
			if meta.Verified != want {
				t.Errorf("Verified = %q, want %q", meta.Verified, want)
			}
		})
	}
}

func signBy(keyID string, key *ecdsa.PrivateKey, msg string) func(*testregistry.Registry) error {
	return func(r *testregistry.Registry) error { return r.Sign("pnpm", "9.12.0", keyID, key, msg) }
}

func both(f, g func(*testregistry.Registry) error) func(*testregistry.Registry) error {
	return func(r *testregistry.Registry) error {
		if err := f(r); err != nil {
			return err
		}
		return g(r)
	}
}

// TestExpiredKeyMessage holds the one-line error and its hint.
func TestExpiredKeyMessage(t *testing.T) {
	key := RegistryKey{KeyID: "SHA256:old", Expires: "2025-01-29T00:00:00.000Z"}
	at := func() (time.Time, error) { return time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC), nil }
	err := checkExpiry("pnpm", "10.5.0", key, at)
	want := "expired registry key: pnpm@10.5.0 was published 2025-03-01T10:00:00Z, after its signing key SHA256:old expired (2025-01-29T00:00:00Z); nothing was installed"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
	if h := hint.Of(err); !strings.Contains(h, "do not use it") {
		t.Errorf("hint = %q", h)
	}
	if err := checkExpiry("pnpm", "10.5.0", RegistryKey{KeyID: "SHA256:new"}, noTime(t)); err != nil {
		t.Errorf("a key without expiry: %v", err)
	}
	// "expires": null is no expiry, as pacote's !publicKey.expires reads it
	var k RegistryKey
	if err := json.Unmarshal([]byte(`{"keyid":"SHA256:new","expires":null,"key":"x"}`), &k); err != nil {
		t.Fatal(err)
	}
	if err := checkExpiry("pnpm", "10.5.0", k, noTime(t)); err != nil {
		t.Errorf("expires null: %v", err)
	}
}
