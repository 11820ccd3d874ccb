package shell

import (
	"fmt"
	"strings"
)

// unifiedDiff shows the change from before to after as one unified-diff hunk
// around the lines that differ; setup only ever changes one region of a
// file (or several fenced blocks, shown as one wider hunk).
func unifiedDiff(name, before, after string) string {
	if before == after {
		return ""
	}
	a, b := splitLines(before), splitLines(after)
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	const context = 3
	from := max(pre-context, 0)
	aEnd := min(len(a)-suf+context, len(a))
	bEnd := min(len(b)-suf+context, len(b))

	var w strings.Builder
	fmt.Fprintf(&w, "--- %s\n+++ %s\n@@ -%s +%s @@\n", name, name, hunkRange(from, aEnd-from), hunkRange(from, bEnd-from))
	for _, l := range a[from:pre] {
		writeDiffLine(&w, ' ', l)
	}
	for _, l := range a[pre : len(a)-suf] {
		writeDiffLine(&w, '-', l)
	}
	for _, l := range b[pre : len(b)-suf] {
		writeDiffLine(&w, '+', l)
	}
	for _, l := range a[len(a)-suf : aEnd] {
		writeDiffLine(&w, ' ', l)
	}
	return w.String()
}

// splitLines keeps each line's ending, so a missing final newline or a
// switch between CRLF and LF counts as a difference.
func splitLines(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

func writeDiffLine(w *strings.Builder, op byte, line string) {
	w.WriteByte(op)
	text := strings.TrimSuffix(line, "\n")
	w.WriteString(strings.TrimSuffix(text, "\r"))
	w.WriteByte('\n')
	if text == line {
		w.WriteString("\\ No newline at end of file\n")
	}
}
