package versions

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// ParsePackageJSON finds the Node version a package.json asks for. It tries
// devEngines.runtime (the entry named "node", object or array form), the
// older devEngines.node string (a Facebook-era convention), volta.node and
// engines.node, in that order, and returns the first one set. found is
// false when none is. Old array-form engines (["node >= 0.8"]) are not
// ranges and are skipped, as npm skips them.
func ParsePackageJSON(data []byte) (token string, source PinSource, found bool, err error) {
	fields, err := packageNodeFields(data)
	if err != nil || len(fields) == 0 {
		return "", "", false, err
	}
	return fields[0].token, fields[0].source, true, nil
}

// nodeField is one package.json field that names a Node version.
type nodeField struct {
	token  string
	source PinSource
}

// packageNodeFields returns every node field that is set, in
// ParsePackageJSON's order.
func packageNodeFields(data []byte) ([]nodeField, error) {
	if err := checkText(data); err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // as npm does
	top, err := jsonObject(data, "package.json")
	if err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			line := 1 + bytes.Count(data[:min(syn.Offset, int64(len(data)))], []byte("\n"))
			err = fmt.Errorf("invalid JSON at line %d: %w", line, err)
		}
		return nil, err
	}
	if top == nil {
		return nil, errors.New("package.json is not a JSON object")
	}
	var out []nodeField
	add := func(tok string, ok bool, err error, src PinSource) error {
		if ok && err == nil {
			out = append(out, nodeField{tok, src})
		}
		return err
	}
	if raw := top["devEngines"]; raw != nil {
		dev, err := jsonObject(raw, "devEngines")
		if err != nil {
			return nil, err
		}
		tok, ok, err := runtimeVersion(dev["runtime"])
		if err := add(tok, ok, err, SourceDevEngines); err != nil {
			return nil, err
		}
		tok, ok, err = jsonString(dev["node"], "devEngines.node")
		if err := add(tok, ok, err, SourceDevEnginesNode); err != nil {
			return nil, err
		}
	}
	if raw := top["volta"]; raw != nil {
		volta, err := jsonObject(raw, "volta")
		if err != nil {
			return nil, err
		}
		tok, ok, err := jsonString(volta["node"], "volta.node")
		if err := add(tok, ok, err, SourceVolta); err != nil {
			return nil, err
		}
	}
	if raw := top["engines"]; firstByte(raw) == '{' {
		engines, err := jsonObject(raw, "engines")
		if err != nil {
			return nil, err
		}
		tok, ok, err := jsonString(engines["node"], "engines.node")
		if err := add(tok, ok, err, SourceEngines); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// runtimeVersion reads the version of the "node" entry of
// devEngines.runtime, which is one {name, version, onFail} object or an
// array of them. ok is false when there is no node entry, or it has no
// version (any node will do, so the next field may still pin one).
func runtimeVersion(raw json.RawMessage) (string, bool, error) {
	var entries []json.RawMessage
	switch firstByte(raw) {
	case 0, 'n': // absent or null
		return "", false, nil
	case '[':
		if err := json.Unmarshal(raw, &entries); err != nil {
			return "", false, fmt.Errorf("devEngines.runtime: %w", err)
		}
	default:
		entries = []json.RawMessage{raw}
	}
	for _, e := range entries {
		obj, err := jsonObject(e, "devEngines.runtime entry")
		if err != nil {
			return "", false, err
		}
		name, _, err := jsonString(obj["name"], "devEngines.runtime name")
		if err != nil {
			return "", false, err
		}
		if name == "node" {
			return jsonString(obj["version"], "devEngines.runtime version")
		}
	}
	return "", false, nil
}

// jsonObject decodes a JSON object; null decodes to a nil map.
func jsonObject(raw json.RawMessage, what string) (map[string]json.RawMessage, error) {
	if c := firstByte(raw); c != '{' && c != 'n' {
		if json.Valid(raw) {
			return nil, fmt.Errorf("%s is not a JSON object", what)
		}
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	return m, nil
}

// jsonString decodes a JSON string field and trims it. ok is false when the
// field is absent, null or blank.
func jsonString(raw json.RawMessage, what string) (string, bool, error) {
	if c := firstByte(raw); c == 0 || c == 'n' {
		return "", false, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false, fmt.Errorf("%s is not a string", what)
	}
	s = trimJS(s)
	return s, s != "", nil
}

// firstByte is the first byte of a JSON value after white space, 0 if none.
func firstByte(raw []byte) byte {
	for _, c := range raw {
		switch c {
		case ' ', '\t', '\n', '\r':
		default:
			return c
		}
	}
	return 0
}
