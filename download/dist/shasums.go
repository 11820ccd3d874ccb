package dist

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"strings"
)

// Shasums is a parsed SHASUMS256.txt: file name -> lower-case hex sha256.
type Shasums map[string]string

// MaxShasumsSize caps SHASUMS256.txt and its signatures.
const MaxShasumsSize = 1 << 20

// ParseShasums parses SHASUMS256.txt strictly: every non-empty line is
// `<64 hex><two spaces><name>` (a `*` binary marker is accepted), names are
// unique, and there is at least one line.
func ParseShasums(data []byte) (Shasums, error) {
	if len(data) > MaxShasumsSize {
		return nil, fmt.Errorf("SHASUMS256.txt: larger than %d bytes", MaxShasumsSize)
	}
	out := Shasums{}
	for i, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) == 0 {
			continue
		}
		s := string(line)
		if len(s) < 67 || s[64] != ' ' || (s[65] != ' ' && s[65] != '*') {
			return nil, fmt.Errorf("SHASUMS256.txt: line %d: not `<sha256>  <file>`", i+1)
		}
		sum, name := strings.ToLower(s[:64]), s[66:]
		if _, err := hex.DecodeString(sum); err != nil {
			return nil, fmt.Errorf("SHASUMS256.txt: line %d: bad sha256 %q", i+1, s[:64])
		}
		if name == "" || strings.ContainsAny(name, "\x00\t") || strings.TrimSpace(name) != name {
			return nil, fmt.Errorf("SHASUMS256.txt: line %d: bad file name %q", i+1, name)
		}
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("SHASUMS256.txt: line %d: %s listed twice", i+1, name)
		}
		out[name] = sum
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("SHASUMS256.txt: no checksums")
	}
	return out, nil
}

// Lookup returns the checksum for exactly this file name.
func (s Shasums) Lookup(name string) (string, bool) {
	sum, ok := s[name]
	return sum, ok
}
