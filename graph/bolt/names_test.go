package bolt

import (
	"context"
	"io"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/graphtest"
	"github.com/medkg/medkg/rdf"
)

// TestNamesQS: values through a session's memory are the store's, in single and batch
// look-ups, hits and misses alike, and reset forgets them.
func TestNamesQS(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := graph.Open(ctx, graph.Options{Path: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := graph.BackendOf(st).(*store)
	ex := graphtest.Ex
	const schemaNS = "https://schema.org/"
	qs := []quad.Quad{
		{Subject: ex("a"), Predicate: quad.IRI(schemaNS + "name"), Object: quad.String("A")},
		{Subject: ex("b"), Predicate: quad.IRI(schemaNS + "name"), Object: quad.LangString{Value: "B", Lang: "en"}},
	}
	i := 0
	next := rdf.ReaderFunc(func() (quad.Quad, error) {
		if i == len(qs) {
			return quad.Quad{}, io.EOF
		}
		i++
		return qs[i-1], nil
	})
	if _, err := st.Import(ctx, next, graph.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	vals := []quad.Value{ex("a"), quad.IRI(schemaNS + "name"), quad.String("A"), ex("b"), quad.LangString{Value: "B", Lang: "en"}}
	var refs []cgraph.Ref
	for _, v := range vals {
		r, err := s.qs.ValueOf(v)
		if err != nil || r == nil {
			t.Fatalf("ValueOf(%v) = %v, %v", v, r, err)
		}
		refs = append(refs, r)
	}
	n := newNamesQS(s.gq)
	for round := 0; round < 2; round++ { // misses, then hits
		for j, r := range refs {
			if got, err := n.NameOf(r); err != nil || got != vals[j] {
				t.Fatalf("round %d: NameOf = %v, %v; want %v", round, got, err, vals[j])
			}
		}
	}
	n.reset()
	if len(n.names) != 0 {
		t.Fatalf("reset left %d values", len(n.names))
	}
	// a batch with a hit, misses and a nil
	if _, err := n.NameOf(refs[1]); err != nil {
		t.Fatal(err)
	}
	got, err := n.ValuesOf(ctx, append([]cgraph.Ref{nil}, refs...))
	if err != nil {
		t.Fatal(err)
	}
	if got[0] != nil {
		t.Errorf("ValuesOf(nil) = %v", got[0])
	}
	for j, v := range vals {
		if got[j+1] != v {
			t.Errorf("ValuesOf[%d] = %v, want %v", j, got[j+1], v)
		}
	}
	if len(n.names) != len(vals) {
		t.Errorf("remembered %d values, want %d", len(n.names), len(vals))
	}
}
