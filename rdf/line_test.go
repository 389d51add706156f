package rdf

import (
	"testing"

	"github.com/cayleygraph/quad"
)

// TestNQuadLine: the export's line formatter writes what quad.Quad.NQuad writes.
func TestNQuadLine(t *testing.T) {
	t.Parallel()
	iri, lit := quad.IRI("https://example.org/a"), quad.String("say \"hi\"\n\tthere")
	for _, q := range []quad.Quad{
		{Subject: iri, Predicate: iri, Object: iri},
		{Subject: quad.BNode("b0"), Predicate: iri, Object: lit, Label: iri},
		{Subject: iri, Predicate: iri, Object: quad.LangString{Value: "Acmé", Lang: "fr"}, Label: quad.BNode("g")},
		{Subject: iri, Predicate: iri, Object: quad.TypedString{Value: "007", Type: "http://www.w3.org/2001/XMLSchema#integer"}},
		{Subject: iri, Predicate: iri, Object: quad.String(""), Label: quad.IRI("")},
		{Subject: iri, Predicate: iri, Object: quad.String("中文"), Label: quad.String("")},
	} {
		if got, want := NQuadLine(q), q.NQuad(); got != want {
			t.Errorf("NQuadLine = %q, NQuad = %q", got, want)
		}
	}
}
