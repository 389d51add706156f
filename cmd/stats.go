package cmd

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/spf13/cobra"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/kg"
	"github.com/medkg/medkg/loader"
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

	counts, ok, err := indexedSources(ctx, st)
	if err != nil {
		return err
	}
	if ok {
		sources = make(map[quad.IRI]bool, len(counts))
		for src := range counts {
			sources[src] = true
		}
	} else {
		if sources == nil {
			if sources, err = typedSources(ctx, st); err != nil {
				return err
			}
		}
		if counts, err = graphCounts(ctx, st, sources); err != nil {
			return err
		}
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
		return s.writeJSON(o.io.Out)
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

// sourceTypes are the types by which a source's graph types its own node.
var sourceTypes = []quad.IRI{loader.SchemaNewsArticle, loader.SchemaDataset}

// typeCounts counts the nodes of each type in the shared graph, from the store's maintained
// index (its type counts, or its type entries when the counts are stale) or, without one,
// from every rdf:type quad; from these it finds the sources too (the graphs whose node types
// itself an article or a dataset), else sources is nil.
func typeCounts(ctx context.Context, st *graph.Store) (map[quad.Value]int, map[quad.IRI]bool, error) {
	types := map[quad.Value]int{}
	isSource := func(t quad.Value) bool { return t == loader.SchemaNewsArticle || t == loader.SchemaDataset }
	err := st.TypeCounts(ctx, func(t quad.IRI, n int64) error {
		types[t] = int(n)
		return nil
	})
	if errors.Is(err, graph.ErrIndexStale) {
		clear(types)
		err = st.TypeEntries(ctx, func(e graph.TypeEntry) error {
			if e.Graph == "" {
				types[e.Type]++
			}
			return nil
		})
	}
	if !errors.Is(err, graph.ErrNoIndex) {
		return types, nil, err
	}
	sources := map[quad.IRI]bool{}
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

// indexedSources finds the sources and their counts in one read of the maintained graph
// counts, which count each graph's own type quads (kg.StoreIndex's SelfTypes); ok is false
// when the store has no such counts (no index, stale counts, or an index without them).
func indexedSources(ctx context.Context, st *graph.Store) (map[quad.IRI]ArticleStats, bool, error) {
	out := map[quad.IRI]ArticleStats{}
	ok := true
	err := st.GraphCounts(ctx, func(c graph.GraphCount) error {
		src := false
		for _, t := range sourceTypes {
			n, counted := c.SelfTyped[t]
			ok = ok && counted
			src = src || n > 0
		}
		if src {
			out[c.Graph] = ArticleStats{
				Quads:    int(c.Quads),
				Claims:   int(c.Counted[loader.ProvValue] + c.Counted[loader.RDFSComment]),
				Entities: int(c.Counted[loader.SchemaMentions]),
			}
		}
		return nil
	})
	if errors.Is(err, graph.ErrNoIndex) || errors.Is(err, graph.ErrIndexStale) {
		return nil, false, nil
	}
	return out, ok && err == nil, err
}

// typedSources finds the sources from their type entries in the maintained index.
func typedSources(ctx context.Context, st *graph.Store) (map[quad.IRI]bool, error) {
	sources := map[quad.IRI]bool{}
	for _, t := range sourceTypes {
		err := st.TypeEntriesOf(ctx, t, func(e graph.TypeEntry) error {
			if e.Graph != "" && e.Graph == e.Subject {
				sources[e.Subject] = true
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return sources, nil
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

// writeJSON writes s as rdf.WriteJSON would, byte for byte (TestStatsJSONAsEncoder), but
// row by row: at 1M quads the articles are 23k rows, 4 MB that encoding/json built and then
// re-indented in memory (a third of stats' time).
func (s *Stats) writeJSON(out io.Writer) error {
	w := bufio.NewWriterSize(out, 64<<10)
	b := make([]byte, 0, 512)
	b = append(b, "{\n  \"quads\": "...)
	b = strconv.AppendInt(b, s.Quads, 10)
	b = append(b, ",\n  \"types\": "...)
	b, err := appendJSONRows(w, b, s.Types, func(b []byte, t TypeCount) []byte {
		b = append(b, "\n    {\n      \"type\": "...)
		b = appendJSONString(b, t.Type)
		b = append(b, ",\n      \"count\": "...)
		b = strconv.AppendInt(b, int64(t.Count), 10)
		return append(b, "\n    }"...)
	})
	if err != nil {
		return err
	}
	b = append(b, ",\n  \"articles\": "...)
	b, err = appendJSONRows(w, b, s.Articles, func(b []byte, a ArticleStats) []byte {
		b = append(b, "\n    {\n      \"id\": "...)
		b = appendJSONString(b, a.ID)
		b = append(b, ",\n      \"iri\": "...)
		b = appendJSONString(b, a.IRI)
		b = append(b, ",\n      \"claims\": "...)
		b = strconv.AppendInt(b, int64(a.Claims), 10)
		b = append(b, ",\n      \"entities\": "...)
		b = strconv.AppendInt(b, int64(a.Entities), 10)
		b = append(b, ",\n      \"quads\": "...)
		b = strconv.AppendInt(b, int64(a.Quads), 10)
		return append(b, "\n    }"...)
	})
	if err != nil {
		return err
	}
	b = append(b, "\n}\n"...)
	if _, err := w.Write(b); err != nil {
		return err
	}
	return w.Flush()
}

// appendJSONRows appends rows as the value of a member two spaces in, as encoding/json's
// indented output has it (null for nil, [] for none), each row by row; b goes to w each
// time it passes 32 KiB, so a long list is never held whole.
func appendJSONRows[T any](w io.Writer, b []byte, rows []T, row func([]byte, T) []byte) ([]byte, error) {
	switch {
	case rows == nil:
		return append(b, "null"...), nil
	case len(rows) == 0:
		return append(b, "[]"...), nil
	}
	b = append(b, '[')
	for i, r := range rows {
		if i > 0 {
			b = append(b, ',')
		}
		b = row(b, r)
		if len(b) > 32<<10 {
			if _, err := w.Write(b); err != nil {
				return nil, err
			}
			b = b[:0]
		}
	}
	return append(b, "\n  ]"...), nil
}

// appendJSONString appends s as a JSON string the way rdf.WriteJSON writes one (no HTML
// escaping): plain printable ASCII as it is, anything else through encoding/json.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			_ = enc.Encode(s) // a string always encodes
			return append(b, bytes.TrimRight(buf.Bytes(), "\n")...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
