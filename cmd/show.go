package cmd

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/spf13/cobra"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/loader"
)

type showOptions struct {
	*globals
	entity string
	output string
}

func newShowCmd(g *globals) *cobra.Command {
	o := &showOptions{globals: g}
	c := &cobra.Command{
		Use:   "show ENTITY",
		Short: "Everything known about an entity, each fact with its article and quote",
		Long: `Show prints an entity's names and types, then every fact about it, outgoing and incoming,
grouped by predicate; under each fact, the articles that state it with their verbatim quotes
(or, for curated background, the curator's reason). ENTITY is a canonical name, an alias in
any case, or an IRI.`,
		Example: `  medkg show Mindray
  medkg show "Chinese Academy of Sciences" -o json
  medkg show USST -o nquads   # the facts and their evidence as N-Quads`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.entity = args[0]
			return runShow(c.Context(), o)
		},
	}
	c.Flags().StringVarP(&o.output, "output", "o", "text", "output format: text, json or nquads")
	return c
}

// evidence is one source's support for a fact.
type evidence struct {
	source quad.Value
	quote  string // from an article
	reason string // from the curated background
}

// fact is one edge at the shown entity, as it reads from the entity's side.
type fact struct {
	group    string     // predicate as read from the entity, e.g. "schema:founder" or "← schema:founder"
	value    quad.Value // the node or literal at the other end (for posts and figures, the node)
	text     string     // how the other end reads
	edge     quad.Quad  // the stored fact the evidence is about
	evidence []evidence
}

func runShow(ctx context.Context, o *showOptions) error {
	if err := checkOutput(o.output, "text", outJSON, outNQuads); err != nil {
		return err
	}
	st, err := o.open(true)
	if err != nil {
		return err
	}
	defer st.Close()
	iri, err := resolveEntity(ctx, st, o.base, o.entity)
	if err != nil {
		return err
	}
	r := newRenderer(ctx, st, o.base)
	v, err := r.entity(iri)
	if err != nil {
		return err
	}
	switch o.output {
	case outNQuads:
		edges := make([]quad.Quad, len(v.facts))
		for i, f := range v.facts {
			edges[i] = f.edge
		}
		return r.writeFacts(o.io.Out, edges)
	case outJSON:
		return writeJSON(o.io.Out, r.entityJSON(v))
	}
	return r.writeShow(o.io.Out, v.iri, v.aliases, v.mentioned, v.facts)
}

// entityView is everything show tells about an entity.
type entityView struct {
	iri       quad.IRI
	aliases   []string
	mentioned []quad.IRI // the articles that mention it
	facts     []fact
}

// entity gathers what is known about iri; nothing at all is a not-found error.
func (r *renderer) entity(iri quad.IRI) (*entityView, error) {
	facts, err := r.facts(iri)
	if err != nil {
		return nil, err
	}
	v := &entityView{iri: iri, facts: facts}
	err = r.st.Quads(r.ctx, quad.Subject, iri, func(q quad.Quad) error {
		if q.Predicate == loader.SchemaAlternateName && q.Label == nil {
			v.aliases = append(v.aliases, loader.Lexical(q.Object))
		}
		return nil
	})
	if err == nil {
		err = r.st.Quads(r.ctx, quad.Object, iri, func(q quad.Quad) error {
			if a, ok := q.Subject.(quad.IRI); ok && q.Predicate == loader.SchemaMentions && q.Label == q.Subject {
				v.mentioned = append(v.mentioned, a)
			}
			return nil
		})
	}
	if err != nil {
		return nil, err
	}
	if len(v.facts) == 0 && len(v.aliases) == 0 {
		return nil, errNoMatch("nothing is known about <%s>", string(iri))
	}
	sort.Strings(v.aliases)
	sort.Slice(v.mentioned, func(i, j int) bool { return r.label(v.mentioned[i]) < r.label(v.mentioned[j]) })
	return v, nil
}

// entityJSON is the entity as `show -o json` and the HTTP API give it.
func (r *renderer) entityJSON(v *entityView) orderedObject {
	list := make([]orderedObject, 0, len(v.facts))
	for _, f := range v.facts {
		ev := make([]orderedObject, 0, len(f.evidence))
		for _, e := range f.evidence {
			obj := orderedObject{{"source", r.jsonValue(e.source)}}
			if e.quote != "" {
				obj = append(obj, field{"quote", e.quote})
			}
			if e.reason != "" {
				obj = append(obj, field{"reason", e.reason})
			}
			ev = append(ev, obj)
		}
		list = append(list, orderedObject{{"predicate", f.group}, {"value", r.jsonValue(f.value)}, {"text", f.text}, {"evidence", ev}})
	}
	arts := make([]any, len(v.mentioned))
	for i, a := range v.mentioned {
		arts[i] = r.jsonValue(a)
	}
	return orderedObject{
		{"id", string(v.iri)}, {"name", r.label(v.iri)}, {"types", r.types(v.iri)},
		{"aliases", nonNil(v.aliases)}, {"mentionedIn", arts}, {"facts", list},
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
func (r *renderer) facts(iri quad.IRI) ([]fact, error) {
	var out []fact
	skip := map[quad.Value]bool{loader.RDFType: true, loader.SchemaName: true, loader.SchemaAlternateName: true}
	err := r.st.Quads(r.ctx, quad.Subject, iri, func(q quad.Quad) error {
		if q.Label != nil || skip[q.Predicate] {
			return nil
		}
		f := fact{group: r.short(q.Predicate.(quad.IRI)), value: q.Object, text: r.text(q.Object), edge: q}
		if q.Predicate == r.vocab.Term("medkg:figure") {
			f.group, f.text = "figure", r.figure(q.Object)
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
		f := fact{group: "← " + r.short(q.Predicate.(quad.IRI)), value: q.Subject, text: r.text(q.Subject) + r.when(q.Subject), edge: q}
		switch q.Predicate {
		case loader.OrgMember:
			f.group, f.text = "posts held", r.post(q.Subject, loader.OrgOrg)
		case loader.OrgOrg:
			f.group, f.text = "people with posts here", r.post(q.Subject, loader.OrgMember)
		}
		out = append(out, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range out {
		sts, err := r.st.Statements(r.ctx, out[i].edge.Subject, out[i].edge.Predicate, out[i].edge.Object)
		if err != nil {
			return nil, err
		}
		out[i].evidence = evidenceOf(sts)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].group != out[j].group {
			return out[i].group < out[j].group
		}
		return out[i].text < out[j].text
	})
	return out, nil
}

// evidenceOf reads quotes and reasons off statements; descriptions carried over from the
// registry are not evidence and are left out.
func evidenceOf(sts []graph.Statement) []evidence {
	var out []evidence
	for _, s := range sts {
		e := evidence{source: s.Label}
		for _, q := range s.Quads {
			switch q.Predicate {
			case loader.ProvValue:
				e.quote = loader.Lexical(q.Object)
			case loader.RDFSComment:
				e.reason = loader.Lexical(q.Object)
			}
		}
		if e.quote != "" || e.reason != "" {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return quad.StringOf(out[i].source) < quad.StringOf(out[j].source) })
	return out
}

// post reads a membership from one end: "director of X" or "Zheng Hairong, director".
func (r *renderer) post(m quad.Value, other quad.IRI) string {
	var role, who string
	r.st.Quads(r.ctx, quad.Subject, m, func(q quad.Quad) error {
		switch {
		case q.Label != nil:
		case q.Predicate == loader.OrgRole:
			role = r.text(q.Object)
		case q.Predicate == other:
			who = r.text(q.Object)
		}
		return nil
	})
	if other == loader.OrgOrg {
		return role + " of " + who
	}
	return who + ", " + role
}

// figure reads a schema:PropertyValue: "investment: 1343000000 CNY (total investment)".
func (r *renderer) figure(fig quad.Value) string {
	var id, value, unit, note string
	more := false
	r.st.Quads(r.ctx, quad.Subject, fig, func(q quad.Quad) error {
		if q.Label != nil {
			return nil
		}
		switch q.Predicate {
		case loader.SchemaPropertyID:
			id = r.text(q.Object)
		case loader.SchemaValue:
			if amount, ok := q.Object.(quad.IRI); ok {
				// Money: the value is a schema:MonetaryAmount with the number and currency.
				r.st.Quads(r.ctx, quad.Subject, amount, func(q quad.Quad) error {
					switch {
					case q.Label != nil:
					case q.Predicate == loader.SchemaValue:
						value = r.text(q.Object)
					case q.Predicate == loader.SchemaMinValue:
						value, more = r.text(q.Object), true
					case q.Predicate == loader.SchemaCurrency:
						unit = r.text(q.Object)
					}
					return nil
				})
				break
			}
			value = r.text(q.Object)
		case loader.SchemaMinValue:
			value, more = r.text(q.Object), true
		case loader.SchemaCurrency:
			unit = r.text(q.Object)
		case loader.SchemaUnitCode:
			if r.text(q.Object) == "MTK" {
				unit = "m²"
			}
		case loader.SchemaDescription:
			note = r.text(q.Object)
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

func (r *renderer) writeShow(w io.Writer, iri quad.IRI, aliases []string, mentioned []quad.IRI, facts []fact) error {
	fmt.Fprintln(w, r.label(iri))
	t := newKVTable(w)
	t.row("", "id", "<"+string(iri)+">")
	t.row("", "types", strings.Join(r.types(iri), ", "))
	if len(aliases) > 0 {
		t.row("", "aliases", strings.Join(aliases, "; "))
	}
	if len(mentioned) > 0 {
		names := make([]string, len(mentioned))
		for i, a := range mentioned {
			names[i] = r.label(a)
		}
		t.row("", "mentioned in", strings.Join(names, ", "))
	}
	if err := t.flush(); err != nil {
		return err
	}
	group := ""
	for _, f := range facts {
		if f.group != group {
			group = f.group
			fmt.Fprintf(w, "\n%s\n", group)
		}
		fmt.Fprintf(w, "  %s\n", f.text)
		for _, e := range f.evidence {
			if e.quote != "" {
				fmt.Fprintf(w, "      %s: \"%s\"\n", r.text(e.source), e.quote) // verbatim, not Go-escaped
			} else {
				fmt.Fprintf(w, "      %s: %s\n", r.text(e.source), e.reason)
			}
		}
	}
	return nil
}

// writeFacts writes facts and the statements that give their evidence as sorted N-Quads.
func (r *renderer) writeFacts(w io.Writer, facts []quad.Quad) error {
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
func (r *renderer) when(node quad.Value) string {
	date := ""
	r.st.Quads(r.ctx, quad.Subject, node, func(q quad.Quad) error {
		if q.Predicate == loader.SchemaStartDate && q.Label == nil {
			date = r.text(q.Object)
		}
		return nil
	})
	if date == "" {
		return ""
	}
	return " (" + date + ")"
}
