package signature

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"math/bits"
)

// The OpenPGP library is lenient where it can afford to be: it ignores the
// armour checksum, accepts non-zero base64 padding bits, MPIs with a wrong
// bit count, trailing bytes in a packet and any unhashed subpacket. None of
// that lets a forgery through, but it lets a modified signature verify. The
// strict checks here make every changed byte of a signature fail.

// dearmor decodes the armoured block of type typ that starts data. Armour
// headers are allowed; the checksum, when present, must match. It returns the
// payload and the bytes after the END line.
func dearmor(data []byte, typ string) (payload, rest []byte, err error) {
	begin, end := "-----BEGIN "+typ+"-----", "-----END "+typ+"-----"
	line, data := nextLine(data)
	if string(line) != begin {
		return nil, nil, fmt.Errorf("armour does not start with %q", begin)
	}
	for {
		if len(data) == 0 {
			return nil, nil, errors.New("armour truncated in headers")
		}
		line, data = nextLine(data)
		if len(line) == 0 {
			break
		}
		if !isArmorHeader(line) {
			return nil, nil, fmt.Errorf("bad armour header %q", line)
		}
	}
	var b64, sum []byte
	for {
		if len(data) == 0 {
			return nil, nil, fmt.Errorf("armour has no %q line", end)
		}
		line, data = nextLine(data)
		switch {
		case string(line) == end:
			return decodeArmor(b64, sum, data)
		case sum != nil:
			return nil, nil, errors.New("armour data after checksum")
		case len(line) == 5 && line[0] == '=':
			sum = line[1:]
		case len(line) > 0 && isBase64(line):
			b64 = append(b64, line...)
		default:
			return nil, nil, fmt.Errorf("bad armour line %q", line)
		}
	}
}

func decodeArmor(b64, sum, rest []byte) (payload, _ []byte, err error) {
	strict := base64.StdEncoding.Strict()
	payload, err = strict.DecodeString(string(b64))
	if err != nil {
		return nil, nil, fmt.Errorf("armour: %w", err)
	}
	if sum != nil {
		want, err := strict.DecodeString(string(sum))
		if err != nil || len(want) != 3 {
			return nil, nil, fmt.Errorf("armour checksum %q is not valid base64", sum)
		}
		got := crc24(payload)
		if uint32(want[0])<<16|uint32(want[1])<<8|uint32(want[2]) != got {
			return nil, nil, errors.New("armour checksum mismatch")
		}
	}
	return payload, rest, nil
}

// nextLine returns the first line of data without its line ending and
// trailing blanks, which armour ignores, and the rest after the newline.
func nextLine(data []byte) (line, rest []byte) {
	line, rest, _ = bytes.Cut(data, []byte{'\n'})
	return bytes.TrimRight(line, " \t\r"), rest
}

func isArmorHeader(line []byte) bool {
	key, _, ok := bytes.Cut(line, []byte(": "))
	if !ok || len(key) == 0 {
		return false
	}
	for _, c := range line {
		if c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

func isBase64(line []byte) bool {
	for _, c := range line {
		ok := c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' ||
			c == '+' || c == '/' || c == '='
		if !ok {
			return false
		}
	}
	return true
}

// crc24 is the armour checksum of RFC 9580, section 6.1.
func crc24(b []byte) uint32 {
	crc := uint32(0xB704CE)
	for _, c := range b {
		crc ^= uint32(c) << 16
		for range 8 {
			crc <<= 1
			if crc&0x1000000 != 0 {
				crc ^= 0x1864CFB
			}
		}
	}
	return crc & 0xFFFFFF
}

// rawPacket is one OpenPGP packet as it appeared in the input.
type rawPacket struct {
	tag   byte
	whole []byte // header and body
	body  []byte
}

const tagSignature = 2

// splitPackets cuts data into packets. Partial and indeterminate lengths are
// refused: signature packets never need them.
func splitPackets(data []byte) ([]rawPacket, error) {
	var out []rawPacket
	for len(data) > 0 {
		r := reader{b: data}
		ctb := r.byte()
		var tag byte
		var n int
		switch {
		case ctb&0x80 == 0:
			return nil, fmt.Errorf("byte 0x%02x does not start an OpenPGP packet", ctb)
		case ctb&0x40 != 0:
			tag = ctb & 0x3f
			switch l := r.byte(); {
			case l < 192:
				n = int(l)
			case l < 224:
				n = (int(l)-192)<<8 + int(r.byte()) + 192
			case l == 255:
				n = r.uint(4)
			default:
				return nil, errors.New("partial packet length")
			}
		default:
			tag = (ctb >> 2) & 0x0f
			if ctb&3 == 3 {
				return nil, errors.New("indeterminate packet length")
			}
			n = r.uint(1 << (ctb & 3))
		}
		hdr := r.off
		body := r.take(n)
		if r.err != nil {
			return nil, fmt.Errorf("packet: %w", r.err)
		}
		out = append(out, rawPacket{tag: tag, whole: data[:hdr+n], body: body})
		data = data[hdr+n:]
	}
	return out, nil
}

// checkSignatureEncoding walks a version 4 or 6 signature packet body and
// requires every byte to be accounted for: only issuer subpackets in the
// unhashed area, MPIs with exact bit counts, nothing after the signature.
func checkSignatureEncoding(body []byte) error {
	r := reader{b: body}
	lenSize := 2
	switch v := r.byte(); v {
	case 4:
	case 6:
		lenSize = 4
	default:
		return fmt.Errorf("signature version %d not supported", v)
	}
	r.take(1) // signature type
	algo := r.byte()
	r.take(1)               // hash algorithm
	r.take(r.uint(lenSize)) // hashed subpackets, covered by the signature
	unhashed := r.take(r.uint(lenSize))
	r.take(2) // left 16 bits of the hash, checked in verify
	if lenSize == 4 {
		r.take(int(r.byte())) // salt
	}
	switch algo {
	case 1, 3: // RSA
		r.mpi()
	case 17, 19, 22: // DSA, ECDSA, EdDSA (legacy)
		r.mpi()
		r.mpi()
	case 27: // Ed25519
		r.take(64)
	case 28: // Ed448
		r.take(114)
	default:
		return fmt.Errorf("public-key algorithm %d not supported", algo)
	}
	if r.err != nil {
		return r.err
	}
	if r.off != len(body) {
		return fmt.Errorf("%d stray bytes after the signature", len(body)-r.off)
	}
	return checkUnhashed(unhashed)
}

// checkUnhashed allows in the unsigned part of a signature only what is
// needed to find the key: issuer key id and issuer fingerprint, non-critical.
func checkUnhashed(area []byte) error {
	r := reader{b: area}
	for r.err == nil && r.off < len(area) {
		var n int
		switch l := r.byte(); {
		case l < 192:
			n = int(l)
		case l < 255:
			n = (int(l)-192)<<8 + int(r.byte()) + 192
		default:
			n = r.uint(4)
		}
		sub := r.take(n)
		if r.err != nil {
			break
		}
		if len(sub) == 0 {
			return errors.New("empty subpacket")
		}
		switch typ := sub[0]; {
		case typ == 16 && len(sub) == 9:
		case typ == 33 && (len(sub) == 22 || len(sub) == 34):
		default:
			return fmt.Errorf("unsigned subpacket of type %d not allowed", typ)
		}
	}
	return r.err
}

// reader reads big-endian fields; the first overrun sets err and makes all
// later reads return zero values.
type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) take(n int) []byte {
	if r.err != nil || n < 0 || n > len(r.b)-r.off {
		if r.err == nil {
			r.err = errors.New("truncated")
		}
		return nil
	}
	s := r.b[r.off : r.off+n]
	r.off += n
	return s
}

func (r *reader) byte() byte {
	if s := r.take(1); s != nil {
		return s[0]
	}
	return 0
}

func (r *reader) uint(size int) int {
	n := 0
	for _, c := range r.take(size) {
		n = n<<8 | int(c)
	}
	return n
}

// mpi reads a multiprecision integer whose bit count must be exact.
func (r *reader) mpi() {
	bitLen := r.uint(2)
	v := r.take((bitLen + 7) / 8)
	if r.err != nil {
		return
	}
	if len(v) == 0 || 8*(len(v)-1)+bits.Len8(v[0]) != bitLen {
		r.err = fmt.Errorf("MPI with bit count %d is not canonical", bitLen)
	}
}
