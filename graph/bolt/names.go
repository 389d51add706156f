package bolt

import (
	"context"
	"sync"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/cayley/query/shape"
	"github.com/cayleygraph/quad"
)

// namesQS is the quad store as one Gizmo session sees it: the planner, with the values of
// nodes remembered for the length of one Run. Gizmo looks up the value of every tag of
// every row (forEach, and the rows Run returns), one read transaction each, and a query's
// rows repeat their nodes: the flagship's 1073 rows at 1M name each founder and centre
// many times. Run clears the memory at its start, so nothing outlives the query that read
// it: a node ID is only reused for another value after the write that freed it, and no
// write runs during a query (a Store is not safe for concurrent use while writing).
type namesQS struct {
	cgraph.QuadStore
	mu    sync.Mutex
	names map[any]quad.Value
}

// namesMax bounds the memory of one Run; past it, values are looked up again.
const namesMax = 1 << 16

func newNamesQS(qs cgraph.QuadStore) *namesQS {
	return &namesQS{QuadStore: qs, names: map[any]quad.Value{}}
}

// reset forgets every value: called at the start of each Run.
func (n *namesQS) reset() {
	n.mu.Lock()
	clear(n.names)
	n.mu.Unlock()
}

func (n *namesQS) cached(k any) (quad.Value, bool) {
	n.mu.Lock()
	v, ok := n.names[k]
	n.mu.Unlock()
	return v, ok
}

func (n *namesQS) remember(k any, v quad.Value) {
	n.mu.Lock()
	if len(n.names) < namesMax {
		n.names[k] = v
	}
	n.mu.Unlock()
}

// NameOf is the store's, through the session's memory.
func (n *namesQS) NameOf(r cgraph.Ref) (quad.Value, error) {
	if r == nil {
		return n.QuadStore.NameOf(r)
	}
	k := r.Key()
	if v, ok := n.cached(k); ok {
		return v, nil
	}
	v, err := n.QuadStore.NameOf(r)
	if err == nil && v != nil {
		n.remember(k, v)
	}
	return v, err
}

// ValuesOf is the store's batch look-up, through the session's memory.
func (n *namesQS) ValuesOf(ctx context.Context, rs []cgraph.Ref) ([]quad.Value, error) {
	bn, ok := n.QuadStore.(refs.BatchNamer)
	if !ok {
		out := make([]quad.Value, len(rs))
		for i, r := range rs {
			v, err := n.NameOf(r)
			if err != nil {
				return out, err
			}
			out[i] = v
		}
		return out, nil
	}
	out := make([]quad.Value, len(rs))
	var miss []cgraph.Ref
	var at []int
	for i, r := range rs {
		if r == nil {
			continue
		}
		if v, ok := n.cached(r.Key()); ok {
			out[i] = v
			continue
		}
		miss, at = append(miss, r), append(at, i)
	}
	if len(miss) == 0 {
		return out, nil
	}
	vals, err := bn.ValuesOf(ctx, miss)
	if err != nil {
		return out, err
	}
	for j, v := range vals {
		out[at[j]] = v
		if v != nil {
			n.remember(miss[j].Key(), v)
		}
	}
	return out, nil
}

// OptimizeShape passes shapes to the planner: Cayley finds its optimiser by a type assertion.
func (n *namesQS) OptimizeShape(ctx context.Context, s shape.Shape) (shape.Shape, bool) {
	if o, ok := n.QuadStore.(shape.Optimizer); ok {
		return o.OptimizeShape(ctx, s)
	}
	return s, false
}
