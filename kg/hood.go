package kg

import (
	"sort"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/loader"
)

// Bounds of a drawn neighbourhood: the web page and `medkg draw` share them.
const (
	MaxDepth    = 2
	DefaultCap  = 150  // nodes drawn when no cap is asked for
	MaxNodesCap = 2000 // the largest cap a caller may ask for
)

// Hood is an entity's neighbourhood: what the page draws and `medkg draw` writes.
type Hood struct {
	Centre    string     `json:"centre"`
	Depth     int        `json:"depth"`
	Nodes     []HoodNode `json:"nodes"`
	Edges     []HoodEdge `json:"edges"`
	Truncated bool       `json:"truncated"` // the node cap left some nodes out
	// Layout is where the page draws each node and edge label (layout.go); serve fills it.
	Layout *Layout `json:"layout,omitempty"`
}

type HoodNode struct {
	ID    string   `json:"id"`
	Name  string   `json:"name"`
	Kind  string   `json:"kind"` // organization, person, place, event, article or other
	Types []string `json:"types"`
	Depth int      `json:"depth"` // facts away from the centre
}

type HoodEdge struct {
	Source    string `json:"source"`
	Target    string `json:"target"`
	Predicate string `json:"predicate"` // short IRI, e.g. schema:founder
	Label     string `json:"label"`     // what the drawing shows, e.g. founder
}

// Kind is the broad class a node is drawn as.
func (r *Renderer) Kind(iri quad.IRI) string {
	kind := "other"
	rank := 0
	r.st.Quads(r.ctx, quad.Subject, iri, func(q quad.Quad) error {
		if q.Predicate != loader.RDFType {
			return nil
		}
		k, n := "", 0
		switch q.Object {
		case loader.SchemaNewsArticle:
			k, n = "article", 5
		case loader.SchemaPerson:
			k, n = "person", 4
		case loader.SchemaEvent:
			k, n = "event", 3
		case loader.SchemaOrganization:
			k, n = "organization", 2
		case loader.SchemaPlace:
			k, n = "place", 1
		case loader.OrgMembership:
			k, n = "membership", 6
		}
		if n > rank {
			kind, rank = k, n
		}
		return nil
	})
	return kind
}

// skipEdge: predicates that lead to values rather than entities.
var skipEdge = map[quad.Value]bool{loader.RDFType: true, loader.OrgRole: true}

// Neighbourhood walks the shared graph breadth first from centre up to depth facts away,
// adding the articles that mention the centre, and stops adding nodes at max. A post
// (org:Membership) is drawn as one edge from the person to the organization, labelled with
// the role.
func (r *Renderer) Neighbourhood(centre quad.IRI, depth, max int) (*Hood, error) {
	h := &Hood{Centre: string(centre), Depth: depth, Nodes: []HoodNode{}, Edges: []HoodEdge{}}
	kinds := map[quad.IRI]string{}
	kindOf := func(n quad.IRI) string {
		k, ok := kinds[n]
		if !ok {
			k = r.Kind(n)
			kinds[n] = k
		}
		return k
	}
	index := map[quad.IRI]int{}
	add := func(n quad.IRI, d int) bool {
		if _, ok := index[n]; ok {
			return true
		}
		if len(h.Nodes) >= max {
			h.Truncated = true
			return false
		}
		index[n] = len(h.Nodes)
		name := r.Label(n)
		if kindOf(n) == "article" {
			name = r.ArticleTitle(n) // a headline reads better than a file name
		}
		h.Nodes = append(h.Nodes, HoodNode{ID: string(n), Name: name, Kind: kindOf(n), Types: nonNil(r.Types(n)), Depth: d})
		return true
	}
	type edgeKey struct{ s, p, o string }
	seen := map[edgeKey]bool{}
	var pending []HoodEdge // edges whose ends may be added later
	edge := func(s, o quad.IRI, pred, label string) {
		k := edgeKey{string(s), pred, string(o)}
		if s == o || seen[k] {
			return
		}
		seen[k] = true
		pending = append(pending, HoodEdge{Source: string(s), Target: string(o), Predicate: pred, Label: label})
	}
	add(centre, 0)
	frontier := []quad.IRI{centre}
	for d := 1; d <= depth && len(frontier) > 0; d++ {
		var next []quad.IRI
		reach := func(n quad.IRI) {
			if _, ok := index[n]; !ok && add(n, d) {
				next = append(next, n)
			}
		}
		for _, n := range frontier {
			var found []quad.Quad
			collect := func(q quad.Quad) error {
				if q.Label == nil && !skipEdge[q.Predicate] && q.Predicate != r.vocab.Term("medkg:figure") {
					found = append(found, q)
				}
				return nil
			}
			if err := r.st.Quads(r.ctx, quad.Subject, n, collect); err != nil {
				return nil, err
			}
			if err := r.st.Quads(r.ctx, quad.Object, n, collect); err != nil {
				return nil, err
			}
			sort.Slice(found, func(i, j int) bool { return found[i].NQuad() < found[j].NQuad() })
			for _, q := range found {
				s, ok1 := q.Subject.(quad.IRI)
				o, ok2 := q.Object.(quad.IRI)
				if !ok1 || !ok2 {
					continue
				}
				pred := r.Short(q.Predicate.(quad.IRI))
				if kindOf(s) == "membership" {
					member, org, role := r.membership(s)
					if member == "" || org == "" {
						continue
					}
					edge(member, org, "org:member", role)
					reach(member)
					reach(org)
					continue
				}
				if kindOf(o) == "membership" {
					continue
				}
				edge(s, o, pred, Heading(pred)) // in words, as the page heads facts
				reach(s)
				reach(o)
			}
			if n == centre {
				var arts []quad.IRI
				err := r.st.Quads(r.ctx, quad.Object, n, func(q quad.Quad) error {
					if a, ok := q.Subject.(quad.IRI); ok && q.Predicate == loader.SchemaMentions && q.Label == q.Subject && a != r.vocab.Background() {
						arts = append(arts, a)
					}
					return nil
				})
				if err != nil {
					return nil, err
				}
				sort.Slice(arts, func(i, j int) bool { return arts[i] < arts[j] })
				for _, a := range arts {
					if add(a, 1) {
						edge(a, centre, r.Short(loader.SchemaMentions), "mentions")
					}
				}
			}
		}
		frontier = next
	}
	for _, e := range pending {
		_, ok1 := index[quad.IRI(e.Source)]
		_, ok2 := index[quad.IRI(e.Target)]
		if ok1 && ok2 {
			h.Edges = append(h.Edges, e)
		}
	}
	sort.SliceStable(h.Nodes, func(i, j int) bool {
		a, b := h.Nodes[i], h.Nodes[j]
		if a.Depth != b.Depth {
			return a.Depth < b.Depth
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.ID < b.ID
	})
	sort.Slice(h.Edges, func(i, j int) bool {
		a, b := h.Edges[i], h.Edges[j]
		if a.Source != b.Source {
			return a.Source < b.Source
		}
		if a.Predicate != b.Predicate {
			return a.Predicate < b.Predicate
		}
		return a.Target < b.Target
	})
	return h, nil
}

// membership reads a post: who holds it, where, and the role's name.
func (r *Renderer) membership(m quad.IRI) (member, org quad.IRI, role string) {
	role = "member"
	r.st.Quads(r.ctx, quad.Subject, m, func(q quad.Quad) error {
		if q.Label != nil {
			return nil
		}
		switch q.Predicate {
		case loader.OrgMember:
			member, _ = q.Object.(quad.IRI)
		case loader.OrgOrg:
			org, _ = q.Object.(quad.IRI)
		case loader.OrgRole:
			role = r.Text(q.Object)
		}
		return nil
	})
	return member, org, role
}

// LocalName is a short IRI without its prefix: schema:founder → founder.
func LocalName(s string) string {
	if i := strings.LastIndexAny(s, ":#/"); i >= 0 && i+1 < len(s) {
		return s[i+1:]
	}
	return s
}
