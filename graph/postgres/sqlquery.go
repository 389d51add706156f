package postgres

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/lib/pq"

	"github.com/medkg/medkg/graph"
)

var (
	reIRIMacro   = regexp.MustCompile(`iri\(([A-Za-z][\w.-]*):([^)\s]*)\)`)
	reParamMacro = regexp.MustCompile(`param\(([A-Za-z_]\w*)\)`)
)

// SQLQuery runs a stored query's SQL plan (see queries.SQLPlan) on PostgreSQL, in one
// statement: a traversal that Cayley's SQL backend runs as one query per row it touches.
// In the plan, iri(prefix:local) stands for the hash of that IRI (prefixes from ns) and
// param(name) for the hash of params[name]; lines starting with -- are comments. Every column of the result is a node hash; a row
// comes back as tags named after the columns, the values read in one more statement. The
// deadline of ctx cuts the query (ErrTimeout); more than limit rows (if limit > 0) return
// the first limit rows and ErrLimit.
func (p *store) SQLQuery(ctx context.Context, plan string, ns map[string]string, params map[string]quad.Value, limit int) ([]graph.Row, error) {
	var lines []string
	for _, l := range strings.Split(plan, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "--") {
			lines = append(lines, l)
		}
	}
	var expandErr error
	text := reIRIMacro.ReplaceAllStringFunc(strings.Join(lines, "\n"), func(m string) string {
		p := reIRIMacro.FindStringSubmatch(m)
		base, ok := ns[p[1]]
		if !ok {
			expandErr = fmt.Errorf("SQL plan: unknown prefix %q in %s", p[1], m)
			return m
		}
		return hashLiteral(quad.IRI(base + p[2]))
	})
	var args []any
	index := map[string]int{}
	text = reParamMacro.ReplaceAllStringFunc(text, func(m string) string {
		name := reParamMacro.FindStringSubmatch(m)[1]
		v, ok := params[name]
		if !ok {
			expandErr = fmt.Errorf("SQL plan: no value for parameter %q", name)
			return m
		}
		if _, ok := index[name]; !ok {
			args = append(args, hashArg(v))
			index[name] = len(args)
		}
		return fmt.Sprintf("$%d::bytea", index[name])
	})
	if expandErr != nil {
		return nil, expandErr
	}
	if limit > 0 {
		text = fmt.Sprintf("SELECT * FROM (%s) AS plan LIMIT %d", text, limit+1)
	}
	rows, err := p.db.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, p.sqlQueryError(ctx, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var hashes [][][]byte
	need := map[string]bool{}
	for rows.Next() {
		row := make([][]byte, len(cols))
		dest := make([]any, len(cols))
		for i := range row {
			dest[i] = &row[i]
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		for _, h := range row {
			if h != nil {
				need[string(h)] = true
			}
		}
		hashes = append(hashes, row)
	}
	if err := rows.Err(); err != nil {
		return nil, p.sqlQueryError(ctx, err)
	}
	values, err := p.values(ctx, need)
	if err != nil {
		return nil, p.sqlQueryError(ctx, err)
	}
	out := make([]graph.Row, 0, len(hashes))
	for _, row := range hashes {
		if limit > 0 && len(out) == limit {
			return out, graph.ErrLimit
		}
		r := graph.Row{Tags: make(map[string]quad.Value, len(cols))}
		for i, h := range row {
			if h != nil {
				r.Tags[cols[i]] = values[string(h)]
			}
		}
		out = append(out, r)
	}
	return out, nil
}

func (p *store) sqlQueryError(ctx context.Context, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return graph.ErrTimeout
	}
	return p.addr.wrap(nil, "PostgreSQL "+p.addr.display+": %v", err)
}

// hashLiteral is the hash of v as an SQL bytea literal.
func hashLiteral(v quad.Value) string {
	return `'\x` + hex.EncodeToString(hashArg(v).([]byte)) + `'::bytea`
}

// values reads the nodes with the given hashes in one statement.
func (p *store) values(ctx context.Context, hashes map[string]bool) (map[string]quad.Value, error) {
	out := make(map[string]quad.Value, len(hashes))
	if len(hashes) == 0 {
		return out, nil
	}
	list := make(pq.ByteaArray, 0, len(hashes))
	for h := range hashes {
		list = append(list, []byte(h))
	}
	rows, err := p.db.QueryContext(ctx, `SELECT n.hash, `+pgNodeSelect("n")+` FROM unnest($1::bytea[]) AS w(h) JOIN nodes n ON n.hash = w.h`, list)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var h []byte
		var n nodeScan
		if err := rows.Scan(append([]any{&h}, n.dest()...)...); err != nil {
			return nil, err
		}
		v, err := n.value()
		if err != nil {
			return nil, err
		}
		out[string(h)] = v
	}
	return out, rows.Err()
}

// quadsOfSubjects calls fn with every quad whose subject is one of subjects and whose
// predicate is one of predicates, in one statement rather than one per subject.
func (p *store) quadsOfSubjects(ctx context.Context, subjects, predicates []quad.Value, fn func(quad.Quad) error) error {
	list := make(pq.ByteaArray, 0, len(subjects))
	for _, v := range subjects {
		if v != nil {
			list = append(list, hashArg(v).([]byte))
		}
	}
	if len(list) == 0 || len(predicates) == 0 {
		return nil
	}
	preds := make(pq.ByteaArray, len(predicates))
	for i, pred := range predicates {
		preds[i] = hashArg(pred).([]byte)
	}
	// Joined from the lists, so that each (subject, predicate) is one index lookup.
	query := strings.Replace(pgQuadSelect, "FROM quads q", `FROM unnest($1::bytea[]) AS w(h)
JOIN quads q ON q.subject_hash = w.h AND q.predicate_hash = ANY($2::bytea[])`, 1)
	return p.quadsQuery(ctx, query, []any{list, preds}, fn)
}
