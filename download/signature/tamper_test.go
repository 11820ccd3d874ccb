package signature

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/ProtonMail/go-crypto/openpgp/clearsign"
)

// The tests here change the bytes of the real signed files, one at a time,
// and require every change to fail.

// positions returns the offsets in [start, end) to change in the signed
// text: every byte near the edges, where the clearsign format has its
// subtleties, and a sample in between, where only the hash protects it.
func positions(start, end int) []int {
	step := 7
	if testing.Short() {
		step = 61
	}
	var out []int
	for i := start; i < end; i++ {
		if i-start < 100 || end-i <= 100 || (i-start)%step == 0 {
			out = append(out, i)
		}
	}
	return out
}

const b64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

func mustFail(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: verified", what)
	} else if !errors.Is(err, ErrBadSignature) && !errors.Is(err, ErrUnknownKey) && !errors.Is(err, ErrNoSignature) {
		t.Errorf("%s: unwrapped error %v", what, err)
	}
}

// stride is 1, every byte, except in -short mode.
func stride() int {
	if testing.Short() {
		return 13
	}
	return 1
}

func TestTextBytesMatter(t *testing.T) {
	k := releaseKeys(t)
	for _, r := range releases {
		t.Run(r.version, func(t *testing.T) {
			asc := fixture(t, r.version, "SHASUMS256.txt.asc")
			start := bytes.Index(asc, []byte("\n\n")) + 2 // after the Hash header
			end := bytes.Index(asc, []byte(sigBegin))
			for _, i := range positions(start, end) {
				m := bytes.Clone(asc)
				m[i] ^= 0x01
				_, _, err := k.VerifyClearsigned(m)
				mustFail(t, "text byte "+strconv.Itoa(i), err)
			}
		})
	}
}

// TestEveryBase64CharMatters replaces each base64 character of the
// signature by the next one in the alphabet, with the armour checksum as
// published and with it removed (it is optional, and go-crypto ignores it).
func TestEveryBase64CharMatters(t *testing.T) {
	k := releaseKeys(t)
	for _, r := range releases {
		t.Run(r.version, func(t *testing.T) {
			asc := fixture(t, r.version, "SHASUMS256.txt.asc")
			lines := strings.SplitAfter(string(asc), "\n")
			sum := len(lines) - 3 // "=XXXX\n", END line, ""
			if !strings.HasPrefix(lines[sum], "=") {
				t.Fatalf("line %q is not the checksum", lines[sum])
			}
			noSum := strings.Join(append(append([]string{}, lines[:sum]...), lines[sum+1:]...), "")
			if _, _, err := k.VerifyClearsigned([]byte(noSum)); err != nil {
				t.Fatalf("without checksum: %v", err)
			}
			for _, in := range []string{string(asc), noSum} {
				first := strings.Index(in, sigBegin+"\n\n") + len(sigBegin) + 2
				last := strings.Index(in, "\n-----END")
				for i := first; i < last; i += stride() {
					c := strings.IndexByte(b64Alphabet, in[i])
					if c < 0 {
						continue // newline, '=' padding or the checksum marker
					}
					m := []byte(in)
					m[i] = b64Alphabet[(c+1)%64]
					_, _, err := k.VerifyClearsigned(m)
					mustFail(t, "base64 char "+strconv.Itoa(i), err)
				}
			}
		})
	}
}

// TestEveryPacketByteMatters flips bits in each byte of the decoded
// signature packet, which reaches the strict encoding checks directly.
func TestEveryPacketByteMatters(t *testing.T) {
	k := releaseKeys(t)
	for _, r := range releases {
		t.Run(r.version, func(t *testing.T) {
			asc := fixture(t, r.version, "SHASUMS256.txt.asc")
			block, _ := clearsign.Decode(asc)
			payload, _, err := dearmor(asc[bytes.Index(asc, []byte(sigBegin)):], sigType)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := k.verify(block.Bytes, payload, nil); err != nil {
				t.Fatalf("unchanged packet: %v", err)
			}
			for i := 0; i < len(payload); i += stride() {
				for _, mask := range []byte{0x01, 0x80} {
					m := bytes.Clone(payload)
					m[i] ^= mask
					_, err := k.verify(block.Bytes, m, nil)
					mustFail(t, "packet byte "+strconv.Itoa(i), err)
				}
			}
			_, err = k.verify(block.Bytes, append(bytes.Clone(payload), 0), nil)
			mustFail(t, "trailing zero byte", err)
			if _, err := k.verify(block.Bytes, append(bytes.Clone(payload), payload...), nil); err != nil {
				t.Errorf("the same signature twice: %v", err)
			}
		})
	}
}

func TestCheckUnhashed(t *testing.T) {
	tests := []struct {
		name string
		area []byte
		ok   bool
	}{
		{"empty", nil, true},
		{"issuer", []byte{9, 16, 1, 2, 3, 4, 5, 6, 7, 8}, true},
		{"issuer fingerprint v4", append([]byte{22, 33, 4}, make([]byte, 20)...), true},
		{"critical issuer", []byte{9, 16 | 0x80, 1, 2, 3, 4, 5, 6, 7, 8}, false},
		{"issuer too short", []byte{8, 16, 1, 2, 3, 4, 5, 6, 7}, false},
		{"creation time", []byte{5, 2, 0, 0, 0, 0}, false},
		{"notation", []byte{2, 20, 0}, false},
		{"embedded signature", []byte{2, 32, 0}, false},
		{"truncated", []byte{9, 16, 1}, false},
		{"zero length", []byte{0}, false},
	}
	for _, tc := range tests {
		if err := checkUnhashed(tc.area); (err == nil) != tc.ok {
			t.Errorf("%s: err = %v, want ok = %v", tc.name, err, tc.ok)
		}
	}
}
