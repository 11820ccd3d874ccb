package versions

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// SetPackageManager returns package.json data with its top-level
// packageManager set to value, changing nothing else: an existing value is
// replaced where it stands; a new key goes after the last member, with the
// indentation and line ends of the file (as `corepack use` leaves a file,
// but without reformatting it).
func SetPackageManager(data []byte, value string) ([]byte, error) {
	bom := []byte("\uFEFF")
	body, hadBOM := bytes.CutPrefix(data, bom)
	members, closeAt, err := topMembers(body)
	if err != nil {
		return nil, err
	}
	quoted := strconv.Quote(value) // the value is ASCII: name@version+algo.hex
	var out []byte
	for _, m := range members {
		if m.key == "packageManager" {
			out = append(append(append([]byte{}, body[:m.valStart]...), quoted...), body[m.valEnd:]...)
			return withBOM(out, hadBOM, bom), nil
		}
	}
	nl := "\n"
	if bytes.Contains(body, []byte("\r\n")) {
		nl = "\r\n"
	}
	if len(members) == 0 {
		out = append(append([]byte{}, body[:closeAt]...), "\n  \"packageManager\": "+quoted+nl...)
		out = append(out, bytes.TrimLeft(body[closeAt:], " \t\r\n")...)
		return withBOM(bytes.Replace(out, []byte("{\n"), []byte("{"+nl), 1), hadBOM, bom), nil
	}
	first, last := members[0], members[len(members)-1]
	sep := " " // a one-line object stays on one line
	if i := bytes.LastIndexByte(body[:first.keyStart], '\n'); i >= 0 {
		sep = nl + string(body[i+1:first.keyStart])
	}
	out = append(append([]byte{}, body[:last.valEnd]...), ","+sep+`"packageManager": `+quoted...)
	out = append(out, body[last.valEnd:]...)
	return withBOM(out, hadBOM, bom), nil
}

func withBOM(b []byte, had bool, bom []byte) []byte {
	if had {
		return append(append([]byte{}, bom...), b...)
	}
	return b
}

type jsonMember struct {
	key                        string
	keyStart, valStart, valEnd int
}

// topMembers finds the top-level members of a JSON object and the offset
// of its closing brace.
func topMembers(body []byte) ([]jsonMember, int, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	tok, err := dec.Token()
	if err != nil {
		return nil, 0, fmt.Errorf("invalid JSON: %w", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, 0, errors.New("package.json is not a JSON object")
	}
	var out []jsonMember
	for dec.More() {
		before := int(dec.InputOffset())
		tok, err := dec.Token()
		if err != nil {
			return nil, 0, fmt.Errorf("invalid JSON: %w", err)
		}
		key, _ := tok.(string)
		keyEnd := int(dec.InputOffset())
		// the key's opening quote is the first one after the previous value
		keyStart := bytes.IndexByte(body[before:keyEnd], '"') + before
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, 0, fmt.Errorf("invalid JSON: %w", err)
		}
		end := int(dec.InputOffset())
		out = append(out, jsonMember{key: key, keyStart: keyStart, valStart: end - len(raw), valEnd: end})
	}
	if _, err := dec.Token(); err != nil {
		return nil, 0, fmt.Errorf("invalid JSON: %w", err)
	}
	closeAt := int(dec.InputOffset()) - 1
	if _, err := dec.Token(); err != io.EOF {
		return nil, 0, errors.New("invalid JSON: data after the top-level object")
	}
	return out, closeAt, nil
}
