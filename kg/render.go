package kg

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/rdf"
)

// Renderer turns quad values into what people and programs read, looking up names once.
type Renderer struct {
	ctx      context.Context
	st       *graph.Store
	vocab    loader.Vocab
	prefixes map[string]string
	labels   map[quad.IRI]string
	articles map[quad.IRI]articleInfo // headline and date, to credit quotes (words.go)
}

func NewRenderer(ctx context.Context, st *graph.Store, base string) *Renderer {
	return &Renderer{ctx: ctx, st: st, vocab: loader.NewVocab(base), prefixes: loader.PrefixesFor(base), labels: map[quad.IRI]string{}}
}

// Label is how a node reads: an article by its id, anything else by its name, else its
// IRI shortened by a known prefix.
func (r *Renderer) Label(iri quad.IRI) string {
	if l, ok := r.labels[iri]; ok {
		return l
	}
	var qs []quad.Quad
	if iri != r.vocab.Background() {
		// Look-ups of (node, predicate) read a handful of quads where the node's quads are
		// dozens; an identifier (an article's) makes the name unnecessary, a name the headline.
		collect := func(q quad.Quad) error {
			qs = append(qs, q)
			return nil
		}
		// rdfs:label last: what names an org:Role, which has no schema:name.
		for _, p := range []quad.IRI{loader.SchemaIdentifier, loader.SchemaName, loader.SchemaHeadline, loader.RDFSLabel} {
			if len(qs) > 0 {
				break
			}
			r.st.QuadsWith(r.ctx, quad.Subject, iri, p, collect)
		}
	}
	l := r.labelFrom(iri, qs)
	r.labels[iri] = l
	return l
}

// labelFrom is label given the quads whose subject is iri (those with the predicates it
// reads are enough: see prefetch).
func (r *Renderer) labelFrom(iri quad.IRI, qs []quad.Quad) string {
	if iri == r.vocab.Background() {
		return "background"
	}
	var name, ident, headline string
	for _, q := range qs {
		switch q.Predicate {
		case loader.SchemaName:
			if q.Label == nil || name == "" {
				name = loader.Lexical(q.Object)
			}
		case loader.SchemaIdentifier:
			ident = loader.Lexical(q.Object)
		case loader.SchemaHeadline:
			headline = loader.Lexical(q.Object)
		case loader.RDFSLabel:
			if name == "" {
				name = loader.Lexical(q.Object)
			}
		}
	}
	return r.pickLabel(iri, ident, name, headline)
}

// pickLabel chooses between what label found: the identifier, else the name, else the
// headline, else the short IRI.
func (r *Renderer) pickLabel(iri quad.IRI, ident, name, headline string) string {
	switch {
	case ident != "":
		return ident
	case name != "":
		return name
	case headline != "":
		return headline
	}
	return r.Short(iri)
}

// prefetchLabels finds the labels of many nodes at once, as label would one by one (the
// same quads in the same order, so the same choice), but in three scans in all rather than
// up to three a node: a result's labels (a thousand nodes at 1M quads) cost a third as much.
func (r *Renderer) prefetchLabels(iris []quad.IRI) {
	var todo []quad.Value
	seen := map[quad.IRI]bool{}
	for _, iri := range iris {
		if _, ok := r.labels[iri]; ok || seen[iri] || iri == r.vocab.Background() {
			continue
		}
		seen[iri] = true
		todo = append(todo, iri)
	}
	if len(todo) < 2 {
		return // label's own way
	}
	ident, name, headline := map[quad.Value]string{}, map[quad.Value]string{}, map[quad.Value]string{}
	if err := r.st.QuadsWithAny(r.ctx, quad.Subject, todo, loader.SchemaIdentifier, func(q quad.Quad) error {
		ident[q.Subject] = loader.Lexical(q.Object)
		return nil
	}); err != nil {
		return // label will try node by node
	}
	rest := make([]quad.Value, 0, len(todo))
	for _, v := range todo {
		if ident[v] == "" {
			rest = append(rest, v)
		}
	}
	if err := r.st.QuadsWithAny(r.ctx, quad.Subject, rest, loader.SchemaName, func(q quad.Quad) error {
		if q.Label == nil || name[q.Subject] == "" {
			name[q.Subject] = loader.Lexical(q.Object)
		}
		return nil
	}); err != nil {
		return
	}
	rest2 := rest[:0:0]
	for _, v := range rest {
		if name[v] == "" {
			rest2 = append(rest2, v)
		}
	}
	if err := r.st.QuadsWithAny(r.ctx, quad.Subject, rest2, loader.SchemaHeadline, func(q quad.Quad) error {
		headline[q.Subject] = loader.Lexical(q.Object)
		return nil
	}); err != nil {
		return
	}
	for _, v := range todo {
		iri := v.(quad.IRI)
		if ident[v] == "" && name[v] == "" && headline[v] == "" {
			continue // perhaps an rdfs:label (an org:Role's): label looks it up
		}
		r.labels[iri] = r.pickLabel(iri, ident[v], name[v], headline[v])
	}
}

// Short writes an IRI relative to the base, or with its vocabulary's prefix.
func (r *Renderer) Short(iri quad.IRI) string {
	if s, ok := strings.CutPrefix(string(iri), r.vocab.Base); ok && !strings.HasPrefix(s, "vocab#") {
		return s
	}
	return Shorten(iri, r.prefixes)
}

// Text is a value as a person reads it.
func (r *Renderer) Text(v quad.Value) string {
	switch v := v.(type) {
	case nil:
		return ""
	case quad.IRI:
		return r.Label(v)
	case quad.String:
		return string(v)
	case quad.TypedString:
		return string(v.Value)
	case quad.LangString:
		return string(v.Value)
	}
	return fmt.Sprint(v.Native())
}

// JSONValue is a value as a program reads it: a node is {"id", "name"}, a literal its
// lexical form, a number a number.
func (r *Renderer) JSONValue(v quad.Value) any {
	switch v := v.(type) {
	case nil:
		return nil
	case quad.IRI:
		return map[string]string{"id": string(v), "name": r.Label(v)}
	case quad.Int:
		return int64(v)
	case quad.Float:
		return float64(v)
	case quad.Bool:
		return bool(v)
	}
	return r.Text(v)
}

// valueOf converts what a Gizmo script emitted back into a quad value: Gizmo hands IRIs and
// typed literals to JavaScript as strings in N-Quads form.
func valueOf(x any) quad.Value {
	switch x := x.(type) {
	case nil:
		return nil
	case quad.Value:
		return x
	case string:
		// Gizmo writes an IRI as "<iri>"; a string that merely looks like one stays a string.
		v := quad.StringToValue(x)
		if iri, ok := v.(quad.IRI); ok && rdf.ValidIRI(string(iri)) != nil {
			return quad.String(x)
		}
		return v
	case int64:
		return quad.Int(x)
	case int:
		return quad.Int(x)
	case float64:
		if x == float64(int64(x)) {
			return quad.Int(int64(x))
		}
		return quad.Float(x)
	case bool:
		return quad.Bool(x)
	}
	data, err := json.Marshal(x)
	if err != nil {
		return quad.String(fmt.Sprint(x))
	}
	return quad.String(data)
}

// SourceColumn is the column whose values are gathered into one list per row: a fact
// stated by two articles is one row naming both.
const SourceColumn = "article"

// Results is a query's answer as rows of named cells.
type Results struct {
	Cols []string
	Rows [][][]quad.Value // Rows[i][j]: the values of column j (several only for SourceColumn)
}

// NewResults gathers graph rows under cols (all their keys, sorted, when cols is nil),
// merges rows that differ only in their sources, and sorts them as they will read.
func NewResults(r *Renderer, grows []graph.Row, cols []string) *Results {
	maps := make([]map[string]quad.Value, 0, len(grows))
	keys := map[string]bool{}
	for _, g := range grows {
		m := map[string]quad.Value{}
		switch e := g.Emitted.(type) {
		case nil:
			for k, v := range g.Tags {
				m[k] = v
			}
		case map[string]any:
			for k, v := range e {
				m[k] = valueOf(v)
			}
		default:
			m["value"] = valueOf(e)
		}
		for k := range m {
			keys[k] = true
		}
		maps = append(maps, m)
	}
	if cols == nil {
		for k := range keys {
			cols = append(cols, k)
		}
		sort.Slice(cols, func(i, j int) bool {
			if (cols[i] == "id") != (cols[j] == "id") {
				return cols[i] == "id"
			}
			return cols[i] < cols[j]
		})
	}
	res := &Results{Cols: cols}
	byKey := map[string]int{}
	for _, m := range maps {
		var key strings.Builder
		for _, c := range cols {
			if c != SourceColumn {
				key.WriteString(quad.StringOf(m[c]) + "\x00")
			}
		}
		i, seen := byKey[key.String()]
		if !seen {
			i = len(res.Rows)
			byKey[key.String()] = i
			row := make([][]quad.Value, len(cols))
			for j, c := range cols {
				if m[c] != nil {
					row[j] = []quad.Value{m[c]}
				}
			}
			res.Rows = append(res.Rows, row)
			continue
		}
		for j, c := range cols {
			if c == SourceColumn && m[c] != nil && !containsValue(res.Rows[i][j], m[c]) {
				res.Rows[i][j] = append(res.Rows[i][j], m[c])
			}
		}
	}
	// Sort by what people read, column by column; sources within a cell likewise.
	var iris []quad.IRI
	for _, row := range res.Rows {
		for _, cell := range row {
			for _, v := range cell {
				if iri, ok := v.(quad.IRI); ok {
					iris = append(iris, iri)
				}
			}
		}
	}
	r.prefetchLabels(iris)
	texts := make([][]string, len(res.Rows))
	for i, row := range res.Rows {
		texts[i] = make([]string, len(cols))
		for j, cell := range row {
			sort.Slice(cell, func(a, b int) bool { return r.Text(cell[a]) < r.Text(cell[b]) })
			texts[i][j] = r.CellText(cell)
		}
	}
	idx := make([]int, len(res.Rows))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ta, tb := texts[idx[a]], texts[idx[b]]
		for j := range ta {
			if ta[j] != tb[j] {
				return ta[j] < tb[j]
			}
		}
		return false
	})
	sorted := make([][][]quad.Value, len(idx))
	for i, k := range idx {
		sorted[i] = res.Rows[k]
	}
	res.Rows = sorted
	return res
}

func containsValue(vs []quad.Value, v quad.Value) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

func (r *Renderer) CellText(cell []quad.Value) string {
	parts := make([]string, len(cell))
	for i, v := range cell {
		parts[i] = r.Text(v)
	}
	return strings.Join(parts, ", ")
}

// JSON is res as `-o json` prints it and the HTTP API sends it: one object a row, its
// keys the columns in order, the article column gathered into a list named "articles".
func (r *Renderer) JSON(res *Results) []rdf.Object {
	rows := make([]rdf.Object, 0, len(res.Rows))
	for _, row := range res.Rows {
		var obj rdf.Object
		for j, c := range res.Cols {
			if c == SourceColumn {
				list := make([]any, 0, len(row[j]))
				for _, v := range row[j] {
					list = append(list, r.JSONValue(v))
				}
				obj = append(obj, rdf.Field{Key: c + "s", Value: list})
				continue
			}
			var v any
			if len(row[j]) > 0 {
				v = r.JSONValue(row[j][0])
			}
			obj = append(obj, rdf.Field{Key: c, Value: v})
		}
		rows = append(rows, obj)
	}
	return rows
}

// WriteSubgraph writes, as sorted N-Quads, the facts that link the nodes of each row to one
// another and the statements in the source graphs that give their evidence: the part of the
// graph the answer rests on.
func (r *Renderer) WriteSubgraph(w io.Writer, res *Results) error {
	var edges []quad.Quad
	for _, row := range res.Rows {
		var nodes []quad.IRI
		for j, cell := range row {
			if res.Cols[j] == SourceColumn {
				continue
			}
			for _, v := range cell {
				if iri, ok := v.(quad.IRI); ok && !containsIRI(nodes, iri) {
					nodes = append(nodes, iri)
				}
			}
		}
		for _, a := range nodes {
			err := r.st.Quads(r.ctx, quad.Subject, a, func(q quad.Quad) error {
				if b, ok := q.Object.(quad.IRI); ok && q.Label == nil && containsIRI(nodes, b) {
					edges = append(edges, q)
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
	}
	return r.WriteFacts(w, edges)
}

// Shorten writes an IRI with the prefix of its namespace, the way people read it.
func Shorten(v quad.Value, prefixes map[string]string) string {
	iri, ok := v.(quad.IRI)
	if !ok {
		return quad.StringOf(v)
	}
	best, bestNS := "", ""
	for p, ns := range prefixes {
		if strings.HasPrefix(string(iri), ns) && len(ns) > len(bestNS) {
			best, bestNS = p, ns
		}
	}
	if bestNS == "" {
		return iri.String()
	}
	return best + ":" + strings.TrimPrefix(string(iri), bestNS)
}
