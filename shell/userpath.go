package shell

import "strings"

// withPathEntry returns the ;-separated list with dir first, unless dir (or
// an entry that expands to it) is already somewhere in it.
func withPathEntry(list, dir string, expand func(string) string) (string, bool) {
	for _, e := range strings.Split(list, ";") {
		if samePathEntry(e, dir, expand) {
			return list, false
		}
	}
	if strings.Trim(list, ";") == "" {
		return dir, true
	}
	return dir + ";" + list, true
}

// withoutPathEntry drops every entry of the ;-separated list that is dir.
func withoutPathEntry(list, dir string, expand func(string) string) (string, bool) {
	entries := strings.Split(list, ";")
	kept := entries[:0]
	for _, e := range entries {
		if !samePathEntry(e, dir, expand) {
			kept = append(kept, e)
		}
	}
	if len(kept) == len(entries) {
		return list, false
	}
	return strings.Join(kept, ";"), true
}

// samePathEntry compares the way Windows resolves PATH entries: with
// %VARIABLES% expanded, ignoring case, quotes and trailing separators.
func samePathEntry(entry, dir string, expand func(string) string) bool {
	norm := func(s string) string {
		s = strings.Trim(strings.TrimSpace(s), `"`)
		if expand != nil {
			s = expand(s)
		}
		return strings.ToLower(strings.TrimRight(s, `\/`))
	}
	e := norm(entry)
	return e != "" && e == norm(dir)
}
