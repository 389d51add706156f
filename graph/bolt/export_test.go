package bolt

import (
	"context"

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
