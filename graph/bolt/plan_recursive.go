package bolt

import (
	"context"
	"reflect"
	"slices"
	"unsafe"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/query/shape"
	"github.com/cayleygraph/quad"
)

// The planner's hook for followRecursive.
//
// Gizmo builds the step a recursion repeats (g.M().in(p)) straight into iterators at every
// depth (path.MorphismFor), without the shape optimiser, so the planner's rewrite of in(p)
// and out(p) (predLinks) never sees it: Cayley reads every quad of each node reached and
// checks the predicate after. For the flagship at 1M that is ~26 quads an organization
// where one to four have the predicate, a fifth of the query's time.
//
// The hook wraps the shape Gizmo makes for followRecursive (an opaque function shape of
// package path) where the planner meets it, as an element of a union, intersection, save
// or step; when built, it takes the iterator.Recursive apart (its morphism, depth and
// depth tags are unexported: read by reflection, checked field by field against the
// Cayley version medkg requires, and left alone if they do not match) and builds it again
// with a morphism whose result is rewritten: HasA(And(LinksTo(from, d), LinksTo(Fixed p,
// predicate))) becomes HasA(predLinks), the same quads read by the (d, predicate) index
// prefix (and for in([p, q]), HasA(Or(predLinks p, predLinks q))). Anything else is left
// as Cayley built it.
//
// This is the only file in medkg that uses reflect or unsafe, and recursiveParts the only
// function that reads Cayley's private fields: Cayley offers no accessor for a Recursive's
// morphism, and without it the step cannot be rebuilt. TestRecursiveParts and
// TestRecursionShapeDetected fail if a Cayley upgrade moves what it reads (the hook then
// leaves Cayley's plan alone, slower but correct), and TestPlannerSameRows checks that the
// rebuilt steps give the rows Cayley's own plan gives.

// recursionShapeType is the type of the shape path.followRecursiveMorphism returns.
const (
	recursionShapePkg  = "github.com/cayleygraph/cayley/query/path"
	recursionShapeName = "iteratorBuilder"
)

func isRecursionShape(s shape.Shape) bool {
	t := reflect.TypeOf(s)
	return t != nil && t.PkgPath() == recursionShapePkg && t.Name() == recursionShapeName
}

// hookRecursion wraps s if it is a followRecursive shape.
func (p *planner) hookRecursion(s shape.Shape) (shape.Shape, bool) {
	if !isRecursionShape(s) {
		return s, false
	}
	return recursionHook{inner: s, p: p}, true
}

// hookChildren wraps the followRecursive shapes among the direct children of the shapes
// that hold them in the stored queries (a union, an intersection, a save).
func (p *planner) hookChildren(s shape.Shape) (shape.Shape, bool) {
	hookAll := func(ss []shape.Shape) ([]shape.Shape, bool) {
		var out []shape.Shape
		for i, x := range ss {
			if h, ok := p.hookRecursion(x); ok {
				if out == nil {
					out = slices.Clone(ss)
				}
				out[i] = h
			}
		}
		return out, out != nil
	}
	switch s := s.(type) {
	case shape.Union:
		if out, ok := hookAll(s); ok {
			return shape.Union(out), true
		}
	case shape.Intersect:
		if out, ok := hookAll(s); ok {
			return shape.Intersect(out), true
		}
	case shape.Save:
		if h, ok := p.hookRecursion(s.From); ok {
			s.From = h
			return s, true
		}
	}
	return s, false
}

// recursionHook is a followRecursive shape whose iterator is rebuilt with planned steps.
type recursionHook struct {
	inner shape.Shape
	p     *planner
}

func (h recursionHook) Optimize(context.Context, shape.Optimizer) (shape.Shape, bool) {
	return h, false
}

func (h recursionHook) BuildIterator(qs cgraph.QuadStore) iterator.Shape {
	it := h.inner.BuildIterator(qs)
	r, ok := it.(*iterator.Recursive)
	if !ok {
		return it
	}
	m, depth, tags, ok := recursiveParts(r)
	if !ok {
		return it
	}
	sub := r.SubIterators()
	if len(sub) != 1 {
		return it
	}
	nr := iterator.NewRecursive(sub[0], func(base iterator.Shape) iterator.Shape {
		return h.p.planStep(qs, m(base))
	}, depth)
	for _, t := range tags {
		nr.AddDepthTag(t)
	}
	return nr
}

var (
	morphismType = reflect.TypeOf(iterator.Morphism(nil))
	stringsType  = reflect.TypeOf([]string(nil))
)

// recursiveParts reads what iterator.NewRecursive and AddDepthTag were given.
func recursiveParts(r *iterator.Recursive) (m iterator.Morphism, depth int, tags []string, ok bool) {
	v := reflect.ValueOf(r).Elem()
	fm, fd, ft := v.FieldByName("morphism"), v.FieldByName("maxDepth"), v.FieldByName("depthTags")
	if !fm.IsValid() || fm.Type() != morphismType || !fd.IsValid() || fd.Kind() != reflect.Int ||
		!ft.IsValid() || ft.Type() != stringsType {
		return nil, 0, nil, false
	}
	m = *(*iterator.Morphism)(unsafe.Pointer(fm.UnsafeAddr()))
	tags = slices.Clone(*(*[]string)(unsafe.Pointer(ft.UnsafeAddr())))
	if m == nil {
		return nil, 0, nil, false
	}
	return m, int(fd.Int()), tags, true
}

// planStep rewrites one step of a recursion, HasA(And(LinksTo(from, d), LinksTo(Fixed p...,
// predicate)), goal) as Gizmo builds in(p) and out(p) (and in([p, q])), to read the quads
// by the (d, predicate) index prefix; any other iterator is returned as it is.
func (p *planner) planStep(qs cgraph.QuadStore, it iterator.Shape) iterator.Shape {
	hasA, ok := it.(*cgraph.HasA)
	if !ok {
		return it
	}
	hs := hasA.SubIterators()
	if len(hs) != 1 {
		return it
	}
	and, ok := hs[0].(*iterator.And)
	if !ok {
		return it
	}
	subs := and.SubIterators()
	if len(subs) != 2 {
		return it
	}
	from, ok1 := subs[0].(*cgraph.LinksTo)
	pred, ok2 := subs[1].(*cgraph.LinksTo)
	if !ok1 || !ok2 {
		return it
	}
	if from.Direction() == quad.Predicate {
		from, pred = pred, from
	}
	if pred.Direction() != quad.Predicate || from.Direction() != quad.Subject && from.Direction() != quad.Object {
		return it
	}
	ps, fs := pred.SubIterators(), from.SubIterators()
	if len(ps) != 1 || len(fs) != 1 {
		return it
	}
	fixed, ok := ps[0].(*iterator.Fixed)
	if !ok || len(fixed.Values()) == 0 {
		return it
	}
	ind, ok := p.prefixIndex(from.Direction(), quad.Predicate)
	if !ok {
		return it
	}
	// One prefix scan a predicate; in([p, q]) is the union of the two (a quad has one
	// predicate, so they share no quad).
	var links []iterator.Shape
	seen := map[kv.Int64Value]bool{}
	for _, v := range fixed.Values() {
		pv, ok := v.(kv.Int64Value)
		if !ok || seen[pv] {
			return it // a predicate twice: Cayley's plan, which reads each quad once
		}
		seen[pv] = true
		s := predLinks{dir: from.Direction(), pred: pv, index: ind, kv: p.kv, bolt: p.bolt}
		l := cgraph.NewLinksTo(prefixIndexer{QuadStore: qs, s: s}, fs[0], s.dir)
		links = append(links, &predLinksIt{LinksTo: l, qs: qs, pred: pv})
	}
	if len(links) > 1 {
		return cgraph.NewHasA(qs, iterator.NewOr(links...), hasA.Direction())
	}
	// One predicate: a check of a node (when the step is intersected) reads only its quads
	// with the predicate, as predNodes' does.
	pv := fixed.Values()[0].(kv.Int64Value)
	if hind, ok := p.prefixIndex(hasA.Direction(), quad.Predicate); ok {
		return newPredHasA(qs, links[0], hasA.Direction(), pv, hind, p.kv, p.bolt)
	}
	return cgraph.NewHasA(qs, links[0], hasA.Direction())
}
