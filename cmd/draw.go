package cmd

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"math"
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
	var oldFormat *string // --format FORMAT, before -o FORMAT
	c := &cobra.Command{
		Use:   "draw ENTITY",
		Short: "Draw an entity's neighbourhood as Graphviz DOT or SVG",
		Long: `Draw writes the neighbourhood of an entity — the entities one or two facts away, the
articles that mention it, and the facts between them — as Graphviz DOT or as SVG. The SVG is
laid out by medkg itself, as the web page is (rings around the entity, no two names or labels
overlapping, deterministic), so Graphviz need not be
installed; to lay the graph out with Graphviz instead, write DOT and run
'dot -Tsvg file.dot > file.svg' (Debian package graphviz).

The format follows the file's extension (.dot, .gv or .svg) unless -o is given; with
no --out, or --out -, DOT goes to standard output. Nodes are coloured by kind: organization,
person, place, event, article. ENTITY is a canonical name, an alias in any case, or an IRI.`,
		Example: `  medkg draw Mindray --depth 2 --out mindray.svg
  medkg draw "Chinese Academy of Sciences" --out cas.dot
  medkg draw USST | dot -Tpng > usst.png`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.entity = args[0]
			if err := outputOrFile(c, o.io.Err, &o.format, &o.out, drawFormats); err != nil {
				return err
			}
			if c.Flags().Changed("format") {
				warnDeprecated(o.io.Err, "--format", "-o/--output")
				if o.format == "" {
					o.format = *oldFormat
				}
			}
			return runDraw(c.Context(), o)
		},
	}
	c.Flags().IntVar(&o.depth, "depth", 1, "how many facts away from ENTITY to draw: 1 or 2")
	c.Flags().IntVar(&o.max, "max-nodes", kg.DefaultCap, fmt.Sprintf("draw at most this many nodes (at most %d)", kg.MaxNodesCap))
	c.Flags().StringVar(&o.out, "out", "-", "write to FILE (.dot, .gv or .svg); - for standard output")
	c.Flags().StringVarP(&o.format, "output", "o", "", "output format: dot or svg (default: from the file's extension; dot on standard output)")
	oldFormat = hiddenString(c, "format", "")
	return c
}

// drawFormats are draw's output formats.
var drawFormats = []string{"dot", "svg"}

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
		return usageError{fmt.Errorf("cannot tell the format of %q: name the file .dot or .svg, or give -o dot|svg", o.out)}
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
	if o.out == "-" || o.out == "" {
		return write(o.io.Out, h)
	}
	w, commit, abort, err := createOutput(o.out, o.io.Out)
	if err != nil {
		return err
	}
	defer abort()
	if err := write(w, h); err != nil {
		return err
	}
	if err := commit(); err != nil {
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

// writeSVG writes h as a standalone SVG laid out by kg.LayoutHood: no two names or edge labels
// overlap (an edge's label that found no room is its line's tooltip), and the same graph
// always gives the same bytes.
func writeSVG(w io.Writer, h *kg.Hood) error {
	if len(h.Nodes) == 0 {
		return errors.New("nothing to draw")
	}
	L := kg.LayoutHood(h)
	index := map[string]int{}
	for i, n := range h.Nodes {
		index[n.ID] = i
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="%s">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#888"/></marker></defs>
<rect width="100%%" height="100%%" fill="white"/>
<g stroke="#9aa3ad" stroke-width="1.2" fill="none">
`, L.Width, L.Height, L.Width, L.Height, html.EscapeString(kg.DrawingFont))
	for k, e := range h.Edges {
		s, t := L.Nodes[index[e.Source]], L.Nodes[index[e.Target]]
		x1, y1 := clipToBox(t.X, t.Y, s)
		x2, y2 := clipToBox(s.X, s.Y, t)
		title := e.Label
		if !L.Edges[k].Shown {
			title += " (label hidden: no room)"
		}
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" marker-end="url(#arrow)"><title>%s</title></line>
`, x1, y1, x2, y2, html.EscapeString(title))
	}
	fmt.Fprintf(&b, "</g>\n<g font-size=\"%.0f\" fill=\"#444\" text-anchor=\"middle\">\n", kg.EdgeFont)
	for k, e := range h.Edges {
		l := L.Edges[k]
		if !l.Shown {
			continue
		}
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="white" fill-opacity="0.85"/><text x="%.1f" y="%.1f">%s</text>
`, l.X-l.W/2, l.Y-l.H/2, l.W, l.H, l.X, l.Y+kg.EdgeFont*0.35, html.EscapeString(e.Label))
	}
	fmt.Fprintf(&b, "</g>\n<g font-size=\"%.0f\" text-anchor=\"middle\">\n", kg.NodeFont)
	for i, n := range h.Nodes {
		p := L.Nodes[i]
		stroke := "none"
		if n.Depth == 0 {
			stroke = "#111"
		}
		fmt.Fprintf(&b, `<g><title>%s (%s)</title><rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="6" fill="%s" stroke="%s" stroke-width="2"/>`,
			html.EscapeString(n.Name), n.Kind, p.X-p.W/2, p.Y-p.H/2, p.W, p.H, kindColours[n.Kind], stroke)
		top := p.Y - float64(len(p.Lines))*kg.NodeFont*kg.LineHeight/2
		for j, line := range p.Lines {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" fill="white">%s</text>`, p.X, top+(float64(j)+0.5)*kg.NodeFont*kg.LineHeight+kg.NodeFont*0.35, html.EscapeString(line))
		}
		b.WriteString("</g>\n")
	}
	b.WriteString("</g>\n</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// clipToBox is where the line from (fx, fy) to the centre of box n meets n's border, so
// that an arrowhead shows.
func clipToBox(fx, fy float64, n kg.LayoutNode) (float64, float64) {
	dx, dy := fx-n.X, fy-n.Y
	if dx == 0 && dy == 0 {
		return n.X, n.Y
	}
	k := math.Min((n.W/2)/math.Max(math.Abs(dx), 1e-9), (n.H/2)/math.Max(math.Abs(dy), 1e-9))
	k = math.Min(k, 1)
	return n.X + dx*k, n.Y + dy*k
}
