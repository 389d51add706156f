package graph

import (
	"context"

	"github.com/cayleygraph/cayley/query/gizmo"
)

// GizmoUnplanned runs a script as Gizmo runs it on Cayley's kv store alone, without the
// planner, for tests that compare the two.
func GizmoUnplanned(ctx context.Context, s *Store, script string, o GizmoOptions) ([]Row, error) {
	// kv's own plans build their iterators only over *kv.QuadStore, so the session queries
	// it directly; the names wrapper serves Run's look-ups only.
	g := &GizmoSession{st: s, sess: gizmo.NewSession(s.qs), queried: s.qs, names: newNamesQS(s.qs)}
	return g.Run(ctx, script, o)
}
