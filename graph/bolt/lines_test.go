package bolt

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/graphtest"
	"github.com/medkg/medkg/rdf"
)

// linesOf reads the store's lines through AllNQuadLines, sorted.
func linesOf(t *testing.T, s *store) []string {
	t.Helper()
	var got []string
	done, err := s.AllNQuadLines(context.Background(), func(b []byte) error {
		got = append(got, string(b))
		return nil
	})
	if err != nil || !done {
		t.Fatalf("AllNQuadLines: done %v, %v", done, err)
	}
	slices.Sort(got)
	return got
}

// wantLines is what Export wrote before AllNQuadLines: AllQuads through rdf.NQuadLine.
func wantLines(t *testing.T, s *store) []string {
	t.Helper()
	var want []string
	if err := s.AllQuads(context.Background(), func(q quad.Quad) error {
		want = append(want, rdf.NQuadLine(q))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(want)
	return want
}

// TestAllNQuadLinesMatchesAllQuads: the log read gives the lines of Cayley's quads, byte for
// byte, for every kind of term, with and without labels, after deletes (deleted quads stay
// in the log, flagged), and with a term cache too small to hold the nodes (look-ups by key).
func TestAllNQuadLinesMatchesAllQuads(t *testing.T) {
	st := openBoltAt(t, t.TempDir())
	graphtest.Seed(t, st)
	s := graph.BackendOf(st).(*store)
	ex := func(l string) quad.IRI { return quad.IRI("http://example.org/" + l) }
	qs := []quad.Quad{
		{Subject: ex("a"), Predicate: ex("p"), Object: quad.String("plain \"quoted\"\n\ttab ünï")},
		{Subject: quad.BNode("b1"), Predicate: ex("p"), Object: quad.LangString{Value: "x", Lang: "en-GB"}},
		{Subject: ex("a"), Predicate: ex("p"), Object: quad.TypedString{Value: "007", Type: "http://www.w3.org/2001/XMLSchema#integer"}, Label: ex("g")},
		{Subject: ex("a"), Predicate: ex("q"), Object: ex("c"), Label: quad.BNode("g2")},
		{Subject: ex("gone"), Predicate: ex("p"), Object: ex("c")},
	}
	if err := s.Apply(context.Background(), func() ([]quad.Quad, []quad.Quad, error) { return qs, nil, nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.Apply(context.Background(), func() ([]quad.Quad, []quad.Quad, error) { return nil, qs[4:], nil }); err != nil {
		t.Fatal(err)
	}
	want := wantLines(t, s)
	if len(want) < len(qs)+5 {
		t.Fatalf("only %d quads: the seeds did not load", len(want))
	}
	if got := linesOf(t, s); !slices.Equal(got, want) {
		t.Errorf("AllNQuadLines differs from AllQuads:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, l := range want {
		if strings.Contains(l, "gone") {
			t.Errorf("deleted quad exported: %s", l)
		}
	}
	old := termCacheMax
	termCacheMax = 2
	defer func() { termCacheMax = old }()
	if got := linesOf(t, s); !slices.Equal(got, want) {
		t.Errorf("with a cache of 2 terms, AllNQuadLines differs from AllQuads")
	}
}

// TestAllNQuadLinesRefuses: a quad with an IRI export cannot write gets
// graph.CheckExportQuad's error, as it did through AllQuads.
func TestAllNQuadLinesRefuses(t *testing.T) {
	st := openBoltAt(t, t.TempDir())
	s := graph.BackendOf(st).(*store)
	bad := quad.Quad{Subject: quad.IRI("http://example.org/a b"), Predicate: quad.IRI("http://example.org/p"), Object: quad.String("x")}
	if err := s.Apply(context.Background(), func() ([]quad.Quad, []quad.Quad, error) { return []quad.Quad{bad}, nil, nil }); err != nil {
		t.Fatal(err)
	}
	want := graph.CheckExportQuad(bad)
	if want == nil {
		t.Fatal("CheckExportQuad accepted an IRI with a space")
	}
	_, err := s.AllNQuadLines(context.Background(), func([]byte) error { return nil })
	if err == nil || err.Error() != want.Error() {
		t.Errorf("AllNQuadLines: %v, want %v", err, want)
	}
	var buf bytes.Buffer
	if _, err := st.Export(context.Background(), &buf, graph.ExportOptions{}); err == nil || err.Error() != want.Error() {
		t.Errorf("Export: %v, want %v", err, want)
	}
}

// TestDecodePrimitiveDamaged: a damaged log entry is an error, not a quad.
func TestDecodePrimitiveDamaged(t *testing.T) {
	for _, b := range [][]byte{{0x10}, {0x42, 0x05, 'a'}, {0xff}} {
		if _, err := decodePrimitive(b); err == nil {
			t.Errorf("decodePrimitive(%x) accepted a damaged entry", b)
		}
	}
}
