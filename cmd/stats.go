package cmd

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/spf13/cobra"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/kg"
	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/rdf"
)

type statsOptions struct {
	*globals
	output string
}

func newStatsCmd(g *globals) *cobra.Command {
	o := &statsOptions{globals: g}
	c := &cobra.Command{
		Use:   "stats",
		Short: "Count quads, nodes by type, and claims per article",
		Long: `Stats counts the quads in the store, the nodes of each type in the shared graph, and for
each article (and the background) its claims (one per fact edge it states, each with a
quote or a reason; a fact item of a fact file can state several edges), the entities it
mentions, and the quads of its graph.`,
		Args: maxArgs(0),
		RunE: func(c *cobra.Command, _ []string) error {
			return runStats(c.Context(), o)
		},
	}
	c.Flags().StringVarP(&o.output, "output", "o", "table", "output format: table or json")
	return c
}

// Stats is what `medkg stats -o json` prints.
type Stats struct {
	Quads    int64          `json:"quads"`
	Types    []TypeCount    `json:"types"`
	Articles []ArticleStats `json:"articles"`
}

// TypeCount is the number of nodes of one rdf:type in the shared graph.
type TypeCount struct {
	Type  string `json:"type"`
	Count int    `json:"count"`
}

// ArticleStats describes one source graph: an article, or the curated background.
type ArticleStats struct {
	ID       string `json:"id"`
	IRI      string `json:"iri"`
	Claims   int    `json:"claims"`   // claims with a quote or a reason: one per fact edge stated
	Entities int    `json:"entities"` // entities it mentions
	Quads    int    `json:"quads"`    // quads in its graph
}

func runStats(ctx context.Context, o *statsOptions) error {
	if o.output != "table" && o.output != "json" {
		return usageError{fmt.Errorf("unknown output %q: use table or json", o.output)}
	}
	st, err := o.open(true)
	if err != nil {
		return err
	}
	defer st.Close()
	v := loader.NewVocab(o.base)
	var s Stats
	if s.Quads, err = st.Size(ctx); err != nil {
		return err
	}

	noteIndex(o.globals, st, true)
	types, sources, err := typeCounts(ctx, st)
	if err != nil {
		return err
	}
	pfx := loader.PrefixesFor(o.base)
	for t, n := range types {
		s.Types = append(s.Types, TypeCount{Type: kg.Shorten(t, pfx), Count: n})
	}
	sort.Slice(s.Types, func(i, j int) bool { return s.Types[i].Type < s.Types[j].Type })

	counts, err := graphCounts(ctx, st, sources)
	if err != nil {
		return err
	}
	for src := range sources {
		as := counts[src]
		as.ID, as.IRI = strings.TrimPrefix(string(src), v.Base+"article/"), string(src)
		if src == v.Background() {
			as.ID = "background"
		} else if name, ok := strings.CutPrefix(string(src), v.Base+"import/"); ok {
			as.ID = "import/" + name // as medkg sources and medkg remove name it
		}
		s.Articles = append(s.Articles, as)
	}
	sort.Slice(s.Articles, func(i, j int) bool { return s.Articles[i].ID < s.Articles[j].ID })

	if o.output == "json" {
		return rdf.WriteJSON(o.io.Out, s)
	}
	fmt.Fprintf(o.io.Out, "quads  %d\n\n", s.Quads)
	t := newTable(o.io.Out, "TYPE", "NODES")
	for _, tc := range s.Types {
		t.row(tc.Type, tc.Count)
	}
	if err := t.flush(); err != nil {
		return err
	}
	fmt.Fprintln(o.io.Out)
	t = newTable(o.io.Out, "GRAPH", "CLAIMS", "ENTITIES", "QUADS")
	for _, a := range s.Articles {
		t.row(a.ID, a.Claims, a.Entities, a.Quads)
	}
	return t.flush()
}

// typeCounts counts the nodes of each type in the shared graph, and finds the sources (the
// graphs whose node types itself an article or a dataset), from the store's maintained index
// or, without one, from every rdf:type quad.
func typeCounts(ctx context.Context, st *graph.Store) (map[quad.Value]int, map[quad.IRI]bool, error) {
	types := map[quad.Value]int{}
	sources := map[quad.IRI]bool{}
	isSource := func(t quad.Value) bool { return t == loader.SchemaNewsArticle || t == loader.SchemaDataset }
	err := st.TypeEntries(ctx, func(e graph.TypeEntry) error {
		if e.Graph == "" {
			types[e.Type]++
		} else if e.Graph == e.Subject && isSource(e.Type) {
			sources[e.Subject] = true
		}
		return nil
	})
	if !errors.Is(err, graph.ErrNoIndex) {
		return types, sources, err
	}
	err = st.Quads(ctx, quad.Predicate, loader.RDFType, func(q quad.Quad) error {
		if q.Label == nil {
			types[q.Object]++
		} else if isSource(q.Object) {
			if iri, ok := q.Subject.(quad.IRI); ok && q.Label == q.Subject {
				sources[iri] = true
			}
		}
		return nil
	})
	return types, sources, err
}

// graphCounts counts each source's quads, claims and mentions, from the store's maintained
// counts or, without them (or when they are stale), from each source's graph.
func graphCounts(ctx context.Context, st *graph.Store, sources map[quad.IRI]bool) (map[quad.IRI]ArticleStats, error) {
	out := make(map[quad.IRI]ArticleStats, len(sources))
	err := st.GraphCounts(ctx, func(c graph.GraphCount) error {
		if sources[c.Graph] {
			out[c.Graph] = ArticleStats{
				Quads:    int(c.Quads),
				Claims:   int(c.Counted[loader.ProvValue] + c.Counted[loader.RDFSComment]),
				Entities: int(c.Counted[loader.SchemaMentions]),
			}
		}
		return nil
	})
	if !errors.Is(err, graph.ErrNoIndex) && !errors.Is(err, graph.ErrIndexStale) {
		return out, err
	}
	for src := range sources {
		qs, err := st.Graph(ctx, src)
		if err != nil {
			return nil, err
		}
		as := ArticleStats{Quads: len(qs)}
		for _, q := range qs {
			switch q.Predicate {
			case loader.ProvValue, loader.RDFSComment:
				as.Claims++
			case loader.SchemaMentions:
				as.Entities++
			}
		}
		out[src] = as
	}
	return out, nil
}
