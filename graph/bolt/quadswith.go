package bolt

import (
	"context"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/query/shape"
	"github.com/cayleygraph/quad"
)

// QuadsWithAny calls fn for each quad that has one of vs in direction d (Subject or
// Object) and predicate p: the quads of QuadsWith for each of vs in turn, in that order, but
// read as one scan, so that the values of all their quads are looked up in batches through
// one cache rather than node by node (a result's labels: a thousand nodes and more).
func (s *store) QuadsWithAny(ctx context.Context, d quad.Direction, vs []quad.Value, p quad.IRI, fn func(quad.Quad) error) error {
	pl, ok := s.gq.(*planner)
	var ind kv.QuadIndex
	if ok && (d == quad.Subject || d == quad.Object) {
		ind, ok = pl.prefixIndex(d, quad.Predicate)
	}
	pref, err := s.valueOf(p)
	if err != nil {
		return err
	}
	if pref == nil {
		return nil // no quad has the predicate
	}
	pi, isInt := pref.(kv.Int64Value)
	if !ok || !isInt {
		for _, v := range vs {
			if err := s.QuadsWith(ctx, d, v, p, fn); err != nil {
				return err
			}
		}
		return nil
	}
	nodes := make(shape.Fixed, 0, len(vs))
	for _, v := range vs {
		r, err := s.valueOf(v)
		if err != nil {
			return err
		}
		if r != nil {
			nodes = append(nodes, r)
		}
	}
	if len(nodes) == 0 {
		return nil
	}
	links := predLinks{dir: d, pred: pi, from: nodes, index: ind, kv: pl.kv, bolt: pl.bolt}
	return s.scan(ctx, links.BuildIterator(cgraph.QuadStore(s.qs)), func(q quad.Quad) error {
		if q.Predicate != p {
			return nil
		}
		return fn(q)
	})
}
