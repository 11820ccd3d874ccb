package dist

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/download/signature"
)

// Trust is what was verified about a release's checksums.
type Trust struct {
	Sums     Shasums
	Verified string // in words, for ls and the metadata file
	Signer   string
}

// What was verified about a release's checksums, in words (ls and the
// metadata file show them; mirror sync reports them).
const (
	VerifiedSigned   = "sha256 + release signature"
	VerifiedUnsigned = "sha256 only (unsigned checksums)"
)

// ErrUnsigned means the mirror serves no signature for SHASUMS256.txt.
var ErrUnsigned = errors.New("no signature for SHASUMS256.txt")

// Checksums fetches SHASUMS256.txt for a release folder URL and checks its
// signature against the keyring: the clearsigned .asc first, else the
// detached .sig beside the .txt. A missing signature is allowed only when
// allowUnsigned is set (unofficial builds, or a mirror trusted explicitly);
// a bad one never is.
func Checksums(ctx context.Context, c *download.Client, base string, kr *signature.Keyring, allowUnsigned bool, warn io.Writer) (Trust, error) {
	asc, err := c.Get(ctx, base+"/SHASUMS256.txt.asc", nil, MaxShasumsSize)
	if err == nil {
		text, signer, verr := kr.VerifyClearsigned(asc.Body)
		if verr != nil {
			return Trust{}, fmt.Errorf("%s/SHASUMS256.txt.asc: %w", base, verr)
		}
		return trusted(text, VerifiedSigned, signer)
	}
	if !download.NotFound(err) {
		return Trust{}, err
	}
	txt, err := c.Get(ctx, base+"/SHASUMS256.txt", nil, MaxShasumsSize)
	if err != nil {
		return Trust{}, err
	}
	sig, err := c.Get(ctx, base+"/SHASUMS256.txt.sig", nil, MaxShasumsSize)
	if err == nil {
		signer, verr := kr.VerifyDetached(txt.Body, sig.Body)
		if verr != nil {
			return Trust{}, fmt.Errorf("%s/SHASUMS256.txt.sig: %w", base, verr)
		}
		return trusted(txt.Body, VerifiedSigned, signer)
	}
	if !download.NotFound(err) {
		return Trust{}, err
	}
	if !allowUnsigned {
		return Trust{}, fmt.Errorf("%s: %w (.asc and .sig are missing)", base, ErrUnsigned)
	}
	if warn != nil {
		fmt.Fprintf(warn, "nvmgo: warning: %s has no signed checksums; only the sha256 from SHASUMS256.txt is checked\n", base)
	}
	return trusted(txt.Body, VerifiedUnsigned, "")
}

func trusted(text []byte, how, signer string) (Trust, error) {
	sums, err := ParseShasums(text)
	if err != nil {
		return Trust{}, err
	}
	return Trust{Sums: sums, Verified: how, Signer: signer}, nil
}
