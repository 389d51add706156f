package bolt

import (
	"context"
	"fmt"
	"slices"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/cayley/query/shape"
	"github.com/cayleygraph/quad"
)

// planner is the quad store that Gizmo sessions query: Cayley's kv store with one more
// optimisation, for the step every stored query is made of, out(p) and in(p) from a set of
// nodes that is not fixed (the nodes of a previous step).
//
// Cayley plans g.V(x).in(p) as "the quads whose object is one of the nodes, and whose
// predicate is p", and runs it by reading every quad that has a node as its object and then
// checking the predicate, though its store keeps an index on (object, predicate, subject)
// that lists the right quads directly; it uses that index only when the nodes are fixed in
// the script. At 1M quads a medkg organization is the object of ~26 quads, of which one or
// two have the predicate a query follows, so most quads read are read for nothing (and
// each is a bolt lookup and a protobuf decode). The planner scans the index with the node
// and the predicate as its prefix instead. It changes which quads are read, never which
// match: the index holds every quad of the store (Cayley writes every index in the same
// transaction as the quad).
type planner struct {
	cgraph.QuadStore
	kv *kv.QuadStore
	// bolt is the file under kv, for scans read directly (scan.go); nil for none.
	bolt *batchKV
	// indexes are the store's quad indexes, as far as Cayley's planner reveals them.
	indexes []kv.QuadIndex
}

// newPlanner wraps qs, or returns it as is when it is not Cayley's kv store.
func newPlanner(qs cgraph.QuadStore, b *batchKV) cgraph.QuadStore {
	kqs, ok := qs.(*kv.QuadStore)
	if !ok {
		return qs
	}
	p := &planner{QuadStore: qs, kv: kqs, bolt: b}
	// kv keeps its list of indexes to itself; ask its planner which index it would scan for
	// each set of fixed directions (it answers only for an index with exactly those first).
	sets := [][]quad.Direction{
		{quad.Subject, quad.Predicate}, {quad.Object, quad.Predicate},
		{quad.Subject, quad.Predicate, quad.Object}, {quad.Object, quad.Predicate, quad.Subject},
	}
	for _, dirs := range sets {
		probe := shape.QuadsAction{Result: quad.Subject, Filter: map[quad.Direction]refs.Ref{}}
		for i, d := range dirs {
			probe.Filter[d] = kv.Int64Value(i + 1)
		}
		ns, ok := kqs.OptimizeShape(context.Background(), probe)
		if !ok {
			continue
		}
		if scan, ok := indexScanOf(ns); ok && !p.known(scan.Index) {
			p.indexes = append(p.indexes, scan.Index)
		}
	}
	return p
}

func (p *planner) known(ind kv.QuadIndex) bool {
	for _, x := range p.indexes {
		if slices.Equal(x.Dirs, ind.Dirs) {
			return true
		}
	}
	return false
}

// QuadIterator is kv's (the quads of v in direction d, by the index that starts with d),
// read directly: Cayley asks for it when it checks a node against a step (HasA's Contains).
func (p *planner) QuadIterator(d quad.Direction, v cgraph.Ref) iterator.Shape {
	n, ok := v.(kv.Int64Value)
	if !ok || p.bolt == nil {
		return p.QuadStore.QuadIterator(d, v)
	}
	ind, ok := p.prefixIndex(d)
	if !ok {
		return p.QuadStore.QuadIterator(d, v)
	}
	return directIndexScan(p.kv, p.bolt, kv.IndexScan{Index: ind, Values: []uint64{uint64(n)}})
}

// prefixIndex returns an index whose first directions are dirs, in that order.
func (p *planner) prefixIndex(dirs ...quad.Direction) (kv.QuadIndex, bool) {
	for _, ind := range p.indexes {
		if len(ind.Dirs) >= len(dirs) && slices.Equal(ind.Dirs[:len(dirs)], dirs) {
			return ind, true
		}
	}
	return kv.QuadIndex{}, false
}

// indexScanOf finds the kv index scan at the root of what kv's optimiser made of a
// QuadsAction (NodesFrom over the scan, or over the scan intersected with saves).
func indexScanOf(s shape.Shape) (kv.IndexScan, bool) {
	nf, ok := s.(shape.NodesFrom)
	if !ok {
		return kv.IndexScan{}, false
	}
	switch q := nf.Quads.(type) {
	case kv.IndexScan:
		return q, true
	case shape.Intersect:
		if len(q) > 0 {
			if sc, ok := q[0].(kv.IndexScan); ok {
				return sc, true
			}
		}
	}
	return kv.IndexScan{}, false
}

// OptimizeShape is called by Cayley's shape optimiser for every shape of a query, bottom up.
func (p *planner) OptimizeShape(ctx context.Context, s shape.Shape) (shape.Shape, bool) {
	switch s := s.(type) {
	case shape.QuadsAction:
		return p.quadsAction(ctx, s)
	case shape.Quads:
		return p.quads(s)
	case shape.NodesFrom:
		return p.nodesFrom(s)
	case shape.Union, shape.Intersect, shape.Save:
		return p.hookChildren(s)
	}
	return s, false
}

// quadsAction plans the quads with fixed nodes in some directions (has(p, o), or a step
// from one fixed node), returning the nodes in another.
func (p *planner) quadsAction(ctx context.Context, s shape.QuadsAction) (shape.Shape, bool) {
	// kv's own plan, its index scan bound to the kv store: the shapes it returns build
	// their iterators only over *kv.QuadStore, not over a wrapper.
	if ns, ok := p.kv.OptimizeShape(ctx, s); ok {
		if scan, ok := indexScanOf(ns); ok {
			return p.actionNodes(s, boundScan{scan: scan, kv: p.kv, bolt: p.bolt}), true
		}
		return s, false
	}
	if len(s.Filter) == 1 {
		return p.predicateOnly(s)
	}
	// kv finds no index when the fixed directions are only the start of one: (object,
	// predicate) of the (object, predicate, subject) index, as in has(p, o). Scan that
	// prefix; and where the result is the index's next direction, look a node up by its
	// full key rather than by all its quads.
	if len(s.Filter) != 2 || s.Filter[quad.Predicate] == nil {
		return s, false
	}
	other := quad.Object
	if s.Filter[quad.Object] == nil {
		other = quad.Subject
	}
	ov, ok1 := s.Filter[other].(kv.Int64Value)
	pv, ok2 := s.Filter[quad.Predicate].(kv.Int64Value)
	if !ok1 || !ok2 {
		return s, false
	}
	ind, ok := p.prefixIndex(other, quad.Predicate)
	if !ok {
		return s, false
	}
	scan := boundScan{scan: kv.IndexScan{Index: ind, Values: []uint64{uint64(ov), uint64(pv)}}, kv: p.kv, bolt: p.bolt}
	if len(s.Save) == 0 && len(ind.Dirs) == 3 && ind.Dirs[2] == s.Result {
		return hasIndexed{scan: scan, dir: s.Result}, true
	}
	return p.actionNodes(s, scan), true
}

// predicateOnly plans the nodes of the quads with a fixed predicate, saving their other
// ends (save(p, tag) from nodes a previous step found; kv has no index to scan by the
// predicate alone): Cayley's own iterator, whose check of a node reads only the node's
// quads with the predicate (predNodes).
func (p *planner) predicateOnly(s shape.QuadsAction) (shape.Shape, bool) {
	pv, ok := s.Filter[quad.Predicate].(kv.Int64Value)
	if !ok {
		return s, false
	}
	// As Cayley's QuadsAction builds it (unexported simplify), saves in direction order.
	q := shape.Quads{{Dir: quad.Predicate, Values: shape.Fixed{pv}}}
	for _, d := range []quad.Direction{quad.Subject, quad.Predicate, quad.Object, quad.Label} {
		if tags, ok := s.Save[d]; ok {
			q = append(q, shape.QuadFilter{Dir: d, Values: shape.Save{From: shape.AllNodes{}, Tags: tags}})
		}
	}
	out, ok := p.predNodesOf(s.Result, pv, q)
	if !ok {
		return s, false
	}
	return out, true
}

// quads plans a step along a fixed predicate from nodes that are not fixed: out(p), in(p).
func (p *planner) quads(s shape.Quads) (shape.Shape, bool) {
	if len(s) != 2 {
		return s, false
	}
	pred, ok := shape.One(s[0].Values)
	if !ok || s[0].Dir != quad.Predicate {
		return s, false
	}
	from := s[1]
	if h, ok := p.hookRecursion(from.Values); ok {
		from.Values = h
	}
	if _, fixed := from.Values.(shape.Fixed); fixed || from.Dir != quad.Subject && from.Dir != quad.Object {
		return s, false
	}
	ind, ok := p.prefixIndex(from.Dir, quad.Predicate)
	if !ok {
		return s, false
	}
	pv, ok := pred.(kv.Int64Value)
	if !ok {
		return s, false
	}
	return predLinks{dir: from.Dir, pred: pv, from: from.Values, index: ind, kv: p.kv, bolt: p.bolt}, true
}

// nodesFrom plans the nodes at one end of a step planned as predLinks (out(p), in(p),
// save(p, tag), has(p, nodes) from or towards nodes that are not fixed).
func (p *planner) nodesFrom(s shape.NodesFrom) (shape.Shape, bool) {
	links, ok := s.Quads.(predLinks)
	if !ok {
		return s, false
	}
	return p.predNodesOf(s.Dir, links.pred, links)
}

// predNodesOf is NodesFrom{dir, quads} as predNodes, for quads that holds only quads with
// predicate pred; as NodesFrom where the store has no index for it.
func (p *planner) predNodesOf(dir quad.Direction, pred kv.Int64Value, quads shape.Shape) (shape.Shape, bool) {
	ind, ok := p.prefixIndex(dir, quad.Predicate)
	if !ok {
		return shape.NodesFrom{Dir: dir, Quads: quads}, false
	}
	return predNodes{dir: dir, pred: pred, quads: quads, index: ind, kv: p.kv, bolt: p.bolt}, true
}

// actionNodes is s (whose quads have their filters) as Cayley builds it, NodesFrom over the
// quads and the saves, but as predNodes when s filters on a predicate.
func (p *planner) actionNodes(s shape.QuadsAction, quads shape.Shape) shape.Shape {
	nf := s.SimplifyFrom(quads)
	n, ok := nf.(shape.NodesFrom)
	pv, isInt := s.Filter[quad.Predicate].(kv.Int64Value)
	if !ok || !isInt {
		return nf
	}
	out, _ := p.predNodesOf(n.Dir, pv, n.Quads)
	return out
}

// predNodes is the nodes in direction dir of quads, all of which have predicate pred:
// Cayley's HasA, which checks a node (Contains: when an intersection checks the nodes
// another part found, as it does for save() and has() and most steps after the first) by
// reading the quads of the node in dir and asking quads about each. Cayley reads every quad
// of the node, of any predicate (a claim of the flagship has six, one of them with the
// predicate its save() follows); quads rejects all but those with pred, so predNodes reads
// only those, by the (dir, predicate) index prefix: the quads that can match, in the same
// order (the node's scan and the prefix scan read the same index), so the same rows.
type predNodes struct {
	dir   quad.Direction
	pred  kv.Int64Value
	quads shape.Shape
	index kv.QuadIndex
	kv    *kv.QuadStore
	bolt  *batchKV
}

func (s predNodes) BuildIterator(qs cgraph.QuadStore) iterator.Shape {
	return newPredHasA(qs, s.quads.BuildIterator(qs), s.dir, s.pred, s.index, s.kv, s.bolt)
}

// Optimize optimizes a predLinks' nodes; other quads are what Cayley would build unoptimised
// (a QuadsAction), so they are left so.
func (s predNodes) Optimize(ctx context.Context, r shape.Optimizer) (shape.Shape, bool) {
	l, ok := s.quads.(predLinks)
	if !ok {
		return s, false
	}
	v, ok := l.Optimize(ctx, r)
	if v == nil {
		return nil, true
	}
	s.quads = v
	return s, ok
}

// newPredHasA is HasA(primary, dir) for a primary that holds only quads with predicate
// pred: its check of a node scans ind, whose directions start with (dir, predicate), by the
// prefix (node, pred).
func newPredHasA(qs cgraph.QuadStore, primary iterator.Shape, dir quad.Direction, pred kv.Int64Value, ind kv.QuadIndex, k *kv.QuadStore, b *batchKV) *cgraph.HasA {
	return cgraph.NewHasA(predIndexer{QuadStore: qs, dir: dir, pred: pred, index: ind, kv: k, bolt: b}, primary, dir)
}

// predIndexer is the quad store as a predNodes' HasA sees it: the quads of a node in the
// HasA's direction are those with the node and the predicate as the index prefix.
type predIndexer struct {
	cgraph.QuadStore
	dir   quad.Direction
	pred  kv.Int64Value
	index kv.QuadIndex
	kv    *kv.QuadStore
	bolt  *batchKV
}

// predCheckHook, when set (by tests), is called for each check predIndexer narrows, so
// that a test can tell the path was taken.
var predCheckHook func()

func (x predIndexer) QuadIterator(d quad.Direction, v cgraph.Ref) iterator.Shape {
	n, ok := v.(kv.Int64Value)
	if !ok || d != x.dir {
		return x.QuadStore.QuadIterator(d, v)
	}
	if predCheckHook != nil {
		predCheckHook()
	}
	vals := []uint64{uint64(n), uint64(x.pred)}
	return directIndexScan(x.kv, x.bolt, kv.IndexScan{Index: x.index, Values: vals})
}

// boundScan is a kv index scan that builds its iterator over the kv store it was planned for.
type boundScan struct {
	scan kv.IndexScan
	kv   *kv.QuadStore
	bolt *batchKV
}

func (s boundScan) BuildIterator(cgraph.QuadStore) iterator.Shape {
	return directIndexScan(s.kv, s.bolt, s.scan)
}
func (s boundScan) Optimize(context.Context, shape.Optimizer) (shape.Shape, bool) {
	return s, false
}

// predLinks is the shape of the quads whose predicate is pred and whose dir is one of the
// nodes from yields: Cayley's LinksTo, but reading each node's quads from index, with the
// node and pred as the scan's prefix.
type predLinks struct {
	dir   quad.Direction
	pred  kv.Int64Value
	from  shape.Shape
	index kv.QuadIndex
	kv    *kv.QuadStore
	bolt  *batchKV
}

func (s predLinks) BuildIterator(qs cgraph.QuadStore) iterator.Shape {
	links := cgraph.NewLinksTo(prefixIndexer{QuadStore: qs, s: s}, s.from.BuildIterator(qs), s.dir)
	return &predLinksIt{LinksTo: links, qs: qs, pred: s.pred}
}

func (s predLinks) Optimize(ctx context.Context, r shape.Optimizer) (shape.Shape, bool) {
	v, ok := s.from.Optimize(ctx, r)
	if v == nil {
		return nil, true
	}
	s.from = v
	return s, ok
}

// prefixIndexer is the quad store as predLinks' LinksTo sees it: the quads of a node are
// those with the node and the predicate as the index prefix.
type prefixIndexer struct {
	cgraph.QuadStore
	s predLinks
}

func (x prefixIndexer) QuadIterator(d quad.Direction, v cgraph.Ref) iterator.Shape {
	n, ok := v.(kv.Int64Value)
	if !ok || d != x.s.dir {
		return iterator.NewError(fmt.Errorf("graph: unexpected node %T in direction %v", v, d))
	}
	vals := []uint64{uint64(n), uint64(x.s.pred)}
	return directIndexScan(x.s.kv, x.s.bolt, kv.IndexScan{Index: x.s.index, Values: vals})
}

// predLinksIt is LinksTo for scanning; as an index (Contains, when an intersection checks a
// quad found some other way) it also checks the predicate, which LinksTo leaves to the
// predicate's own filter.
type predLinksIt struct {
	*cgraph.LinksTo
	qs   cgraph.QuadStore
	pred kv.Int64Value
}

func (it *predLinksIt) Lookup() iterator.Index {
	return &predContains{Index: it.LinksTo.Lookup(), qs: it.qs, pred: it.pred}
}

func (it *predLinksIt) Optimize(ctx context.Context) (iterator.Shape, bool) {
	ns, ok := it.LinksTo.Optimize(ctx)
	if ns != iterator.Shape(it.LinksTo) {
		return ns, ok
	}
	return it, ok
}

func (it *predLinksIt) String() string { return fmt.Sprintf("PredLinksTo(%v)", it.LinksTo.Direction()) }

type predContains struct {
	iterator.Index
	qs   cgraph.QuadStore
	pred kv.Int64Value
	err  error
}

func (it *predContains) Contains(ctx context.Context, v refs.Ref) bool {
	p, err := it.qs.QuadDirection(v, quad.Predicate)
	if err != nil {
		it.err = err
		return false
	}
	if pv, ok := p.(kv.Int64Value); !ok || pv != it.pred {
		return false
	}
	return it.Index.Contains(ctx, v)
}

func (it *predContains) Err() error {
	if it.err != nil {
		return it.err
	}
	return it.Index.Err()
}

// hasIndexed is the nodes n with a quad (n, p, o) for fixed p and o, has(p, o): Cayley's
// NodesFrom over the index prefix (o, p) for listing them, and for checking one node (an
// intersection's usual way of running has()) a look-up of the key (o, p, n), where Cayley
// would read every quad of n.
type hasIndexed struct {
	scan boundScan
	dir  quad.Direction
}

func (s hasIndexed) BuildIterator(qs cgraph.QuadStore) iterator.Shape {
	return &hasIndexedIt{Shape: cgraph.NewHasA(qs, s.scan.BuildIterator(qs), s.dir), s: s}
}

func (s hasIndexed) Optimize(context.Context, shape.Optimizer) (shape.Shape, bool) {
	return s, false
}

type hasIndexedIt struct {
	iterator.Shape
	s hasIndexed
}

func (it *hasIndexedIt) Lookup() iterator.Index { return &hasIndexedContains{s: it.s} }

func (it *hasIndexedIt) Optimize(ctx context.Context) (iterator.Shape, bool) {
	ns, ok := it.Shape.Optimize(ctx)
	if ok {
		it.Shape = ns
	}
	return it, ok
}

func (it *hasIndexedIt) String() string { return "HasIndexed" }

// hasIndexedContains checks a node as Cayley's HasA would: one path for each live quad
// (n, p, o), the same triple in as many graphs as state it (Contains the first, NextPath
// each further one), so that a node has(p, o) twice counts twice.
type hasIndexedContains struct {
	s      hasIndexed
	result refs.Ref
	more   int // further paths of result, for NextPath
	err    error
}

func (it *hasIndexedContains) Contains(ctx context.Context, v refs.Ref) bool {
	it.result, it.more = nil, 0
	n, ok := v.(kv.Int64Value)
	if !ok {
		return false
	}
	sc := it.s.scan.scan
	vals := append(slices.Clip(sc.Values), uint64(n))
	live, done, err := 0, false, error(nil)
	if b := it.s.scan.bolt; b != nil {
		live, done, err = b.liveQuads(sc.Index, vals)
	}
	if !done {
		q := kv.IndexScan{Index: sc.Index, Values: vals}.BuildIterator(it.s.scan.kv).Iterate()
		for q.Next(ctx) {
			live++
		}
		err = q.Err()
		q.Close()
	}
	it.err = err
	if err != nil || live == 0 {
		return false
	}
	it.result, it.more = v, live-1
	return true
}

func (it *hasIndexedContains) NextPath(context.Context) bool {
	if it.more == 0 {
		return false
	}
	it.more--
	return true
}

func (it *hasIndexedContains) Result() refs.Ref               { return it.result }
func (it *hasIndexedContains) Err() error                     { return it.err }
func (it *hasIndexedContains) Close() error                   { return nil }
func (it *hasIndexedContains) TagResults(map[string]refs.Ref) {}
func (it *hasIndexedContains) String() string                 { return "HasIndexedContains" }
