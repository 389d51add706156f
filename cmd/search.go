package cmd

import (
	"context"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/spf13/cobra"

	"github.com/medkg/medkg/loader"
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
	idx, err := loadEntityIndex(ctx, st, o.base)
	if err != nil {
		return err
	}
	matches := idx.search(o.text)
	if len(matches) == 0 {
		return errNoMatch("no entity's name or alias matches %q", o.text)
	}
	r := newRenderer(ctx, st, o.base)
	if o.output == outJSON {
		out := make([]rdf.Object, 0, len(matches))
		for _, m := range matches {
			matched := ""
			if m.alias {
				matched = m.text
			}
			out = append(out, rdf.Object{
				{Key: "id", Value: string(m.iri)}, {Key: "name", Value: r.label(m.iri)}, {Key: "types", Value: r.types(m.iri)}, {Key: "matched", Value: matched},
			})
		}
		return rdf.WriteJSON(o.io.Out, out)
	}
	t := newTable(o.io.Out, "NAME", "TYPE", "MATCHED ALIAS", "ID")
	for _, m := range matches {
		matched := ""
		if m.alias {
			matched = m.text
		}
		t.row(r.label(m.iri), strings.Join(r.types(m.iri), ", "), matched, r.short(m.iri))
	}
	return t.flush()
}

// types lists a node's classes, most specific first: the broad class every organization,
// person, place or event also carries is left out when a narrower one is there.
func (r *renderer) types(iri quad.IRI) []string {
	var specific, broad []string
	r.st.Quads(r.ctx, quad.Subject, iri, func(q quad.Quad) error {
		if q.Predicate != loader.RDFType || q.Label != nil {
			return nil
		}
		switch q.Object {
		case loader.SchemaOrganization, loader.SchemaPerson, loader.SchemaPlace, loader.SchemaEvent:
			broad = append(broad, r.short(q.Object.(quad.IRI)))
		default:
			if t, ok := q.Object.(quad.IRI); ok {
				specific = append(specific, r.short(t))
			}
		}
		return nil
	})
	if len(specific) == 0 {
		specific = broad
	}
	sort.Strings(specific)
	return specific
}
