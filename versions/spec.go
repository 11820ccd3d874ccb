package versions

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// SpecKind says which form a version spec has.
type SpecKind int

const (
	SpecExact     SpecKind = iota // 20.11.0, v20.11.0
	SpecRange                     // 20, 20.x, ^20.1, >=18 <21, 18 || 20, *
	SpecLatest                    // latest, current, node, stable
	SpecLTS                       // lts, lts/*
	SpecLTSName                   // lts/iron
	SpecLTSOffset                 // lts/-1
	SpecName                      // iron, default, myproject: an alias or a codename
	SpecSystem                    // system: the node on PATH outside nvmgo
)

// Spec is a parsed version spec, as typed after "nvmgo install" or written
// in a project's version file.
type Spec struct {
	Raw       string // the spec as given, without surrounding white space
	Kind      SpecKind
	Exact     Version // SpecExact
	Range     Range   // SpecRange
	LTSName   string  // SpecLTSName: the codename, lower-case
	LTSOffset int     // SpecLTSOffset: 1 for lts/-1
	Name      string  // SpecName: an alias or a bare codename, lower-case
}

const (
	maxSpecLen  = 256
	maxAliasLen = 64
)

// ParseSpec parses a version spec (README.md, "Version specs").
// Keywords and the leading "v" are case-insensitive. A spec is never a
// path: anything with "/" or "\" other than the lts/ forms is refused, as
// are control characters, non-ASCII text and specs over 256 bytes.
func ParseSpec(s string) (Spec, error) {
	if len(s) > maxSpecLen {
		return Spec{}, fmt.Errorf("invalid version spec: %d bytes is over the limit of %d", len(s), maxSpecLen)
	}
	raw := strings.TrimSpace(s)
	if raw == "" {
		return Spec{}, errors.New("invalid version spec: empty")
	}
	if reason := checkSpecBytes(raw); reason != "" {
		return Spec{}, specError(raw, reason)
	}
	sp := Spec{Raw: raw}
	lower := strings.ToLower(raw)
	switch lower {
	case "latest", "current", "node", "stable":
		sp.Kind = SpecLatest
		return sp, nil
	case "lts", "lts/*":
		sp.Kind = SpecLTS
		return sp, nil
	case "system":
		sp.Kind = SpecSystem
		return sp, nil
	}
	if rest, ok := strings.CutPrefix(lower, "lts/"); ok {
		return parseLTSSpec(sp, rest)
	}
	if strings.ContainsAny(raw, `/\`) {
		return Spec{}, specError(raw, "a spec is a version, range or name, never a path")
	}
	if v, reason := parseVersion(raw); reason == "" {
		sp.Kind, sp.Exact = SpecExact, v
		return sp, nil
	}
	r, rangeErr := parseRange(raw)
	if rangeErr == nil {
		sp.Kind, sp.Range = SpecRange, r
		return sp, nil
	}
	if !isLetter(raw[0]) || looksLikeVersion(raw) {
		return Spec{}, specError(raw, rangeErr.Error())
	}
	if reason := checkName(raw); reason != "" {
		return Spec{}, specError(raw, "not a version, range or name: "+reason)
	}
	sp.Kind, sp.Name = SpecName, lower
	return sp, nil
}

func specError(raw, reason string) error {
	return fmt.Errorf("invalid version spec %s: %s", quoteShort(raw), reason)
}

func checkSpecBytes(s string) string {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == 0:
			return "contains a NUL byte"
		case c < 0x20 || c == 0x7f:
			return "contains a control character"
		case c >= 0x80:
			return "contains a non-ASCII character"
		}
	}
	return ""
}

// parseLTSSpec handles what follows "lts/" (already lower-case): a codename
// or -N, the Nth LTS line before the newest.
func parseLTSSpec(sp Spec, rest string) (Spec, error) {
	if n, ok := strings.CutPrefix(rest, "-"); ok {
		off, err := strconv.Atoi(n)
		if err != nil || off < 1 || off > 999 || n[0] == '0' {
			return Spec{}, specError(sp.Raw, "want lts/-N with N from 1 to 999")
		}
		sp.Kind, sp.LTSOffset = SpecLTSOffset, off
		return sp, nil
	}
	if rest == "" || len(rest) > maxAliasLen {
		return Spec{}, specError(sp.Raw, "want lts/*, lts/-N or lts/<codename>")
	}
	for i := 0; i < len(rest); i++ {
		if !isLetter(rest[i]) {
			return Spec{}, specError(sp.Raw, "an LTS codename has only letters")
		}
	}
	sp.Kind, sp.LTSName = SpecLTSName, rest
	return sp, nil
}

// String gives the spec in a canonical form that parses back to the same
// kind: "v20.11.0", "latest", "lts/*", "lts/iron", "lts/-1", "system", the
// name, or a range as it was written.
func (s Spec) String() string {
	switch s.Kind {
	case SpecExact:
		return s.Exact.String()
	case SpecRange:
		if s.Raw != "" {
			return s.Raw
		}
		return s.Range.String()
	case SpecLatest:
		return "latest"
	case SpecLTS:
		return "lts/*"
	case SpecLTSName:
		return "lts/" + s.LTSName
	case SpecLTSOffset:
		return "lts/-" + strconv.Itoa(s.LTSOffset)
	case SpecName:
		return s.Name
	case SpecSystem:
		return "system"
	}
	return s.Raw
}

// ValidAliasName checks a name for "nvmgo alias NAME": 1 to 64 letters,
// digits, '-', '_' and '.', starting with a letter, that cannot be read as
// a version, range or keyword, so that resolving a spec is never ambiguous
// and the name is a safe file name on every platform.
func ValidAliasName(name string) error {
	if name == "" {
		return errors.New("alias name is empty")
	}
	if reason := checkName(name); reason != "" {
		return fmt.Errorf("alias name %s: %s", quoteShort(name), reason)
	}
	switch strings.ToLower(name) {
	case "lts", "latest", "current", "node", "stable", "system":
		return fmt.Errorf("alias name %s: is a keyword", quoteShort(name))
	}
	if _, err := ParseRange(name); err == nil {
		return fmt.Errorf("alias name %s: reads as a version range", quoteShort(name))
	}
	return nil
}

// checkName checks the shape shared by alias names and bare codenames and
// returns what is wrong, or "".
func checkName(name string) string {
	if len(name) > maxAliasLen {
		return "longer than " + strconv.Itoa(maxAliasLen) + " characters"
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !isLetter(c) && !isDigit(c) && c != '-' && c != '_' && c != '.' {
			return "may hold only letters, digits, '-', '_' and '.'"
		}
	}
	switch {
	case !isLetter(name[0]):
		return "must start with a letter"
	case looksLikeVersion(name):
		return "looks like a mistyped version"
	case name[len(name)-1] == '.':
		return "must not end with '.'"
	case isWindowsDeviceName(name):
		return "is a reserved device name on Windows"
	}
	return ""
}

// looksLikeVersion catches "v.16.0.0", "v1x" and "x.1": garbage versions
// that would otherwise pass as names and fail later, far from the typo.
func looksLikeVersion(name string) bool {
	if len(name) < 2 {
		return false
	}
	switch name[0] | 0x20 {
	case 'v':
		return isDigit(name[1]) || name[1] == '.'
	case 'x':
		return name[1] == '.'
	}
	return false
}

// isWindowsDeviceName reports names Windows maps to devices ("nul",
// "COM1.txt"); an alias file with such a name could not be written there.
func isWindowsDeviceName(name string) bool {
	base, _, _ := strings.Cut(strings.ToLower(name), ".")
	switch base {
	case "con", "prn", "aux", "nul":
		return true
	}
	return len(base) == 4 && (strings.HasPrefix(base, "com") || strings.HasPrefix(base, "lpt")) &&
		base[3] >= '1' && base[3] <= '9'
}
