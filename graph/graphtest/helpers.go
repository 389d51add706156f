package graphtest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph"
)

// Vocabulary of the test sources. The graph package knows RDF but not medkg's terms, so the
// tests spell them out rather than import the loader.
const (
	rdfNS    = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	xsdNS    = "http://www.w3.org/2001/XMLSchema#"
	schemaNS = "https://schema.org/"
	exNS     = "https://example.org/"
)

var (
	tRDFType     = quad.IRI(rdfNS + "type")
	tRDFSubject  = quad.IRI(rdfNS + "subject")
	tRDFPred     = quad.IRI(rdfNS + "predicate")
	tRDFObject   = quad.IRI(rdfNS + "object")
	tQuotedFrom  = quad.IRI("http://www.w3.org/ns/prov#wasQuotedFrom")
	tNewsArticle = quad.IRI(schemaNS + "NewsArticle")
	tName        = quad.IRI(schemaNS + "name")
	tFounder     = quad.IRI(schemaNS + "founder")
	tFounded     = quad.IRI(schemaNS + "foundingDate")
	tEmployees   = quad.IRI(schemaNS + "numberOfEmployees")
	tLocation    = quad.IRI(schemaNS + "location")
)

// fact is a shared statement (s p o) that a source supports.
type fact struct {
	s quad.Value
	p quad.IRI
	o quad.Value
}

func (f fact) quad() quad.Quad { return quad.Quad{Subject: f.s, Predicate: f.p, Object: f.o} }

func (f fact) String() string { return f.quad().NQuad() }

func ex(local string) quad.IRI { return quad.IRI(exNS + local) }

func article(n string) quad.IRI { return ex(n) }

// Facts used across the tests: IRIs, a plain literal and typed literals with full xsd IRIs.
var (
	fAcmeFounder = fact{ex("acme"), tFounder, ex("alice")}
	fAcmeName    = fact{ex("acme"), tName, quad.String("Acme \"Widgets\" Ltd.\nline two")}
	fAcmeDate    = fact{ex("acme"), tFounded, quad.TypedString{Value: "1999-04-01", Type: xsdNS + "date"}}
	fAcmeStaff   = fact{ex("acme"), tEmployees, quad.TypedString{Value: "250", Type: xsdNS + "integer"}}
	fAcmeWhere   = fact{ex("acme"), tLocation, ex("paris")}
	fBobFounder  = fact{ex("bobco"), tFounder, ex("bob")}
)

// claimScope decides whose claim node reifies a fact.
type claimScope int

const (
	// claimPerFact: the claim IRI depends only on s, p, o, so two sources that state the
	// same fact share the claim node (each with its own graph's quads about it).
	claimPerFact claimScope = iota
	// claimPerSource: the claim IRI depends on the source too, as the loader builds it.
	claimPerSource
)

func claimIRI(scope claimScope, label quad.IRI, f fact) quad.IRI {
	key := f.String()
	if scope == claimPerSource {
		key = string(label) + " " + key
	}
	h := sha256.Sum256([]byte(key))
	return ex("claim/" + hex.EncodeToString(h[:8]))
}

// source builds what the loader would give Replace for an article: its own graph (the
// article node and one reified claim per fact, all labelled with the article) and the shared
// facts in the default graph.
func source(label quad.IRI, scope claimScope, facts ...fact) (own, shared []quad.Quad) {
	own = append(own, quad.Quad{Subject: label, Predicate: tRDFType, Object: tNewsArticle, Label: label})
	for _, f := range facts {
		c := claimIRI(scope, label, f)
		own = append(own,
			quad.Quad{Subject: c, Predicate: tRDFSubject, Object: f.s, Label: label},
			quad.Quad{Subject: c, Predicate: tRDFPred, Object: f.p, Label: label},
			quad.Quad{Subject: c, Predicate: tRDFObject, Object: f.o, Label: label},
			quad.Quad{Subject: c, Predicate: tQuotedFrom, Object: label, Label: label},
		)
		shared = append(shared, f.quad())
	}
	return own, shared
}

// open opens a new, empty, writable store of the test's own, closed at the end of the test.
func (b Backend) open(t *testing.T) *graph.Store {
	t.Helper()
	return b.openWith(t, b.NewOptions(t))
}

// openWith opens the store o names, closed at the end of the test.
func (b Backend) openWith(t *testing.T, o graph.Options) *graph.Store {
	t.Helper()
	st, err := graph.Open(context.Background(), o)
	if err != nil {
		t.Fatalf("Open(%s): %v", b.Name, err)
	}
	storeOptions.Store(st, o)
	t.Cleanup(func() { st.Close() })
	return st
}

// storeOptions remembers the options each store was opened with, for reopen.
var storeOptions sync.Map // *graph.Store → graph.Options

// reopen closes st (if it is open) and opens the same store again, read-only if asked:
// a reopen drops every cache a backend keeps.
func (b Backend) reopen(t *testing.T, st *graph.Store, readOnly bool) *graph.Store {
	t.Helper()
	v, ok := storeOptions.Load(st)
	if !ok {
		t.Fatal("reopen: a store the suite did not open")
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	o := v.(graph.Options)
	o.ReadOnly = readOnly
	return b.openWith(t, o)
}

// dump returns every quad of the store as sorted N-Quads lines, read with AllQuads rather
// than Export so that the two check each other.
func dump(t *testing.T, st *graph.Store) []string {
	t.Helper()
	var lines []string
	err := st.AllQuads(context.Background(), func(q quad.Quad) error {
		if !q.IsValid() {
			t.Errorf("store returned an incomplete quad %#v", q)
		}
		lines = append(lines, q.NQuad())
		return nil
	})
	if err != nil {
		t.Fatalf("AllQuads: %v", err)
	}
	slices.Sort(lines)
	return lines
}

// lines returns qs as sorted, distinct N-Quads lines.
func lines(qs ...[]quad.Quad) []string {
	var out []string
	for _, l := range qs {
		for _, q := range l {
			out = append(out, q.NQuad())
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func size(t *testing.T, st *graph.Store) int64 {
	t.Helper()
	n, err := st.Size(context.Background())
	if err != nil {
		t.Fatalf("Size: %v", err)
	}
	return n
}

func replace(t *testing.T, st *graph.Store, label quad.IRI, own, shared []quad.Quad) graph.Change {
	t.Helper()
	ch, err := st.Replace(context.Background(), label, own, shared)
	if err != nil {
		t.Fatalf("Replace(%s): %v", label, err)
	}
	return ch
}

// load gives Replace the source label states facts in, as the loader would, and returns what
// it gave.
func load(t *testing.T, st *graph.Store, label quad.IRI, scope claimScope, facts ...fact) (own, shared []quad.Quad) {
	t.Helper()
	own, shared = source(label, scope, facts...)
	replace(t, st, label, own, shared)
	return own, shared
}

func export(t *testing.T, st *graph.Store, o graph.ExportOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := st.Export(context.Background(), &buf, o); err != nil {
		t.Fatalf("Export(%+v): %v", o, err)
	}
	return buf.Bytes()
}

// diffLines describes how got differs from want, both sorted, or returns "".
func diffLines(got, want []string) string {
	var b strings.Builder
	i, j := 0, 0
	for i < len(got) || j < len(want) {
		switch {
		case j == len(want) || i < len(got) && got[i] < want[j]:
			b.WriteString("\n  unexpected: " + got[i])
			i++
		case i == len(got) || want[j] < got[i]:
			b.WriteString("\n  missing:    " + want[j])
			j++
		default:
			i++
			j++
		}
	}
	return b.String()
}

func assertStore(t *testing.T, st *graph.Store, want []string) {
	t.Helper()
	got := dump(t, st)
	if d := diffLines(got, want); d != "" {
		t.Errorf("store differs from expected:%s", d)
	}
	if n := size(t, st); n != int64(len(want)) {
		t.Errorf("Size = %d, want %d", n, len(want))
	}
}
