package bolt

import (
	"context"
	"sync/atomic"

	"github.com/medkg/medkg/graph"
)

// GizmoUnplanned runs a script as Gizmo runs it on Cayley's kv store alone, without the
// planner, for tests that compare the two. A store is not safe for concurrent use while
// it is switched.
func GizmoUnplanned(ctx context.Context, st *graph.Store, script string, o graph.GizmoOptions) ([]graph.Row, error) {
	s := graph.BackendOf(st).(*store)
	s.unplanned = true
	defer func() { s.unplanned = false }()
	return st.Gizmo(ctx, script, o)
}

// CountPredChecks counts the node checks the planner narrows to a (node, predicate) prefix
// (predNodes) until undo; not for parallel tests.
func CountPredChecks() (count func() int64, undo func()) {
	var n atomic.Int64
	predCheckHook = func() { n.Add(1) }
	return n.Load, func() { predCheckHook = nil }
}
