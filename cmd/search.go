package cmd

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"github.com/medkg/medkg/kg"
	"github.com/medkg/medkg/rdf"
)

type searchOptions struct {
	*globals
	text   string
	output string
}

func newSearchCmd(g *globals) *cobra.Command {
	o := &searchOptions{globals: g}
	c := &cobra.Command{
		Use:   "search TEXT",
		Short: "Find entities by name or alias",
		Long: `Search finds the entities whose canonical name or any alias matches TEXT, in any case:
exact matches first, then names that start with it, contain it, or are spelt close to it.`,
		Example: `  medkg search mindray
  medkg search "wenzhou research" -o json`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.text = args[0]
			return runSearch(c.Context(), o)
		},
	}
	c.Flags().StringVarP(&o.output, "output", "o", outTable, "output format: table or json")
	return c
}

func runSearch(ctx context.Context, o *searchOptions) error {
	if err := checkOutput(o.output, outTable, outJSON); err != nil {
		return err
	}
	st, err := o.open(true)
	if err != nil {
		return err
	}
	defer st.Close()
	noteIndex(o.globals, st, false)
	matches, err := kg.SearchStore(ctx, st, o.base, o.text)
	if err != nil {
		return err
	}
	if len(matches) == 0 {
		return errNoMatch("no entity's name or alias matches %q", o.text)
	}
	r := kg.NewRenderer(ctx, st, o.base)
	if o.output == outJSON {
		return rdf.WriteJSON(o.io.Out, r.SearchJSON(matches))
	}
	t := newTable(o.io.Out, "NAME", "TYPE", "MATCHED ALIAS", "ID")
	for _, m := range matches {
		matched := ""
		if m.Alias {
			matched = m.Text
		}
		t.row(r.Label(m.IRI), strings.Join(r.Types(m.IRI), ", "), matched, r.Short(m.IRI))
	}
	return t.flush()
}
