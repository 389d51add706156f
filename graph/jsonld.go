package graph

import (
	"encoding/json"
	"io"
	"sort"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/rdf"
)

// jsonldWriter writes expanded JSON-LD: default-graph nodes at the top level, each named
// graph as {"@id": graph, "@graph": [...]}. medkg writes it itself because the quad
// library's JSON-LD writer rewrites typed literals ("007"^^xsd:integer becomes "7" typed
// with an unexpanded "xsd:integer"). It holds the whole export, as JSON-LD's nesting needs.
type jsonldWriter struct {
	w      io.Writer
	graphs map[string]*ldGraph
}

type ldGraph struct {
	nodes map[string]*ldNode
	order []string
}

type ldNode struct {
	types []string
	props map[string][]any
	order []string
}

func newJSONLDWriter(w io.Writer) *jsonldWriter {
	return &jsonldWriter{w: w, graphs: map[string]*ldGraph{}}
}

func ldID(v quad.Value) string {
	switch v := v.(type) {
	case quad.IRI:
		return string(v)
	case quad.BNode:
		return v.String()
	}
	return quad.StringOf(v)
}

func ldValue(v quad.Value) any {
	switch v := v.(type) {
	case quad.IRI, quad.BNode:
		return map[string]string{"@id": ldID(v)}
	case quad.TypedString:
		return map[string]string{"@value": string(v.Value), "@type": string(v.Type)}
	case quad.LangString:
		return map[string]string{"@value": string(v.Value), "@language": v.Lang}
	}
	return map[string]string{"@value": quad.ToString(v)}
}

func (j *jsonldWriter) WriteQuad(q quad.Quad) error {
	gname := ""
	if q.Label != nil {
		gname = ldID(q.Label)
	}
	g := j.graphs[gname]
	if g == nil {
		g = &ldGraph{nodes: map[string]*ldNode{}}
		j.graphs[gname] = g
	}
	s := ldID(q.Subject)
	n := g.nodes[s]
	if n == nil {
		n = &ldNode{props: map[string][]any{}}
		g.nodes[s] = n
		g.order = append(g.order, s)
	}
	p := ldID(q.Predicate)
	if p == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" {
		if t, ok := q.Object.(quad.IRI); ok {
			n.types = append(n.types, string(t))
			return nil
		}
	}
	if _, ok := n.props[p]; !ok {
		n.order = append(n.order, p)
	}
	n.props[p] = append(n.props[p], ldValue(q.Object))
	return nil
}

// Close writes the document. Input arrives sorted, so nodes keep their sorted order; graphs
// are sorted by name, the default graph first.
func (j *jsonldWriter) Close() error {
	names := make([]string, 0, len(j.graphs))
	for n := range j.graphs {
		names = append(names, n)
	}
	sort.Strings(names)
	var doc []rdf.Object
	for _, name := range names {
		nodes := j.graphs[name].objects()
		if name == "" {
			doc = append(doc, nodes...)
			continue
		}
		doc = append(doc, rdf.Object{{Key: "@id", Value: name}, {Key: "@graph", Value: nodes}})
	}
	if doc == nil {
		doc = []rdf.Object{}
	}
	enc := json.NewEncoder(j.w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func (g *ldGraph) objects() []rdf.Object {
	out := make([]rdf.Object, 0, len(g.order))
	for _, s := range g.order {
		n := g.nodes[s]
		obj := rdf.Object{{Key: "@id", Value: s}}
		if len(n.types) > 0 {
			obj = append(obj, rdf.Field{Key: "@type", Value: n.types})
		}
		for _, p := range n.order {
			obj = append(obj, rdf.Field{Key: p, Value: n.props[p]})
		}
		out = append(out, obj)
	}
	return out
}

func (j *jsonldWriter) WriteQuads(qs []quad.Quad) (int, error) {
	for i, q := range qs {
		if err := j.WriteQuad(q); err != nil {
			return i, err
		}
	}
	return len(qs), nil
}
