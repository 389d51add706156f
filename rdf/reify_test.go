package rdf

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
)

// TestReify: a default-graph quad is followed by its statement in the source's graph; a
// quad in a named graph passes alone; the head comes first; the same input gives the same
// statement nodes.
func TestReify(t *testing.T) {
	const in = `<http://e.org/a> <http://e.org/p> "x" .
<http://e.org/a> <http://e.org/p> <http://e.org/b> <http://e.org/g> .
`
	src, link := quad.IRI("http://e.org/import/f"), quad.IRI("http://www.w3.org/ns/prov#wasDerivedFrom")
	head := []quad.Quad{{Subject: src, Predicate: quad.IRI("http://e.org/name"), Object: quad.String("f"), Label: src}}
	read := func() []string {
		r, err := Reify(NewNQuadsReader(strings.NewReader(in)), src, link, head, nil)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for {
			q, err := r.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, q.NQuad())
		}
		if r.Added() != 5 {
			t.Errorf("Added %d, want 5", r.Added())
		}
		return out
	}
	got := read()
	node := ClaimIRI(src, quad.Quad{Subject: quad.IRI("http://e.org/a"), Predicate: quad.IRI("http://e.org/p"), Object: quad.String("x")})
	want := []string{
		head[0].NQuad(),
		`<http://e.org/a> <http://e.org/p> "x" .`,
		quad.Quad{Subject: node, Predicate: rdfSubject, Object: quad.IRI("http://e.org/a"), Label: src}.NQuad(),
		quad.Quad{Subject: node, Predicate: rdfPredicate, Object: quad.IRI("http://e.org/p"), Label: src}.NQuad(),
		quad.Quad{Subject: node, Predicate: rdfObject, Object: quad.String("x"), Label: src}.NQuad(),
		quad.Quad{Subject: node, Predicate: link, Object: src, Label: src}.NQuad(),
		`<http://e.org/a> <http://e.org/p> <http://e.org/b> <http://e.org/g> .`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if again := read(); strings.Join(again, "\n") != strings.Join(got, "\n") {
		t.Fatal("not deterministic")
	}
	if _, err := Reify(NewNQuadsReader(strings.NewReader(in)), "not an iri", link, nil, nil); err == nil {
		t.Fatal("a bad source IRI was accepted")
	}
}
