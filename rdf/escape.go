package rdf

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// The escapes and names N-Quads and Turtle share, decoded in one place so that the two
// readers accept the same input and say the same thing about bad input. Each function
// returns what is wrong as a message, and the reader reports it at the escape's backslash
// with its own line and column.

// uchar decodes the UCHAR escape \uXXXX or \UXXXXXXXX that starts s (s[0] is '\\', s[1] is
// 'u' or 'U'): the character r and the escape's length n in bytes, or msg saying why it is
// not one.
func uchar(s []byte) (r rune, n int, msg string) {
	digits := 4
	if s[1] == 'U' {
		digits = 8
	}
	if 2+digits > len(s) {
		return 0, 0, fmt.Sprintf("incomplete \\%c escape: needs %d hex digits", s[1], digits)
	}
	for j := 2; j < 2+digits; j++ {
		d, ok := hexValue(s[j])
		if !ok {
			return 0, 0, fmt.Sprintf("invalid \\%c escape %s: needs %d hex digits", s[1], escapeUpTo(s, j), digits)
		}
		r = r<<4 | rune(d)
	}
	// Eight hex digits can overflow a rune: \U80000000 and above are negative.
	if r < 0 || r > utf8.MaxRune || (0xD800 <= r && r <= 0xDFFF) {
		return 0, 0, fmt.Sprintf("escape %s is not a Unicode character", s[:2+digits])
	}
	return r, 2 + digits, ""
}

// escapeUpTo shows an escape up to and including its bad character at s[j]; a character
// that would not show (a line break, a control) is named instead of written raw.
func escapeUpTo(s []byte, j int) string {
	c, size := utf8.DecodeRune(s[j:])
	if unicode.IsGraphic(c) && c != ' ' {
		return string(s[:j+size])
	}
	return fmt.Sprintf("%s followed by U+%04X", s[:j], c)
}

func isHex(c byte) bool { _, ok := hexValue(c); return ok }

func hexValue(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// iriEscape decodes the escape that starts s (s[0] is '\\') inside an IRIREF: only UCHAR is
// allowed there, and only for a character the IRI could hold unescaped.
func iriEscape(s []byte) (r rune, n int, msg string) {
	if len(s) < 2 || (s[1] != 'u' && s[1] != 'U') {
		return 0, 0, "invalid escape in IRI: only \\uXXXX and \\UXXXXXXXX are allowed"
	}
	r, n, msg = uchar(s)
	if msg == "" && !iriRune(r) {
		return 0, 0, fmt.Sprintf("escape in IRI stands for %q, which an IRI cannot contain", r)
	}
	return r, n, msg
}

// echar decodes the ECHAR escape whose letter is e (the byte after the '\\') in a string
// literal: \t \b \n \r \f \" \' \\. ok is false for any other letter, and for 'u' and 'U',
// which are UCHARs.
func echar(e byte) (c byte, ok bool) {
	switch e {
	case 't':
		return '\t', true
	case 'b':
		return '\b', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 'f':
		return '\f', true
	case '"', '\'', '\\':
		return e, true
	}
	return 0, false
}

// nameEnd returns where a blank node label or prefix name that goes on at s[i] ends, given
// the characters it may hold: a '.' may stand inside it but not at its end, so trailing
// dots are left to what follows (the '.' that ends the statement).
func nameEnd(s []byte, i int, chars func(rune) bool) int {
	end := i
	for i < len(s) {
		r, n := utf8.DecodeRune(s[i:])
		if r == '.' {
			i += n
			continue
		}
		if !chars(r) {
			break
		}
		i += n
		end = i
	}
	return end
}
