package kg

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/queries"
)

// Bounds are what every query runs within: the CLI's and the server's --limit and --timeout.
type Bounds struct {
	Limit   int           // rows; 0 for no limit
	Timeout time.Duration // the query's whole run
	// MaxMemory is how far a Gizmo script may grow the heap, in bytes (--max-memory); 0 for
	// no budget. SQL plans run in the database and are not bounded by it.
	MaxMemory uint64
}

// Resolver turns what a person typed for an entity parameter (a name, an alias, an IRI)
// into the entity's IRI: a command that exits resolves lazily (StoreResolver), the server
// through the name index it keeps.
type Resolver interface {
	Resolve(ctx context.Context, text string) (quad.IRI, error)
}

// StoreResolver resolves through the store, building the name index only when it must
// (ResolveEntity).
type StoreResolver struct {
	Store *graph.Store
	Base  string
}

// Resolve is ResolveEntity.
func (s StoreResolver) Resolve(ctx context.Context, text string) (quad.IRI, error) {
	return ResolveEntity(ctx, s.Store, s.Base, text)
}

// RunStored runs the stored query q with the parameter values vals (from q.Values): each
// entity parameter resolved by res, then the query's SQL plan when the store is on
// PostgreSQL and the query has one, its Gizmo script otherwise. It is the one way the CLI,
// the prompt and the HTTP API run a stored query, so that they give the same rows. A
// parameter that names no entity, or several, is a *ParamError; a value the script cannot
// take a *BindError.
func RunStored(ctx context.Context, st *graph.Store, base string, q *queries.Query, vals map[string]string, res Resolver, b Bounds) ([]graph.Row, error) {
	for _, p := range q.Params {
		if p.Kind != queries.KindEntity || vals[p.Name] == "" {
			continue
		}
		iri, err := res.Resolve(ctx, vals[p.Name])
		if err != nil {
			return nil, &ParamError{Param: p.Name, Err: err}
		}
		vals[p.Name] = "<" + string(iri) + ">"
	}
	prelude, err := q.Bind(vals)
	if err != nil {
		return nil, &BindError{err}
	}
	rows, planned, err := runPlan(ctx, st, base, q, vals, b)
	if planned {
		return rows, err
	}
	return Run(ctx, st, base, q.Script, prelude, b)
}

// Run runs a Gizmo script within the bounds, with medkg's prefixes.
func Run(ctx context.Context, st *graph.Store, base, script, prelude string, b Bounds) ([]graph.Row, error) {
	return RunIn(ctx, st.NewGizmoSession(), base, script, prelude, b)
}

// RunIn is Run in a session that a prompt keeps from one statement to the next.
func RunIn(ctx context.Context, sess *graph.GizmoSession, base, script, prelude string, b Bounds) ([]graph.Row, error) {
	ctx, cancel := context.WithTimeout(ctx, b.Timeout)
	defer cancel()
	rows, err := sess.Run(ctx, script, graph.GizmoOptions{Limit: b.Limit, Namespaces: loader.QueryPrefixes(base), Prelude: prelude, MaxMemory: b.MaxMemory})
	switch {
	case errors.Is(err, graph.ErrTimeout):
		return nil, fmt.Errorf("query stopped after --timeout %s (%d rows so far): %w", b.Timeout, len(rows), err)
	case errors.Is(err, graph.ErrLimit):
		return nil, fmt.Errorf("query has more than --limit %d rows: raise --limit or narrow the query: %w", b.Limit, err)
	case errors.Is(err, graph.ErrMemory):
		return nil, fmt.Errorf("query used more than --max-memory %s (%d rows so far); raise --max-memory if it is meant to: %w", FormatBytes(b.MaxMemory), len(rows), err)
	case err != nil:
		return nil, fmt.Errorf("query: %w", err)
	}
	return rows, nil
}

// runPlan runs a stored query's SQL plan when the store is on PostgreSQL and the query has
// one (queries.SQLPlan), within the bounds; planned is false when the Gizmo script must run
// instead. $MEDKG_NO_SQL_PLAN=1 turns plans off, to compare.
func runPlan(ctx context.Context, st *graph.Store, base string, q *queries.Query, vals map[string]string, b Bounds) (rows []graph.Row, planned bool, err error) {
	if q == nil || !st.RunsSQL() || noSQLPlan() {
		return nil, false, nil
	}
	plan, ok := queries.SQLPlan(q.Name)
	if !ok {
		return nil, false, nil
	}
	params := map[string]quad.Value{}
	for _, p := range q.Params {
		v, ok := vals[p.Name]
		if !ok || v == "" {
			continue
		}
		if p.Kind != queries.KindEntity {
			return nil, false, nil // plans take entities only; the script handles the rest
		}
		params[p.Name] = quad.IRI(strings.TrimSuffix(strings.TrimPrefix(v, "<"), ">"))
	}
	ctx, cancel := context.WithTimeout(ctx, b.Timeout)
	defer cancel()
	SQLPlanRuns.Add(1)
	rows, err = st.SQLQuery(ctx, plan, loader.QueryPrefixes(base), params, b.Limit)
	switch {
	case errors.Is(err, graph.ErrTimeout):
		return nil, true, fmt.Errorf("query stopped after --timeout %s: %w", b.Timeout, err)
	case errors.Is(err, graph.ErrLimit):
		return nil, true, fmt.Errorf("query has more than --limit %d rows: raise --limit or narrow the query: %w", b.Limit, err)
	case err != nil:
		return nil, true, fmt.Errorf("query: %w", err)
	}
	return rows, true, nil
}

// SQLPlanRuns counts the SQL plans run, for tests.
var SQLPlanRuns atomic.Int64

// EnvNoSQLPlan set to 1 makes stored queries run their Gizmo script on PostgreSQL too.
const EnvNoSQLPlan = "MEDKG_NO_SQL_PLAN"

func noSQLPlan() bool { return os.Getenv(EnvNoSQLPlan) == "1" }
