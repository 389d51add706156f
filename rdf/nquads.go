package rdf

import (
	"bufio"
	"bytes"
	"fmt"
	"hash/maphash"
	"io"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
)

// This file is a strict, streaming reader of RDF 1.1 N-Quads
// (https://www.w3.org/TR/n-quads/#sec-grammar). Cayley's own parser accepts IRIs the
// grammar forbids and converts typed literals to Go values; this one rejects every line
// the grammar rejects and keeps every term exactly as written, escapes decoded:
//
//	statement  ::= subject predicate object graphLabel? '.'
//	subject    ::= IRIREF | BLANK_NODE_LABEL
//	predicate  ::= IRIREF
//	object     ::= IRIREF | BLANK_NODE_LABEL | literal
//	graphLabel ::= IRIREF | BLANK_NODE_LABEL
//	literal    ::= STRING_LITERAL_QUOTE ('^^' IRIREF | LANGTAG)?
//	EOL        ::= [#xD#xA]+
//
// Beyond the grammar, an IRI must be absolute (have a scheme) and its decoded characters
// must all be allowed where the grammar allows them unescaped; an escape must name a
// Unicode scalar value (no surrogates); and the input must be valid UTF-8, comments included.

// maxNQuadsLine is the longest line, in bytes and without its end of line, that an
// NQuadsReader accepts. A longer line is a *SyntaxError, and reading goes on after it.
const maxNQuadsLine = 16 << 20

// maxNQuadsErrorText is how much of a bad line a SyntaxError keeps in Text, in bytes.
const maxNQuadsErrorText = 1024

// NQuadsReader reads N-Quads one statement at a time in constant memory: it holds one line
// (at most 16 MiB) at a time, never the whole input.
type NQuadsReader struct {
	br      *bufio.Reader
	maxLine int
	line    int    // number of the last line read
	buf     []byte // the current line, reused
	val     []byte // scratch for decoding escapes, reused
	skipLF  bool   // the last line ended in '\r': a '\n' right after it belongs to it
	err     error  // sticky: io.EOF or the reader's error
	iris    iriCache
}

// iriCache hands out the same quad.Value for an IRI the reader met a little before. An
// N-Quads file repeats its IRIs line after line (the predicates, a statement's subject,
// an article's graph), and each new one costs two allocations (the string and its
// interface box): at 1M quads the parser's IRIs were a quarter of the bytes a bulk import
// allocated, which the collector, paced at GOGC 50 there, then had to scan and free.
// Direct-mapped and fixed in size: memory stays constant, a miss only replaces a slot.
type iriCache struct {
	seed  maphash.Seed
	slots *[1 << 12]quad.Value // allocated on first use
}

// value returns the IRI b as a quad.Value, the one handed out before for the same bytes
// if it is still in its slot.
func (c *iriCache) value(b []byte) quad.Value {
	if c.slots == nil {
		c.seed, c.slots = maphash.MakeSeed(), new([1 << 12]quad.Value)
	}
	slot := &c.slots[maphash.Bytes(c.seed, b)&(1<<12-1)]
	if iri, ok := (*slot).(quad.IRI); ok && string(iri) == string(b) {
		return *slot
	}
	*slot = quad.IRI(b)
	return *slot
}

// NewNQuadsReader returns a reader of the N-Quads document r.
func NewNQuadsReader(r io.Reader) *NQuadsReader {
	return &NQuadsReader{br: bufio.NewReaderSize(r, 64<<10), maxLine: maxNQuadsLine}
}

// SyntaxError is a line that is not an N-Quads statement, a comment or blank.
type SyntaxError struct {
	Line int    // 1-based; "\n", "\r\n" and a lone "\r" each end a line
	Col  int    // 1-based, in characters (an invalid UTF-8 byte counts as one); where the problem starts
	Msg  string // what is wrong
	Text string // the line without its end of line, cut to its first KiB
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d: col %d: %s", e.Line, e.Col, e.Msg)
}

// Read returns the next quad; io.EOF at the end; a *SyntaxError for a bad line, after which
// Read continues with the next line (so a caller can report every bad line, or skip them).
// Any other error comes from the underlying reader and ends reading.
func (r *NQuadsReader) Read() (quad.Quad, error) {
	for {
		if r.err != nil {
			return quad.Quad{}, r.err
		}
		line, tooLong, err := r.readLine()
		if err != nil {
			r.err = err
			return quad.Quad{}, err
		}
		r.line++
		if tooLong {
			return quad.Quad{}, r.syntaxError(line, len(line), fmt.Sprintf("line is longer than %d bytes", r.maxLine))
		}
		p := nqParser{s: line, val: r.val[:0], iris: &r.iris}
		q, ok := p.statement()
		r.val = p.val
		if p.errMsg != "" {
			return quad.Quad{}, r.syntaxError(line, p.errAt, p.errMsg)
		}
		if ok {
			return q, nil
		}
	}
}

func (r *NQuadsReader) syntaxError(line []byte, at int, msg string) *SyntaxError {
	text := line
	if len(text) > maxNQuadsErrorText {
		n := maxNQuadsErrorText
		for n > 0 && !utf8.RuneStart(text[n]) {
			n--
		}
		text = text[:n]
	}
	return &SyntaxError{Line: r.line, Col: utf8.RuneCount(line[:at]) + 1, Msg: msg, Text: string(text)}
}

// readLine returns the next line without its end of line ("\n", "\r\n" or "\r"), or io.EOF
// when there is none. A line longer than r.maxLine comes back cut to that length, with
// tooLong set; the rest of it is read and dropped.
func (r *NQuadsReader) readLine() (line []byte, tooLong bool, err error) {
	r.buf = r.buf[:0]
	started := false
	for {
		chunk, err := r.br.Peek(1)
		if err != nil {
			if err == io.EOF && started {
				return r.buf, tooLong, nil // the last line has no end of line
			}
			return nil, false, err
		}
		if r.skipLF {
			r.skipLF = false
			if chunk[0] == '\n' {
				r.br.Discard(1)
				continue
			}
		}
		started = true
		chunk, _ = r.br.Peek(r.br.Buffered())
		end := bytes.IndexByte(chunk, '\n')
		if end < 0 {
			end = len(chunk)
		}
		if cr := bytes.IndexByte(chunk[:end], '\r'); cr >= 0 {
			end = cr
		}
		if !tooLong {
			if len(r.buf)+end > r.maxLine {
				r.appendLine(chunk[:r.maxLine-len(r.buf)])
				tooLong = true
			} else {
				r.appendLine(chunk[:end])
			}
		}
		if end < len(chunk) { // found the end of the line
			r.skipLF = chunk[end] == '\r'
			r.br.Discard(end + 1)
			return r.buf, tooLong, nil
		}
		r.br.Discard(end)
	}
}

// appendLine appends b to the line buffer, which never grows past r.maxLine.
func (r *NQuadsReader) appendLine(b []byte) {
	if need := len(r.buf) + len(b); need > cap(r.buf) {
		buf := make([]byte, len(r.buf), min(max(2*cap(r.buf), need, 4<<10), r.maxLine))
		copy(buf, r.buf)
		r.buf = buf
	}
	r.buf = append(r.buf, b...)
}

// nqParser parses one line. The first error stops it: errMsg says what, errAt where (a
// byte offset in s).
type nqParser struct {
	s      []byte
	i      int
	val    []byte
	iris   *iriCache // the reader's; nil: every IRI a new value
	errMsg string
	errAt  int
}

func (p *nqParser) fail(at int, format string, args ...any) {
	if p.errMsg == "" {
		p.errMsg, p.errAt = fmt.Sprintf(format, args...), at
	}
}

func (p *nqParser) eol() bool { return p.i >= len(p.s) }

func (p *nqParser) skipWS() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

// found describes what is at the parser's position, for error messages.
func (p *nqParser) found() string {
	if p.eol() {
		return "end of line"
	}
	if p.s[p.i] == '#' {
		return "a comment"
	}
	r, _ := utf8.DecodeRune(p.s[p.i:])
	if r >= utf8.RuneSelf {
		return fmt.Sprintf("%q (U+%04X)", r, r)
	}
	return fmt.Sprintf("%q", r)
}

// statement parses the whole line: ok is false for a blank or comment line, or an error.
func (p *nqParser) statement() (q quad.Quad, ok bool) {
	if !utf8.Valid(p.s) {
		at := 0
		for at < len(p.s) {
			r, n := utf8.DecodeRune(p.s[at:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			at += n
		}
		p.fail(at, "invalid UTF-8")
		return q, false
	}
	p.skipWS()
	if p.eol() || p.s[p.i] == '#' {
		return q, false
	}

	if q.Subject = p.term("subject", "a subject (IRI or blank node)", true, false); q.Subject == nil {
		return q, false
	}
	p.skipWS()
	if q.Predicate = p.term("predicate", "a predicate (IRI)", false, false); q.Predicate == nil {
		return q, false
	}
	p.skipWS()
	if q.Object = p.term("object", "an object (IRI, blank node or literal)", true, true); q.Object == nil {
		return q, false
	}
	p.skipWS()
	if !p.eol() && (p.s[p.i] == '<' || p.s[p.i] == '_' || p.s[p.i] == '"') {
		if q.Label = p.term("graph label", "", true, false); q.Label == nil {
			return q, false
		}
		p.skipWS()
	}

	if p.eol() || p.s[p.i] != '.' {
		switch {
		case p.eol():
			p.fail(p.i, "missing '.' at the end of the statement")
		case p.s[p.i] == '#':
			p.fail(p.i, "missing '.' before the comment")
		case q.Label != nil:
			p.fail(p.i, "expected '.' after the graph label, found %s", p.found())
		default:
			p.fail(p.i, "expected a graph label or '.' after the object, found %s", p.found())
		}
		return q, false
	}
	p.i++
	p.skipWS()
	if !p.eol() && p.s[p.i] != '#' {
		p.fail(p.i, "unexpected %s after the '.' that ends the statement", p.found())
		return q, false
	}
	return q, true
}

// term parses the term at the position in its role in the statement: an IRI, a blank node
// where bnode allows one, a literal where literal does; expect says what belongs there.
// It returns nil after an error (iri, bnode and literal do too).
func (p *nqParser) term(role, expect string, bnode, literal bool) quad.Value {
	var c byte // 0 at the end of the line, which no case below takes
	if !p.eol() {
		c = p.s[p.i]
	}
	switch {
	case c == '<':
		return p.iri()
	case c == '_' && bnode:
		return p.bnode()
	case c == '"' && literal:
		return p.literal()
	case c == '_':
		p.fail(p.i, "a blank node cannot be the %s", role)
	case c == '"':
		p.fail(p.i, "a literal cannot be the %s", role)
	default:
		p.fail(p.i, "expected %s, found %s", expect, p.found())
	}
	return nil
}

// iri parses an IRIREF at '<' and returns it decoded, without its angle brackets.
func (p *nqParser) iri() quad.Value {
	start := p.i
	p.i++ // '<'
	p.val = p.val[:0]
	for {
		if p.eol() {
			p.fail(start, "unterminated IRI: no closing '>'")
			return nil
		}
		c := p.s[p.i]
		if c == '>' {
			p.i++
			break
		}
		if c == '\\' {
			r, n, msg := iriEscape(p.s[p.i:])
			if msg != "" {
				p.fail(p.i, "%s", msg)
				return nil
			}
			p.val = utf8.AppendRune(p.val, r)
			p.i += n
			continue
		}
		if c < utf8.RuneSelf {
			if !iriRune(rune(c)) {
				what := fmt.Sprintf("%q", c)
				if c == ' ' {
					what = "a space"
				} else if c < ' ' {
					what = fmt.Sprintf("control character U+%04X", c)
				}
				p.fail(p.i, "IRI contains %s", what)
				return nil
			}
			p.val = append(p.val, c)
			p.i++
			continue
		}
		// Valid UTF-8, checked for the whole line: every non-ASCII character is allowed.
		_, n := utf8.DecodeRune(p.s[p.i:])
		p.val = append(p.val, p.s[p.i:p.i+n]...)
		p.i += n
	}
	if !hasScheme(string(p.val)) {
		p.fail(start, "relative IRI %s: an IRI must be absolute, starting with a scheme such as http:", p.s[start:p.i])
		return nil
	}
	if p.iris != nil {
		return p.iris.value(p.val)
	}
	return quad.IRI(p.val)
}

// bnode parses a BLANK_NODE_LABEL at '_'.
func (p *nqParser) bnode() quad.Value {
	start := p.i
	if p.i+1 >= len(p.s) || p.s[p.i+1] != ':' {
		p.fail(start, "expected '_:' to start a blank node")
		return nil
	}
	p.i += 2
	r, n := utf8.DecodeRune(p.s[p.i:])
	if p.eol() || !(nqPNCharsU(r) || ('0' <= r && r <= '9')) {
		p.fail(p.i, "blank node label must start with a letter, digit, '_' or ':', found %s", p.found())
		return nil
	}
	label := p.i
	p.i = nameEnd(p.s, p.i+n, nqPNChars)
	return quad.BNode(p.s[label:p.i])
}

// literal parses STRING_LITERAL_QUOTE at '"' with its optional LANGTAG or '^^' IRIREF.
func (p *nqParser) literal() quad.Value {
	start := p.i
	p.i++ // '"'
	p.val = p.val[:0]
	for {
		run := p.i
		for p.i < len(p.s) && p.s[p.i] != '"' && p.s[p.i] != '\\' {
			p.i++
		}
		p.val = append(p.val, p.s[run:p.i]...)
		if p.eol() {
			p.fail(start, "unterminated string literal: no closing '\"' on this line")
			return nil
		}
		if p.s[p.i] == '"' {
			p.i++
			break
		}
		// '\\'
		if p.i+1 >= len(p.s) {
			p.fail(p.i, "unterminated string literal: '\\' at end of line")
			return nil
		}
		if e := p.s[p.i+1]; e == 'u' || e == 'U' {
			r, n, msg := uchar(p.s[p.i:])
			if msg != "" {
				p.fail(p.i, "%s", msg)
				return nil
			}
			p.val = utf8.AppendRune(p.val, r)
			p.i += n
			continue
		}
		c, ok := echar(p.s[p.i+1])
		if !ok {
			r, _ := utf8.DecodeRune(p.s[p.i+1:])
			p.fail(p.i, "invalid escape \\%c in string literal", r)
			return nil
		}
		p.val = append(p.val, c)
		p.i += 2
	}
	value := quad.String(p.val)

	if p.eol() {
		return value
	}
	switch p.s[p.i] {
	case '@':
		at := p.i
		p.i++
		for !p.eol() && (nqAlpha(p.s[p.i]) || nqDigit(p.s[p.i]) || p.s[p.i] == '-') {
			p.i++
		}
		tag := p.s[at+1 : p.i]
		if !nqLangTag(tag) {
			p.fail(at, "invalid language tag @%s: want letters, then '-' and letters or digits, as in @en or @en-GB", tag)
			return nil
		}
		return quad.LangString{Value: value, Lang: string(tag)}
	case '^':
		at := p.i
		if p.i+1 >= len(p.s) || p.s[p.i+1] != '^' {
			p.fail(at, "expected '^^' and a datatype IRI after the string literal")
			return nil
		}
		p.i += 2
		if p.eol() || p.s[p.i] != '<' {
			p.fail(p.i, "expected a datatype IRI right after '^^', found %s", p.found())
			return nil
		}
		dt := p.iri()
		if dt == nil {
			return nil
		}
		return quad.TypedString{Value: value, Type: dt.(quad.IRI)}
	}
	return value
}

// nqLangTag reports whether tag matches [a-zA-Z]+ ('-' [a-zA-Z0-9]+)*.
func nqLangTag(tag []byte) bool {
	i := 0
	for i < len(tag) && nqAlpha(tag[i]) {
		i++
	}
	if i == 0 {
		return false
	}
	for i < len(tag) {
		if tag[i] != '-' {
			return false
		}
		i++
		n := i
		for i < len(tag) && (nqAlpha(tag[i]) || nqDigit(tag[i])) {
			i++
		}
		if i == n {
			return false
		}
	}
	return true
}

func nqAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func nqDigit(c byte) bool { return '0' <= c && c <= '9' }

// nqPNCharsBase is PN_CHARS_BASE.
func nqPNCharsBase(r rune) bool {
	switch {
	case 'A' <= r && r <= 'Z', 'a' <= r && r <= 'z',
		0x00C0 <= r && r <= 0x00D6, 0x00D8 <= r && r <= 0x00F6, 0x00F8 <= r && r <= 0x02FF,
		0x0370 <= r && r <= 0x037D, 0x037F <= r && r <= 0x1FFF, 0x200C <= r && r <= 0x200D,
		0x2070 <= r && r <= 0x218F, 0x2C00 <= r && r <= 0x2FEF, 0x3001 <= r && r <= 0xD7FF,
		0xF900 <= r && r <= 0xFDCF, 0xFDF0 <= r && r <= 0xFFFD, 0x10000 <= r && r <= 0xEFFFF:
		return true
	}
	return false
}

// nqPNCharsU is PN_CHARS_U ::= PN_CHARS_BASE | '_' | ':' (N-Quads 1.1 allows ':').
func nqPNCharsU(r rune) bool { return r == '_' || r == ':' || nqPNCharsBase(r) }

// nqPNChars is PN_CHARS ::= PN_CHARS_U | '-' | [0-9] | #x00B7 | [#x0300-#x036F] | [#x203F-#x2040].
func nqPNChars(r rune) bool {
	return nqPNCharsU(r) || r == '-' || ('0' <= r && r <= '9') || r == 0x00B7 ||
		(0x0300 <= r && r <= 0x036F) || (0x203F <= r && r <= 0x2040)
}
