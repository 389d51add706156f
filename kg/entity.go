package kg

import (
	"io"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/rdf"
)

// Evidence is one source's support for a fact.
type Evidence struct {
	Source quad.Value
	Quote  string // from an article
	Reason string // from the curated background
}

// Fact is one edge at the shown entity, as it reads from the entity's side.
type Fact struct {
	Group    string     // predicate as read from the entity, e.g. "schema:founder" or "← schema:founder"
	Value    quad.Value // the node or literal at the other end (for posts and figures, the node)
	Text     string     // how the other end reads
	Edge     quad.Quad  // the stored fact the evidence is about
	Evidence []Evidence
}

// EntityView is everything show tells about an entity.
type EntityView struct {
	IRI       quad.IRI
	Aliases   []string
	Mentioned []quad.IRI // the articles that mention it
	Facts     []Fact
}

// Entity gathers what is known about iri; nothing at all is a not-found error.
func (r *Renderer) Entity(iri quad.IRI) (*EntityView, error) {
	facts, err := r.facts(iri)
	if err != nil {
		return nil, err
	}
	v := &EntityView{IRI: iri, Facts: facts}
	err = r.st.Quads(r.ctx, quad.Subject, iri, func(q quad.Quad) error {
		if q.Predicate == loader.SchemaAlternateName && q.Label == nil {
			v.Aliases = append(v.Aliases, loader.Lexical(q.Object))
		}
		return nil
	})
	if err == nil {
		err = r.st.Quads(r.ctx, quad.Object, iri, func(q quad.Quad) error {
			if a, ok := q.Subject.(quad.IRI); ok && q.Predicate == loader.SchemaMentions && q.Label == q.Subject {
				v.Mentioned = append(v.Mentioned, a)
			}
			return nil
		})
	}
	if err != nil {
		return nil, err
	}
	if len(v.Facts) == 0 && len(v.Aliases) == 0 {
		return nil, NotFound("nothing is known about <%s>", string(iri))
	}
	sort.Strings(v.Aliases)
	sort.Slice(v.Mentioned, func(i, j int) bool { return r.Label(v.Mentioned[i]) < r.Label(v.Mentioned[j]) })
	return v, nil
}

// EntityJSON is the entity as `show -o json` and the HTTP API give it.
func (r *Renderer) EntityJSON(v *EntityView) rdf.Object {
	list := make([]rdf.Object, 0, len(v.Facts))
	for _, f := range v.Facts {
		ev := make([]rdf.Object, 0, len(f.Evidence))
		for _, e := range f.Evidence {
			obj := rdf.Object{{Key: "source", Value: r.JSONValue(e.Source)}}
			if a, ok := e.Source.(quad.IRI); ok {
				obj = append(obj, r.credit(a)...)
			}
			if e.Quote != "" {
				obj = append(obj, rdf.Field{Key: "quote", Value: e.Quote})
			}
			if e.Reason != "" {
				obj = append(obj, rdf.Field{Key: "reason", Value: e.Reason})
			}
			ev = append(ev, obj)
		}
		list = append(list, rdf.Object{{Key: "predicate", Value: f.Group}, {Key: "heading", Value: Heading(f.Group)}, {Key: "value", Value: r.JSONValue(f.Value)}, {Key: "text", Value: f.Text}, {Key: "evidence", Value: ev}})
	}
	arts := make([]any, len(v.Mentioned))
	for i, a := range v.Mentioned {
		arts[i] = append(rdf.Object{{Key: "id", Value: string(a)}, {Key: "name", Value: r.Label(a)}}, r.credit(a)...)
	}
	return rdf.Object{
		{Key: "id", Value: string(v.IRI)}, {Key: "name", Value: r.Label(v.IRI)}, {Key: "types", Value: r.Types(v.IRI)},
		{Key: "aliases", Value: nonNil(v.Aliases)}, {Key: "mentionedIn", Value: arts}, {Key: "facts", Value: list},
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// facts collects every shared edge at iri (but its names and types), reading posts,
// figures and events as a person would, each with its evidence.
func (r *Renderer) facts(iri quad.IRI) ([]Fact, error) {
	var out []Fact
	skip := map[quad.Value]bool{loader.RDFType: true, loader.SchemaName: true, loader.SchemaAlternateName: true}
	err := r.st.Quads(r.ctx, quad.Subject, iri, func(q quad.Quad) error {
		if q.Label != nil || skip[q.Predicate] {
			return nil
		}
		f := Fact{Group: r.Short(q.Predicate.(quad.IRI)), Value: q.Object, Text: r.Text(q.Object), Edge: q}
		if q.Predicate == r.vocab.Term("medkg:figure") {
			f.Group, f.Text = "figure", r.figure(q.Object)
		}
		out = append(out, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = r.st.Quads(r.ctx, quad.Object, iri, func(q quad.Quad) error {
		if q.Label != nil {
			return nil
		}
		f := Fact{Group: "← " + r.Short(q.Predicate.(quad.IRI)), Value: q.Subject, Text: r.Text(q.Subject) + r.when(q.Subject), Edge: q}
		switch q.Predicate {
		case loader.OrgMember:
			f.Group, f.Text = "posts held", r.post(q.Subject, loader.OrgOrg)
		case loader.OrgOrg:
			f.Group, f.Text = "people with posts here", r.post(q.Subject, loader.OrgMember)
		}
		out = append(out, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range out {
		sts, err := r.st.Statements(r.ctx, out[i].Edge.Subject, out[i].Edge.Predicate, out[i].Edge.Object)
		if err != nil {
			return nil, err
		}
		out[i].Evidence = evidenceOf(sts)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Group != out[j].Group {
			return out[i].Group < out[j].Group
		}
		return out[i].Text < out[j].Text
	})
	return out, nil
}

// evidenceOf reads quotes and reasons off statements; descriptions carried over from the
// registry are not evidence and are left out.
func evidenceOf(sts []graph.Statement) []Evidence {
	var out []Evidence
	for _, s := range sts {
		e := Evidence{Source: s.Label}
		for _, q := range s.Quads {
			switch q.Predicate {
			case loader.ProvValue:
				e.Quote = loader.Lexical(q.Object)
			case loader.RDFSComment:
				e.Reason = loader.Lexical(q.Object)
			}
		}
		if e.Quote != "" || e.Reason != "" {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return quad.StringOf(out[i].Source) < quad.StringOf(out[j].Source) })
	return out
}

// post reads a membership from one end: "director of X" or "Zheng Hairong, director".
func (r *Renderer) post(m quad.Value, other quad.IRI) string {
	var role, who string
	r.st.Quads(r.ctx, quad.Subject, m, func(q quad.Quad) error {
		switch {
		case q.Label != nil:
		case q.Predicate == loader.OrgRole:
			role = r.Text(q.Object)
		case q.Predicate == other:
			who = r.Text(q.Object)
		}
		return nil
	})
	if other == loader.OrgOrg {
		return role + " of " + who
	}
	return who + ", " + role
}

// figure reads a schema:PropertyValue: "investment: 1343000000 CNY (total investment)".
func (r *Renderer) figure(fig quad.Value) string {
	var id, value, unit, note string
	more := false
	r.st.Quads(r.ctx, quad.Subject, fig, func(q quad.Quad) error {
		if q.Label != nil {
			return nil
		}
		switch q.Predicate {
		case loader.SchemaPropertyID:
			id = r.Text(q.Object)
		case loader.SchemaValue:
			if amount, ok := q.Object.(quad.IRI); ok {
				// Money: the value is a schema:MonetaryAmount with the number and currency.
				r.st.Quads(r.ctx, quad.Subject, amount, func(q quad.Quad) error {
					switch {
					case q.Label != nil:
					case q.Predicate == loader.SchemaValue:
						value = r.Text(q.Object)
					case q.Predicate == loader.SchemaMinValue:
						value, more = r.Text(q.Object), true
					case q.Predicate == loader.SchemaCurrency:
						unit = r.Text(q.Object)
					}
					return nil
				})
				break
			}
			value = r.Text(q.Object)
		case loader.SchemaMinValue:
			value, more = r.Text(q.Object), true
		case loader.SchemaCurrency:
			unit = r.Text(q.Object)
		case loader.SchemaUnitCode:
			if r.Text(q.Object) == "MTK" {
				unit = "m²"
			}
		case loader.SchemaDescription:
			note = r.Text(q.Object)
		}
		return nil
	})
	s := id + ": "
	if more {
		s += "more than "
	}
	s += value
	if unit != "" {
		s += " " + unit
	}
	if note != "" {
		s += " (" + note + ")"
	}
	return strings.TrimSpace(s)
}

// WriteFacts writes facts and the statements that give their evidence as sorted N-Quads.
func (r *Renderer) WriteFacts(w io.Writer, facts []quad.Quad) error {
	seen := map[quad.Quad]bool{}
	var lines []string
	add := func(q quad.Quad) {
		if !seen[q] {
			seen[q] = true
			lines = append(lines, q.NQuad())
		}
	}
	for _, f := range facts {
		add(f)
		sts, err := r.st.Statements(r.ctx, f.Subject, f.Predicate, f.Object)
		if err != nil {
			return err
		}
		for _, s := range sts {
			for _, q := range s.Quads {
				add(q)
			}
		}
	}
	sort.Strings(lines)
	for _, l := range lines {
		if _, err := io.WriteString(w, l+"\n"); err != nil {
			return err
		}
	}
	return nil
}

// when is " (date)" for an event, so that a list of events reads as a history.
func (r *Renderer) when(node quad.Value) string {
	date := ""
	r.st.Quads(r.ctx, quad.Subject, node, func(q quad.Quad) error {
		if q.Predicate == loader.SchemaStartDate && q.Label == nil {
			date = r.Text(q.Object)
		}
		return nil
	})
	if date == "" {
		return ""
	}
	return " (" + date + ")"
}
