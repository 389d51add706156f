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
	"github.com/medkg/medkg/kg"
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
		script string
		cols   []string
		q      *queries.Query
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
	var rows []graph.Row
	if q != nil {
		vals, err := q.Values(o.params)
		if err != nil {
			return usageError{err}
		}
		rows, err = kg.RunStored(ctx, st, o.base, q, vals, kg.StoreResolver{Store: st, Base: o.base}, o.bounds())
		if pe := (*kg.ParamError)(nil); errors.As(err, &pe) {
			return fmt.Errorf("--param %s: %w", pe.Param, pe.Err)
		}
		if err != nil {
			return err
		}
	} else if rows, err = kg.Run(ctx, st, o.base, script, "", o.bounds()); err != nil {
		return err
	}
	r := kg.NewRenderer(ctx, st, o.base)
	return writeResults(o.io.Out, r, kg.NewResults(r, rows, cols), o.output)
}

// bounds are the flags' limit and timeout, as every query runs within them.
func (f *queryFlags) bounds() kg.Bounds {
	return kg.Bounds{Limit: f.limit, Timeout: f.timeout, MaxMemory: uint64(f.maxMem)}
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
