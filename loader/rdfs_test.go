package loader

import (
	"slices"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
)

// TestVocabularyCoversTerms: every medkg: term the loader can write is declared in the RDFS
// document, with a label and a comment, and the document declares nothing the loader never
// writes.
func TestVocabularyCoversTerms(t *testing.T) {
	const base = DefaultBase
	v := NewVocab(base)
	used := map[quad.IRI]bool{}
	use := func(prefixed string) {
		if strings.HasPrefix(prefixed, "medkg:") {
			used[v.Term(prefixed)] = true
		}
	}
	for _, p := range predicates {
		use(p.Term)
		use(p.OrgTerm)
		use(p.Earliest)
		use(p.Latest)
	}
	for _, r := range eventRoles {
		use(r.Term)
		use(r.OrgTerm)
	}
	for _, e := range entityTypes {
		use(e.Class)
	}
	for _, e := range eventTypes {
		use("medkg:" + e)
	}
	for _, s := range structuralTerms {
		use(s)
	}
	use(startDateBounds[0])
	use(startDateBounds[1])

	declared := map[quad.IRI]map[quad.IRI]int{}
	for _, q := range Vocabulary(base) {
		s := q.Subject.(quad.IRI)
		if !strings.HasPrefix(string(s), VocabNS(base)) {
			continue
		}
		if declared[s] == nil {
			declared[s] = map[quad.IRI]int{}
		}
		declared[s][q.Predicate.(quad.IRI)]++
	}
	for iri := range used {
		d := declared[iri]
		if d == nil {
			t.Errorf("%s is written by the loader but not declared in the vocabulary", iri)
			continue
		}
		if d[RDFSLabel] != 1 || d[RDFSComment] != 1 || d[RDFType] != 1 {
			t.Errorf("%s: want one rdf:type, rdfs:label and rdfs:comment, have %v", iri, d)
		}
	}
	for iri := range declared {
		if !used[iri] {
			t.Errorf("%s is declared in the vocabulary but the loader never writes it", iri)
		}
	}
	if len(used) < 25 {
		t.Fatalf("only %d medkg terms found: the test reads the wrong tables", len(used))
	}
}

// TestVocabularyCenterSubclass: what docs/vocabulary.md says about Center holds in both the
// RDFS document and the data.
func TestVocabularyCenterSubclass(t *testing.T) {
	v := NewVocab(DefaultBase)
	want := quad.Quad{Subject: v.Term("medkg:Center"), Predicate: quad.IRI(NSRDFS + "subClassOf"), Object: v.Term("schema:ResearchOrganization")}
	if !slices.Contains(Vocabulary(DefaultBase), want) {
		t.Errorf("vocabulary lacks %v", want)
	}
	i := slices.IndexFunc(entityTypes, func(e EntityType) bool { return e.Name == "Center" })
	if !slices.Contains(entityTypes[i].Also, "schema:ResearchOrganization") {
		t.Errorf("a Center entity is not also typed schema:ResearchOrganization")
	}
}
