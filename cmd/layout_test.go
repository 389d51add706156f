package cmd

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/kg"
	"github.com/medkg/medkg/loader"
)

// overlaps lists every pair of boxes that meet: nodes, and the edge labels drawn.
func layoutOverlaps(h *kg.Hood, L *kg.Layout) []string {
	type named struct {
		name string
		r    kg.Rect
	}
	var boxes []named
	for i, n := range L.Nodes {
		boxes = append(boxes, named{"node " + h.Nodes[i].Name, n.Rect()})
	}
	for i, e := range L.Edges {
		if e.Shown {
			boxes = append(boxes, named{fmt.Sprintf("label %q of %s → %s", h.Edges[i].Label, h.Edges[i].Source, h.Edges[i].Target), e.Rect()})
		}
	}
	var out []string
	for a := range boxes {
		for b := a + 1; b < len(boxes); b++ {
			if boxes[a].r.Overlaps(boxes[b].r) {
				out = append(out, boxes[a].name+" and "+boxes[b].name)
			}
		}
	}
	return out
}

func checkLayout(t *testing.T, what string, h *kg.Hood) (shown, labels int) {
	t.Helper()
	L := kg.LayoutHood(h)
	if bad := layoutOverlaps(h, L); len(bad) > 0 {
		t.Errorf("%s: %d overlapping boxes, e.g. %s", what, len(bad), bad[0])
	}
	for i, e := range L.Edges {
		if h.Edges[i].Label != "" {
			labels++
			if e.Shown {
				shown++
			}
		}
		if e.Shown && (e.X-e.W/2 < 0 || e.Y-e.H/2 < 0 || e.X+e.W/2 > L.Width || e.Y+e.H/2 > L.Height) {
			t.Errorf("%s: a label lies outside the drawing", what)
		}
	}
	for _, n := range L.Nodes {
		if n.X-n.W/2 < 0 || n.Y-n.H/2 < 0 || n.X+n.W/2 > L.Width || n.Y+n.H/2 > L.Height {
			t.Errorf("%s: a node lies outside the drawing", what)
		}
	}
	return shown, labels
}

// TestLayoutNoOverlap lays out every seed organization's neighbourhood, at depth 1 and 2,
// and a crowded synthetic one, and checks that no two label boxes meet.
func TestLayoutNoOverlap(t *testing.T) {
	db, nq := loadedSeeds(t)
	st, err := graph.Open(context.Background(), graph.Options{Path: db, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	rd := kg.NewRenderer(ctx, st, seedBase)
	shown, labels, drawings := 0, 0, 0
	seen := map[quad.IRI]bool{}
	var all []quad.IRI
	for _, line := range strings.Split(strings.TrimSpace(nq), "\n") {
		q, err := nquads.Parse(line)
		if err != nil {
			t.Fatal(err)
		}
		if iri, ok := q.Subject.(quad.IRI); ok && q.Label == nil && (q.Object == loader.SchemaOrganization || q.Object == loader.SchemaPlace) && !seen[iri] {
			seen[iri] = true
			all = append(all, iri)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	for _, e := range all {
		for depth := 1; depth <= 2; depth++ {
			h, err := rd.Neighbourhood(e, depth, kg.DefaultCap)
			if err != nil {
				t.Fatal(err)
			}
			s, l := checkLayout(t, fmt.Sprintf("%s depth %d", rd.Label(e), depth), h)
			shown, labels, drawings = shown+s, labels+l, drawings+1
		}
	}
	if drawings < 20 {
		t.Fatalf("only %d drawings checked", drawings)
	}
	t.Logf("%d drawings: %d of %d edge labels placed", drawings, shown, labels)
	if shown*10 < labels*8 {
		t.Errorf("only %d of %d edge labels found room", shown, labels)
	}

	// A crowded one: 60 neighbours with long names, 3 more behind each of 20.
	h := &kg.Hood{Nodes: []kg.HoodNode{{ID: "c", Name: "The Centre Of Everything Medical Devices Innovation Centre", Depth: 0}}}
	for i := 0; i < 60; i++ {
		id := fmt.Sprintf("n%02d", i)
		h.Nodes = append(h.Nodes, kg.HoodNode{ID: id, Name: strings.Repeat("Organisation ", 1+i%4) + id, Depth: 1})
		h.Edges = append(h.Edges, kg.HoodEdge{Source: "c", Target: id, Label: []string{"founder", "parentOrganization", "location"}[i%3]})
		if i < 20 {
			for j := 0; j < 3; j++ {
				id2 := fmt.Sprintf("%s-%d", id, j)
				h.Nodes = append(h.Nodes, kg.HoodNode{ID: id2, Name: "Far Away Institute " + id2, Depth: 2})
				h.Edges = append(h.Edges, kg.HoodEdge{Source: id2, Target: id, Label: "partner"})
			}
		}
	}
	checkLayout(t, "crowded", h)
}

func TestWrapText(t *testing.T) {
	lines := kg.WrapText("National High-performance Medical Apparatus and Instruments Innovation Center", kg.NodeFont, kg.WrapWidth)
	if len(lines) < 2 || len(lines) > kg.MaxLines {
		t.Fatalf("lines %q", lines)
	}
	for _, l := range lines[:len(lines)-1] {
		if kg.TextWidth(l, kg.NodeFont) > kg.WrapWidth {
			t.Errorf("line %q is %.0f px wide", l, kg.TextWidth(l, kg.NodeFont))
		}
	}
	long := kg.WrapText(strings.Repeat("word ", 60), kg.NodeFont, kg.WrapWidth)
	if len(long) != kg.MaxLines || !strings.HasSuffix(long[kg.MaxLines-1], "…") {
		t.Errorf("long text: %q", long)
	}
	if got := kg.WrapText("", kg.NodeFont, kg.WrapWidth); len(got) != 1 {
		t.Errorf("empty: %q", got)
	}
}
