package graphtest

import (
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/rdf"
)

// What the backends' own tests share with the suite: its vocabulary, its sources and its
// checks, so that a backend-only test states its case in the suite's terms.

// Fact is a shared statement (s p o) that a source supports.
type Fact = fact

// Facts of the suite's sources.
var (
	AcmeFounder = fAcmeFounder
	AcmeName    = fAcmeName
	AcmeDate    = fAcmeDate
	AcmeStaff   = fAcmeStaff
	AcmeWhere   = fAcmeWhere
	BobFounder  = fBobFounder
)

// Terms of the suite's sources.
var (
	Name    = tName
	Founder = tFounder
)

// Ex is an IRI of the suite's example namespace.
func Ex(local string) quad.IRI { return ex(local) }

// Article is a source's label.
func Article(n string) quad.IRI { return article(n) }

// Source is what the loader would give Replace for an article stating facts: its own
// graph (the article and a claim per fact) and the shared facts.
func Source(label quad.IRI, facts ...Fact) (own, shared []quad.Quad) {
	return source(label, claimPerSource, facts...)
}

// Seed loads one small source and returns the store's quads as lines.
func Seed(t *testing.T, st *graph.Store) []string { t.Helper(); return seed(t, st) }

// Replace is st.Replace, failing the test on an error.
func Replace(t *testing.T, st *graph.Store, label quad.IRI, own, shared []quad.Quad) graph.Change {
	t.Helper()
	return replace(t, st, label, own, shared)
}

// Export is st.Export into memory, failing the test on an error.
func Export(t *testing.T, st *graph.Store, o graph.ExportOptions) []byte {
	t.Helper()
	return export(t, st, o)
}

// Dump is every quad of the store as sorted N-Quads lines, read with AllQuads.
func Dump(t *testing.T, st *graph.Store) []string { t.Helper(); return dump(t, st) }

// Lines is qs as sorted, distinct N-Quads lines.
func Lines(qs ...[]quad.Quad) []string { return lines(qs...) }

// DiffLines describes how got differs from want, both sorted, or returns "".
func DiffLines(got, want []string) string { return diffLines(got, want) }

// AssertStore fails the test unless the store holds exactly want (and Size agrees).
func AssertStore(t *testing.T, st *graph.Store, want []string) {
	t.Helper()
	assertStore(t, st, want)
}

// Feed yields qs, then fail (or io.EOF when fail is nil): an Import's input.
func Feed(qs []quad.Quad, fail error) rdf.ReaderFunc { return feed(qs, fail) }

// Quad is the fact as a quad of the default graph.
func (f fact) Quad() quad.Quad { return f.quad() }
