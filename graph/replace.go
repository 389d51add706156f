package graph

import (
	"context"
	"errors"
	"fmt"

	"github.com/cayleygraph/quad"
)

// RDF reification terms: how a source's graph says which shared fact it supports.
var (
	rdfSubject   = quad.IRI("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject")
	rdfPredicate = quad.IRI("http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate")
	rdfObject    = quad.IRI("http://www.w3.org/1999/02/22-rdf-syntax-ns#object")
)

// Change counts what a Replace did.
type Change struct {
	OwnAdded, OwnRemoved       int
	SharedAdded, SharedRemoved int
}

// Unchanged reports whether the source was already in the store exactly as given.
func (c Change) Unchanged() bool { return c == Change{} }

// triple is a quad without its label, comparable.
type triple struct{ s, p, o quad.Value }

func tripleOf(q quad.Quad) triple { return triple{q.Subject, q.Predicate, q.Object} }

// Replace makes the store hold exactly what one source contributes, in one transaction, so a
// failure or a crash leaves the old contribution whole.
//
// A source is a named graph (label) plus the shared facts it supports. own are the quads of
// the source's graph; every one of them must have the source itself as subject, or a subject
// that links to the source by a quad of the same graph (a claim that was quoted from it, say).
// That is how the old graph is found without a scan of every quad. shared are facts in the
// default graph; each must be reified in own by a node with rdf:subject, rdf:predicate and
// rdf:object. A shared fact stays while any source's graph still reifies it, so a fact stated
// by two articles survives the removal of one, and is stored only once however many state it.
//
// Replace(label, nil, nil) removes the source.
func (s *Store) Replace(ctx context.Context, label quad.IRI, own, shared []quad.Quad) (Change, error) {
	if s.opts.ReadOnly {
		return Change{}, ErrReadOnly
	}
	own, shared, err := checkSource(label, own, shared)
	if err != nil {
		return Change{}, err
	}
	if s.b == nil {
		return Change{}, errClosed
	}
	var ch Change
	var planErr error
	err = s.b.Apply(ctx, func() (adds, dels []quad.Quad, err error) {
		ch, adds, dels, err = s.plan(ctx, label, own, shared)
		planErr = err
		return adds, dels, err
	})
	switch {
	case err == nil:
		return ch, nil
	case planErr != nil && errors.Is(err, planErr), errors.Is(err, ErrLocked):
		return Change{}, err
	}
	return Change{}, fmt.Errorf("write graph %s (nothing was written): %w", label, err)
}

// plan works out what Replace must add and delete.
func (s *Store) plan(ctx context.Context, label quad.IRI, own, shared []quad.Quad) (Change, []quad.Quad, []quad.Quad, error) {
	oldOwn, err := s.Graph(ctx, label)
	if err != nil {
		return Change{}, nil, nil, fmt.Errorf("read graph %s: %w", label, err)
	}
	var ch Change
	var adds, dels []quad.Quad
	oldSet := make(map[quad.Quad]bool, len(oldOwn))
	for _, q := range oldOwn {
		oldSet[q] = true
	}
	newSet := make(map[quad.Quad]bool, len(own))
	for _, q := range own {
		newSet[q] = true
	}
	for _, q := range oldOwn {
		if !newSet[q] {
			dels = append(dels, q)
			ch.OwnRemoved++
		}
	}
	for _, q := range own {
		if !oldSet[q] {
			adds = append(adds, q)
			ch.OwnAdded++
		}
	}

	// Shared facts this source no longer supports go when no other source supports them.
	newShared := make(map[triple]bool, len(shared))
	for _, q := range shared {
		newShared[tripleOf(q)] = true
	}
	for t := range reified(oldOwn) {
		if newShared[t] {
			continue
		}
		other, err := s.supportedElsewhere(ctx, t, label)
		if err != nil {
			return Change{}, nil, nil, err
		}
		if !other {
			dels = append(dels, quad.Quad{Subject: t.s, Predicate: t.p, Object: t.o})
			ch.SharedRemoved++
		}
	}
	for _, q := range shared {
		exists, err := s.has(ctx, q)
		if err != nil {
			return Change{}, nil, nil, err
		}
		if !exists {
			adds = append(adds, q)
			ch.SharedAdded++
		}
	}
	return ch, adds, dels, nil
}

// checkSource enforces what Replace relies on to find a source again, and drops repeats:
// own quads are in graph label, with the source itself as subject or a subject that links to
// the source within the graph; shared quads have no label and are each reified in own.
func checkSource(label quad.IRI, own, shared []quad.Quad) ([]quad.Quad, []quad.Quad, error) {
	own, shared = dedup(own), dedup(shared)
	linked := map[quad.Value]bool{label: true}
	for _, q := range own {
		if q.Label != label {
			return nil, nil, fmt.Errorf("quad %s is not in graph %s", q.NQuad(), label)
		}
		if !q.IsValid() {
			return nil, nil, fmt.Errorf("quad %s is incomplete", q.NQuad())
		}
		if q.Object == label {
			linked[q.Subject] = true
		}
	}
	for _, q := range own {
		if !linked[q.Subject] {
			return nil, nil, fmt.Errorf("quad %s: its subject neither is %s nor links to it in that graph, so the graph could not be found again", q.NQuad(), label)
		}
	}
	supported := reified(own)
	for _, q := range shared {
		if q.Label != nil {
			return nil, nil, fmt.Errorf("shared quad %s must have no graph label", q.NQuad())
		}
		if !q.IsValid() {
			return nil, nil, fmt.Errorf("quad %s is incomplete", q.NQuad())
		}
		if !supported[tripleOf(q)] {
			return nil, nil, fmt.Errorf("shared quad %s has no statement in graph %s that reifies it, so it could never be removed", q.NQuad(), label)
		}
	}
	return own, shared, nil
}

func dedup(qs []quad.Quad) []quad.Quad {
	seen := make(map[quad.Quad]bool, len(qs))
	out := qs[:0:0]
	for _, q := range qs {
		if !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	return out
}

// Graph returns the quads of the named graph label, found from the source node outwards (see
// Replace) rather than by a scan of the whole store.
func (s *Store) Graph(ctx context.Context, label quad.IRI) ([]quad.Quad, error) {
	var out []quad.Quad
	seen := map[quad.Quad]bool{}
	addFrom := func(node quad.Value) error {
		return s.Quads(ctx, quad.Subject, node, func(q quad.Quad) error {
			if q.Label == label && !seen[q] {
				seen[q] = true
				out = append(out, q)
			}
			return nil
		})
	}
	if err := addFrom(label); err != nil {
		return nil, err
	}
	var linked []quad.Value
	done := map[quad.Value]bool{label: true}
	if err := s.Quads(ctx, quad.Object, label, func(q quad.Quad) error {
		if q.Label == label && !done[q.Subject] {
			done[q.Subject] = true
			linked = append(linked, q.Subject)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	for _, n := range linked {
		if err := addFrom(n); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// reified returns the triples that the statement nodes among qs describe.
func reified(qs []quad.Quad) map[triple]bool {
	parts := map[quad.Value]*triple{}
	for _, q := range qs {
		t := parts[q.Subject]
		if t == nil {
			t = &triple{}
		}
		switch q.Predicate {
		case rdfSubject:
			t.s = q.Object
		case rdfPredicate:
			t.p = q.Object
		case rdfObject:
			t.o = q.Object
		default:
			continue
		}
		parts[q.Subject] = t
	}
	out := map[triple]bool{}
	for _, t := range parts {
		if t.s != nil && t.p != nil && t.o != nil {
			out[*t] = true
		}
	}
	return out
}

// supportedElsewhere reports whether a graph other than label reifies t.
func (s *Store) supportedElsewhere(ctx context.Context, t triple, label quad.IRI) (bool, error) {
	sts, err := s.Statements(ctx, t.s, t.p, t.o)
	if err != nil {
		return false, err
	}
	for _, st := range sts {
		if st.Label != label {
			return true, nil
		}
	}
	return false, nil
}

// errFound stops a scan early.
var errFound = errors.New("found")

// has reports whether the store holds q exactly.
func (s *Store) has(ctx context.Context, q quad.Quad) (bool, error) {
	err := s.Quads(ctx, quad.Subject, q.Subject, func(x quad.Quad) error {
		if x == q {
			return errFound
		}
		return nil
	})
	if errors.Is(err, errFound) {
		return true, nil
	}
	return false, err
}

// Statement is a reified fact in one source's graph: the node that names the fact and all
// of its quads in that graph (its quote, its source, its reason).
type Statement struct {
	Node  quad.Value
	Label quad.Value
	Quads []quad.Quad
}

// Statements returns the statements, in every graph, that reify the fact (subj pred obj):
// the evidence behind an edge. Two index lookups: statement nodes by rdf:subject, then each
// node's quads.
func (s *Store) Statements(ctx context.Context, subj, pred, obj quad.Value) ([]Statement, error) {
	var cands []quad.Quad
	if err := s.Quads(ctx, quad.Object, subj, func(q quad.Quad) error {
		if q.Predicate == rdfSubject && q.Label != nil {
			cands = append(cands, q)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	var out []Statement
	for _, c := range cands {
		st := Statement{Node: c.Subject, Label: c.Label}
		var hasP, hasO bool
		if err := s.Quads(ctx, quad.Subject, c.Subject, func(q quad.Quad) error {
			if q.Label == c.Label {
				st.Quads = append(st.Quads, q)
				hasP = hasP || q.Predicate == rdfPredicate && q.Object == pred
				hasO = hasO || q.Predicate == rdfObject && q.Object == obj
			}
			return nil
		}); err != nil {
			return nil, err
		}
		if hasP && hasO {
			out = append(out, st)
		}
	}
	return out, nil
}
