package kg

import (
	"math"
	"sort"
	"strings"
	"unicode"
)

// The drawing of a neighbourhood is laid out here, once, for both `medkg draw`'s SVG and the
// page (which places cytoscape's nodes where this says): the entity in the middle, the
// entities one fact away on a ring, each grouped by how it is linked, and those two facts
// away in the sector of the neighbour they hang from. Rings grow until no two boxes meet,
// and each edge's label goes where it meets no box and no other label, or is left to the
// edge's tooltip. Text is measured with DejaVu Sans's advance widths (the widest of the
// common sans faces: in Arial or Helvetica the text is narrower, never wider).

// Sizes in CSS pixels.
const (
	NodeFont     = 11.0
	EdgeFont     = 9.0
	LineHeight   = 1.3 // times the font size
	nodePadX     = 8.0
	nodePadY     = 5.0
	WrapWidth    = 150.0 // a name wraps beyond this
	MaxLines     = 3
	centreWrap   = 220.0
	labelPad     = 3.0
	layoutGap    = 6.0 // least space between two nodes
	labelGap     = 3.0 // least space between an edge label and a node or another label (cytoscape's boxes are 1 px wider each side)
	layoutMargin = 24.0
	ringAspect   = 1.7  // a ring's width over its height
	textSafety   = 1.06 // measured widths are this much wider than the font's metrics
	DrawingFont  = `"DejaVu Sans", Verdana, "Liberation Sans", Arial, sans-serif`
)

// asciiWidths are DejaVu Sans's advance widths of ' ' to '~', in ems.
var asciiWidths = [95]float64{
	0.318, 0.401, 0.460, 0.838, 0.636, 0.950, 0.780, 0.275, 0.390, 0.390,
	0.500, 0.838, 0.318, 0.361, 0.318, 0.337, 0.636, 0.636, 0.636, 0.636,
	0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.337, 0.337, 0.838, 0.838,
	0.838, 0.531, 1.000, 0.684, 0.686, 0.698, 0.770, 0.632, 0.575, 0.775,
	0.752, 0.295, 0.295, 0.656, 0.557, 0.863, 0.748, 0.787, 0.603, 0.787,
	0.695, 0.635, 0.611, 0.732, 0.684, 0.989, 0.685, 0.611, 0.685, 0.390,
	0.337, 0.390, 0.838, 0.500, 0.500, 0.613, 0.635, 0.550, 0.635, 0.615,
	0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612,
	0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592,
	0.525, 0.636, 0.337, 0.636, 0.838,
}

// TextWidth is the width of s in pixels at size px.
func TextWidth(s string, px float64) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case r >= ' ' && r <= '~':
			w += asciiWidths[r-' ']
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) || r == '—':
			w += 1.0
		default:
			w += 0.7
		}
	}
	return w * px * textSafety
}

// WrapText breaks s into lines no wider than width where it can (a word wider than width
// gets a line of its own), at most MaxLines, the last cut with an ellipsis.
func WrapText(s string, px, width float64) []string {
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		try := word
		if cur != "" {
			try = cur + " " + word
		}
		if cur != "" && TextWidth(try, px) > width {
			lines = append(lines, cur)
			cur = word
			continue
		}
		cur = try
	}
	if cur != "" || len(lines) == 0 {
		lines = append(lines, cur)
	}
	if len(lines) > MaxLines {
		last := strings.Join(lines[MaxLines-1:], " ")
		for TextWidth(last+"…", px) > width && len([]rune(last)) > 1 {
			last = string([]rune(last)[:len([]rune(last))-1])
		}
		lines = append(lines[:MaxLines-1], strings.TrimSpace(last)+"…")
	}
	return lines
}

// Rect is an axis-aligned box given by its centre and size.
type Rect struct{ X, Y, W, H float64 }

func (a Rect) Overlaps(b Rect) bool {
	return math.Abs(a.X-b.X)*2 < a.W+b.W && math.Abs(a.Y-b.Y)*2 < a.H+b.H
}

// grown is a with margin m on every side.
func (a Rect) grown(m float64) Rect { return Rect{a.X, a.Y, a.W + 2*m, a.H + 2*m} }

// Layout is where everything of a hood is drawn: nodes and edges in the hood's order.
type Layout struct {
	Width  float64      `json:"width"`
	Height float64      `json:"height"`
	Nodes  []LayoutNode `json:"nodes"`
	Edges  []LayoutEdge `json:"edges"`
}

// LayoutNode is a node's box (centre and size); its name, wrapped, is written inside.
type LayoutNode struct {
	X     float64  `json:"x"`
	Y     float64  `json:"y"`
	W     float64  `json:"w"`
	H     float64  `json:"h"`
	Lines []string `json:"lines"`
}

// LayoutEdge is where an edge's label goes; Shown is false when there was no free place.
type LayoutEdge struct {
	X     float64 `json:"x"`
	Y     float64 `json:"y"`
	W     float64 `json:"w"`
	H     float64 `json:"h"`
	Shown bool    `json:"shown"`
}

func (n LayoutNode) Rect() Rect { return Rect{n.X, n.Y, n.W, n.H} }
func (e LayoutEdge) Rect() Rect { return Rect{e.X, e.Y, e.W, e.H} }

// labelSize is the box of an edge's label.
func labelSize(label string) (w, h float64) {
	return TextWidth(label, EdgeFont) + 2*labelPad, EdgeFont*LineHeight + 2
}

// LayoutHood lays h out: deterministic, and no two boxes (nodes and shown labels) overlap.
func LayoutHood(h *Hood) *Layout {
	n := len(h.Nodes)
	L := &Layout{Nodes: make([]LayoutNode, n), Edges: make([]LayoutEdge, len(h.Edges))}
	if n == 0 {
		return L
	}
	index := make(map[string]int, n)
	for i, nd := range h.Nodes {
		index[nd.ID] = i
		wrap := WrapWidth
		if i == 0 {
			wrap = centreWrap // the entity drawn around gets room for its whole name
		}
		lines := WrapText(nd.Name, NodeFont, wrap)
		w := 0.0
		for _, l := range lines {
			w = math.Max(w, TextWidth(l, NodeFont))
		}
		L.Nodes[i] = LayoutNode{W: w + 2*nodePadX, H: float64(len(lines))*NodeFont*LineHeight + 2*nodePadY, Lines: lines}
	}
	adj := make([][]int, n)
	linkLabel := make([]string, n) // how a ring-1 node is linked to the centre
	for _, e := range h.Edges {
		s, t := index[e.Source], index[e.Target]
		adj[s] = append(adj[s], t)
		adj[t] = append(adj[t], s)
		if s == 0 && linkLabel[t] == "" {
			linkLabel[t] = e.Label
		} else if t == 0 && linkLabel[s] == "" {
			linkLabel[s] = "← " + e.Label
		}
	}
	var ring1, ring2 []int
	for i, nd := range h.Nodes {
		switch {
		case i == 0:
		case nd.Depth == 1:
			ring1 = append(ring1, i)
		default:
			ring2 = append(ring2, i)
		}
	}
	// Neighbours linked the same way sit together; h.Nodes is in name order within a depth.
	sort.SliceStable(ring1, func(a, b int) bool { return linkLabel[ring1[a]] < linkLabel[ring1[b]] })
	pos1 := map[int]int{}
	for k, i := range ring1 {
		pos1[i] = k
	}
	children := make([][]int, len(ring1))
	var orphans []int
	for _, i := range ring2 {
		best := -1
		for _, j := range adj[i] {
			if k, ok := pos1[j]; ok && (best < 0 || k < best) {
				best = k
			}
		}
		if best < 0 {
			orphans = append(orphans, i)
			continue
		}
		children[best] = append(children[best], i)
	}

	// Sectors: a ring-1 node gets room in proportion to what hangs from it.
	weights := make([]float64, len(ring1))
	total := 0.0
	for k := range ring1 {
		weights[k] = math.Max(1, float64(len(children[k])))
		total += weights[k]
	}
	total += float64(len(orphans))
	start := make([]float64, len(ring1))
	span := make([]float64, len(ring1))
	acc := 0.0
	for k := range ring1 {
		start[k] = -math.Pi/2 + 2*math.Pi*acc/total
		span[k] = 2 * math.Pi * weights[k] / total
		acc += weights[k]
	}
	// Rings are ellipses as wide as names are: boxes are wider than tall, and so are screens.
	place := func(i int, r, a float64) { L.Nodes[i].X, L.Nodes[i].Y = ringAspect*r*math.Cos(a), r*math.Sin(a) }
	placed := []int{0}
	clear := func(group []int, against []int) bool {
		for a := 0; a < len(group); a++ {
			ra := L.Nodes[group[a]].Rect().grown(layoutGap / 2)
			for b := a + 1; b < len(group); b++ {
				if ra.Overlaps(L.Nodes[group[b]].Rect().grown(layoutGap / 2)) {
					return false
				}
			}
			for _, j := range against {
				if ra.Overlaps(L.Nodes[j].Rect().grown(layoutGap / 2)) {
					return false
				}
			}
		}
		return true
	}
	r1 := L.Nodes[0].W/2 + 60
	if len(ring1) > 0 {
		for step := 0; step < 400; step++ {
			for k, i := range ring1 {
				a := start[k] + span[k]/2
				if len(ring1) == 1 {
					a = -math.Pi / 2
				}
				place(i, r1, a)
			}
			if clear(ring1, placed) {
				break
			}
			r1 *= 1.04
		}
		placed = append(placed, ring1...)
	}
	if len(ring2) > 0 {
		r2 := r1 + 110
		for step := 0; step < 400; step++ {
			for k := range ring1 {
				for j, i := range children[k] {
					place(i, r2, start[k]+span[k]*(float64(j)+0.5)/float64(len(children[k])))
				}
			}
			for j, i := range orphans {
				place(i, r2+90, -math.Pi/2+2*math.Pi*(acc+float64(j)+0.5)/total)
			}
			if clear(ring2, placed) {
				break
			}
			r2 *= 1.04
		}
	}
	separate(L.Nodes)

	// Edge labels: along the edge, nearest its middle first, then beside it.
	var taken []Rect
	for i := range L.Nodes {
		taken = append(taken, L.Nodes[i].Rect().grown(labelGap))
	}
	ts := []float64{0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82}
	for k, e := range h.Edges {
		w, hh := labelSize(e.Label)
		s, t := L.Nodes[index[e.Source]], L.Nodes[index[e.Target]]
		L.Edges[k] = LayoutEdge{X: (s.X + t.X) / 2, Y: (s.Y + t.Y) / 2, W: w, H: hh}
		if e.Label == "" {
			continue
		}
		dx, dy := t.X-s.X, t.Y-s.Y
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		nx, ny := -dy/l, dx/l
		free := func(c Rect) bool {
			for _, o := range taken {
				if c.Overlaps(o) {
					return false
				}
			}
			return true
		}
	search:
		for _, off := range []float64{0, hh * 0.8, -hh * 0.8} {
			for _, f := range ts {
				c := Rect{s.X + dx*f + nx*off, s.Y + dy*f + ny*off, w, hh}
				if free(c) {
					L.Edges[k] = LayoutEdge{X: c.X, Y: c.Y, W: w, H: hh, Shown: true}
					taken = append(taken, c.grown(labelGap))
					break search
				}
			}
		}
	}

	// Move everything to positive coordinates with a margin.
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	grow := func(r Rect) {
		minX, minY = math.Min(minX, r.X-r.W/2), math.Min(minY, r.Y-r.H/2)
		maxX, maxY = math.Max(maxX, r.X+r.W/2), math.Max(maxY, r.Y+r.H/2)
	}
	for _, nd := range L.Nodes {
		grow(nd.Rect())
	}
	for _, e := range L.Edges {
		if e.Shown {
			grow(e.Rect())
		}
	}
	for i := range L.Nodes {
		L.Nodes[i].X = round1(L.Nodes[i].X - minX + layoutMargin)
		L.Nodes[i].Y = round1(L.Nodes[i].Y - minY + layoutMargin)
		L.Nodes[i].W, L.Nodes[i].H = round1(L.Nodes[i].W), round1(L.Nodes[i].H)
	}
	for i := range L.Edges {
		L.Edges[i].X = round1(L.Edges[i].X - minX + layoutMargin)
		L.Edges[i].Y = round1(L.Edges[i].Y - minY + layoutMargin)
		L.Edges[i].W, L.Edges[i].H = round1(L.Edges[i].W), round1(L.Edges[i].H)
	}
	L.Width = math.Ceil(maxX - minX + 2*layoutMargin)
	L.Height = math.Ceil(maxY - minY + 2*layoutMargin)
	return L
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// separate pushes apart nodes whose boxes (with the gap) still overlap, along the axis
// where they overlap least, until none do: the rings leave few or none, so this is a net.
func separate(ns []LayoutNode) {
	order := make([]int, len(ns))
	for i := range order {
		order[i] = i
	}
	for iter := 0; iter < 200; iter++ {
		sort.SliceStable(order, func(a, b int) bool {
			return ns[order[a]].X-ns[order[a]].W/2 < ns[order[b]].X-ns[order[b]].W/2
		})
		moved := false
		for a := 0; a < len(order); a++ {
			i := order[a]
			ri := ns[i].Rect().grown(layoutGap / 2)
			for b := a + 1; b < len(order); b++ {
				j := order[b]
				rj := ns[j].Rect().grown(layoutGap / 2)
				if rj.X-rj.W/2 >= ri.X+ri.W/2 {
					break // sorted by left edge: nothing further right can meet i
				}
				if !ri.Overlaps(rj) {
					continue
				}
				ox := (ri.W+rj.W)/2 - math.Abs(ri.X-rj.X)
				oy := (ri.H+rj.H)/2 - math.Abs(ri.Y-rj.Y)
				if ox < oy {
					d := ox/2 + 0.5
					if ns[i].X <= ns[j].X {
						d = -d
					}
					ns[i].X += d
					ns[j].X -= d
				} else {
					d := oy/2 + 0.5
					if ns[i].Y < ns[j].Y || ns[i].Y == ns[j].Y && i < j {
						d = -d
					}
					ns[i].Y += d
					ns[j].Y -= d
				}
				ri = ns[i].Rect().grown(layoutGap / 2)
				moved = true
			}
		}
		if !moved {
			return
		}
	}
}
