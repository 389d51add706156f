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

// prefetch reads the labels of every IRI in rows at once, on PostgreSQL in one statement
// rather than one per IRI.
func (r *renderer) prefetch(rows []graph.Row) {
	if r.st.Backend() != graph.BackendPostgres {
		return
	}
	var todo []quad.Value
	seen := map[quad.IRI]bool{}
	add := func(v quad.Value) {
		if iri, ok := v.(quad.IRI); ok && !seen[iri] {
			if _, done := r.labels[iri]; !done {
				seen[iri] = true
				todo = append(todo, iri)
			}
		}
	}
	for _, row := range rows {
		for _, v := range row.Tags {
			add(v)
		}
	}
	if len(todo) == 0 {
		return
	}
	found := map[quad.IRI][]quad.Quad{}
	preds := []quad.Value{loader.SchemaName, loader.SchemaIdentifier, loader.SchemaHeadline} // what labelFrom reads
	if err := r.st.QuadsOfSubjects(r.ctx, todo, preds, func(q quad.Quad) error {
		iri := q.Subject.(quad.IRI)
		found[iri] = append(found[iri], q)
		return nil
	}); err != nil {
		return // label looks each one up again
	}
	for _, v := range todo {
		iri := v.(quad.IRI)
		r.labels[iri] = r.labelFrom(iri, found[iri])
	}
}
