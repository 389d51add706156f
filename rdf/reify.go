package rdf

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/cayleygraph/quad"
)

// RDF's reification terms.
const (
	nsRDF        = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	rdfSubject   = quad.IRI(nsRDF + "subject")
	rdfPredicate = quad.IRI(nsRDF + "predicate")
	rdfObject    = quad.IRI(nsRDF + "object")
)

// Reify returns r with every default-graph quad followed by a statement, in the named graph
// source, that says source asserts it: a node with rdf:subject, rdf:predicate and rdf:object,
// linked to source by link (so a store can find the statements from source outwards), unless
// stated(q) says another graph already states it (nil: none does). The
// node's IRI is source + "/claim/" + a hash of the triple, the same on every run, so importing
// a file twice writes each statement once. head (the source's own description) comes first.
// That is how a source supports the facts of the shared graph: a fact stays while any
// source's graph still holds a statement of it (graph.Store.Replace). The added quads are
// checked here, so the result is still Checked.
func Reify(r Checked, source, link quad.IRI, head []quad.Quad, stated func(quad.Quad) bool) (*Reified, error) {
	for _, iri := range []quad.IRI{source, link} {
		if err := ValidIRI(string(iri)); err != nil {
			return nil, err
		}
	}
	for _, q := range head {
		for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
			if iri, ok := v.(quad.IRI); ok {
				if err := ValidIRI(string(iri)); err != nil {
					return nil, fmt.Errorf("%s: %w", q.NQuad(), err)
				}
			}
		}
	}
	return &Reified{r: r, source: source, link: link, pending: head, stated: stated}, nil
}

// Reified is what Reify returns.
type Reified struct {
	r            Checked
	source, link quad.IRI
	pending      []quad.Quad
	added        int
	stated       func(quad.Quad) bool
}

// Added is how many quads Reify has added so far (statements and head).
func (g *Reified) Added() int { return g.added }

func (g *Reified) Read() (quad.Quad, error) {
	if len(g.pending) > 0 {
		q := g.pending[0]
		g.pending = g.pending[1:]
		g.added++
		return q, nil
	}
	q, err := g.r.Read()
	if err != nil || q.Label != nil || g.stated != nil && g.stated(q) {
		return q, err
	}
	node := ClaimIRI(g.source, q)
	g.pending = append(g.pending[:0],
		quad.Quad{Subject: node, Predicate: rdfSubject, Object: q.Subject, Label: g.source},
		quad.Quad{Subject: node, Predicate: rdfPredicate, Object: q.Predicate, Label: g.source},
		quad.Quad{Subject: node, Predicate: rdfObject, Object: q.Object, Label: g.source},
		quad.Quad{Subject: node, Predicate: g.link, Object: g.source, Label: g.source},
	)
	return q, nil
}

func (*Reified) checked() {}

// ClaimIRI is the statement node Reify makes for q in graph source.
func ClaimIRI(source quad.IRI, q quad.Quad) quad.IRI {
	h := sha256.Sum256([]byte(q.Subject.String() + "\x00" + q.Predicate.String() + "\x00" + q.Object.String()))
	return quad.IRI(string(source) + "/claim/" + hex.EncodeToString(h[:12]))
}
