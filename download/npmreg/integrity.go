package npmreg

import (
	"bytes"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// integrity is the sha512 digests a tarball may match (an SRI string may
// list several).
type integrity [][]byte

// parseIntegrity reads the sha512 entries of a Subresource Integrity string
// ("sha512-<base64>[?opts] sha1-..."). Other algorithms are ignored, and a
// string without sha512 is refused: sha1 is too weak to trust a Node binary.
func parseIntegrity(sri string) (integrity, error) {
	var out integrity
	var seen []string
	for _, f := range strings.Fields(sri) {
		algo, b64, ok := strings.Cut(f, "-")
		if !ok {
			continue
		}
		seen = append(seen, algo)
		if algo != "sha512" {
			continue
		}
		b64, _, _ = strings.Cut(b64, "?")
		sum, err := base64.StdEncoding.DecodeString(b64)
		if err != nil || len(sum) != sha512.Size {
			return nil, fmt.Errorf("integrity %q is not a valid sha512", f)
		}
		out = append(out, sum)
	}
	if len(out) == 0 {
		if len(seen) == 0 {
			return nil, errors.New("the registry gives no sha512 integrity (dist.integrity is empty)")
		}
		return nil, fmt.Errorf("the registry gives no sha512 integrity (only %s)", strings.Join(seen, ", "))
	}
	return out, nil
}

// matches reports whether sum is one of the allowed digests.
func (in integrity) matches(sum []byte) bool {
	for _, want := range in {
		if bytes.Equal(want, sum) {
			return true
		}
	}
	return false
}

// sri formats a sha512 digest the way dist.integrity spells it.
func sri(sum []byte) string {
	return "sha512-" + base64.StdEncoding.EncodeToString(sum)
}
