package rdf

import (
	"fmt"
	"strings"
)

// ValidIRI checks the IRIREF production of N-Quads (and Turtle): an absolute IRI, with a
// scheme, and none of the characters that the grammar excludes (controls, space and
// <>"{}|^`\). It is the one check every IRI medkg writes passes: the strict readers apply it
// while parsing, the export before writing, and the CLI to an IRI a person typed; quad's
// own writers write any IRI they are given.
func ValidIRI(s string) error {
	i := strings.IndexByte(s, ':')
	if i <= 0 {
		return fmt.Errorf("IRI <%s> is not absolute (no scheme)", s)
	}
	if !hasScheme(s) {
		return fmt.Errorf("IRI <%s> has an invalid scheme", s)
	}
	// Byte by byte: every excluded character is ASCII, and the bytes of a multi-byte
	// character are all 0x80 or above.
	for i := 0; i < len(s); i++ {
		if iriExcluded[s[i]] {
			return fmt.Errorf("IRI <%s> contains %q, which N-Quads does not allow", s, rune(s[i]))
		}
	}
	return nil
}

// iriExcluded marks the bytes that IRIREF excludes: controls, space and <>"{}|^`\.
var iriExcluded = func() (t [256]bool) {
	for b := 0; b <= 0x20; b++ {
		t[b] = true
	}
	for _, b := range []byte("<>\"{}|^`\\") {
		t[b] = true
	}
	return t
}()

// iriRune reports whether r may appear in an IRI: not a control character or space, and
// none of <>"{}|^`\ (IRIREF's excluded characters, whether written raw or escaped).
func iriRune(r rune) bool {
	return r >= 0x80 || r >= 0 && !iriExcluded[r]
}

// hasScheme reports whether iri starts with a scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":".
func hasScheme(iri string) bool {
	if len(iri) == 0 || !nqAlpha(iri[0]) {
		return false
	}
	for i := 1; i < len(iri); i++ {
		switch c := iri[i]; {
		case c == ':':
			return true
		case nqAlpha(c) || nqDigit(c) || c == '+' || c == '-' || c == '.':
		default:
			return false
		}
	}
	return false
}
