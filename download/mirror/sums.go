package mirror

import (
	"context"
	"errors"
	"fmt"
	"maps"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/download/dist"
)

// The checksum files of a release folder, in the order they land.
const (
	sumsTxt = "SHASUMS256.txt"
	sumsAsc = "SHASUMS256.txt.asc"
	sumsSig = "SHASUMS256.txt.sig"
)

// signedSums is a release folder's checksums after every signature the
// upstream serves for them was verified.
type signedSums struct {
	sums     dist.Shasums
	docs     map[string][]byte // file name -> the verified bytes to write
	verified string
	signer   string
}

// fetchSums fetches SHASUMS256.txt and whichever of its .asc and .sig the
// upstream has, and verifies each signature with the same keyring and
// rules as an install: a bad signature is never accepted, and none at all
// only with AllowUnsigned. A .txt that says something else than its signed
// copy is refused too, since clients read either one.
func (s *Syncer) fetchSums(ctx context.Context, base string) (signedSums, error) {
	docs := map[string][]byte{}
	for _, name := range []string{sumsTxt, sumsAsc, sumsSig} {
		r, err := s.Client.Get(ctx, base+"/"+name, nil, dist.MaxShasumsSize)
		switch {
		case err == nil:
			docs[name] = r.Body
		case !download.NotFound(err):
			return signedSums{}, err
		}
	}
	out := signedSums{docs: docs, verified: dist.VerifiedSigned}
	if asc, ok := docs[sumsAsc]; ok {
		text, signer, err := s.Keyring.VerifyClearsigned(asc)
		if err != nil {
			return signedSums{}, fmt.Errorf("%s/%s: %w", download.Redact(base), sumsAsc, err)
		}
		out.signer = signer
		if _, ok := docs[sumsTxt]; !ok {
			docs[sumsTxt] = text // dist always has both; write the one clients also read
		}
		if err := sameSums(text, docs[sumsTxt]); err != nil {
			return signedSums{}, fmt.Errorf("%s/%s: %w", download.Redact(base), sumsTxt, err)
		}
	}
	txt, haveTxt := docs[sumsTxt]
	if !haveTxt {
		return signedSums{}, fmt.Errorf("%w (GET %s/%s: 404)", errNoSums, download.Redact(base), sumsTxt)
	}
	if sig, ok := docs[sumsSig]; ok {
		signer, err := s.Keyring.VerifyDetached(txt, sig)
		if err != nil {
			return signedSums{}, fmt.Errorf("%s/%s: %w", download.Redact(base), sumsSig, err)
		}
		if out.signer == "" {
			out.signer = signer
		}
	}
	if out.signer == "" {
		if !s.AllowUnsigned {
			return signedSums{}, fmt.Errorf("%s: %w (.asc and .sig are missing)", download.Redact(base), dist.ErrUnsigned)
		}
		s.logf("nvmgo: warning: %s has no signed checksums; only the sha256 from %s is checked", download.Redact(base), sumsTxt)
		out.verified = dist.VerifiedUnsigned
	}
	sums, err := dist.ParseShasums(txt)
	if err != nil {
		return signedSums{}, fmt.Errorf("%s/%s: %w", download.Redact(base), sumsTxt, err)
	}
	out.sums = sums
	return out, nil
}

var errNoSums = errors.New("the release folder has no SHASUMS256.txt")

// sameSums checks that two SHASUMS256.txt texts list the same checksums.
func sameSums(signed, plain []byte) error {
	a, err := dist.ParseShasums(signed)
	if err != nil {
		return err
	}
	b, err := dist.ParseShasums(plain)
	if err != nil {
		return err
	}
	if !maps.Equal(a, b) {
		return errors.New("differs from the signed copy in SHASUMS256.txt.asc; do not trust this mirror")
	}
	return nil
}
