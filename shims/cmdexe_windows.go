package shims

import (
	"fmt"
	"strings"
)

// cmdMeta are the characters that cmd.exe gives a meaning on a command line
// (see https://www.robvanderwoude.com/escapechars.php).
const cmdMeta = "()[]%!^\"`<>&|;, *?"

// CmdExeLine is the command line, after cmd.exe's own name, that makes
// cmd.exe run the .cmd launcher script with args, each reaching the program
// behind the launcher unchanged: `/d /s /c ""C:\a b\tsc.cmd" ^^^"x^^^ y^^^""`.
// The script is quoted (its folder may hold spaces: /s then strips only the
// outer pair); each argument is quoted for the program's argv parser and its
// cmd.exe meta characters escaped twice, once for the /c line and once for
// the launcher's own %* (the scheme of cross-spawn). cmd.exe cannot pass
// line breaks or NUL, so an argument holding one is an error.
func CmdExeLine(script string, args []string) (string, error) {
	if strings.ContainsAny(script, "\"\r\n\x00") {
		return "", fmt.Errorf("cannot run %q through cmd.exe: the path holds a quote or line break", script)
	}
	var b strings.Builder
	b.WriteString(`/d /s /c ""`)
	b.WriteString(script)
	b.WriteByte('"')
	for i, a := range args {
		if strings.ContainsAny(a, "\r\n\x00") {
			return "", fmt.Errorf("argument %d holds a line break, which cmd.exe cannot pass to %s", i+1, script[strings.LastIndexAny(script, `\/`)+1:])
		}
		b.WriteByte(' ')
		b.WriteString(caretEscape(caretEscape(quoteArgv(a))))
	}
	b.WriteByte('"')
	return b.String(), nil
}

// quoteArgv quotes s for the argv parser of Windows C programs: always in
// quotes, backslashes doubled where they precede a quote.
func quoteArgv(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	slashes := 0
	for _, r := range s {
		switch r {
		case '\\':
			slashes++
			continue
		case '"':
			b.WriteString(strings.Repeat(`\`, 2*slashes+1))
		default:
			b.WriteString(strings.Repeat(`\`, slashes))
		}
		slashes = 0
		b.WriteRune(r)
	}
	b.WriteString(strings.Repeat(`\`, 2*slashes))
	b.WriteByte('"')
	return b.String()
}

// caretEscape puts cmd.exe's escape character before each meta character.
func caretEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(cmdMeta, r) {
			b.WriteByte('^')
		}
		b.WriteRune(r)
	}
	return b.String()
}
