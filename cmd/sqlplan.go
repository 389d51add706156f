package cmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync/atomic"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/queries"
)

// runPlan runs a stored query's SQL plan when the store is on PostgreSQL and the query has
// one (queries.SQLPlan), within the command's timeout and row limit; planned is false when
// the Gizmo script must run instead. $MEDKG_NO_SQL_PLAN=1 turns plans off, to compare.
func (f *queryFlags) runPlan(ctx context.Context, st *graph.Store, base string, q *queries.Query, vals map[string]string) (rows []graph.Row, planned bool, err error) {
	if q == nil || st.Backend() != graph.BackendPostgres || noSQLPlan() {
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
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	sqlPlanRuns.Add(1)
	rows, err = st.SQLQuery(ctx, plan, loader.QueryPrefixes(base), params, f.limit)
	switch {
	case errors.Is(err, graph.ErrTimeout):
		return nil, true, fmt.Errorf("query stopped after --timeout %s: %w", f.timeout, err)
	case errors.Is(err, graph.ErrLimit):
		return nil, true, fmt.Errorf("query has more than --limit %d rows: raise --limit or narrow the query: %w", f.limit, err)
	case err != nil:
		return nil, true, fmt.Errorf("query: %w", err)
	}
	return rows, true, nil
}

// sqlPlanRuns counts the SQL plans run, for tests.
var sqlPlanRuns atomic.Int64

// EnvNoSQLPlan set to 1 makes stored queries run their Gizmo script on PostgreSQL too.
const EnvNoSQLPlan = "MEDKG_NO_SQL_PLAN"

func noSQLPlan() bool { return os.Getenv(EnvNoSQLPlan) == "1" }
