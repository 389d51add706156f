package cmd

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/spf13/cobra"

	"github.com/medkg/medkg/kg"
	"github.com/medkg/medkg/rdf"
)

type showOptions struct {
	*globals
	entity string
	output string
}

func newShowCmd(g *globals) *cobra.Command {
	o := &showOptions{globals: g}
	c := &cobra.Command{
		Use:   "show ENTITY",
		Short: "Everything known about an entity, each fact with its article and quote",
		Long: `Show prints an entity's names and types, then every fact about it, outgoing and incoming,
grouped by predicate; under each fact, the articles that state it with their verbatim quotes
(or, for curated background, the curator's reason). ENTITY is a canonical name, an alias in
any case, or an IRI.`,
		Example: `  medkg show Mindray
  medkg show "Chinese Academy of Sciences" -o json
  medkg show USST -o nquads   # the facts and their evidence as N-Quads`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.entity = args[0]
			if o.output == "text" {
				warnDeprecated(o.io.Err, "-o text", "-o table")
				o.output = outTable
			}
			return runShow(c.Context(), o)
		},
	}
	c.Flags().StringVarP(&o.output, "output", "o", outTable, "output format: table, json or nquads")
	return c
}

func runShow(ctx context.Context, o *showOptions) error {
	if err := checkOutput(o.output, outTable, outJSON, outNQuads); err != nil {
		return err
	}
	st, err := o.open(true)
	if err != nil {
		return err
	}
	defer st.Close()
	iri, err := kg.ResolveEntity(ctx, st, o.base, o.entity)
	if err != nil {
		return err
	}
	r := kg.NewRenderer(ctx, st, o.base)
	v, err := r.Entity(iri)
	if err != nil {
		return err
	}
	switch o.output {
	case outNQuads:
		edges := make([]quad.Quad, len(v.Facts))
		for i, f := range v.Facts {
			edges[i] = f.Edge
		}
		return r.WriteFacts(o.io.Out, edges)
	case outJSON:
		return rdf.WriteJSON(o.io.Out, r.EntityJSON(v))
	}
	return writeShow(o.io.Out, r, v)
}

// writeShow prints an entity's view for people: names, types, then each fact grouped by
// predicate with its evidence beneath.
func writeShow(w io.Writer, r *kg.Renderer, v *kg.EntityView) error {
	iri, aliases, mentioned, facts := v.IRI, v.Aliases, v.Mentioned, v.Facts
	fmt.Fprintln(w, termSafe(r.Label(iri)))
	t := newKVTable(w)
	t.row("", "id", "<"+string(iri)+">")
	t.row("", "types", strings.Join(r.Types(iri), ", "))
	if len(aliases) > 0 {
		t.row("", "aliases", strings.Join(aliases, "; "))
	}
	if len(mentioned) > 0 {
		names := make([]string, len(mentioned))
		for i, a := range mentioned {
			names[i] = r.Label(a)
		}
		t.row("", "mentioned in", strings.Join(names, ", "))
	}
	if err := t.flush(); err != nil {
		return err
	}
	group := ""
	for _, f := range facts {
		if f.Group != group {
			group = f.Group
			fmt.Fprintf(w, "\n%s\n", termSafe(group))
		}
		fmt.Fprintf(w, "  %s\n", termSafe(f.Text))
		for _, e := range f.Evidence {
			if e.Quote != "" {
				fmt.Fprintf(w, "      %s: \"%s\"\n", termSafe(r.Text(e.Source)), termSafe(e.Quote)) // verbatim but for control characters
			} else {
				fmt.Fprintf(w, "      %s: %s\n", termSafe(r.Text(e.Source)), termSafe(e.Reason))
			}
		}
	}
	return nil
}
