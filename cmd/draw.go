package cmd

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/medkg/medkg/kg"
)

type drawOptions struct {
	*globals
	entity string
	depth  int
	max    int
	out    string
	format string
}

func newDrawCmd(g *globals) *cobra.Command {
	o := &drawOptions{globals: g}
	c := &cobra.Command{
		Use:   "draw ENTITY",
		Short: "Draw an entity's neighbourhood as Graphviz DOT or SVG",
		Long: `Draw writes the neighbourhood of an entity — the entities one or two facts away, the
articles that mention it, and the facts between them — as Graphviz DOT or as SVG. The SVG is
laid out by medkg itself (rings around the entity, deterministic), so Graphviz need not be
installed; to lay the graph out with Graphviz instead, write DOT and run
'dot -Tsvg file.dot > file.svg' (Debian package graphviz).

The format follows the file's extension (.dot, .gv or .svg) unless --format is given; with
no -o, or -o -, DOT goes to standard output. Nodes are coloured by kind: organization,
person, place, event, article. ENTITY is a canonical name, an alias in any case, or an IRI.`,
		Example: `  medkg draw Mindray --depth 2 -o mindray.svg
  medkg draw "Chinese Academy of Sciences" -o cas.dot
  medkg draw USST | dot -Tpng > usst.png`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.entity = args[0]
			return runDraw(c.Context(), o)
		},
	}
	c.Flags().IntVar(&o.depth, "depth", 1, "how many facts away from ENTITY to draw: 1 or 2")
	c.Flags().IntVar(&o.max, "max-nodes", kg.DefaultCap, fmt.Sprintf("draw at most this many nodes (at most %d)", kg.MaxNodesCap))
	c.Flags().StringVarP(&o.out, "output", "o", "-", "write to FILE (.dot, .gv or .svg); - for standard output")
	c.Flags().StringVar(&o.format, "format", "", "dot or svg (default: from the file's extension; dot on standard output)")
	return c
}

func runDraw(ctx context.Context, o *drawOptions) error {
	if o.depth < 1 || o.depth > kg.MaxDepth {
		return usageError{fmt.Errorf("--depth %d: use 1 or 2", o.depth)}
	}
	if o.max < 1 || o.max > kg.MaxNodesCap {
		return usageError{fmt.Errorf("--max-nodes %d: use 1 to %d", o.max, kg.MaxNodesCap)}
	}
	format := o.format
	if format == "" {
		switch strings.ToLower(filepath.Ext(o.out)) {
		case ".svg":
			format = "svg"
		case ".dot", ".gv":
			format = "dot"
		case "":
			if o.out == "-" {
				format = "dot"
			}
		}
	}
	if format != "dot" && format != "svg" {
		return usageError{fmt.Errorf("cannot tell the format of %q: name the file .dot or .svg, or give --format dot|svg", o.out)}
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
	h, err := r.Neighbourhood(iri, o.depth, o.max)
	if err != nil {
		return err
	}
	write := writeDOT
	if format == "svg" {
		write = writeSVG
	}
	if o.out == "-" {
		return write(o.io.Out, h)
	}
	tmp, err := os.CreateTemp(filepath.Dir(o.out), "."+filepath.Base(o.out)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp, h); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), o.out); err != nil {
		return err
	}
	fmt.Fprintf(o.io.Err, "drew %d nodes and %d edges around %s to %s\n", len(h.Nodes), len(h.Edges), r.Label(iri), o.out)
	return nil
}

// kindColours are the fill colours of node kinds, the same on the page.
var kindColours = map[string]string{
	"organization": "#4e79a7",
	"person":       "#f28e2b",
	"place":        "#59a14f",
	"event":        "#b07aa1",
	"article":      "#9c755f",
	"other":        "#bab0ac",
	"membership":   "#bab0ac",
}

func dotQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

// writeDOT writes h as a Graphviz digraph, nodes and edges in a stable order.
func writeDOT(w io.Writer, h *kg.Hood) error {
	var b strings.Builder
	b.WriteString("digraph medkg {\n")
	b.WriteString("  graph [overlap=false, splines=true, fontname=\"Helvetica\"];\n")
	b.WriteString("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10, fontcolor=white];\n")
	b.WriteString("  edge [fontname=\"Helvetica\", fontsize=8, color=\"#777777\"];\n")
	for _, n := range h.Nodes {
		extra := ""
		if n.Depth == 0 {
			extra = ", penwidth=3, color=black"
		}
		fmt.Fprintf(&b, "  %s [label=%s, fillcolor=%s, tooltip=%s%s];\n", dotQuote(n.ID), dotQuote(n.Name), dotQuote(kindColours[n.Kind]), dotQuote(n.Kind), extra)
	}
	for _, e := range h.Edges {
		fmt.Fprintf(&b, "  %s -> %s [label=%s];\n", dotQuote(e.Source), dotQuote(e.Target), dotQuote(e.Label))
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// writeSVG lays h out in rings around the centre, one ring per depth, nodes in name order,
// and writes it as a standalone SVG: the same graph always gives the same bytes.
func writeSVG(w io.Writer, h *kg.Hood) error {
	if len(h.Nodes) == 0 {
		return errors.New("nothing to draw")
	}
	byDepth := map[int][]int{}
	for i, n := range h.Nodes {
		byDepth[n.Depth] = append(byDepth[n.Depth], i)
	}
	const nodeW, nodeH = 170.0, 34.0
	radius := []float64{0}
	for d := 1; d <= h.Depth; d++ {
		n := float64(len(byDepth[d]))
		// Far enough out that the ring's nodes do not overlap, and beyond the previous ring.
		r := math.Max(radius[d-1]+190, n*(nodeW*0.75)/(2*math.Pi))
		radius = append(radius, r)
	}
	outer := radius[len(radius)-1]
	size := 2*outer + 2*nodeW
	cx, cy := size/2, size/2
	pos := make([][2]float64, len(h.Nodes))
	index := map[string]int{}
	for d, ids := range byDepth {
		for k, i := range ids {
			a := 2 * math.Pi * float64(k) / float64(len(ids))
			if d%2 == 0 {
				a += math.Pi / float64(len(ids)) // stagger the rings
			}
			pos[i] = [2]float64{cx + radius[d]*math.Cos(a-math.Pi/2), cy + radius[d]*math.Sin(a-math.Pi/2)}
			index[h.Nodes[i].ID] = i
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="Helvetica, Arial, sans-serif">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#777"/></marker></defs>
<rect width="100%%" height="100%%" fill="white"/>
<g stroke="#999" stroke-width="1.2" fill="none">
`, size, size, size, size)
	for _, e := range h.Edges {
		s, t := pos[index[e.Source]], pos[index[e.Target]]
		// End the line at the target box's edge so that the arrowhead shows.
		dx, dy := t[0]-s[0], t[1]-s[1]
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		k := math.Min((nodeW/2)/math.Max(math.Abs(dx), 1e-9), (nodeH/2)/math.Max(math.Abs(dy), 1e-9))
		k = math.Min(k, 1)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" marker-end="url(#arrow)"><title>%s</title></line>
`, s[0], s[1], t[0]-dx*k, t[1]-dy*k, html.EscapeString(e.Predicate))
	}
	b.WriteString("</g>\n<g font-size=\"10\" fill=\"#444\" text-anchor=\"middle\">\n")
	for _, e := range h.Edges {
		s, t := pos[index[e.Source]], pos[index[e.Target]]
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f">%s</text>
`, (s[0]+t[0])/2, (s[1]+t[1])/2-3, html.EscapeString(e.Label))
	}
	b.WriteString("</g>\n<g font-size=\"11\" text-anchor=\"middle\">\n")
	for i, n := range h.Nodes {
		p := pos[i]
		stroke := "none"
		if n.Depth == 0 {
			stroke = "black"
		}
		name := n.Name
		if len([]rune(name)) > 28 {
			name = string([]rune(name)[:27]) + "…"
		}
		fmt.Fprintf(&b, `<g><title>%s (%s)</title><rect x="%.1f" y="%.1f" width="%.0f" height="%.0f" rx="8" fill="%s" stroke="%s" stroke-width="2"/><text x="%.1f" y="%.1f" fill="white">%s</text></g>
`, html.EscapeString(n.Name), n.Kind, p[0]-nodeW/2, p[1]-nodeH/2, nodeW, nodeH, kindColours[n.Kind], stroke, p[0], p[1]+4, html.EscapeString(name))
	}
	b.WriteString("</g>\n</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}
