package graphtest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/rdf"
)

// The maintained index (graph.Indexer): on a backend that keeps one, it equals what the
// quads say after every kind of write; on one that keeps none, every call says ErrNoIndex.

var (
	tAltName = quad.IRI(schemaNS + "alternateName")
	tMention = quad.IRI(schemaNS + "mentions")
	tOrg     = quad.IRI(schemaNS + "Organization")
	testSpec = graph.IndexSpec{Names: []quad.IRI{tName, tAltName}, Type: tRDFType, Counted: []quad.IRI{tMention, tQuotedFrom},
		SelfTypes: []quad.IRI{tNewsArticle}, NameKey: strings.ToLower, NameKeyID: "lower"}
)

// openIndexed opens a new store of the test's own with the test's index spec; ok is false
// (and the test has checked that the store says so) on a backend that keeps no index.
func (b Backend) openIndexed(t *testing.T) (st *graph.Store, ok bool) {
	t.Helper()
	o := b.NewOptions(t)
	spec := testSpec
	o.Index = &spec
	st = b.openWith(t, o)
	err := st.IndexState(context.Background())
	if errors.Is(err, graph.ErrNoIndex) {
		if err := st.NameEntries(context.Background(), func(graph.NameEntry) error { return nil }); !errors.Is(err, graph.ErrNoIndex) {
			t.Errorf("NameEntries on a store without an index = %v, want ErrNoIndex", err)
		}
		if err := st.Reindex(context.Background(), testSpec); !errors.Is(err, graph.ErrNoIndex) {
			t.Errorf("Reindex on a backend without an index = %v, want ErrNoIndex", err)
		}
		return st, false
	}
	if err != nil {
		t.Fatalf("IndexState of a new store: %v", err)
	}
	return st, true
}

// indexDump is the maintained index as text, each part sorted.
func indexDump(t *testing.T, st *graph.Store) (names, types, counts []string) {
	t.Helper()
	ctx := context.Background()
	var keys []string
	if err := st.NameEntries(ctx, func(e graph.NameEntry) error {
		names = append(names, fmt.Sprintf("%q %s %s %q", e.Key, e.Subject, e.Predicate, e.Text))
		keys = append(keys, e.Key)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !slices.IsSorted(keys) {
		t.Errorf("NameEntries not in order of key: %q", keys)
	}
	var distinct []string
	if err := st.NameKeys(ctx, func(k string) error {
		distinct = append(distinct, k)
		var of []string
		if err := st.NameEntriesOf(ctx, []string{k}, func(e graph.NameEntry) error {
			of = append(of, fmt.Sprintf("%q %s %s %q", e.Key, e.Subject, e.Predicate, e.Text))
			return nil
		}); err != nil {
			return err
		}
		for _, n := range of {
			if !slices.Contains(names, n) {
				t.Errorf("NameEntriesOf(%q) gave %s, not a name entry", k, n)
			}
		}
		if want := countKey(keys, k); len(of) != want {
			t.Errorf("NameEntriesOf(%q): %d entries, NameEntries has %d", k, len(of), want)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if want := slices.Compact(slices.Clone(keys)); !slices.Equal(distinct, want) {
		t.Errorf("NameKeys = %q, want the distinct keys of the names %q", distinct, want)
	}
	tc := map[quad.IRI]int64{}
	if err := st.TypeCounts(ctx, func(typ quad.IRI, n int64) error {
		tc[typ] = n
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	fromSet := map[quad.IRI]int64{}
	if err := st.TypeEntries(ctx, func(e graph.TypeEntry) error {
		types = append(types, fmt.Sprintf("%s %s %s", e.Type, e.Graph, e.Subject))
		if e.Graph == "" {
			fromSet[e.Type]++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(tc) != fmt.Sprint(fromSet) {
		t.Errorf("TypeCounts = %v, the type entries count %v", tc, fromSet)
	}
	for typ, n := range fromSet {
		var of int64
		if err := st.TypeEntriesOf(ctx, typ, func(e graph.TypeEntry) error {
			if e.Type != typ {
				t.Errorf("TypeEntriesOf(%s) gave %s", typ, e.Type)
			}
			if e.Graph == "" {
				of++
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if of != n {
			t.Errorf("TypeEntriesOf(%s): %d in the default graph, want %d", typ, of, n)
		}
	}
	if err := st.GraphCounts(ctx, func(c graph.GraphCount) error {
		n, ok := c.SelfTyped[tNewsArticle]
		if !ok {
			t.Errorf("GraphCount of %s has no count of its own node's type %s", c.Graph, tNewsArticle)
		}
		counts = append(counts, fmt.Sprintf("%s %d %d %d %d", c.Graph, c.Quads, c.Counted[tMention], c.Counted[tQuotedFrom], n))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	slices.Sort(types)
	slices.Sort(counts)
	return
}

// expected is the index computed the plain way from every quad in the store.
func expected(t *testing.T, st *graph.Store) (names, types, counts []string) {
	t.Helper()
	per := map[quad.IRI][4]int{}
	if err := st.AllQuads(context.Background(), func(q quad.Quad) error {
		s, sOK := q.Subject.(quad.IRI)
		l, lOK := q.Label.(quad.IRI)
		if q.Label == nil && sOK && (q.Predicate == tName || q.Predicate == tAltName) {
			text := rdf.Lexical(q.Object)
			names = append(names, fmt.Sprintf("%q %s %s %q", strings.ToLower(text), s, q.Predicate, text))
		}
		if o, ok := q.Object.(quad.IRI); ok && sOK && q.Predicate == tRDFType && (q.Label == nil || lOK && l == s) {
			types = append(types, fmt.Sprintf("%s %s %s", o, l, s))
		}
		if lOK {
			c := per[l]
			c[0]++
			if q.Predicate == tMention {
				c[1]++
			}
			if q.Predicate == tQuotedFrom {
				c[2]++
			}
			if q.Predicate == tRDFType && q.Object == tNewsArticle && q.Subject == q.Label {
				c[3]++
			}
			per[l] = c
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for g, c := range per {
		counts = append(counts, fmt.Sprintf("%s %d %d %d %d", g, c[0], c[1], c[2], c[3]))
	}
	slices.Sort(names)
	slices.Sort(types)
	slices.Sort(counts)
	return
}

func assertIndex(t *testing.T, st *graph.Store, when string) {
	t.Helper()
	gn, gt, gc := indexDump(t, st)
	wn, wt, wc := expected(t, st)
	for _, d := range []struct {
		what      string
		got, want []string
	}{{"names", gn, wn}, {"types", gt, wt}, {"counts", gc, wc}} {
		if diff := diffLines(d.got, d.want); diff != "" {
			t.Errorf("%s: index %s differ from the quads:\n%s", when, d.what, diff)
		}
	}
}

// testIndexFollowsWrites: after every kind of write (Replace adding, shrinking, removing; a
// source stated twice; Import), the maintained index equals what the quads say.
func testIndexFollowsWrites(t *testing.T, b Backend) {
	ctx := context.Background()
	st, ok := b.openIndexed(t)
	if !ok {
		return
	}
	assertIndex(t, st, "new store")
	name := fact{ex("acme"), tName, quad.String("Acme")}
	alias := fact{ex("acme"), tAltName, quad.String("ACME Corp")}
	typ := fact{ex("acme"), tRDFType, tOrg}
	bobName := fact{ex("bobco"), tName, quad.LangString{Value: "Bob", Lang: "en"}}
	mention := func(label quad.IRI) quad.Quad {
		return quad.Quad{Subject: label, Predicate: tMention, Object: ex("acme"), Label: label}
	}
	own, shared := source(article("a1"), claimPerSource, name, alias, typ, fAcmeFounder)
	replace(t, st, article("a1"), append(own, mention(article("a1"))), shared)
	assertIndex(t, st, "a1 loaded")
	bobAlias := fact{ex("bobco"), tAltName, quad.String("ACME")} // the key "acme" of Acme's name too
	load(t, st, article("a2"), claimPerSource, name, bobName, bobAlias, fBobFounder)
	assertIndex(t, st, "a2 loaded (shares a1's name)")
	load(t, st, article("a1"), claimPerSource, name)
	assertIndex(t, st, "a1 shrunk")
	replace(t, st, article("a2"), nil, nil)
	assertIndex(t, st, "a2 removed")
	replace(t, st, article("a1"), nil, nil) // the name both stated (counted once) goes
	assertIndex(t, st, "a1 removed")
	if _, err := st.Import(ctx, feed([]quad.Quad{
		quad.Quad{Subject: ex("c"), Predicate: tName, Object: quad.String("C"), Label: nil},
		quad.Quad{Subject: ex("c"), Predicate: tRDFType, Object: tOrg},
		quad.Quad{Subject: ex("g"), Predicate: tRDFType, Object: tNewsArticle, Label: ex("g")},
		quad.Quad{Subject: ex("x"), Predicate: tMention, Object: ex("c"), Label: ex("g")},
		quad.Quad{Subject: ex("x"), Predicate: tMention, Object: ex("c"), Label: ex("g")}, // twice in one file
	}, nil), graph.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	assertIndex(t, st, "import")
	if err := st.IndexState(ctx); err != nil {
		t.Fatalf("IndexState after exact writes: %v", err)
	}
}

// testIndexStaleAndReindex: importing quads the store already has cannot be counted per
// graph, so the counts are marked stale (names and types stay right); Reindex recounts. A
// store written without an index has none until Reindex.
func testIndexStaleAndReindex(t *testing.T, b Backend) {
	ctx := context.Background()
	st, ok := b.openIndexed(t)
	if !ok {
		return
	}
	data := []quad.Quad{
		{Subject: ex("g"), Predicate: tRDFType, Object: tNewsArticle, Label: ex("g")},
		{Subject: ex("x"), Predicate: tMention, Object: ex("c"), Label: ex("g")},
		{Subject: ex("c"), Predicate: tName, Object: quad.String("C")},
	}
	for i := 0; i < 2; i++ {
		if _, err := st.Import(ctx, feed(data, nil), graph.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.IndexState(ctx); !errors.Is(err, graph.ErrIndexStale) {
		t.Fatalf("IndexState after a repeated import = %v, want graph.ErrIndexStale", err)
	}
	if err := st.GraphCounts(ctx, func(graph.GraphCount) error { return nil }); !errors.Is(err, graph.ErrIndexStale) {
		t.Fatalf("GraphCounts = %v, want graph.ErrIndexStale", err)
	}
	if err := st.Reindex(ctx, testSpec); err != nil {
		t.Fatal(err)
	}
	assertIndex(t, st, "reindexed")
	st.Close()

	// A store written with no index (an older medkg): opening it with a spec adds none.
	o := b.NewOptions(t)
	st = b.openWith(t, o)
	if _, err := st.Import(ctx, feed(data, nil), graph.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	spec := testSpec
	o.Index = &spec
	st = b.openWith(t, o)
	if err := st.IndexState(ctx); !errors.Is(err, graph.ErrNoIndex) {
		t.Fatalf("IndexState of an old store = %v, want ErrNoIndex", err)
	}
	if err := st.NameEntries(ctx, func(graph.NameEntry) error { return nil }); !errors.Is(err, graph.ErrNoIndex) {
		t.Fatalf("NameEntries of an old store = %v, want ErrNoIndex", err)
	}
	if err := st.Reindex(ctx, testSpec); err != nil {
		t.Fatal(err)
	}
	assertIndex(t, st, "old store reindexed")
}

func countKey(keys []string, k string) int {
	n := 0
	for _, x := range keys {
		if x == k {
			n++
		}
	}
	return n
}
