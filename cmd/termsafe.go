package cmd

import (
	"fmt"
	"strings"
	"unicode"
)

// termSafe escapes what a terminal would obey rather than show: C0 and C1 control
// characters (ESC[2J clears the screen, a carriage return overwrites a line, a tab or a
// newline breaks a table's columns) and the bidirectional controls that reorder text on
// screen. A table is for people, so it shows them as Go-style escapes (\x1b, \n, \u202e);
// JSON, CSV and N-Quads carry the value unchanged, for programs.
func termSafe(s string) string {
	if strings.IndexFunc(s, needsEscape) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if !needsEscape(r) {
			b.WriteRune(r)
			continue
		}
		switch r {
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x100 {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		}
	}
	return b.String()
}

func needsEscape(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)
}
