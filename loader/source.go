package loader

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"

	"github.com/cayleygraph/quad"
)

// Source is what one article (or the curated background) contributes to the graph: the quads
// of its own named graph, and the shared facts it supports. The store keeps each shared fact
// once, in the default graph, however many sources state it, and drops it when the last
// source that supports it is removed.
type Source struct {
	ID    string   // file name without extension, e.g. 000_6658649c9b1ba4d5, or "background"
	IRI   quad.IRI // the source node and the label of its graph
	File  string   // the fact file it came from
	Title string   // headline, or a description of the background

	Own    []quad.Quad // label IRI: article metadata and one claim per fact
	Shared []quad.Quad // no label: the facts themselves, each once

	Facts    int      // fact items in the file
	Entities []string // ids of the registry entities it mentions, sorted

	events map[string]int // event ids it declares, with their lines
}

// evidence is what makes a claim: the article's quote, or the curator's reason.
type evidence struct {
	quote  string // verbatim from the article
	reason string // background only
}

// builder accumulates a Source's quads, each distinct quad once.
type builder struct {
	v        Vocab
	reg      *Registry
	src      *Source
	seen     map[quad.Quad]bool
	mentions map[string]bool
	registry bool // the registry's own description is claimed
}

func newBuilder(v Vocab, reg *Registry, src *Source) *builder {
	return &builder{v: v, reg: reg, src: src, seen: map[quad.Quad]bool{}, mentions: map[string]bool{}}
}

func (b *builder) own(s quad.Value, p quad.IRI, o quad.Value) {
	q := quad.Quad{Subject: s, Predicate: p, Object: o, Label: b.src.IRI}
	if !b.seen[q] {
		b.seen[q] = true
		b.src.Own = append(b.src.Own, q)
	}
}

// claim states the fact (s p o) once in the shared graph and records, in the source's graph,
// the statement node that ties it to its evidence.
func (b *builder) claim(s quad.Value, p quad.IRI, o quad.Value, ev evidence) {
	q := quad.Quad{Subject: s, Predicate: p, Object: o}
	if !b.seen[q] {
		b.seen[q] = true
		b.src.Shared = append(b.src.Shared, q)
	}
	c := b.claimIRI(q)
	b.own(c, RDFType, RDFStatement)
	b.own(c, RDFSubject, s)
	b.own(c, RDFPredicate, p)
	b.own(c, RDFObject, o)
	switch {
	case ev.quote != "":
		b.own(c, ProvValue, English(ev.quote))
		b.own(c, ProvWasQuotedFrom, b.src.IRI)
	case ev.reason != "":
		b.own(c, RDFSComment, English(ev.reason))
		b.own(c, ProvWasDerivedFrom, b.src.IRI)
	default:
		// A description taken from the registry, which this source relies on.
		b.own(c, ProvWasDerivedFrom, b.v.Registry())
		b.own(c, DCTermsIsReferencedBy, b.src.IRI)
		b.describeRegistry()
	}
}

// claimIRI is stable across runs: it depends only on the source and the fact.
func (b *builder) claimIRI(q quad.Quad) quad.IRI {
	h := sha256.Sum256([]byte(q.Subject.String() + "\x00" + q.Predicate.String() + "\x00" + q.Object.String()))
	return quad.IRI(fmt.Sprintf("%sclaim/%s/%s", b.v.Base, b.src.ID, hex.EncodeToString(h[:8])))
}

// mention makes the source mention entity id, and carries the entity's registry description
// (types, name, aliases) into the shared graph with this source's support.
func (b *builder) mention(id string) quad.IRI {
	e := b.reg.byID[id]
	iri := b.v.Entity(id)
	if b.mentions[id] {
		return iri
	}
	b.mentions[id] = true
	b.own(b.src.IRI, SchemaMentions, iri)
	none := evidence{}
	b.claim(iri, RDFType, b.v.Term(e.Type.Class), none)
	for _, c := range e.Type.Also {
		b.claim(iri, RDFType, b.v.Term(c), none)
	}
	if super := kindClass[e.Type.Kind]; super != e.Type.Class {
		b.claim(iri, RDFType, b.v.Term(super), none)
	}
	b.claim(iri, SchemaName, Name(e.Name), none)
	for _, a := range e.Aliases {
		b.claim(iri, SchemaAlternateName, Name(a), none)
	}
	return iri
}

var reSlug = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
var reNumber = regexp.MustCompile(`^\d+(\.\d+)?$`)

// figureIRI depends on what the figure says, so that two articles giving the same figure
// share a node and two giving different ones do not.
func (v Vocab) figureIRI(of, measure, value, unit, bound string) quad.IRI {
	h := sha256.Sum256([]byte(strings.Join([]string{value, unit, bound}, "\x00")))
	return quad.IRI(fmt.Sprintf("%sfigure/%s/%s/%s", v.Base, of, measure, hex.EncodeToString(h[:4])))
}

func (v Vocab) membershipIRI(person, org, role string) quad.IRI {
	return quad.IRI(fmt.Sprintf("%smembership/%s/%s/%s", v.Base, person, org, role))
}

// describeRegistry states what the registry is, the first time this source relies on it: the
// object of every description's prov:wasDerivedFrom is then a node with a type and a name,
// supported, like the descriptions, by each source that uses it.
func (b *builder) describeRegistry() {
	if b.registry {
		return
	}
	b.registry = true
	r := b.v.Registry()
	b.claim(r, RDFType, SchemaDataset, evidence{})
	b.claim(r, SchemaName, English("medkg entity registry"), evidence{})
	b.claim(r, SchemaDescription, English("The curated list of the entities medkg knows (registry.yaml): each one's id, type, canonical name and aliases."), evidence{})
}
