package graphtest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/rdf"
)

// The bulk path (graph.BulkImporter): an import into an empty store that a backend writes
// all at once must leave the store as the transaction-by-transaction path does, and every
// later write must work on it as on the other. On a backend without one, both imports take
// the same path and the test checks that path against itself.

// bulkCorpus is an import with what the bulk writer numbers and counts: blank nodes,
// literals with language tags and datatypes, several named graphs, names and types for the
// index, a quad whose subject is its object, and quads given twice (in the same batch and
// far apart) and the same triple in several graphs.
func bulkCorpus() []quad.Quad {
	g1, g2 := ex("g1"), ex("g2")
	var qs []quad.Quad
	for i := range 40 {
		s := ex(fmt.Sprintf("org%d", i))
		qs = append(qs,
			quad.Quad{Subject: s, Predicate: tRDFType, Object: tOrg},
			quad.Quad{Subject: s, Predicate: tName, Object: quad.LangString{Value: quad.String(fmt.Sprintf("Org %d", i)), Lang: "en"}},
			quad.Quad{Subject: s, Predicate: tAltName, Object: quad.String(fmt.Sprintf("O%d", i))},
			quad.Quad{Subject: s, Predicate: tMention, Object: quad.BNode(fmt.Sprintf("b%d", i%7)), Label: g1},
			quad.Quad{Subject: quad.BNode(fmt.Sprintf("b%d", i%7)), Predicate: tName, Object: quad.TypedString{Value: quad.String(fmt.Sprint(i)), Type: "http://www.w3.org/2001/XMLSchema#integer"}, Label: g2},
			quad.Quad{Subject: g1, Predicate: tRDFType, Object: tOrg, Label: g1},
		)
		if i%3 == 0 {
			qs = append(qs, qs[len(qs)-5]) // the same quad again, in the same batch
		}
	}
	qs = append(qs,
		quad.Quad{Subject: ex("self"), Predicate: tQuotedFrom, Object: ex("self"), Label: g2},
		quad.Quad{Subject: ex("org1"), Predicate: tName, Object: quad.LangString{Value: "Org 1", Lang: "en"}, Label: g1},
		quad.Quad{Subject: ex("org1"), Predicate: tName, Object: quad.LangString{Value: "Org 1", Lang: "en"}, Label: g2},
	)
	// A source, which a removal takes away with its shared facts, and a quad about one of
	// its nodes that stays.
	own, shared := source(ex("g4"), claimPerSource, fAcmeFounder, fAcmeName, fAcmeDate)
	qs = append(qs, own...)
	qs = append(qs, shared...)
	qs = append(qs, quad.Quad{Subject: ex("acme"), Predicate: tAltName, Object: quad.String("ACME")})
	return append(qs, qs[:10]...) // far apart: in another batch
}

// testBulkImportMatchesNormal: a bulk import and a transaction-by-transaction one of the same
// quads give the same store and the same index; the index of the bulk one is exact; and
// after the same later writes (a replace, an import, a removal) the two stores still agree.
func testBulkImportMatchesNormal(t *testing.T, b Backend) {
	ctx := context.Background()
	normal, indexed := b.openIndexed(t)
	bulk, _ := b.openIndexed(t)
	_, hasBulk := graph.BackendOf(bulk).(graph.BulkImporter)
	qs := bulkCorpus()
	for _, tc := range []struct {
		st     *graph.Store
		noBulk bool
	}{{normal, true}, {bulk, false}} {
		n, err := tc.st.Import(ctx, feed(qs, nil), graph.ImportOptions{Batch: 16, Commit: 32, NoBulk: tc.noBulk})
		if err != nil || n != len(qs) {
			t.Fatalf("import (NoBulk %v): %d, %v; want %d quads read", tc.noBulk, n, err, len(qs))
		}
	}
	same := func(when string) {
		t.Helper()
		if diff := diffLines(dump(t, bulk), dump(t, normal)); diff != "" {
			t.Fatalf("%s: the bulk store differs from the other:\n%s", when, diff)
		}
		if a, b := size(t, bulk), size(t, normal); a != b {
			t.Fatalf("%s: size %d, the other %d", when, a, b)
		}
		if !indexed {
			return
		}
		// Graph counts go stale when a batch repeats a stored quad (the other path's first
		// import, and the later import on both); GraphCounts then refuses them. The bulk
		// path's never do, since it drops repeats before counting.
		bn, bt := namesAndTypes(t, bulk)
		nn, nt := namesAndTypes(t, normal)
		for _, d := range [][3]any{{"names", bn, nn}, {"types", bt, nt}} {
			if diff := diffLines(d[1].([]string), d[2].([]string)); diff != "" {
				t.Errorf("%s: index %s differ:\n%s", when, d[0], diff)
			}
		}
		if bulk.IndexState(ctx) == nil {
			assertIndex(t, bulk, when+" (bulk)")
			if normal.IndexState(ctx) == nil {
				_, _, bc := indexDump(t, bulk)
				_, _, nc := indexDump(t, normal)
				if diff := diffLines(bc, nc); diff != "" {
					t.Errorf("%s: graph counts differ:\n%s", when, diff)
				}
			}
		}
	}
	same("after the import")
	if indexed && hasBulk {
		if err := bulk.IndexState(ctx); err != nil {
			t.Errorf("index of the bulk import: %v, want exact", err)
		}
	}
	ns := map[string]string{"schema": schemaNS, "ex": exNS}
	for _, script := range []string{
		`g.V(g.IRI("ex:org1")).out(g.IRI("schema:name")).all()`,
		`g.emit(g.V().has(g.IRI("rdf:type"), g.IRI("schema:Organization")).count())`,
		`g.V().in(g.IRI("schema:mentions")).tag("who").all()`,
	} {
		ns["rdf"] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
		a, err1 := bulk.Gizmo(ctx, script, graph.GizmoOptions{Namespaces: ns})
		c, err2 := normal.Gizmo(ctx, script, graph.GizmoOptions{Namespaces: ns})
		if err1 != nil || err2 != nil || fmt.Sprint(rowSet(a)) != fmt.Sprint(rowSet(c)) || len(a) == 0 {
			t.Errorf("%s: bulk %v (%v), other %v (%v)", script, rowSet(a), err1, rowSet(c), err2)
		}
	}

	// The same later writes on both: a removal first, which relies on the reference counts
	// the import wrote, before any other write adds to them.
	for _, st := range []*graph.Store{normal, bulk} {
		if c := replace(t, st, ex("g4"), nil, nil); c.SharedRemoved != 3 {
			t.Fatalf("removing g4: %+v, want its 3 shared facts removed", c)
		}
	}
	same("after removing a source")

	own, shared := source(ex("g3"), claimPerSource, fAcmeFounder, fAcmeName)
	more := append(qs[5:30:30], quad.Quad{Subject: ex("late"), Predicate: tName, Object: quad.String("Late")})
	for _, st := range []*graph.Store{normal, bulk} {
		replace(t, st, ex("g3"), own, shared)
		if _, err := st.Import(ctx, feed(more, nil), graph.ImportOptions{Batch: 7}); err != nil {
			t.Fatal(err)
		}
	}
	same("after a replace and an import")
	for _, st := range []*graph.Store{normal, bulk} {
		replace(t, st, ex("g3"), nil, nil)
		replace(t, st, ex("g1"), nil, nil)
	}
	same("after removals")
	bulk = b.reopen(t, bulk, true)
	normal = b.reopen(t, normal, true)
	same("reopened")
}

// rowSet is Gizmo rows as sorted text, for comparing answers whose order may differ.
func rowSet(rows []graph.Row) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = fmt.Sprint(r.Tags, r.Emitted)
	}
	slices.Sort(out)
	return out
}

// testBulkImportAllOrNothing: a bulk import that fails or is cancelled part way leaves the
// store empty and usable.
func testBulkImportAllOrNothing(t *testing.T, b Backend) {
	st := b.open(t)
	if _, ok := graph.BackendOf(st).(graph.BulkImporter); !ok {
		t.Skip(b.Name + " has no bulk path")
	}
	qs := bulkCorpus()
	ctx, cancel := context.WithCancel(context.Background())
	i := 0
	cancelling := rdf.ReaderFunc(func() (quad.Quad, error) {
		if i == 100 {
			cancel()
		}
		if i == len(qs) {
			return quad.Quad{}, errors.New("unreachable")
		}
		i++
		return qs[i-1], nil
	})
	n, err := st.Import(ctx, cancelling, graph.ImportOptions{})
	if !errors.Is(err, context.Canceled) || n != 0 || size(t, st) != 0 {
		t.Fatalf("cancelled bulk import: n=%d size=%d err=%v; want 0, 0, context.Canceled", n, size(t, st), err)
	}
	if _, err := st.Import(context.Background(), feed(qs, errors.New("bad line")), graph.ImportOptions{}); err == nil || size(t, st) != 0 {
		t.Fatalf("failing bulk import: size %d, err %v; want 0 and the error", size(t, st), err)
	}
	st = b.reopen(t, st, false)
	assertStore(t, st, nil)
	if _, err := st.Import(context.Background(), feed(qs, nil), graph.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	assertStore(t, st, lines(qs))
}

// namesAndTypes is indexDump without the graph counts, which a stale index refuses.
func namesAndTypes(t *testing.T, st *graph.Store) (names, types []string) {
	t.Helper()
	ctx := context.Background()
	if err := st.NameEntries(ctx, func(e graph.NameEntry) error {
		names = append(names, fmt.Sprintf("%s %s %q", e.Subject, e.Predicate, e.Text))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := st.TypeEntries(ctx, func(e graph.TypeEntry) error {
		types = append(types, fmt.Sprintf("%s %s %s", e.Type, e.Graph, e.Subject))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	slices.Sort(types)
	return names, types
}
