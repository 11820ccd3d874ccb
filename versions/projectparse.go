package versions

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
)

var (
	errUTF16 = errors.New("file is UTF-16 encoded (PowerShell's echo writes that); save it as UTF-8, for example with Set-Content -Encoding utf8")
	errNUL   = errors.New("file holds NUL bytes; it is not a text file")
	errEmpty = errors.New("no version in the file")
)

// checkText refuses what no pin reader can use: UTF-16 (nvm rejects it too,
// so a teammate on nvm would fail on the same file) and NUL bytes.
func checkText(data []byte) error {
	if len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF) {
		return errUTF16
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return errNUL
	}
	return nil
}

// ParseNvmrc extracts the version token from an .nvmrc, with the grammar of
// nvm 0.40: '#' starts a comment, blank lines are dropped, lines are trimmed,
// key=value lines are allowed (and ignored), and exactly one bare line, the
// version, must remain. A leading UTF-8 BOM is dropped.
func ParseNvmrc(data []byte) (string, error) {
	if err := checkText(data); err != nil {
		return "", err
	}
	text := strings.TrimPrefix(string(data), "\uFEFF")
	var token string
	var keys []string
	for len(text) > 0 {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		line, _, _ = strings.Cut(line, "#")
		line = strings.Trim(line, posixSpace)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "<<<<<<<") {
			return "", errors.New("file holds unresolved merge-conflict markers")
		}
		// As in nvm, a line that starts with '=' is not a key=value pair.
		if i := strings.IndexByte(line, '='); i > 0 {
			key := strings.Trim(line[:i], posixSpace)
			if key == "node" {
				return "", fmt.Errorf("%s: put the version on a line of its own, without node=", quoteShort(line))
			}
			for _, k := range keys {
				if k == key {
					return "", fmt.Errorf("key %s is set twice", quoteShort(key))
				}
			}
			keys = append(keys, key)
			continue
		}
		if token != "" {
			return "", fmt.Errorf("more than one version line (%s and %s); nvm allows one, plus key=value lines", quoteShort(token), quoteShort(line))
		}
		token = line
	}
	if token == "" {
		return "", errEmpty
	}
	return token, nil
}

// posixSpace is what nvm's sed trims as [[:space:]].
const posixSpace = " \t\n\v\f\r"

// ParseNodeVersion extracts the version token from a .node-version: the
// first line that is neither blank nor a '#' comment, trimmed the way
// JavaScript's String.prototype.trim does (so a UTF-8 BOM goes too), the way
// nodenv and fnm read it. The token may start with one "v".
func ParseNodeVersion(data []byte) (string, error) {
	if err := checkText(data); err != nil {
		return "", err
	}
	text := string(data)
	for len(text) > 0 {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		line = trimJS(line)
		switch {
		case line == "", line[0] == '#':
			continue
		case strings.HasPrefix(line, "<<<<<<<"):
			return "", errors.New("file holds unresolved merge-conflict markers")
		}
		return line, nil
	}
	return "", errEmpty
}

// trimJS trims what JavaScript's String.prototype.trim does: white space,
// line terminators and the BOM (U+FEFF).
func trimJS(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' })
}

// ParseToolVersions extracts the Node version from an asdf or mise
// .tool-versions: the first version on the first "nodejs" (or "node")
// line. found is false when no line names node.
func ParseToolVersions(data []byte) (token string, found bool, err error) {
	if err := checkText(data); err != nil {
		return "", false, err
	}
	text := string(data)
	for len(text) > 0 {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		line, _, _ = strings.Cut(line, "#")
		fields := strings.Fields(line)
		if len(fields) == 0 || fields[0] != "nodejs" && fields[0] != "node" {
			continue
		}
		if len(fields) == 1 {
			return "", false, fmt.Errorf("%s line without a version", fields[0])
		}
		return fields[1], true, nil
	}
	return "", false, nil
}
