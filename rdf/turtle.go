package rdf

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
)

// This file is a strict reader of RDF 1.1 Turtle (https://www.w3.org/TR/turtle/) and TriG
// (https://www.w3.org/TR/trig/). Like the N-Quads reader it rejects whatever the grammar
// rejects, keeps every literal exactly as written (a number's lexical form, "007", is kept,
// typed xsd:integer), and checks every IRI after resolution against the base: absolute, and
// none of the characters IRIREF excludes. It reads the whole document at once: a syntax
// error may make the rest unreadable (an unclosed string, a missing '}'), so the first error
// ends it, and a caller that wants all or nothing writes nothing.
//
// Blank nodes keep the labels the document gives them; those it leaves unnamed ([ ... ] and
// collections) get labels no label of the document starts with.

// TurtleError is a syntax error in a Turtle or TriG document.
type TurtleError struct {
	Line, Col int // 1-based; Col counts characters
	Msg       string
}

func (e *TurtleError) Error() string { return fmt.Sprintf("line %d: col %d: %s", e.Line, e.Col, e.Msg) }

const (
	nsXSD    = "http://www.w3.org/2001/XMLSchema#"
	rdfFirst = nsRDF + "first"
	rdfRest  = nsRDF + "rest"
	rdfNil   = nsRDF + "nil"
)

// ParseTurtle reads a whole Turtle document (trig false) or TriG document (trig true), with
// base as the base IRI for relative IRIs ("" for none: then a relative IRI is an error).
func ParseTurtle(doc []byte, base string, trig bool) ([]quad.Quad, error) {
	p := &ttlParser{s: doc, base: base, trig: trig, prefixes: map[string]string{}, labels: map[string]bool{}}
	if !utf8.Valid(doc) {
		i := 0
		for i < len(doc) {
			r, n := utf8.DecodeRune(doc[i:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			i += n
		}
		return nil, p.errAt(i, "invalid UTF-8")
	}
	if err := p.document(); err != nil {
		return nil, err
	}
	p.nameAnon()
	return p.out, nil
}

type ttlParser struct {
	s        []byte
	i        int
	base     string
	trig     bool
	prefixes map[string]string
	graph    quad.Value // current graph; nil for the default graph
	out      []quad.Quad
	anon     int             // unnamed blank nodes so far
	labels   map[string]bool // blank node labels the document gives
}

// ttlStop carries a syntax error up through the recursive descent.
type ttlStop struct{ err *TurtleError }

func (p *ttlParser) errAt(at int, format string, args ...any) *TurtleError {
	line, col := 1, 1
	for j := 0; j < at && j < len(p.s); {
		r, n := utf8.DecodeRune(p.s[j:])
		if r == '\n' || r == '\r' {
			if r == '\r' && j+1 < len(p.s) && p.s[j+1] == '\n' {
				n = 2
			}
			line, col = line+1, 1
		} else {
			col++
		}
		j += n
	}
	return &TurtleError{Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

func (p *ttlParser) fail(at int, format string, args ...any) {
	panic(ttlStop{p.errAt(at, format, args...)})
}

func (p *ttlParser) document() (err error) {
	defer func() {
		if r := recover(); r != nil {
			stop, ok := r.(ttlStop)
			if !ok {
				panic(r)
			}
			err = stop.err
		}
	}()
	for {
		p.ws()
		if p.eof() {
			return nil
		}
		if p.directive() {
			continue
		}
		if p.trig {
			p.block()
		} else {
			p.triples()
			p.expect('.', "'.' at the end of the statement")
		}
	}
}

func (p *ttlParser) eof() bool { return p.i >= len(p.s) }

func (p *ttlParser) peek() byte {
	if p.eof() {
		return 0
	}
	return p.s[p.i]
}

// found describes what is at the position, for error messages.
func (p *ttlParser) found() string {
	if p.eof() {
		return "end of input"
	}
	r, _ := utf8.DecodeRune(p.s[p.i:])
	return fmt.Sprintf("%q", r)
}

// ws skips white space and comments.
func (p *ttlParser) ws() {
	for !p.eof() {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		case '#':
			for !p.eof() && p.s[p.i] != '\n' && p.s[p.i] != '\r' {
				p.i++
			}
		default:
			return
		}
	}
}

func (p *ttlParser) expect(c byte, what string) {
	p.ws()
	if p.peek() != c {
		p.fail(p.i, "expected %s, found %s", what, p.found())
	}
	p.i++
}

// keyword reports whether the case-insensitive word kw is at the position, followed by
// something that cannot continue a name.
func (p *ttlParser) keyword(kw string) bool {
	if len(p.s)-p.i < len(kw) || !strings.EqualFold(string(p.s[p.i:p.i+len(kw)]), kw) {
		return false
	}
	if j := p.i + len(kw); j < len(p.s) {
		r, _ := utf8.DecodeRune(p.s[j:])
		if ttlPNChars(r) || r == ':' || r == '.' {
			return false
		}
	}
	return true
}

// directive parses @prefix, @base, PREFIX or BASE, if one is at the position.
func (p *ttlParser) directive() bool {
	switch {
	case p.peek() == '@':
		switch {
		case strings.HasPrefix(string(p.s[p.i:min(len(p.s), p.i+8)]), "@prefix") && p.wordEnd(p.i+7):
			p.i += 7
			p.prefixDecl()
			p.expect('.', "'.' after @prefix")
		case strings.HasPrefix(string(p.s[p.i:min(len(p.s), p.i+6)]), "@base") && p.wordEnd(p.i+5):
			p.i += 5
			p.baseDecl()
			p.expect('.', "'.' after @base")
		default:
			p.fail(p.i, "unknown directive: expected @prefix or @base")
		}
		return true
	case p.keyword("PREFIX"):
		p.i += 6
		p.prefixDecl()
		return true
	case p.keyword("BASE"):
		p.i += 4
		p.baseDecl()
		return true
	}
	return false
}

func (p *ttlParser) wordEnd(j int) bool {
	return j >= len(p.s) || !(nqAlpha(p.s[j]) || p.s[j] >= '0' && p.s[j] <= '9' || p.s[j] == '-')
}

func (p *ttlParser) prefixDecl() {
	p.ws()
	start := p.i
	name := p.pnPrefix()
	if p.peek() != ':' {
		p.fail(start, "expected a prefix name and ':', found %s", p.found())
	}
	p.i++
	p.ws()
	if p.peek() != '<' {
		p.fail(p.i, "expected the prefix's namespace IRI in <>, found %s", p.found())
	}
	p.prefixes[name] = string(p.iriRef())
}

func (p *ttlParser) baseDecl() {
	p.ws()
	if p.peek() != '<' {
		p.fail(p.i, "expected the base IRI in <>, found %s", p.found())
	}
	p.base = string(p.iriRef())
}

// block is one TriG block: a graph, or triples of the default graph.
func (p *ttlParser) block() {
	switch {
	case p.peek() == '{':
		p.wrappedGraph(nil)
		return
	case p.keyword("GRAPH"):
		p.i += 5
		p.ws()
		at := p.i
		label := p.subjectTerm(true)
		if label == nil {
			p.fail(at, "expected a graph name (IRI or blank node label) after GRAPH, found %s", p.found())
		}
		p.ws()
		if p.peek() != '{' {
			p.fail(p.i, "expected '{' after the graph name, found %s", p.found())
		}
		p.wrappedGraph(label)
		return
	case p.peek() == '[' && !p.atAnon() || p.peek() == '(':
		p.triples()
		p.expect('.', "'.' at the end of the statement")
		return
	}
	at := p.i
	s := p.subjectTerm(true)
	if s == nil {
		p.fail(at, "expected a subject, a graph name or '{', found %s", p.found())
	}
	p.ws()
	if p.peek() == '{' {
		p.wrappedGraph(s)
		return
	}
	p.predicateObjectList(s, false)
	p.expect('.', "'.' at the end of the statement")
}

func (p *ttlParser) wrappedGraph(label quad.Value) {
	p.i++ // '{'
	p.graph = label
	defer func() { p.graph = nil }()
	for {
		p.ws()
		if p.peek() == '}' {
			p.i++
			return
		}
		if p.eof() {
			p.fail(p.i, "missing '}' at the end of the graph")
		}
		p.triples()
		p.ws()
		switch p.peek() {
		case '.':
			p.i++
		case '}':
		default:
			p.fail(p.i, "expected '.' or '}' after the triples, found %s", p.found())
		}
	}
}

// triples parses subject predicateObjectList, or a blank node property list with an
// optional one.
func (p *ttlParser) triples() {
	p.ws()
	if p.peek() == '[' && !p.atAnon() {
		s := p.blankNodePropertyList()
		p.ws()
		if c := p.peek(); c == '.' || c == '}' || p.eof() {
			return // a blank node property list alone is a statement
		}
		p.predicateObjectList(s, false)
		return
	}
	at := p.i
	var s quad.Value
	if p.peek() == '(' {
		s = p.collection()
	} else {
		s = p.subjectTerm(true)
	}
	if s == nil {
		p.fail(at, "expected a subject (IRI, blank node or collection), found %s", p.found())
	}
	p.predicateObjectList(s, false)
}

// atAnon reports whether "[]" (ANON, white space allowed inside) is at the position.
func (p *ttlParser) atAnon() bool {
	if p.peek() != '[' {
		return false
	}
	j := p.i + 1
	for j < len(p.s) && (p.s[j] == ' ' || p.s[j] == '\t' || p.s[j] == '\n' || p.s[j] == '\r') {
		j++
	}
	return j < len(p.s) && p.s[j] == ']'
}

// subjectTerm parses an IRI or blank node (and, with anon, "[]"); nil if none is there.
func (p *ttlParser) subjectTerm(anon bool) quad.Value {
	switch c := p.peek(); {
	case c == '<':
		return quad.IRI(p.iriRef())
	case c == '_':
		return p.bnodeLabel()
	case c == '[' && anon:
		j := p.i + 1
		for j < len(p.s) && (p.s[j] == ' ' || p.s[j] == '\t' || p.s[j] == '\n' || p.s[j] == '\r') {
			j++
		}
		if j < len(p.s) && p.s[j] == ']' {
			p.i = j + 1
			return p.newAnon()
		}
		return nil
	case c == '"' || c == '\'':
		p.fail(p.i, "a literal cannot be a subject")
	}
	if p.startsName() {
		return p.prefixedName()
	}
	return nil
}

// startsName reports whether a prefixed name may start here.
func (p *ttlParser) startsName() bool {
	if p.eof() {
		return false
	}
	r, _ := utf8.DecodeRune(p.s[p.i:])
	return r == ':' || nqPNCharsBase(r)
}

// predicateObjectList parses verb objectList (';' (verb objectList)?)*. In a blank node
// property list it ends at ']'.
func (p *ttlParser) predicateObjectList(s quad.Value, inBrackets bool) {
	p.ws()
	p.verbObjects(s)
	for {
		p.ws()
		if p.peek() != ';' {
			return
		}
		for p.peek() == ';' {
			p.i++
			p.ws()
		}
		if c := p.peek(); c == '.' || c == ']' || c == '}' || p.eof() {
			return
		}
		p.verbObjects(s)
	}
}

func (p *ttlParser) verbObjects(s quad.Value) {
	at := p.i
	var pred quad.IRI
	switch {
	case p.peek() == 'a' && p.i+1 < len(p.s) && ttlVerbEnd(p.s[p.i+1]):
		p.i++
		pred = quad.IRI(nsRDF + "type")
	case p.peek() == '<':
		pred = quad.IRI(p.iriRef())
	case p.startsName():
		pred = p.prefixedName()
	case p.peek() == '_' || p.peek() == '[':
		p.fail(at, "a blank node cannot be a predicate")
	case p.peek() == '"' || p.peek() == '\'':
		p.fail(at, "a literal cannot be a predicate")
	default:
		p.fail(at, "expected a predicate (IRI or 'a'), found %s", p.found())
	}
	for {
		p.ws()
		o := p.object()
		p.emit(s, pred, o)
		p.ws()
		if p.peek() != ',' {
			return
		}
		p.i++
	}
}

func ttlVerbEnd(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '<' || c == '"' || c == '\'' || c == '[' || c == '(' || c == '#' || c == '_'
}

func (p *ttlParser) emit(s quad.Value, pr quad.IRI, o quad.Value) {
	p.out = append(p.out, quad.Quad{Subject: s, Predicate: pr, Object: o, Label: p.graph})
}

func (p *ttlParser) object() quad.Value {
	at := p.i
	switch c := p.peek(); {
	case c == '<':
		return quad.IRI(p.iriRef())
	case c == '_':
		return p.bnodeLabel()
	case c == '[':
		return p.blankNodePropertyList()
	case c == '(':
		return p.collection()
	case c == '"' || c == '\'':
		return p.rdfLiteral()
	case c == '+' || c == '-' || c == '.' || c >= '0' && c <= '9':
		return p.number()
	}
	for _, b := range []string{"true", "false"} {
		if strings.HasPrefix(string(p.s[p.i:min(len(p.s), p.i+len(b))]), b) && p.keyword(b) {
			p.i += len(b)
			return quad.TypedString{Value: quad.String(b), Type: nsXSD + "boolean"}
		}
	}
	if p.startsName() {
		return p.prefixedName()
	}
	p.fail(at, "expected an object (IRI, blank node, collection or literal), found %s", p.found())
	return nil
}

func (p *ttlParser) newAnon() quad.BNode {
	p.anon++
	return quad.BNode(fmt.Sprintf("\x00%d", p.anon))
}

// blankNodePropertyList parses '[' predicateObjectList ']' (or "[]").
func (p *ttlParser) blankNodePropertyList() quad.Value {
	start := p.i
	p.i++ // '['
	b := p.newAnon()
	p.ws()
	if p.peek() == ']' {
		p.i++
		return b
	}
	p.predicateObjectList(b, true)
	p.ws()
	if p.peek() != ']' {
		p.fail(start, "unclosed '[': expected ']', found %s", p.found())
	}
	p.i++
	return b
}

// collection parses '(' object* ')' into rdf:first/rdf:rest lists.
func (p *ttlParser) collection() quad.Value {
	start := p.i
	p.i++ // '('
	var items []quad.Value
	for {
		p.ws()
		if p.peek() == ')' {
			p.i++
			break
		}
		if p.eof() {
			p.fail(start, "unclosed '(': expected ')'")
		}
		items = append(items, p.object())
	}
	if len(items) == 0 {
		return quad.IRI(rdfNil)
	}
	head := p.newAnon()
	cur := head
	for k, it := range items {
		p.emit(cur, rdfFirst, it)
		if k == len(items)-1 {
			p.emit(cur, rdfRest, quad.IRI(rdfNil))
		} else {
			next := p.newAnon()
			p.emit(cur, rdfRest, next)
			cur = next
		}
	}
	return head
}

// iriRef parses IRIREF and resolves it against the base.
func (p *ttlParser) iriRef() string {
	start := p.i
	p.i++ // '<'
	var b strings.Builder
	for {
		if p.eof() {
			p.fail(start, "unterminated IRI: no closing '>'")
		}
		c := p.s[p.i]
		if c == '>' {
			p.i++
			break
		}
		if c == '\\' {
			b.WriteRune(p.escape(iriEscape))
			continue
		}
		r, n := utf8.DecodeRune(p.s[p.i:])
		if !iriRune(r) {
			what := fmt.Sprintf("%q", r)
			if r == ' ' {
				what = "a space"
			}
			p.fail(p.i, "IRI contains %s", what)
		}
		b.WriteString(string(p.s[p.i : p.i+n]))
		p.i += n
	}
	iri := b.String()
	if hasScheme(iri) {
		return iri // an absolute IRI is taken as written (RFC 3986 5.2.2 normalises only references)
	}
	if p.base == "" {
		p.fail(start, "relative IRI <%s> and no base: give @base or an absolute IRI", iri)
	}
	abs := ResolveIRI(p.base, iri)
	if err := ValidIRI(abs); err != nil {
		// "0:x", say: not a scheme, and a relative reference cannot start with "seg:".
		p.fail(start, "<%s> resolves to no valid IRI: %v", iri, err)
	}
	return abs
}

// escape decodes the escape at the position with decode (uchar or iriEscape) and moves
// past it.
func (p *ttlParser) escape(decode func([]byte) (rune, int, string)) rune {
	r, n, msg := decode(p.s[p.i:])
	if msg != "" {
		p.fail(p.i, "%s", msg)
	}
	p.i += n
	return r
}

// pnPrefix parses PN_PREFIX (possibly empty) and returns it.
func (p *ttlParser) pnPrefix() string {
	start := p.i
	if p.eof() {
		return ""
	}
	r, n := utf8.DecodeRune(p.s[p.i:])
	if !nqPNCharsBase(r) {
		return ""
	}
	p.i = nameEnd(p.s, p.i+n, ttlPNChars)
	return string(p.s[start:p.i])
}

// prefixedName parses PNAME_NS or PNAME_LN and expands it.
func (p *ttlParser) prefixedName() quad.IRI {
	start := p.i
	name := p.pnPrefix()
	if p.peek() != ':' {
		p.fail(start, "expected a prefixed name such as schema:name, found %q", string(p.s[start:p.i])+p.found())
	}
	p.i++
	ns, ok := p.prefixes[name]
	if !ok {
		p.fail(start, "undeclared prefix %q: add @prefix %s: <...> .", name, name)
	}
	local := p.pnLocal()
	iri := ns + local
	if err := ValidIRI(iri); err != nil {
		p.fail(start, "%s:%s: %v", name, local, err)
	}
	return quad.IRI(iri)
}

// pnLocal parses PN_LOCAL (possibly empty), unescaping \-escapes.
func (p *ttlParser) pnLocal() string {
	var b strings.Builder
	first := true
	lastOK := 0 // length of b after the last character that may end a local name
	endAt := p.i
	for !p.eof() {
		c := p.s[p.i]
		switch {
		case c == '%':
			if p.i+2 < len(p.s) && isHex(p.s[p.i+1]) && isHex(p.s[p.i+2]) {
				b.Write(p.s[p.i : p.i+3])
				p.i += 3
			} else {
				p.fail(p.i, "'%%' in a local name must be followed by two hex digits")
			}
		case c == '\\':
			if p.i+1 < len(p.s) && strings.IndexByte("_~.-!$&'()*+,;=/?#@%", p.s[p.i+1]) >= 0 {
				b.WriteByte(p.s[p.i+1])
				p.i += 2
			} else {
				p.fail(p.i, "invalid escape in a local name")
			}
		case c == '.':
			if first {
				return ""
			}
			b.WriteByte('.')
			p.i++
			first = false
			continue
		default:
			r, n := utf8.DecodeRune(p.s[p.i:])
			ok := ttlPNChars(r) || r == ':'
			if first {
				ok = ttlPNCharsU(r) || r == ':' || r >= '0' && r <= '9'
			}
			if !ok {
				goto done
			}
			b.WriteString(string(p.s[p.i : p.i+n]))
			p.i += n
		}
		first = false
		lastOK = b.Len()
		endAt = p.i
	}
done:
	// A local name cannot end in '.': trailing dots belong to what follows.
	p.i = endAt
	return b.String()[:lastOK]
}

// bnodeLabel parses BLANK_NODE_LABEL.
func (p *ttlParser) bnodeLabel() quad.Value {
	start := p.i
	if p.i+1 >= len(p.s) || p.s[p.i+1] != ':' {
		p.fail(start, "expected '_:' to start a blank node")
	}
	p.i += 2
	r, n := utf8.DecodeRune(p.s[p.i:])
	if p.eof() || !(ttlPNCharsU(r) || r >= '0' && r <= '9') {
		p.fail(p.i, "blank node label must start with a letter, digit or '_', found %s", p.found())
	}
	label := p.i
	p.i = nameEnd(p.s, p.i+n, ttlPNChars)
	l := string(p.s[label:p.i])
	p.labels[l] = true
	return quad.BNode(l)
}

// rdfLiteral parses a string with its optional language tag or datatype.
func (p *ttlParser) rdfLiteral() quad.Value {
	v := p.stringLit()
	if p.peek() == '@' {
		at := p.i
		p.i++
		j := p.i
		for j < len(p.s) && (nqAlpha(p.s[j]) || p.s[j] >= '0' && p.s[j] <= '9' || p.s[j] == '-') {
			j++
		}
		tag := string(p.s[p.i:j])
		if !ttlLangTag(tag) {
			p.fail(at, "invalid language tag @%s", tag)
		}
		p.i = j
		return quad.LangString{Value: quad.String(v), Lang: tag}
	}
	if p.peek() == '^' {
		if p.i+1 >= len(p.s) || p.s[p.i+1] != '^' {
			p.fail(p.i, "expected '^^' and a datatype")
		}
		p.i += 2
		var dt quad.IRI
		switch {
		case p.peek() == '<':
			dt = quad.IRI(p.iriRef())
		case p.startsName():
			dt = p.prefixedName()
		default:
			p.fail(p.i, "expected a datatype IRI after '^^', found %s", p.found())
		}
		return quad.TypedString{Value: quad.String(v), Type: dt}
	}
	return quad.String(v)
}

func ttlLangTag(tag string) bool {
	parts := strings.Split(tag, "-")
	for k, s := range parts {
		if s == "" {
			return false
		}
		for i := 0; i < len(s); i++ {
			if !nqAlpha(s[i]) && (k == 0 || !(s[i] >= '0' && s[i] <= '9')) {
				return false
			}
		}
	}
	return true
}

// stringLit parses any of the four string forms and returns its value.
func (p *ttlParser) stringLit() string {
	start := p.i
	q := p.s[p.i]
	long := p.i+2 < len(p.s) && p.s[p.i+1] == q && p.s[p.i+2] == q
	if long {
		p.i += 3
	} else {
		p.i++
	}
	var b strings.Builder
	for {
		if p.eof() {
			p.fail(start, "unterminated string")
		}
		c := p.s[p.i]
		switch {
		case c == q && !long:
			p.i++
			return b.String()
		case c == q && long && p.i+2 < len(p.s) && p.s[p.i+1] == q && p.s[p.i+2] == q:
			// The first three quotes in a row close it: inside, a quote or two must be
			// followed by something else.
			p.i += 3
			return b.String()
		case (c == '\n' || c == '\r') && !long:
			p.fail(p.i, "line break in a short string: use \\n, or a \"\"\"long string\"\"\"")
		case c == '\\':
			if p.i+1 >= len(p.s) {
				p.fail(p.i, "unterminated string")
			}
			if e := p.s[p.i+1]; e == 'u' || e == 'U' {
				b.WriteRune(p.escape(uchar))
				continue
			}
			c, ok := echar(p.s[p.i+1])
			if !ok {
				p.fail(p.i, "invalid escape \\%c in a string", p.s[p.i+1])
			}
			b.WriteByte(c)
			p.i += 2
		default:
			b.WriteByte(c)
			p.i++
		}
	}
}

// number parses INTEGER, DECIMAL or DOUBLE, keeping the lexical form.
func (p *ttlParser) number() quad.Value {
	start := p.i
	j := p.i
	if p.s[j] == '+' || p.s[j] == '-' {
		j++
	}
	digits := func() int {
		k := j
		for j < len(p.s) && p.s[j] >= '0' && p.s[j] <= '9' {
			j++
		}
		return j - k
	}
	intDigits := digits()
	fracDigits, dot := 0, false
	if j < len(p.s) && p.s[j] == '.' {
		// A '.' not followed by a digit (or an exponent after digits) ends the statement.
		k := j + 1
		if k < len(p.s) && (p.s[k] >= '0' && p.s[k] <= '9' || intDigits > 0 && (p.s[k] == 'e' || p.s[k] == 'E')) {
			dot = true
			j++
			fracDigits = digits()
		}
	}
	exp := false
	if j < len(p.s) && (p.s[j] == 'e' || p.s[j] == 'E') && intDigits+fracDigits > 0 {
		k := j + 1
		if k < len(p.s) && (p.s[k] == '+' || p.s[k] == '-') {
			k++
		}
		if k < len(p.s) && p.s[k] >= '0' && p.s[k] <= '9' {
			exp = true
			j = k
			digits()
		} else {
			p.fail(j, "exponent without digits")
		}
	}
	if intDigits+fracDigits == 0 {
		p.fail(start, "expected an object, found %s", p.found())
	}
	lex := string(p.s[start:j])
	p.i = j
	switch {
	case exp:
		return quad.TypedString{Value: quad.String(lex), Type: nsXSD + "double"}
	case dot:
		if fracDigits == 0 {
			p.fail(start, "a decimal needs digits after '.'")
		}
		return quad.TypedString{Value: quad.String(lex), Type: nsXSD + "decimal"}
	}
	return quad.TypedString{Value: quad.String(lex), Type: nsXSD + "integer"}
}

// nameAnon gives the unnamed blank nodes labels that no label of the document starts with.
func (p *ttlParser) nameAnon() {
	if p.anon == 0 {
		return
	}
	prefix := "b"
	for {
		clash := false
		for l := range p.labels {
			if strings.HasPrefix(l, prefix) {
				clash = true
				break
			}
		}
		if !clash {
			break
		}
		prefix += "b"
	}
	fix := func(v quad.Value) quad.Value {
		if b, ok := v.(quad.BNode); ok && strings.HasPrefix(string(b), "\x00") {
			return quad.BNode(prefix + string(b[1:]))
		}
		return v
	}
	for k := range p.out {
		q := &p.out[k]
		q.Subject, q.Object = fix(q.Subject), fix(q.Object)
		if q.Label != nil {
			q.Label = fix(q.Label)
		}
	}
}

// ttlPNCharsU is Turtle's PN_CHARS_U: unlike N-Quads 1.1's, it has no ':'.
func ttlPNCharsU(r rune) bool { return r == '_' || nqPNCharsBase(r) }

func ttlPNChars(r rune) bool {
	return ttlPNCharsU(r) || r == '-' || ('0' <= r && r <= '9') || r == 0x00B7 ||
		(0x0300 <= r && r <= 0x036F) || (0x203F <= r && r <= 0x2040)
}

// ValidQuadIRIs checks every IRI of q, datatypes included, with ValidIRI: what the export
// will demand of a quad a parser that resolves relative IRIs returned.
func ValidQuadIRIs(q quad.Quad) error {
	for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
		if err := ValidTermIRI(v); err != nil {
			return err
		}
	}
	return nil
}

// ValidTermIRI checks one term's IRI, or its datatype's for a typed literal; other terms
// have none and pass.
func ValidTermIRI(v quad.Value) error {
	var iri quad.IRI
	switch v := v.(type) {
	case quad.IRI:
		iri = v
	case quad.TypedString:
		iri = v.Type
	default:
		return nil
	}
	return ValidIRI(string(iri))
}
