package cmd

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/spf13/cobra"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/loader"
)

type exportOptions struct {
	*globals
	out    string
	graph  string
	output string
	vocab  bool
}

func newExportCmd(g *globals) *cobra.Command {
	o := &exportOptions{globals: g}
	var oldFormat, oldOut *string // the spellings before -o FORMAT and --out FILE
	c := &cobra.Command{
		Use:   "export",
		Short: "Write the store as sorted N-Quads (or Turtle, TriG, JSON-LD, GraphML, GEXF, Graphviz)",
		Long: `Export writes every quad of the store, sorted, so that the same store always gives the
same bytes. N-Quads streams in bounded memory however large the store.

--graph restricts the export to one named graph: an article (its file name without .txt, or
its IRI), or "background" for the curated background. Turtle has no named graphs: it takes
one graph (--graph); TriG and the other formats take the whole store. Graphviz refuses more
than a thousand quads, which dot cannot lay out in reasonable time.

--vocabulary writes the medkg vocabulary instead (RDFS: classes, properties, their
superclasses, domains, ranges and labels; docs/vocabulary.md), in any format, with no store.`,
		Example: `  medkg export > medkg.nq
  medkg export --graph 004_9e3b36c867778e8f
  medkg export -o jsonld --out medkg.jsonld
  medkg export -o trig > medkg.trig
  medkg export --vocabulary -o turtle > medkg-vocab.ttl`,
		Args: maxArgs(0),
		RunE: func(c *cobra.Command, _ []string) error {
			if c.Flags().Changed("format") {
				warnDeprecated(o.io.Err, "--format", "-o/--output")
				if !c.Flags().Changed("output") {
					o.output = *oldFormat
				}
			}
			if c.Flags().Changed("legacy-out") {
				warnDeprecated(o.io.Err, "-O FILE", "--out FILE")
				if !c.Flags().Changed("out") {
					o.out = *oldOut
				}
			}
			if !slices.Contains(graph.Formats, o.output) {
				return usageError{fmt.Errorf("unknown output format %q: use one of %s", o.output, strings.Join(graph.Formats, ", "))}
			}
			return runExport(c.Context(), o)
		},
	}
	c.Flags().StringVarP(&o.output, "output", "o", "nquads", "output format: "+strings.Join(graph.Formats, ", "))
	c.Flags().StringVar(&o.out, "out", "", "write to FILE (atomically) instead of stdout")
	c.Flags().StringVar(&o.graph, "graph", "", "export only this graph: an article id or IRI, or \"background\"")
	c.Flags().BoolVar(&o.vocab, "vocabulary", false, "write the medkg vocabulary (RDFS), not the store")
	oldFormat = hiddenString(c, "format", "")
	oldOut = hiddenString(c, "legacy-out", "O")
	return c
}

// graphLabel turns what a user typed for --graph into the graph's IRI.
func (g *globals) graphLabel(name string) quad.IRI {
	v := loader.NewVocab(g.base)
	switch {
	case name == "background":
		return v.Background()
	case strings.Contains(name, ":"):
		return quad.IRI(strings.TrimSuffix(strings.TrimPrefix(name, "<"), ">"))
	case strings.HasPrefix(name, "import/"): // an import, as medkg sources names it
		return v.Import(strings.TrimPrefix(name, "import/"))
	}
	return v.Article(strings.TrimSuffix(name, ".txt"))
}

func runExport(ctx context.Context, o *exportOptions) error {
	opts := graph.ExportOptions{Format: o.output, Prefixes: loader.QueryPrefixes(o.base)}
	// export writes the vocabulary, with no store, or the store (one graph of it with --graph).
	var export func(io.Writer) (int, error)
	if o.vocab {
		if o.graph != "" {
			return usageError{fmt.Errorf("--vocabulary and --graph: the vocabulary is not a graph of the store")}
		}
		export = func(w io.Writer) (int, error) { return graph.ExportQuads(w, loader.Vocabulary(o.base), opts) }
	} else {
		st, err := o.open(true)
		if err != nil {
			return err
		}
		defer st.Close()
		if o.graph != "" {
			opts.Label = o.graphLabel(o.graph)
		}
		export = func(w io.Writer) (int, error) { return st.Export(ctx, w, opts) }
	}
	w, commit, abort, err := createOutput(o.out, o.io.Out)
	if err != nil {
		return err
	}
	defer abort()
	n, err := export(w)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if o.graph != "" && n == 0 {
		return fmt.Errorf("graph %s: %w", opts.Label, errNotFound)
	}
	if err := commit(); err != nil {
		return err
	}
	fmt.Fprintf(o.io.Err, "exported %d quads\n", n)
	return nil
}
