package cmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/medkg/medkg/queries"
	"github.com/medkg/medkg/rdf"
)

type queriesOptions struct {
	*globals
	output string
}

func newQueriesCmd(g *globals) *cobra.Command {
	o := &queriesOptions{globals: g}
	c := &cobra.Command{
		Use:   "queries",
		Short: "List the stored queries, their parameters and examples",
		Args:  maxArgs(0),
		RunE: func(*cobra.Command, []string) error {
			return runQueries(o)
		},
	}
	c.Flags().StringVarP(&o.output, "output", "o", outTable, "output format: table or json")
	return c
}

func runQueries(o *queriesOptions) error {
	if err := checkOutput(o.output, outTable, outJSON); err != nil {
		return err
	}
	all, err := queries.Catalog()
	if err != nil {
		return err
	}
	if o.output == outJSON {
		type param struct {
			Name     string `json:"name"`
			Kind     string `json:"kind"`
			Default  string `json:"default,omitempty"`
			Required bool   `json:"required,omitempty"`
			Doc      string `json:"doc"`
		}
		type entry struct {
			Name        string   `json:"name"`
			Description string   `json:"description"`
			Params      []param  `json:"params"`
			Columns     []string `json:"columns"`
			Example     string   `json:"example"`
		}
		out := []entry{}
		for _, q := range all {
			e := entry{Name: q.Name, Description: q.Description, Columns: q.Columns, Example: q.Example, Params: []param{}}
			for _, p := range q.Params {
				e.Params = append(e.Params, param{p.Name, p.Kind, p.Default, p.Required, p.Doc})
			}
			out = append(out, e)
		}
		return rdf.WriteJSON(o.io.Out, out)
	}
	for i, q := range all {
		if i > 0 {
			fmt.Fprintln(o.io.Out)
		}
		fmt.Fprintf(o.io.Out, "%s\n  %s\n", q.Name, q.Description)
		for _, p := range q.Params {
			def := "optional"
			switch {
			case p.Required:
				def = "required"
			case p.Default != "":
				def = fmt.Sprintf("default %q", p.Default)
			}
			fmt.Fprintf(o.io.Out, "  --param %s=%s  (%s) %s\n", p.Name, strings.ToUpper(p.Kind), def, p.Doc)
		}
		fmt.Fprintf(o.io.Out, "  columns: %s\n  example: %s\n", strings.Join(q.Columns, ", "), q.Example)
	}
	return nil
}
