package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/queries"
)

// queryFlags are the bounds and output shared by every command that runs a query.
type queryFlags struct {
	output  string
	limit   int
	timeout time.Duration
	maxMem  byteSize // heap a Gizmo script may grow by: --max-memory
}

func (f *queryFlags) register(c *cobra.Command, outputs ...string) {
	c.Flags().StringVarP(&f.output, "output", "o", outTable, "output format: "+joinOr(outputs))
	c.Flags().IntVar(&f.limit, "limit", 10000, "stop with an error after this many rows (0: no limit)")
	c.Flags().DurationVar(&f.timeout, "timeout", 30*time.Second, "stop a query that runs longer than this")
	f.maxMem = defaultMaxMemory
	c.Flags().Var(&f.maxMem, "max-memory", memoryFlagUsage)
}

type queryOptions struct {
	*globals
	queryFlags
	name   string
	params []string
	expr   string
	file   string
}

func newQueryCmd(g *globals) *cobra.Command {
	o := &queryOptions{globals: g}
	c := &cobra.Command{
		Use:   "query [NAME --param key=value ...] | -e SCRIPT | -f FILE",
		Short: "Run a stored query by name, or any Gizmo query",
		Long: `Query runs one of the stored queries (see medkg queries) with its parameters, or an ad-hoc
Gizmo query given with -e, read from a file with -f, or from standard input (-f -).

An entity parameter takes a canonical name, any alias (in any case) or an IRI. In Gizmo,
g.IRI("schema:founder") expands the prefixes schema, org, prov, dcterms, rdf, rdfs, xsd,
medkg (the vocabulary), and id, event, article for medkg's own nodes: g.IRI("id:cas"). Rows are sorted; a column named "article" lists every article that states the row.`,
		Example: `  medkg query centres-cofounded-by
  medkg query founders-of --param centre="Shanghai High-end Medical Equipment Innovation Centre" -o json
  medkg query -e 'g.V(g.IRI("id:cas")).in(g.IRI("schema:parentOrganization")).all()'
  echo 'g.V().has(g.IRI("rdf:type"), g.IRI("medkg:Center")).all()' | medkg query -f -`,
		Args: maxArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.name = args[0]
			}
			n := 0
			for _, set := range []bool{o.name != "", o.expr != "", o.file != ""} {
				if set {
					n++
				}
			}
			if n != 1 {
				return usageError{errors.New("give a stored query NAME, or -e SCRIPT, or -f FILE (-f - for standard input)")}
			}
			if o.name == "" && len(o.params) > 0 {
				return usageError{errors.New("--param goes with a stored query NAME; an ad-hoc script reads no params")}
			}
			return runQuery(c.Context(), o)
		},
	}
	o.queryFlags.register(c, outTable, outJSON, outCSV, outNQuads)
	c.Flags().StringArrayVarP(&o.params, "param", "p", nil, "a stored query's parameter as key=value (repeatable)")
	c.Flags().StringVarP(&o.expr, "expr", "e", "", "run this Gizmo script")
	c.Flags().StringVarP(&o.file, "file", "f", "", "run the Gizmo script in FILE (- for standard input)")
	return c
}

func runQuery(ctx context.Context, o *queryOptions) error {
	if err := checkOutput(o.output, outTable, outJSON, outCSV, outNQuads); err != nil {
		return err
	}
	var (
		script, prelude string
		cols            []string
		q               *queries.Query
		vals            map[string]string
	)
	switch {
	case o.expr != "":
		script = o.expr
	case o.file != "":
		var data []byte
		var err error
		if o.file == "-" {
			data, err = io.ReadAll(o.io.In)
		} else {
			data, err = os.ReadFile(o.file)
		}
		if err != nil {
			return usageError{fmt.Errorf("read query: %w", err)}
		}
		script = string(data)
	default:
		var err error
		if q, err = queries.Get(o.name); err != nil {
			return usageError{err}
		}
		script, cols = q.Script, q.Columns
	}

	st, err := o.open(true)
	if err != nil {
		return err
	}
	defer st.Close()
	if q != nil {
		var err error
		vals, err = q.Values(o.params)
		if err != nil {
			return usageError{err}
		}
		if err := resolveEntities(ctx, st, o.base, q, vals); err != nil {
			return err
		}
		if prelude, err = q.Bind(vals); err != nil {
			return err
		}
	}
	rows, planned, err := o.runPlan(ctx, st, o.base, q, vals)
	if !planned {
		rows, err = o.run(ctx, st, o.base, script, prelude)
	}
	if err != nil {
		return err
	}
	r := newRenderer(ctx, st, o.base)
	return r.write(o.io.Out, newResults(r, rows, cols), o.output)
}

// run runs a script within the command's timeout and row limit, with medkg's prefixes.
func (f *queryFlags) run(ctx context.Context, st *graph.Store, base, script, prelude string) ([]graph.Row, error) {
	return f.runIn(ctx, st.NewGizmoSession(), base, script, prelude)
}

// runIn is run in a session that a prompt keeps from one statement to the next.
func (f *queryFlags) runIn(ctx context.Context, sess *graph.GizmoSession, base, script, prelude string) ([]graph.Row, error) {
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	rows, err := sess.Run(ctx, script, graph.GizmoOptions{Limit: f.limit, Namespaces: loader.QueryPrefixes(base), Prelude: prelude, MaxMemory: uint64(f.maxMem)})
	switch {
	case errors.Is(err, graph.ErrTimeout):
		return nil, fmt.Errorf("query stopped after --timeout %s (%d rows so far): %w", f.timeout, len(rows), err)
	case errors.Is(err, graph.ErrLimit):
		return nil, fmt.Errorf("query has more than --limit %d rows: raise --limit or narrow the query: %w", f.limit, err)
	case errors.Is(err, graph.ErrMemory):
		return nil, fmt.Errorf("query used more than --max-memory %s (%d rows so far); raise --max-memory if it is meant to: %w", &f.maxMem, len(rows), err)
	case err != nil:
		return nil, fmt.Errorf("query: %w", err)
	}
	return rows, nil
}

// resolveEntities replaces each entity parameter's name or alias by the entity's IRI.
func resolveEntities(ctx context.Context, st *graph.Store, base string, q *queries.Query, vals map[string]string) error {
	for _, p := range q.Params {
		if p.Kind != queries.KindEntity || vals[p.Name] == "" {
			continue
		}
		iri, err := resolveEntity(ctx, st, base, vals[p.Name])
		if err != nil {
			return fmt.Errorf("--param %s: %w", p.Name, err)
		}
		vals[p.Name] = "<" + string(iri) + ">"
	}
	return nil
}

func joinOr(list []string) string {
	s := ""
	for i, x := range list {
		switch {
		case i == 0:
		case i == len(list)-1:
			s += " or "
		default:
			s += ", "
		}
		s += x
	}
	return s
}
