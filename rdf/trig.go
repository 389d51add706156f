package rdf

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
)

// TrigWriter writes Turtle or TriG: prefixes first, then each graph's triples grouped by
// subject ("s p o1, o2 ; p2 o3 ."), the default graph first and named graphs in order of
// name. Quads should arrive sorted (as the export sorts them): subjects, predicates and
// objects are written in the order they come. It holds the whole input, as grouping by
// graph needs; Close writes the document.
//
// Turtle has no named graphs: a Turtle writer (trig false) writes every quad's triple and
// drops its graph, so the caller must give it one graph only.
type TrigWriter struct {
	w        io.Writer
	trig     bool
	prefixes []prefix // longest namespace first
	graphs   map[string]*ttlGraph
	order    []string
}

type prefix struct{ name, ns string }

type ttlGraph struct {
	label    quad.Value
	subjects map[string]*ttlSubject
	order    []string
}

type ttlSubject struct {
	term  quad.Value
	preds map[string][]quad.Value
	order []string
}

// NewTrigWriter returns a writer of TriG (trig true) or Turtle with the given prefixes
// (name → namespace); a prefix is used only where the local name is safe to write bare.
func NewTrigWriter(w io.Writer, trig bool, prefixes map[string]string) *TrigWriter {
	t := &TrigWriter{w: w, trig: trig, graphs: map[string]*ttlGraph{}}
	for n, ns := range prefixes {
		t.prefixes = append(t.prefixes, prefix{n, ns})
	}
	sort.Slice(t.prefixes, func(i, j int) bool {
		a, b := t.prefixes[i], t.prefixes[j]
		if len(a.ns) != len(b.ns) {
			return len(a.ns) > len(b.ns)
		}
		return a.name < b.name
	})
	return t
}

// WriteQuad adds q to the document.
func (t *TrigWriter) WriteQuad(q quad.Quad) error {
	if !q.IsValid() {
		return fmt.Errorf("cannot write an incomplete quad: %v", q)
	}
	key := ""
	if q.Label != nil && t.trig {
		key = q.Label.String()
	}
	g := t.graphs[key]
	if g == nil {
		g = &ttlGraph{label: q.Label, subjects: map[string]*ttlSubject{}}
		if !t.trig {
			g.label = nil
		}
		t.graphs[key] = g
		t.order = append(t.order, key)
	}
	sk := q.Subject.String()
	s := g.subjects[sk]
	if s == nil {
		s = &ttlSubject{term: q.Subject, preds: map[string][]quad.Value{}}
		g.subjects[sk] = s
		g.order = append(g.order, sk)
	}
	pk := q.Predicate.String()
	if _, ok := s.preds[pk]; !ok {
		s.order = append(s.order, pk)
	}
	if !t.trig {
		// Turtle merges graphs: a triple stated in several is written once.
		for _, o := range s.preds[pk] {
			if o == q.Object {
				return nil
			}
		}
	}
	s.preds[pk] = append(s.preds[pk], q.Object)
	return nil
}

// WriteQuads adds each of qs.
func (t *TrigWriter) WriteQuads(qs []quad.Quad) (int, error) {
	for i, q := range qs {
		if err := t.WriteQuad(q); err != nil {
			return i, err
		}
	}
	return len(qs), nil
}

// Close writes the document.
func (t *TrigWriter) Close() error {
	bw := bufio.NewWriter(t.w)
	names := make([]string, 0, len(t.prefixes))
	byName := map[string]string{}
	for _, p := range t.prefixes {
		names = append(names, p.name)
		byName[p.name] = p.ns
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(bw, "@prefix %s: <%s> .\n", n, byName[n])
	}
	keys := append([]string(nil), t.order...)
	sort.Strings(keys) // "" (the default graph) first
	for _, k := range keys {
		g := t.graphs[k]
		bw.WriteString("\n")
		indent := ""
		if g.label != nil {
			l, err := t.term(g.label)
			if err != nil {
				return err
			}
			bw.WriteString(l + " {\n")
			indent = "  "
		}
		for i, sk := range g.order {
			if i > 0 {
				bw.WriteString("\n")
			}
			if err := t.subject(bw, indent, g.subjects[sk]); err != nil {
				return err
			}
		}
		if g.label != nil {
			bw.WriteString("}\n")
		}
	}
	return bw.Flush()
}

func (t *TrigWriter) subject(bw *bufio.Writer, indent string, s *ttlSubject) error {
	st, err := t.term(s.term)
	if err != nil {
		return err
	}
	bw.WriteString(indent + st)
	for i, pk := range s.order {
		objs := s.preds[pk]
		p := quad.StringToValue(pk)
		var pt string
		if p == quad.IRI(nsRDFType) {
			pt = "a"
		} else if pt, err = t.term(p); err != nil {
			return err
		}
		if i == 0 {
			bw.WriteString(" " + pt + " ")
		} else {
			bw.WriteString(" ;\n" + indent + "    " + pt + " ")
		}
		for j, o := range objs {
			ot, err := t.term(o)
			if err != nil {
				return err
			}
			if j > 0 {
				bw.WriteString(", ")
			}
			bw.WriteString(ot)
		}
	}
	bw.WriteString(" .\n")
	return nil
}

const nsRDFType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

// term writes one RDF term in Turtle syntax.
func (t *TrigWriter) term(v quad.Value) (string, error) {
	switch v := v.(type) {
	case quad.IRI:
		return t.iri(string(v)), nil
	case quad.BNode:
		if !ttlBNodeLabel(string(v)) {
			return "", fmt.Errorf("blank node _:%s: Turtle cannot write this label", string(v))
		}
		return "_:" + string(v), nil
	case quad.String:
		return ttlString(string(v)), nil
	case quad.LangString:
		return ttlString(string(v.Value)) + "@" + v.Lang, nil
	case quad.TypedString:
		return ttlString(string(v.Value)) + "^^" + t.iri(string(v.Type)), nil
	}
	return "", fmt.Errorf("cannot write %T %v in Turtle", v, v)
}

// iri writes a prefixed name where the local part needs no escapes, else <iri>.
func (t *TrigWriter) iri(s string) string {
	for _, p := range t.prefixes {
		if local, ok := strings.CutPrefix(s, p.ns); ok && ttlSafeLocal(local) {
			return p.name + ":" + local
		}
	}
	return "<" + s + ">"
}

// ttlSafeLocal accepts a conservative subset of PN_LOCAL that every Turtle parser reads:
// an ASCII letter or '_', then ASCII letters, digits, '_' and '-' (and '.' not at the end).
func ttlSafeLocal(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '_':
		case i > 0 && ('0' <= c && c <= '9' || c == '-'):
		case i > 0 && i < len(s)-1 && c == '.':
		default:
			return false
		}
	}
	return true
}

// ttlBNodeLabel: the labels both N-Quads and Turtle accept (Turtle has no ':' in them).
func ttlBNodeLabel(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9', r == '_':
		case i > 0 && r == '-':
		case i > 0 && i < len(s)-1 && r == '.':
		default:
			return false
		}
	}
	return true
}

// ttlString quotes s as STRING_LITERAL_QUOTE: backslash, quote and line ends escaped, every
// other character as it is (Turtle is UTF-8).
func ttlString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
