package graph

import (
	"context"
	"errors"
	"fmt"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// RDF reification terms: how a source's graph says which shared fact it supports.
var (
	rdfSubject   = quad.IRI("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject")
	rdfPredicate = quad.IRI("http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate")
	rdfObject    = quad.IRI("http://www.w3.org/1999/02/22-rdf-syntax-ns#object")
)

// ErrReadOnly is returned by writes to a store opened read-only.
var ErrReadOnly = errors.New("store is open read-only")

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
	var ch Change
	if s.opts.ReadOnly {
		return ch, ErrReadOnly
	}
	for _, q := range own {
		if q.Label != label {
			return ch, fmt.Errorf("quad %s is not in graph %s", q.NQuad(), label)
		}
	}
	oldOwn, err := s.Graph(ctx, label)
	if err != nil {
		return ch, fmt.Errorf("read graph %s: %w", label, err)
	}
	oldSet := make(map[quad.Quad]bool, len(oldOwn))
	for _, q := range oldOwn {
		oldSet[q] = true
	}
	newSet := make(map[quad.Quad]bool, len(own))
	for _, q := range own {
		newSet[q] = true
	}
	var deltas []cgraph.Delta
	for _, q := range oldOwn {
		if !newSet[q] {
			deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Delete})
			ch.OwnRemoved++
		}
	}
	for _, q := range own {
		if !oldSet[q] {
			deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Add})
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
			return ch, err
		}
		if !other {
			deltas = append(deltas, cgraph.Delta{Quad: quad.Quad{Subject: t.s, Predicate: t.p, Object: t.o}, Action: cgraph.Delete})
			ch.SharedRemoved++
		}
	}
	for _, q := range shared {
		if q.Label != nil {
			return ch, fmt.Errorf("shared quad %s must have no graph label", q.NQuad())
		}
		exists, err := s.has(ctx, q)
		if err != nil {
			return ch, err
		}
		if !exists {
			deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Add})
			ch.SharedAdded++
		}
	}
	if len(deltas) == 0 {
		return ch, nil
	}
	if err := s.qs.ApplyDeltas(deltas, cgraph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true}); err != nil {
		if rerr := s.reopen(); rerr != nil {
			return Change{}, errors.Join(err, rerr)
		}
		return Change{}, fmt.Errorf("write graph %s: %w", label, err)
	}
	return ch, nil
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
	var stmts []quad.Quad
	if err := s.Quads(ctx, quad.Object, t.s, func(q quad.Quad) error {
		if q.Predicate == rdfSubject && q.Label != nil && q.Label != label {
			stmts = append(stmts, q)
		}
		return nil
	}); err != nil {
		return false, err
	}
	for _, st := range stmts {
		var hasP, hasO bool
		if err := s.Quads(ctx, quad.Subject, st.Subject, func(q quad.Quad) error {
			if q.Label == st.Label {
				hasP = hasP || q.Predicate == rdfPredicate && q.Object == t.p
				hasO = hasO || q.Predicate == rdfObject && q.Object == t.o
			}
			return nil
		}); err != nil {
			return false, err
		}
		if hasP && hasO {
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
