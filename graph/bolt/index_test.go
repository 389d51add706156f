package bolt_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	_ "github.com/cayleygraph/cayley/graph/kv/bbolt" // Cayley's own bbolt backend, to read medkg's store as Cayley does
	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/rdf"
)

// TestIndexIgnoredByCayley: Cayley's own bbolt backend opens a store that has medkg's
// maintained index beside its buckets, and reads exactly the quads medkg reads.
func TestIndexIgnoredByCayley(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "store")
	name := quad.IRI("https://schema.org/name")
	spec := graph.IndexSpec{Names: []quad.IRI{name}, Type: quad.IRI("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")}
	st, err := graph.Open(ctx, graph.Options{Path: dir, Index: &spec})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	data := `<https://example.org/acme> <https://schema.org/name> "Acme" .
<https://example.org/acme> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/Organization> .
<https://example.org/g> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/NewsArticle> <https://example.org/g> .
`
	if _, err := st.Import(ctx, rdf.NewNQuadsReader(strings.NewReader(data)), graph.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := st.NameEntries(ctx, func(graph.NameEntry) error { n++; return nil }); err != nil || n != 1 {
		t.Fatalf("NameEntries: %d entries, %v; want 1: the test would prove nothing", n, err)
	}
	var want []string
	if err := st.AllQuads(ctx, func(q quad.Quad) error { want = append(want, q.NQuad()); return nil }); err != nil {
		t.Fatal(err)
	}
	st.Close()

	qs, err := cgraph.NewQuadStore("bbolt", dir, nil)
	if err != nil {
		t.Fatalf("Cayley cannot open the store: %v", err)
	}
	defer qs.Close()
	var got []string
	it := qs.QuadsAllIterator().Iterate()
	defer it.Close()
	for it.Next(ctx) {
		q, err := qs.Quad(it.Result())
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, q.NQuad())
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) || len(want) != 3 {
		t.Errorf("Cayley reads\n%s\nmedkg reads\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
