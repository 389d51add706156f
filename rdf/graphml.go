package rdf

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
)

// graphCollector gathers quads into the property graph the GraphML, GEXF and Graphviz
// writers write: a node per IRI or blank node, with its IRI, its names, its types, and its
// literals as attributes, one per predicate; an edge per quad whose object is a node, with
// its predicate and the graph it is in. rdf:type becomes the node's types rather than edges
// to class nodes. It holds the whole graph; each writer's Close writes it.
type graphCollector struct {
	w      io.Writer
	short  func(string) string
	nodes  map[string]*gmlNode
	order  []string
	edges  []gmlEdge
	keys   map[string]string // literal predicate (short) → key id
	keyOrd []string
}

type gmlNode struct {
	id      string
	iri     string
	types   []string
	names   []string
	attrs   map[string][]string
	ordAttr []string
	lits    []string // "pred value" with the literal in N-Triples form, for Graphviz tooltips
}

type gmlEdge struct{ s, o, pred, graph string }

// Predicates whose literal names a node, best first.
var gmlNamePreds = []string{
	"https://schema.org/name", "http://www.w3.org/2000/01/rdf-schema#label", "https://schema.org/headline",
}

// newGraphCollector returns an empty collector for a writer to w; prefixes shorten IRIs in
// labels, types and attribute names.
func newGraphCollector(w io.Writer, prefixes map[string]string) graphCollector {
	tw := NewTrigWriter(nil, false, prefixes)
	return graphCollector{w: w, short: func(s string) string {
		if t := tw.iri(s); !strings.HasPrefix(t, "<") {
			return t
		}
		return s
	}, nodes: map[string]*gmlNode{}, keys: map[string]string{}}
}

func gmlTermKey(v quad.Value) string {
	switch v := v.(type) {
	case quad.IRI:
		return string(v)
	case quad.BNode:
		return "_:" + string(v)
	}
	return ""
}

func (g *graphCollector) node(v quad.Value) *gmlNode {
	k := gmlTermKey(v)
	n := g.nodes[k]
	if n == nil {
		n = &gmlNode{id: fmt.Sprintf("n%d", len(g.order)), iri: k, attrs: map[string][]string{}}
		g.nodes[k] = n
		g.order = append(g.order, k)
	}
	return n
}

// label is how a node is shown: its first name, else its prefixed IRI.
func (g *graphCollector) label(n *gmlNode) string {
	if len(n.names) > 0 {
		return n.names[0]
	}
	return g.short(n.iri)
}

// sortedTypes is the node's types, sorted (they are kept in the order they came).
func (n *gmlNode) sortedTypes() []string {
	types := append([]string(nil), n.types...)
	sort.Strings(types)
	return types
}

// WriteQuad adds q.
func (g *graphCollector) WriteQuad(q quad.Quad) error {
	if !q.IsValid() {
		return fmt.Errorf("cannot write an incomplete quad: %v", q)
	}
	s := g.node(q.Subject)
	p := string(q.Predicate.(quad.IRI))
	graph := ""
	if q.Label != nil {
		graph = gmlTermKey(q.Label)
	}
	switch o := q.Object.(type) {
	case quad.IRI, quad.BNode:
		if p == nsRDFType {
			t := g.short(gmlTermKey(o))
			for _, have := range s.types {
				if have == t {
					return nil
				}
			}
			s.types = append(s.types, t)
			return nil
		}
		on := g.node(o)
		g.edges = append(g.edges, gmlEdge{s.id, on.id, g.short(p), graph})
	default:
		s.lits = append(s.lits, g.short(p)+" "+q.Object.String())
		text := Lexical(q.Object)
		for _, np := range gmlNamePreds {
			if p == np {
				s.names = append(s.names, text)
			}
		}
		name := g.short(p)
		if _, ok := g.keys[name]; !ok {
			g.keys[name] = fmt.Sprintf("a%d", len(g.keyOrd))
			g.keyOrd = append(g.keyOrd, name)
		}
		if _, ok := s.attrs[name]; !ok {
			s.ordAttr = append(s.ordAttr, name)
		}
		for _, have := range s.attrs[name] {
			if have == text {
				return nil
			}
		}
		s.attrs[name] = append(s.attrs[name], text)
	}
	return nil
}

// WriteQuads adds each of qs.
func (g *graphCollector) WriteQuads(qs []quad.Quad) (int, error) {
	for i, q := range qs {
		if err := g.WriteQuad(q); err != nil {
			return i, err
		}
	}
	return len(qs), nil
}

func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// GraphMLWriter writes a property graph for graph tools (networkx, Gephi, yEd): a node per
// IRI or blank node, with its IRI, a readable label (its name, else its prefixed IRI), its
// types, and its literals as attributes, one per predicate; an edge per quad whose object is
// a node, with its predicate and the graph it is in. rdf:type becomes the node's "type"
// attribute rather than edges to class nodes. It holds the whole graph; Close writes it.
type GraphMLWriter struct{ graphCollector }

// NewGraphMLWriter returns a GraphML writer; prefixes shorten IRIs in labels, types and
// attribute names (the full IRI stays in each node's "iri").
func NewGraphMLWriter(w io.Writer, prefixes map[string]string) *GraphMLWriter {
	return &GraphMLWriter{newGraphCollector(w, prefixes)}
}

// Close writes the document.
func (g *GraphMLWriter) Close() error {
	bw := bufio.NewWriter(g.w)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	bw.WriteString(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">` + "\n")
	for _, k := range [][3]string{{"iri", "node", "iri"}, {"label", "node", "label"}, {"type", "node", "type"}, {"predicate", "edge", "predicate"}, {"graph", "edge", "graph"}} {
		fmt.Fprintf(bw, "  <key id=\"%s\" for=\"%s\" attr.name=\"%s\" attr.type=\"string\"/>\n", k[0], k[1], k[2])
	}
	for _, name := range g.keyOrd {
		fmt.Fprintf(bw, "  <key id=\"%s\" for=\"node\" attr.name=\"%s\" attr.type=\"string\"/>\n", g.keys[name], xmlText(name))
	}
	bw.WriteString("  <graph id=\"medkg\" edgedefault=\"directed\">\n")
	for _, k := range g.order {
		n := g.nodes[k]
		fmt.Fprintf(bw, "    <node id=\"%s\">\n      <data key=\"iri\">%s</data>\n      <data key=\"label\">%s</data>\n", n.id, xmlText(n.iri), xmlText(g.label(n)))
		if len(n.types) > 0 {
			fmt.Fprintf(bw, "      <data key=\"type\">%s</data>\n", xmlText(strings.Join(n.sortedTypes(), " ")))
		}
		for _, a := range n.ordAttr {
			fmt.Fprintf(bw, "      <data key=\"%s\">%s</data>\n", g.keys[a], xmlText(strings.Join(n.attrs[a], " | ")))
		}
		bw.WriteString("    </node>\n")
	}
	for i, e := range g.edges {
		fmt.Fprintf(bw, "    <edge id=\"e%d\" source=\"%s\" target=\"%s\">\n      <data key=\"predicate\">%s</data>\n", i, e.s, e.o, xmlText(e.pred))
		if e.graph != "" {
			fmt.Fprintf(bw, "      <data key=\"graph\">%s</data>\n", xmlText(e.graph))
		}
		bw.WriteString("    </edge>\n")
	}
	bw.WriteString("  </graph>\n</graphml>\n")
	return bw.Flush()
}

// Lexical is a literal's text without quotes, language or datatype.
func Lexical(v quad.Value) string {
	switch v := v.(type) {
	case quad.String:
		return string(v)
	case quad.LangString:
		return string(v.Value)
	case quad.TypedString:
		return string(v.Value)
	}
	return quad.ToString(v)
}

// DotWriter writes Graphviz dot for a selection (an article's graph, a neighbourhood): a box
// per IRI or blank node labelled with its name (else its prefixed IRI), an arrow per link
// labelled with its predicate, left to right. Literals are not nodes, which made an article's
// graph a strip 200,000 points wide: they are the node's tooltip, with their datatypes or
// languages. It collects as GraphMLWriter does; Close writes the document.
type DotWriter struct{ graphCollector }

// NewDotWriter returns a dot writer; prefixes shorten IRIs in labels.
func NewDotWriter(w io.Writer, prefixes map[string]string) *DotWriter {
	return &DotWriter{newGraphCollector(w, prefixes)}
}

// dotQuote quotes s as a dot string.
func dotQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", "")
	return `"` + r.Replace(s) + `"`
}

func dotShorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// Close writes the document.
func (g *DotWriter) Close() error {
	bw := bufio.NewWriter(g.w)
	bw.WriteString("digraph medkg {\n\tgraph [rankdir=LR];\n\tnode [shape=box, style=rounded, fontsize=10];\n\tedge [fontsize=9];\n")
	for _, k := range g.order {
		n := g.nodes[k]
		tip := []string{n.iri}
		if len(n.types) > 0 {
			tip = append(tip, "a "+strings.Join(n.sortedTypes(), ", "))
		}
		tip = append(tip, n.lits...)
		fmt.Fprintf(bw, "\t%s [label=%s, tooltip=%s];\n", n.id, dotQuote(dotShorten(g.label(n), 48)), dotQuote(strings.Join(tip, "\n")))
	}
	for _, e := range g.edges {
		fmt.Fprintf(bw, "\t%s -> %s [label=%s];\n", e.s, e.o, dotQuote(e.pred))
	}
	bw.WriteString("}\n")
	return bw.Flush()
}

// GEXFWriter writes GEXF 1.2 (Gephi's own format) with what GraphMLWriter writes: node
// labels (names), attributes "iri", "type" and one per literal predicate, and edges with
// their predicate (as label) and graph. It collects as GraphMLWriter does.
type GEXFWriter struct{ graphCollector }

// NewGEXFWriter returns a GEXF writer; prefixes shorten IRIs in labels and attribute names.
func NewGEXFWriter(w io.Writer, prefixes map[string]string) *GEXFWriter {
	return &GEXFWriter{newGraphCollector(w, prefixes)}
}

// Close writes the document.
func (g *GEXFWriter) Close() error {
	bw := bufio.NewWriter(g.w)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	bw.WriteString(`<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">` + "\n")
	bw.WriteString("  <graph defaultedgetype=\"directed\" mode=\"static\">\n    <attributes class=\"node\">\n")
	bw.WriteString("      <attribute id=\"iri\" title=\"iri\" type=\"string\"/>\n      <attribute id=\"type\" title=\"type\" type=\"string\"/>\n")
	for _, name := range g.keyOrd {
		fmt.Fprintf(bw, "      <attribute id=\"%s\" title=\"%s\" type=\"string\"/>\n", g.keys[name], xmlText(name))
	}
	bw.WriteString("    </attributes>\n    <attributes class=\"edge\">\n      <attribute id=\"graph\" title=\"graph\" type=\"string\"/>\n    </attributes>\n    <nodes>\n")
	for _, k := range g.order {
		n := g.nodes[k]
		fmt.Fprintf(bw, "      <node id=\"%s\" label=\"%s\">\n        <attvalues>\n", n.id, xmlAttr(g.label(n)))
		fmt.Fprintf(bw, "          <attvalue for=\"iri\" value=\"%s\"/>\n", xmlAttr(n.iri))
		if len(n.types) > 0 {
			fmt.Fprintf(bw, "          <attvalue for=\"type\" value=\"%s\"/>\n", xmlAttr(strings.Join(n.sortedTypes(), " ")))
		}
		for _, a := range n.ordAttr {
			fmt.Fprintf(bw, "          <attvalue for=\"%s\" value=\"%s\"/>\n", g.keys[a], xmlAttr(strings.Join(n.attrs[a], " | ")))
		}
		bw.WriteString("        </attvalues>\n      </node>\n")
	}
	bw.WriteString("    </nodes>\n    <edges>\n")
	for i, e := range g.edges {
		fmt.Fprintf(bw, "      <edge id=\"e%d\" source=\"%s\" target=\"%s\" label=\"%s\">", i, e.s, e.o, xmlAttr(e.pred))
		if e.graph != "" {
			fmt.Fprintf(bw, "<attvalues><attvalue for=\"graph\" value=\"%s\"/></attvalues>", xmlAttr(e.graph))
		}
		bw.WriteString("</edge>\n")
	}
	bw.WriteString("    </edges>\n  </graph>\n</gexf>\n")
	return bw.Flush()
}

// xmlAttr escapes s for a double-quoted XML attribute (xml.EscapeText escapes '"' too, and
// line ends as character references, which attribute normalisation would otherwise eat).
func xmlAttr(s string) string { return xmlText(s) }
