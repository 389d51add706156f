package kg

import (
	"sort"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/rdf"
)

// Types lists a node's classes, most specific first: the broad class every organization,
// person, place or event also carries is left out when a narrower one is there.
func (r *Renderer) Types(iri quad.IRI) []string {
	var specific, broad []string
	r.st.Quads(r.ctx, quad.Subject, iri, func(q quad.Quad) error {
		if q.Predicate != loader.RDFType || q.Label != nil {
			return nil
		}
		switch q.Object {
		case loader.SchemaOrganization, loader.SchemaPerson, loader.SchemaPlace, loader.SchemaEvent:
			broad = append(broad, r.Short(q.Object.(quad.IRI)))
		default:
			if t, ok := q.Object.(quad.IRI); ok {
				specific = append(specific, r.Short(t))
			}
		}
		return nil
	})
	if len(specific) == 0 {
		specific = broad
	}
	sort.Strings(specific)
	return specific
}

// SearchJSON is the matches as `medkg search -o json` prints them and /api/search sends
// them: id, name, types, and the alias that matched ("" for the name).
func (r *Renderer) SearchJSON(matches []Match) []rdf.Object {
	out := make([]rdf.Object, 0, len(matches))
	for _, m := range matches {
		matched := ""
		if m.Alias {
			matched = m.Text
		}
		out = append(out, rdf.Object{
			{Key: "id", Value: string(m.IRI)}, {Key: "name", Value: r.Label(m.IRI)}, {Key: "types", Value: r.Types(m.IRI)}, {Key: "matched", Value: matched},
		})
	}
	return out
}
