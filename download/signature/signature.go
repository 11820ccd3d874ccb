// Package signature verifies the OpenPGP signatures of Node.js SHASUMS256.txt files against trusted keys, by default the Node.js release keys embedded in the binary.
package signature

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
)

// Errors returned, wrapped, by the verification functions; test them with
// errors.Is.
var (
	// ErrBadSignature means the signature does not hold: the text or the
	// signature was altered, the encoding is not canonical, the key was
	// revoked or had expired when the signature was made, or the signature
	// is of a kind that cannot sign a document.
	ErrBadSignature = errors.New("bad signature")
	// ErrUnknownKey means the signature was made by a key that is not in the
	// keyring; the message names the key.
	ErrUnknownKey = errors.New("signing key not in keyring")
	// ErrNoSignature means the input holds no signature at all.
	ErrNoSignature = errors.New("no signature")
)

// Keyring is a set of trusted OpenPGP public keys. It is safe for
// concurrent use.
type Keyring struct {
	entities openpgp.EntityList
	// now is the clock used for revocations and future-dated signatures;
	// nil means time.Now.
	now func() time.Time
}

//go:embed keys/*.asc
var releaseKeyFiles embed.FS

var (
	releaseOnce    sync.Once
	releaseKeyring *Keyring
	releaseErr     error
)

// ReleaseKeys returns the public keys of the Node.js releasers, from
// github.com/nodejs/release-keys, embedded in the binary. They are parsed on
// the first call only, so programs that never verify pay nothing at startup.
func ReleaseKeys() (*Keyring, error) {
	releaseOnce.Do(func() {
		releaseKeyring, releaseErr = loadReleaseKeys()
	})
	return releaseKeyring, releaseErr
}

func loadReleaseKeys() (*Keyring, error) {
	names, err := fs.Glob(releaseKeyFiles, "keys/*.asc")
	if err != nil {
		return nil, err
	}
	files := make([][]byte, 0, len(names))
	for _, name := range names {
		b, err := releaseKeyFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		files = append(files, b)
	}
	k, err := ParseKeyring(files...)
	if err != nil {
		return nil, fmt.Errorf("embedded release keys: %w", err)
	}
	return k, nil
}

const (
	publicKeyBegin = "-----BEGIN PGP PUBLIC KEY BLOCK-----"
	privateKeyType = "-----BEGIN PGP PRIVATE KEY BLOCK-----"
)

// ParseKeyring reads ASCII-armoured public keys. Each argument may hold one
// or more "PGP PUBLIC KEY BLOCK"s. Keys that use algorithms the OpenPGP
// library does not support are skipped; an argument with no usable key, or a
// private key block, is an error.
func ParseKeyring(armored ...[]byte) (*Keyring, error) {
	var all openpgp.EntityList
	for i, a := range armored {
		if bytes.Contains(a, []byte(privateKeyType)) {
			return nil, fmt.Errorf("key %d: private key block, want public keys only", i)
		}
		blocks := splitBlocks(a, []byte(publicKeyBegin))
		if len(blocks) == 0 {
			return nil, fmt.Errorf("key %d: no %q found", i, publicKeyBegin)
		}
		for _, b := range blocks {
			el, err := openpgp.ReadArmoredKeyRing(bytes.NewReader(b))
			if err != nil {
				return nil, fmt.Errorf("key %d: %w", i, err)
			}
			all = append(all, el...)
		}
	}
	if len(all) == 0 {
		return nil, errors.New("no public keys given")
	}
	return &Keyring{entities: all}, nil
}

// splitBlocks cuts data into pieces that each start with begin.
func splitBlocks(data, begin []byte) [][]byte {
	var out [][]byte
	for i := bytes.Index(data, begin); i >= 0; i = bytes.Index(data, begin) {
		data = data[i:]
		next := bytes.Index(data[len(begin):], begin)
		if next < 0 {
			return append(out, data)
		}
		out = append(out, data[:len(begin)+next])
		data = data[len(begin)+next:]
	}
	return out
}

// WithClock is k judging revocations and signature dates by now instead
// of the system clock; k itself is unchanged (ReleaseKeys is shared).
func (k *Keyring) WithClock(now func() time.Time) *Keyring {
	c := *k
	c.now = now
	return &c
}

func (k *Keyring) clock() time.Time {
	if k.now != nil {
		return k.now()
	}
	return time.Now()
}
