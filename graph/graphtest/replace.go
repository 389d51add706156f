package graphtest

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph"
)

var scopes = []struct {
	name  string
	scope claimScope
}{
	{"claim-per-fact", claimPerFact},
	{"claim-per-source", claimPerSource},
}

// graphLines returns Graph(label) as sorted N-Quads lines, failing on duplicates.
func graphLines(t *testing.T, st *graph.Store, label quad.IRI) []string {
	t.Helper()
	qs, err := st.Graph(context.Background(), label)
	if err != nil {
		t.Fatalf("Graph(%s): %v", label, err)
	}
	got := lines(qs)
	if len(got) != len(qs) {
		t.Errorf("Graph(%s) returned %d quads but only %d distinct", label, len(qs), len(got))
	}
	return got
}

func assertGraph(t *testing.T, st *graph.Store, label quad.IRI, own []quad.Quad) {
	t.Helper()
	if d := diffLines(graphLines(t, st, label), lines(own)); d != "" {
		t.Errorf("Graph(%s) differs from its own quads:%s", label, d)
	}
}

// quadsAbout returns the quads with v as subject.
func quadsAbout(t *testing.T, st *graph.Store, v quad.Value) []string {
	t.Helper()
	var out []quad.Quad
	if err := st.Quads(context.Background(), quad.Subject, v, func(q quad.Quad) error {
		out = append(out, q)
		return nil
	}); err != nil {
		t.Fatalf("Quads(subject %s): %v", v, err)
	}
	return lines(out)
}

func testReplaceFirstLoadThenUnchanged(t *testing.T, b Backend) {
	cases := []struct {
		name  string
		facts []fact
	}{
		{"article only", nil},
		{"one IRI fact", []fact{fAcmeFounder}},
		{"literal facts", []fact{fAcmeName, fAcmeDate, fAcmeStaff}},
		{"mixed facts", []fact{fAcmeFounder, fAcmeName, fAcmeDate, fAcmeStaff, fAcmeWhere, fBobFounder}},
	}
	for _, sc := range scopes {
		for _, tc := range cases {
			t.Run(sc.name+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				st := b.open(t)
				label := article("a1")
				own, shared := source(label, sc.scope, tc.facts...)

				ch := replace(t, st, label, own, shared)
				want := graph.Change{OwnAdded: 1 + 4*len(tc.facts), SharedAdded: len(tc.facts)}
				if ch != want {
					t.Errorf("first Replace: %+v, want %+v", ch, want)
				}
				if ch.Unchanged() {
					t.Error("first Replace reports Unchanged")
				}
				assertStore(t, st, lines(own, shared))
				assertGraph(t, st, label, own)
				before := export(t, st, graph.ExportOptions{})

				ch = replace(t, st, label, own, shared)
				if !ch.Unchanged() {
					t.Errorf("second identical Replace: %+v, want unchanged", ch)
				}
				assertStore(t, st, lines(own, shared))
				if after := export(t, st, graph.ExportOptions{}); !bytes.Equal(before, after) {
					t.Errorf("export changed after an unchanged Replace:\nbefore:\n%s\nafter:\n%s", before, after)
				}

				// The same holds across a reopen, which drops Cayley's caches.
				if err := st.Close(); err != nil {
					t.Fatal(err)
				}
				st = b.reopen(t, st, false)
				if ch := replace(t, st, label, own, shared); !ch.Unchanged() {
					t.Errorf("identical Replace after reopen: %+v, want unchanged", ch)
				}
				if after := export(t, st, graph.ExportOptions{}); !bytes.Equal(before, after) {
					t.Errorf("export changed after reopen:\nbefore:\n%s\nafter:\n%s", before, after)
				}
			})
		}
	}
}

// reload is a source loaded with before, then replaced by one with after; want is the
// second Replace's Change.
type reload struct {
	name          string
	before, after []fact
	want          graph.Change
}

// runReloads runs each case under both claim scopes as a parallel subtest with a store of its
// own: it loads before, replaces it with after, checks the Change, the store and the
// source's graph, then leaves the case's own checks to then.
func runReloads(t *testing.T, b Backend, cases []reload, then func(t *testing.T, st *graph.Store, scope claimScope, tc reload)) {
	for _, sc := range scopes {
		for _, tc := range cases {
			t.Run(sc.name+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				st := b.open(t)
				label := article("a1")
				load(t, st, label, sc.scope, tc.before...)
				own, shared := source(label, sc.scope, tc.after...)
				if ch := replace(t, st, label, own, shared); ch != tc.want {
					t.Errorf("Replace: %+v, want %+v", ch, tc.want)
				}
				assertStore(t, st, lines(own, shared))
				assertGraph(t, st, label, own)
				then(t, st, sc.scope, tc)
			})
		}
	}
}

func testReplaceChangesFacts(t *testing.T, b Backend) {
	cases := []reload{
		{
			name:   "one fact fewer",
			before: []fact{fAcmeFounder, fAcmeName, fAcmeWhere},
			after:  []fact{fAcmeFounder, fAcmeWhere},
			want:   graph.Change{OwnRemoved: 4, SharedRemoved: 1},
		},
		{
			name:   "one literal fact fewer",
			before: []fact{fAcmeFounder, fAcmeDate, fAcmeStaff},
			after:  []fact{fAcmeFounder, fAcmeStaff},
			want:   graph.Change{OwnRemoved: 4, SharedRemoved: 1},
		},
		{
			name:   "one fact more",
			before: []fact{fAcmeFounder},
			after:  []fact{fAcmeFounder, fAcmeStaff},
			want:   graph.Change{OwnAdded: 4, SharedAdded: 1},
		},
		{
			name:   "one fact swapped for another",
			before: []fact{fAcmeFounder, fAcmeName},
			after:  []fact{fAcmeFounder, fAcmeWhere},
			want:   graph.Change{OwnAdded: 4, OwnRemoved: 4, SharedAdded: 1, SharedRemoved: 1},
		},
		{
			name:   "every fact dropped, article kept",
			before: []fact{fAcmeFounder, fAcmeName, fAcmeDate},
			after:  nil,
			want:   graph.Change{OwnRemoved: 12, SharedRemoved: 3},
		},
		{
			name:   "facts from nothing",
			before: nil,
			after:  []fact{fAcmeFounder, fAcmeDate},
			want:   graph.Change{OwnAdded: 8, SharedAdded: 2},
		},
	}
	runReloads(t, b, cases, func(t *testing.T, st *graph.Store, scope claimScope, tc reload) {
		label := article("a1")
		kept := map[fact]bool{}
		for _, f := range tc.after {
			kept[f] = true
		}
		for _, f := range tc.before {
			if kept[f] {
				continue
			}
			if got := quadsAbout(t, st, claimIRI(scope, label, f)); len(got) != 0 {
				t.Errorf("claim of dropped fact %s still has quads: %q", f, got)
			}
		}
		own, shared := source(label, scope, tc.after...)
		if ch := replace(t, st, label, own, shared); !ch.Unchanged() {
			t.Errorf("Replace again: %+v, want unchanged", ch)
		}
	})
}

// TestReplaceMixedBatch replaces a source's facts by fewer, different ones, so that one
// write both deletes and adds quads about the same nodes (the source, the rdf: terms) and
// deletes more of them than it adds.
func testReplaceMixedBatch(t *testing.T, b Backend) {
	cases := []reload{
		{
			name:   "two facts for one new",
			before: []fact{fAcmeFounder, fAcmeName},
			after:  []fact{fAcmeWhere},
			want:   graph.Change{OwnAdded: 4, OwnRemoved: 8, SharedAdded: 1, SharedRemoved: 2},
		},
		{
			name:   "three literal facts for one new",
			before: []fact{fAcmeName, fAcmeDate, fAcmeStaff},
			after:  []fact{fBobFounder},
			want:   graph.Change{OwnAdded: 4, OwnRemoved: 12, SharedAdded: 1, SharedRemoved: 3},
		},
	}
	runReloads(t, b, cases, func(t *testing.T, st *graph.Store, scope claimScope, tc reload) {
		// Removing the source must leave nothing behind.
		replace(t, st, article("a1"), nil, nil)
		assertStore(t, st, nil)
	})
}

// TestReplaceSharedSupport checks that a fact stated by two sources is stored once and
// stays until the last source that states it goes.
func testReplaceSharedSupport(t *testing.T, b Backend) {
	a1, a2 := article("a1"), article("a2")
	f, g, h := fAcmeFounder, fAcmeDate, fBobFounder // f in both; g only in a1; h only in a2
	type step struct {
		label      quad.IRI
		facts      []fact
		remove     bool
		want       graph.Change
		wantShared []fact // shared facts the store holds afterwards
	}
	orders := []struct {
		name  string
		steps []step
	}{
		{"remove first adder first", []step{
			{label: a1, facts: []fact{f, g}, want: graph.Change{OwnAdded: 9, SharedAdded: 2}, wantShared: []fact{f, g}},
			{label: a2, facts: []fact{f, h}, want: graph.Change{OwnAdded: 9, SharedAdded: 1}, wantShared: []fact{f, g, h}},
			{label: a1, remove: true, want: graph.Change{OwnRemoved: 9, SharedRemoved: 1}, wantShared: []fact{f, h}},
			{label: a2, remove: true, want: graph.Change{OwnRemoved: 9, SharedRemoved: 2}, wantShared: nil},
		}},
		{"remove last adder first", []step{
			{label: a1, facts: []fact{f, g}, want: graph.Change{OwnAdded: 9, SharedAdded: 2}, wantShared: []fact{f, g}},
			{label: a2, facts: []fact{f, h}, want: graph.Change{OwnAdded: 9, SharedAdded: 1}, wantShared: []fact{f, g, h}},
			{label: a2, remove: true, want: graph.Change{OwnRemoved: 9, SharedRemoved: 1}, wantShared: []fact{f, g}},
			{label: a1, remove: true, want: graph.Change{OwnRemoved: 9, SharedRemoved: 2}, wantShared: nil},
		}},
		{"drop the fact by reload, not removal", []step{
			{label: a1, facts: []fact{f, g}, want: graph.Change{OwnAdded: 9, SharedAdded: 2}, wantShared: []fact{f, g}},
			{label: a2, facts: []fact{f}, want: graph.Change{OwnAdded: 5}, wantShared: []fact{f, g}},
			{label: a1, facts: []fact{g}, want: graph.Change{OwnRemoved: 4}, wantShared: []fact{f, g}},
			{label: a2, facts: nil, want: graph.Change{OwnRemoved: 4, SharedRemoved: 1}, wantShared: []fact{g}},
			{label: a2, remove: true, want: graph.Change{OwnRemoved: 1}, wantShared: []fact{g}},
			{label: a1, remove: true, want: graph.Change{OwnRemoved: 5, SharedRemoved: 1}, wantShared: nil},
		}},
		{"removing a source twice", []step{
			{label: a1, facts: []fact{f}, want: graph.Change{OwnAdded: 5, SharedAdded: 1}, wantShared: []fact{f}},
			{label: a1, remove: true, want: graph.Change{OwnRemoved: 5, SharedRemoved: 1}},
			{label: a1, remove: true, want: graph.Change{}},
			{label: a2, remove: true, want: graph.Change{}},
		}},
	}
	for _, sc := range scopes {
		for _, ord := range orders {
			t.Run(sc.name+"/"+ord.name, func(t *testing.T) {
				t.Parallel()
				st := b.open(t)
				owns := map[quad.IRI][]quad.Quad{}
				for i, s := range ord.steps {
					var own, shared []quad.Quad
					if !s.remove {
						own, shared = source(s.label, sc.scope, s.facts...)
					}
					ch := replace(t, st, s.label, own, shared)
					if ch != s.want {
						t.Errorf("step %d (%s): Change %+v, want %+v", i, s.label, ch, s.want)
					}
					owns[s.label] = own
					var want []quad.Quad
					for _, l := range []quad.IRI{a1, a2} {
						want = append(want, owns[l]...)
						assertGraph(t, st, l, owns[l])
					}
					for _, f := range s.wantShared {
						want = append(want, f.quad())
					}
					got := dump(t, st)
					if d := diffLines(got, lines(want)); d != "" {
						t.Fatalf("step %d (%s): store differs:%s", i, s.label, d)
					}
				}
				if n := size(t, st); n != 0 {
					t.Errorf("Size after every source is gone = %d, want 0", n)
				}
			})
		}
	}
}

// TestReplaceSupportIsExact checks that support is the whole triple: another source's claim
// that shares the subject and predicate, or the lexical form of a literal, is no support.
func testReplaceSupportIsExact(t *testing.T, b Backend) {
	acme, bob := ex("acme"), ex("bob")
	cases := []struct {
		name     string
		mine     fact
		other    []fact // stated by a2, which stays
		mustStay bool
	}{
		{"same fact", fAcmeFounder, []fact{fAcmeFounder}, true},
		{"other object", fAcmeFounder, []fact{{acme, tFounder, bob}}, false},
		{"other subject", fAcmeFounder, []fact{{ex("bobco"), tFounder, ex("alice")}}, false},
		{"other predicate", fAcmeFounder, []fact{{acme, tName, ex("alice")}}, false},
		{"subject+predicate and object in two claims", fAcmeFounder,
			[]fact{{acme, tFounder, bob}, {acme, tName, ex("alice")}}, false},
		{"same typed literal", fAcmeStaff, []fact{fAcmeStaff}, true},
		{"typed literal of another datatype", fAcmeStaff,
			[]fact{{acme, tEmployees, quad.TypedString{Value: "250", Type: xsdNS + "int"}}}, false},
		{"plain string with the same text", fAcmeStaff, []fact{{acme, tEmployees, quad.String("250")}}, false},
		{"IRI with the same text", fact{acme, tName, quad.String(exNS + "x")}, []fact{{acme, tName, ex("x")}}, false},
		{"same string", fAcmeName, []fact{fAcmeName}, true},
		{"language-tagged string", fact{acme, tName, quad.String("Acme")},
			[]fact{{acme, tName, quad.LangString{Value: "Acme", Lang: "en"}}}, false},
	}
	for _, sc := range scopes {
		for _, tc := range cases {
			t.Run(sc.name+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				st := b.open(t)
				a1, a2 := article("a1"), article("a2")
				_, shared1 := load(t, st, a1, sc.scope, tc.mine)
				own2, shared2 := load(t, st, a2, sc.scope, tc.other...)
				replace(t, st, a1, nil, nil)
				want := lines(own2, shared2)
				if tc.mustStay {
					want = lines(own2, shared2, shared1)
				}
				assertStore(t, st, want)
			})
		}
	}
}

// TestReplaceRemoveReAdd removes, re-adds and removes sources again. Cayley's kv store
// deletes a node when its last quad goes and gives it a new ID when it comes back; stale IDs
// in its caches have made deleted quads reappear.
func testReplaceRemoveReAdd(t *testing.T, b Backend) {
	a1, a2 := article("a1"), article("a2")
	facts1 := []fact{fAcmeFounder, fAcmeName, fAcmeDate, fAcmeStaff}
	facts2 := []fact{fAcmeFounder, fBobFounder}
	for _, sc := range scopes {
		for _, reopen := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/reopen=%v", sc.name, reopen), func(t *testing.T) {
				t.Parallel()
				st := b.open(t)
				maybeReopen := func() {
					if reopen {
						if err := st.Close(); err != nil {
							t.Fatal(err)
						}
						st = b.reopen(t, st, false)
					}
				}
				own1, shared1 := source(a1, sc.scope, facts1...)
				own2, shared2 := source(a2, sc.scope, facts2...)
				all := lines(own1, shared1, own2, shared2)

				var first []byte
				for round := range 3 {
					c1 := replace(t, st, a1, own1, shared1)
					c2 := replace(t, st, a2, own2, shared2)
					if want := (graph.Change{OwnAdded: len(own1), SharedAdded: len(shared1)}); c1 != want {
						t.Errorf("round %d: add a1: %+v, want %+v", round, c1, want)
					}
					if want := (graph.Change{OwnAdded: len(own2), SharedAdded: 1}); c2 != want {
						t.Errorf("round %d: add a2: %+v, want %+v", round, c2, want)
					}
					maybeReopen()
					assertStore(t, st, all)
					assertGraph(t, st, a1, own1)
					assertGraph(t, st, a2, own2)
					out := export(t, st, graph.ExportOptions{})
					if round == 0 {
						first = out
					} else if !bytes.Equal(out, first) {
						t.Errorf("round %d: export differs from the first load:\nfirst:\n%s\nnow:\n%s", round, first, out)
					}

					replace(t, st, a1, nil, nil)
					maybeReopen()
					assertStore(t, st, lines(own2, shared2))
					assertGraph(t, st, a1, nil)
					replace(t, st, a2, nil, nil)
					maybeReopen()
					assertStore(t, st, nil)
					assertGraph(t, st, a2, nil)
					if out := export(t, st, graph.ExportOptions{}); len(out) != 0 {
						t.Errorf("round %d: export of the emptied store: %q", round, out)
					}
				}
			})
		}
	}
}

func testReplaceRejects(t *testing.T, b Backend) {
	label := article("a1")
	good, goodShared := source(label, claimPerSource, fAcmeFounder)
	withOwn := func(q quad.Quad) []quad.Quad { return append(append([]quad.Quad{}, good...), q) }
	withShared := func(q quad.Quad) []quad.Quad { return append(append([]quad.Quad{}, goodShared...), q) }
	cases := []struct {
		name        string
		own, shared []quad.Quad
		wantInErr   []string
		bugCounts   bool // see TestReplaceRejectCountsNothing
	}{
		{
			name:      "own quad labelled with another source",
			own:       withOwn(quad.Quad{Subject: label, Predicate: tName, Object: quad.String("x"), Label: article("a2")}),
			shared:    goodShared,
			wantInErr: []string{"<" + exNS + "a2>", "not in graph", exNS + "a1"},
		},
		{
			name:      "own quad with no label",
			own:       withOwn(quad.Quad{Subject: label, Predicate: tName, Object: quad.String("x")}),
			shared:    goodShared,
			wantInErr: []string{`"x"`, "not in graph"},
		},
		{
			name:      "own quad labelled with a literal",
			own:       withOwn(quad.Quad{Subject: label, Predicate: tName, Object: quad.String("x"), Label: quad.String(exNS + "a1")}),
			shared:    goodShared,
			wantInErr: []string{"not in graph"},
		},
		{
			name:      "shared quad with a label",
			own:       good,
			shared:    withShared(quad.Quad{Subject: ex("acme"), Predicate: tName, Object: quad.String("y"), Label: label}),
			wantInErr: []string{`"y"`, "no graph label"},
			bugCounts: true,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			st := b.open(t)
			// A previous load of a2 and a1 must survive a rejected Replace whole.
			load(t, st, article("a2"), claimPerSource, fBobFounder)
			load(t, st, label, claimPerSource, fAcmeName)
			before := dump(t, st)

			ch, err := st.Replace(context.Background(), label, tc.own, tc.shared)
			if err == nil {
				t.Fatalf("Replace accepted it: %+v", ch)
			}
			if !ch.Unchanged() && !tc.bugCounts {
				t.Errorf("rejected Replace reports changes %+v", ch)
			}
			for _, s := range tc.wantInErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not mention %q", err, s)
				}
			}
			assertStore(t, st, before)
		})
	}
}

// TestReplaceRejectCountsNothing: a Replace that fails writes nothing, so its Change must be
// zero, as it is when an own quad is rejected or when the write itself fails.
func testReplaceRejectCountsNothing(t *testing.T, b Backend) {
	st := b.open(t)
	label := article("a1")
	load(t, st, label, claimPerSource, fAcmeName)
	own, shared := source(label, claimPerSource, fAcmeFounder)
	shared = append(shared, quad.Quad{Subject: ex("acme"), Predicate: tName, Object: quad.String("y"), Label: label})
	ch, err := st.Replace(context.Background(), label, own, shared)
	if err == nil {
		t.Fatal("Replace accepted a labelled shared quad")
	}
	if !ch.Unchanged() {
		t.Errorf("rejected Replace reports changes %+v, but wrote nothing", ch)
	}
}

// TestReplaceLiteralRoundTrip checks that literal values come back from the store as the
// same Go values, so that Graph, has and the support checks compare them equal.
func testReplaceLiteralRoundTrip(t *testing.T, b Backend) {
	acme := ex("acme")
	values := []quad.Value{
		quad.String("plain"),
		quad.String(""),
		quad.String("quote \" backslash \\ newline \n tab \t unicode é ✓"),
		quad.TypedString{Value: "2019-05-06", Type: xsdNS + "date"},
		quad.TypedString{Value: "2019-05", Type: xsdNS + "gYearMonth"},
		quad.TypedString{Value: "-42", Type: xsdNS + "integer"},
		quad.TypedString{Value: "3.5", Type: xsdNS + "decimal"},
		quad.LangString{Value: "Acmé", Lang: "fr"},
	}
	for _, v := range values {
		t.Run(v.String(), func(t *testing.T) {
			t.Parallel()
			st := b.open(t)
			f := fact{acme, tName, v}
			a1, a2 := article("a1"), article("a2")
			own1, shared1 := source(a1, claimPerSource, f)
			own2, shared2 := source(a2, claimPerSource, f)
			replace(t, st, a1, own1, shared1)
			if ch := replace(t, st, a2, own2, shared2); ch.SharedAdded != 0 {
				t.Errorf("second source re-added the literal fact: %+v", ch)
			}

			var got []quad.Value
			if err := st.Quads(context.Background(), quad.Object, v, func(q quad.Quad) error {
				got = append(got, q.Object)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if len(got) != 3 { // the shared fact and the two claims' rdf:object
				t.Errorf("Quads(object %s) found %d quads, want 3", v, len(got))
			}
			for _, o := range got {
				if o != v {
					t.Errorf("stored %#v came back as %#v", v, o)
				}
			}

			for _, l := range []quad.IRI{a1, a2} {
				own, shared := source(l, claimPerSource, f)
				if ch := replace(t, st, l, own, shared); !ch.Unchanged() {
					t.Errorf("reloading %s: %+v, want unchanged", l, ch)
				}
			}
			if ch := replace(t, st, a1, nil, nil); ch.SharedRemoved != 0 {
				t.Errorf("removing a1 removed the fact a2 supports: %+v", ch)
			}
			assertStore(t, st, lines(own2, shared2))
			if ch := replace(t, st, a2, nil, nil); ch.SharedRemoved != 1 {
				t.Errorf("removing a2 (last support): %+v, want SharedRemoved 1", ch)
			}
			assertStore(t, st, nil)
		})
	}
}

// TestGraph checks that Graph returns exactly a source's own quads, with other sources that
// share its claim nodes and shared facts about its nodes in the store.
func testGraph(t *testing.T, b Backend) {
	st := b.open(t)
	a1, a2, a3 := article("a1"), article("a2"), article("a3")
	own1, shared1 := source(a1, claimPerFact, fAcmeFounder, fAcmeDate)
	own2, shared2 := source(a2, claimPerFact, fAcmeFounder, fBobFounder)
	// a3 quotes a1: a quad of a3's graph has a1 as object, which must not pull it into a1's.
	own3, shared3 := source(a3, claimPerFact, fact{a3, tLocation, a1})
	own3 = append(own3, quad.Quad{Subject: a3, Predicate: tQuotedFrom, Object: a1, Label: a3})
	replace(t, st, a1, own1, shared1)
	replace(t, st, a2, own2, shared2)
	replace(t, st, a3, own3, shared3)

	cases := []struct {
		label quad.IRI
		want  []quad.Quad
	}{
		{a1, own1},
		{a2, own2},
		{a3, own3},
		{article("nobody"), nil},
		{ex("acme"), nil}, // a node, not a graph
	}
	for _, tc := range cases {
		t.Run(string(tc.label), func(t *testing.T) {
			assertGraph(t, st, tc.label, tc.want)
		})
	}
}

// TestReplaceDuplicateInput: a quad given twice is stored once, and the store is right.
func testReplaceDuplicateInput(t *testing.T, b Backend) {
	st := b.open(t)
	label := article("a1")
	own, shared := source(label, claimPerSource, fAcmeFounder, fAcmeDate)
	dupOwn := append(append([]quad.Quad{}, own...), own...)
	dupShared := append(append([]quad.Quad{}, shared...), shared...)
	replace(t, st, label, dupOwn, dupShared)
	assertStore(t, st, lines(own, shared))
	if ch := replace(t, st, label, dupOwn, dupShared); !ch.Unchanged() {
		t.Errorf("reload with the same duplicates: %+v, want unchanged", ch)
	}
	replace(t, st, label, nil, nil)
	assertStore(t, st, nil)
}

// TestReplaceDuplicateInputCounts: Change counts quads, not input entries.
func testReplaceDuplicateInputCounts(t *testing.T, b Backend) {
	st := b.open(t)
	label := article("a1")
	own, shared := source(label, claimPerSource, fAcmeFounder)
	ch := replace(t, st, label, append(own, own...), append(shared, shared...))
	if want := (graph.Change{OwnAdded: len(own), SharedAdded: len(shared)}); ch != want {
		t.Errorf("Replace with every quad twice: %+v, want %+v", ch, want)
	}
}

// TestReplaceUnfindableInput: Replace documents that every own quad must be reachable from
// the source (its subject is the source, or links to it in the same graph) and that every
// shared fact must be reified in own, because that is how the next Replace finds what to
// remove. Input that breaks this must be rejected, or it stays in the store for ever.
func testReplaceUnfindableInput(t *testing.T, b Backend) {
	label := article("a1")
	own, shared := source(label, claimPerSource, fAcmeFounder)
	cases := []struct {
		name        string
		own, shared []quad.Quad
	}{
		{"own quad two hops from the source", append(append([]quad.Quad{}, own...),
			quad.Quad{Subject: ex("quote/1"), Predicate: tName, Object: quad.String("q"), Label: label},
			quad.Quad{Subject: ex("quote/1"), Predicate: tQuotedFrom, Object: claimIRI(claimPerSource, label, fAcmeFounder), Label: label},
		), shared},
		{"shared fact not reified", own, append(append([]quad.Quad{}, shared...), fBobFounder.quad())},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			st := b.open(t)
			if _, err := st.Replace(context.Background(), label, tc.own, tc.shared); err != nil {
				return // rejected: fine
			}
			replace(t, st, label, nil, nil)
			assertStore(t, st, nil)
		})
	}
}

// TestStatements checks the evidence lookup that the support check uses: every graph's
// statement node that reifies exactly (s p o), with that graph's quads about it.
func testStatements(t *testing.T, b Backend) {
	a1, a2, a3 := article("a1"), article("a2"), article("a3")
	other := fact{ex("acme"), tFounder, ex("bob")} // fAcmeFounder with another object
	for _, sc := range scopes {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			st := b.open(t)
			for _, s := range []struct {
				label quad.IRI
				facts []fact
			}{
				{a1, []fact{fAcmeFounder, fAcmeDate}},
				{a2, []fact{fAcmeFounder}},
				{a3, []fact{other, {ex("acme"), tName, ex("alice")}}},
			} {
				load(t, st, s.label, sc.scope, s.facts...)
			}
			cases := []struct {
				name   string
				f      fact
				labels []quad.IRI // graphs whose statements reify f
			}{
				{"stated by two", fAcmeFounder, []quad.IRI{a1, a2}},
				{"typed literal", fAcmeDate, []quad.IRI{a1}},
				{"other object", other, []quad.IRI{a3}},
				{"subject and predicate match, no statement of the object", fact{ex("acme"), tFounder, ex("carol")}, nil},
				{"object as plain string", fact{ex("acme"), tFounded, quad.String("1999-04-01")}, nil},
				{"unknown subject", fact{ex("nobody"), tFounder, ex("alice")}, nil},
			}
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					sts, err := st.Statements(context.Background(), tc.f.s, tc.f.p, tc.f.o)
					if err != nil {
						t.Fatal(err)
					}
					var got []string
					for _, s := range sts {
						label, _ := s.Label.(quad.IRI)
						got = append(got, string(label))
						if want := claimIRI(sc.scope, label, tc.f); s.Node != want {
							t.Errorf("statement in %s: node %v, want %v", label, s.Node, want)
						}
						own, _ := source(label, sc.scope, tc.f)
						if d := diffLines(lines(s.Quads), lines(own[1:])); d != "" {
							t.Errorf("statement in %s: quads differ:%s", label, d)
						}
					}
					var want []string
					for _, l := range tc.labels {
						want = append(want, string(l))
					}
					if d := diffLines(sortedCopy(got), sortedCopy(want)); d != "" {
						t.Errorf("statements of %s: graphs differ:%s", tc.f, d)
					}
				})
			}
		})
	}
}

func sortedCopy(s []string) []string {
	out := append([]string{}, s...)
	slices.Sort(out)
	return out
}
