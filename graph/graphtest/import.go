package graphtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/rdf"

	"github.com/medkg/medkg/graph"
)

// TestImportCommitsAndResumes pins what Import's periodic commits mean: an error after some
// commits leaves exactly the committed quads, says so with ErrPartialImport, and importing
// the same quads again completes the store. Into an empty store, a backend's bulk path
// (graph.BulkImporter) writes all or nothing instead: NoBulk keeps the first import on the
// periodic path, and the bulk path's failure leaves the store empty.
func testImportCommitsAndResumes(t *testing.T, b Backend) {
	var qs []quad.Quad
	for i := 0; i < 250; i++ {
		qs = append(qs, quad.Quad{Subject: quad.IRI(fmt.Sprintf("https://example.org/s%d", i)), Predicate: quad.IRI("https://schema.org/name"), Object: quad.String(fmt.Sprint(i))})
	}
	feed := func(failAt int) rdf.ReaderFunc {
		i := 0
		return func() (quad.Quad, error) {
			if i == failAt {
				return quad.Quad{}, errors.New("disk on fire")
			}
			if i == len(qs) {
				return quad.Quad{}, io.EOF
			}
			i++
			return qs[i-1], nil
		}
	}
	st := b.open(t)
	ctx := context.Background()
	size := func() int64 {
		n, err := st.Size(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	if _, bulk := graph.BackendOf(st).(graph.BulkImporter); bulk {
		n, err := st.Import(ctx, feed(230), graph.ImportOptions{Batch: 50, Commit: 100})
		if err == nil || errors.Is(err, graph.ErrPartialImport) || n != 0 || size() != 0 {
			t.Fatalf("bulk import failing after 230 quads: n=%d size=%d err=%v; want 0, 0, a plain error", n, size(), err)
		}
	}
	n, err := st.Import(ctx, feed(230), graph.ImportOptions{Batch: 50, Commit: 100, NoBulk: true})
	if !errors.Is(err, graph.ErrPartialImport) || n != 200 || size() != 200 {
		t.Fatalf("failure after two commits: n=%d size=%d err=%v; want 200, 200, ErrPartialImport", n, size(), err)
	}
	n, err = st.Import(ctx, feed(-1), graph.ImportOptions{Batch: 50, Commit: 100})
	if err != nil || n != 250 || size() != 250 {
		t.Fatalf("import again: n=%d size=%d err=%v; want 250, 250, nil", n, size(), err)
	}

	// One transaction: all or nothing.
	st2 := b.open(t)
	if _, err := st2.Import(ctx, feed(230), graph.ImportOptions{Batch: 50, Commit: -1}); err == nil || errors.Is(err, graph.ErrPartialImport) {
		t.Fatalf("one transaction: err=%v, want a plain error", err)
	}
	if n, _ := st2.Size(ctx); n != 0 {
		t.Fatalf("one transaction that failed left %d quads", n)
	}

	// Bad quads are refused unless a checked reader read them.
	bad := []quad.Quad{{Subject: quad.IRI("no scheme"), Predicate: quad.IRI("https://schema.org/name"), Object: quad.String("x")}}
	next := rdf.ReaderFunc(func() (quad.Quad, error) {
		if len(bad) == 0 {
			return quad.Quad{}, io.EOF
		}
		q := bad[0]
		bad = bad[1:]
		return q, nil
	})
	if _, err := st2.Import(ctx, next, graph.ImportOptions{}); err == nil {
		t.Fatal("an invalid IRI was imported")
	}
}
