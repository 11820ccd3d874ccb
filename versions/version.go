package versions

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
)

// Version is one Node.js version. Official releases never carry a
// prerelease, but rc and nightly builds do, and ranges must order them.
type Version struct {
	Major, Minor, Patch uint64
	Prerelease          string
}

// maxNumber is JavaScript's Number.MAX_SAFE_INTEGER, the largest number
// node-semver accepts. Using the same limit keeps us compatible and lets a
// range add one to a part (^5 -> <6.0.0-0) without wrapping.
const maxNumber = 1<<53 - 1

// ParseVersion parses "20.11.0", "v20.11.0", "V20.11.0" or "v20.0.0-rc.1":
// exactly three numbers without leading zeros and an optional prerelease.
// Build metadata is refused because Version could not give it back.
func ParseVersion(s string) (Version, error) {
	v, reason := parseVersion(s)
	if reason != "" {
		return Version{}, fmt.Errorf("version %s: not a version (%s)", quoteShort(s), reason)
	}
	return v, nil
}

// parseVersion is ParseVersion giving the reason for a failure as a string,
// so that ParseSpec can try a version first without building an error.
func parseVersion(s string) (Version, string) {
	rest := s
	if rest != "" && (rest[0] == 'v' || rest[0] == 'V') {
		rest = rest[1:]
	}
	var v Version
	for i, part := range [3]*uint64{&v.Major, &v.Minor, &v.Patch} {
		if i > 0 {
			if rest == "" || rest[0] != '.' {
				return Version{}, "want three numbers, like 20.11.0"
			}
			rest = rest[1:]
		}
		n, tail, reason := parseNumber(rest)
		if reason != "" {
			return Version{}, reason
		}
		*part, rest = n, tail
	}
	if rest == "" {
		return v, ""
	}
	if rest[0] != '-' {
		return Version{}, "unexpected " + quoteShort(rest)
	}
	if reason := checkPrerelease(rest[1:]); reason != "" {
		return Version{}, reason
	}
	v.Prerelease = rest[1:]
	return v, ""
}

// parseNumber reads one decimal number from the start of s. On failure it
// returns the reason instead of an error so callers can add their context.
func parseNumber(s string) (n uint64, rest, reason string) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	switch {
	case i == 0:
		return 0, s, "want a number at " + quoteShort(s)
	case i > 1 && s[0] == '0':
		return 0, s, "leading zero in " + s[:i]
	case i > 16:
		return 0, s, "number " + quoteShort(s[:i]) + " is too large"
	}
	n, err := strconv.ParseUint(s[:i], 10, 64)
	if err != nil || n > maxNumber {
		return 0, s, "number " + s[:i] + " is too large"
	}
	return n, s[i:], ""
}

// checkPrerelease applies semver's rule for the part after "-": dot-separated
// non-empty identifiers of [0-9A-Za-z-], numeric ones without leading zeros.
func checkPrerelease(pre string) string {
	if pre == "" {
		return "empty prerelease"
	}
	for id := range strings.SplitSeq(pre, ".") {
		if !isIdentifier(id) {
			return "bad prerelease identifier " + quoteShort(id)
		}
		if len(id) > 1 && id[0] == '0' && isDigits(id) {
			return "leading zero in prerelease " + id
		}
	}
	return ""
}

func isIdentifier(id string) bool {
	if id == "" {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !isLetter(c) && !isDigit(c) && c != '-' {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// String gives the form Node uses everywhere: "v20.11.0", "v20.0.0-rc.1".
func (v Version) String() string {
	b := make([]byte, 1, 24+len(v.Prerelease))
	b[0] = 'v'
	return string(v.appendPlain(b))
}

// appendPlain appends the version without the "v", as node-semver prints
// versions inside ranges.
func (v Version) appendPlain(b []byte) []byte {
	b = strconv.AppendUint(b, v.Major, 10)
	b = append(b, '.')
	b = strconv.AppendUint(b, v.Minor, 10)
	b = append(b, '.')
	b = strconv.AppendUint(b, v.Patch, 10)
	if v.Prerelease != "" {
		b = append(b, '-')
		b = append(b, v.Prerelease...)
	}
	return b
}

// Compare orders by semver precedence: -1, 0 or +1. A prerelease sorts
// before its release; prerelease identifiers compare numerically when both
// are numbers, numbers before words, and a shorter list first on a tie.
func (v Version) Compare(o Version) int {
	if c := cmp.Compare(v.Major, o.Major); c != 0 {
		return c
	}
	if c := cmp.Compare(v.Minor, o.Minor); c != 0 {
		return c
	}
	if c := cmp.Compare(v.Patch, o.Patch); c != 0 {
		return c
	}
	return comparePrerelease(v.Prerelease, o.Prerelease)
}

func comparePrerelease(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	for a != "" && b != "" {
		var x, y string
		x, a, _ = strings.Cut(a, ".")
		y, b, _ = strings.Cut(b, ".")
		if c := compareIdentifier(x, y); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

func compareIdentifier(x, y string) int {
	xn, yn := isDigits(x), isDigits(y)
	switch {
	case xn && yn:
		// No leading zeros, so the longer number is the larger one; this
		// also orders numbers too large for any integer type.
		if c := cmp.Compare(len(x), len(y)); c != 0 {
			return c
		}
		return strings.Compare(x, y)
	case xn:
		return -1
	case yn:
		return 1
	}
	return strings.Compare(x, y)
}

// partial is a version that may stop early or hold x, X or * parts.
type partial struct {
	v Version // parts not given are 0; Prerelease only with all three numbers
	n int     // numbers given before the end or the first wildcard
	// numAfterWild is set for "x.1", "1.x.5": a number after a wildcard.
	// node-semver 7.8.4+ refuses those as x-ranges but still reads them
	// after ~ and ^, so the caller decides.
	numAfterWild bool
}

// parsePartial parses a possibly partial version; on failure it returns
// the reason, which the caller puts after the token it came from.
func parsePartial(s string) (partial, string) {
	if s != "" && (s[0] == 'v' || s[0] == 'V') {
		s = s[1:]
	}
	var p partial
	nums := [3]*uint64{&p.v.Major, &p.v.Minor, &p.v.Patch}
	parts, wild := 0, false
	for ; parts < 3; parts++ {
		if parts > 0 {
			if s == "" || s[0] != '.' {
				break
			}
			s = s[1:]
		}
		if s != "" && (s[0] == 'x' || s[0] == 'X' || s[0] == '*') {
			s, wild = s[1:], true
			continue
		}
		n, rest, reason := parseNumber(s)
		if reason != "" {
			return partial{}, reason
		}
		s = rest
		if wild {
			p.numAfterWild = true
		} else {
			*nums[parts] = n
			p.n++
		}
	}
	if s == "" {
		return p, ""
	}
	if parts < 3 || (s[0] != '-' && s[0] != '+') {
		return partial{}, "unexpected " + quoteShort(s)
	}
	pre, build, hasBuild := strings.Cut(s, "+")
	if pre != "" {
		if reason := checkPrerelease(pre[1:]); reason != "" {
			return partial{}, reason
		}
		if !wild {
			p.v.Prerelease = pre[1:]
		}
	}
	if hasBuild && !validBuild(build) {
		return partial{}, "bad build metadata"
	}
	return p, ""
}

// validBuild checks build metadata, which ranges accept and ignore.
func validBuild(b string) bool {
	for id := range strings.SplitSeq(b, ".") {
		if !isIdentifier(id) {
			return false
		}
	}
	return true
}

// The bump functions give the lowest release above every version that
// shares v's leading parts. At the limit they carry: below 1.(max+1).0 is
// below 2.0.0 for every version that can exist. Only the major may pass
// maxNumber, and callers check it.
func bumpMajor(v Version) Version { return Version{Major: v.Major + 1} }

func bumpMinor(v Version) Version {
	if v.Minor >= maxNumber {
		return bumpMajor(v)
	}
	return Version{Major: v.Major, Minor: v.Minor + 1}
}

func bumpPatch(v Version) Version {
	if v.Patch >= maxNumber {
		return bumpMinor(v)
	}
	return Version{Major: v.Major, Minor: v.Minor, Patch: v.Patch + 1}
}

// quoteShort quotes untrusted text for an error message, cut short so that
// a huge index entry or spec cannot flood the terminal.
func quoteShort(s string) string {
	const limit = 64
	if len(s) > limit {
		return strconv.Quote(s[:limit]) + "..."
	}
	return strconv.Quote(s)
}
