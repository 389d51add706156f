package extract

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/medkg/medkg/loader"
)

// Entity is an entity names resolve to: one of the registry, or one the extractor proposes.
type Entity struct {
	ID      string
	Type    string // a registry type name: Center, Corporation, Person, City, ...
	Name    string
	Aliases []string

	New        bool    // proposed from the text, not in the registry: to review
	Rule       string  // for a new entity: the rule that proposed it
	Confidence float64 // for a new entity: how sure the rule is that it is one
	Quote      string  // for a new entity: where it was first seen
	Similar    string  // for a new entity: a registry entity with a similar name, to compare
}

// Kind is the broad kind of the entity's type (organization, person, place).
func (e *Entity) Kind() loader.Kind {
	k, _ := loader.TypeKind(e.Type)
	return k
}

// FromRegistry lists the registry's entities for Extract.
func FromRegistry(r *loader.Registry) []Entity {
	var out []Entity
	for _, e := range r.Entities() {
		out = append(out, Entity{ID: e.ID, Type: e.Type.Name, Name: e.Name, Aliases: append([]string(nil), e.Aliases...)})
	}
	return out
}

// Fact is one proposed fact, in one of the fact file's forms (docs/facts.md): a relation
// (S, P, O) or a dated property (S, P, Value), a post (Person, Role, Org) or a figure (Of,
// Measure, Value, Unit, Bound).
type Fact struct {
	S, P, O string
	Person  string
	Role    string
	Org     string
	Of      string
	Measure string
	Unit    string
	Bound   string
	Note    string
	Value   string

	Event    string   // an event's id
	EvType   string   // Settling, Signing, ...
	EvName   string   // the event's name
	Date     string   // as printed, resolved by the loader
	About    []string // what the event is about
	Party    []string // the parties to an agreement signed
	Location string   // where it took place

	Quote      string  // verbatim from the article
	Confidence float64 // 0..1: how often the rule is right, as measured on the seeds
	Rule       string  // the rule that proposed it
	Explain    string  // what else a reviewer should know (a resolved date, a guessed subject)
}

// Form names the fact's form: relation, date, post or figure.
func (f *Fact) Form() string {
	switch {
	case f.Event != "":
		return "event"
	case f.Person != "":
		return "post"
	case f.Of != "":
		return "figure"
	case f.O != "":
		return "relation"
	}
	return "date"
}

// Type is what the evaluation scores the fact as: the predicate, "post" or "figure".
func (f *Fact) Type() string {
	switch f.Form() {
	case "post":
		return "post"
	case "figure":
		return "figure"
	}
	return f.P
}

// key identifies the fact for de-duplication.
func (f *Fact) key() string {
	return strings.Join([]string{f.Event, f.Date, f.Location, f.S, f.P, f.O, f.Person, f.Role, f.Org, f.Of, f.Value, f.Unit, f.Bound}, "\x00")
}

// Mention is one place the article names an entity.
type Mention struct {
	Start, End int // byte offsets in the article
	Entity     string
	Rule       string // how the name was resolved
}

// Draft is a proposed fact file for one article.
type Draft struct {
	Headline  string
	Published string // YYYY-MM-DD
	Publisher string // entity id
	Authors   []string
	Editors   []string

	Entities []*Entity // the new entities the draft proposes, to review
	Facts    []Fact
	Mentions []Mention
	Notes    []string // header-level remarks for the reviewer

	known map[string]*Entity
}

// Entity returns the entity with id, registry or new.
func (d *Draft) Entity(id string) (*Entity, bool) {
	e, ok := d.known[id]
	return e, ok
}

// ReviewThreshold is the confidence under which a fact is flagged for a closer look.
const ReviewThreshold = 0.7

// WriteYAML writes the draft as a fact file that `medkg load` reads. Each fact is preceded
// by a comment giving its confidence and rule; explain adds the mentions found and, for
// each fact, what the reviewer should check.
func (d *Draft) WriteYAML(w io.Writer, source string, explain bool) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Draft facts proposed by `medkg extract` from %s.\n", source)
	b.WriteString("# Review every fact against the article before loading: check the entities marked\n")
	b.WriteString("# new (search the registry for another spelling first), the facts below confidence\n")
	fmt.Fprintf(&b, "# %.2f, and what the article says that no rule caught (events, descriptions).\n", ReviewThreshold)
	for _, n := range d.Notes {
		fmt.Fprintf(&b, "# NOTE: %s\n", n)
	}
	if explain && len(d.Mentions) > 0 {
		b.WriteString("#\n# Mentions (entity: how often, how resolved):\n")
		type agg struct {
			n     int
			rules map[string]bool
		}
		m := map[string]*agg{}
		var ids []string
		for _, mn := range d.Mentions {
			a := m[mn.Entity]
			if a == nil {
				a = &agg{rules: map[string]bool{}}
				m[mn.Entity] = a
				ids = append(ids, mn.Entity)
			}
			a.n++
			a.rules[mn.Rule] = true
		}
		sort.Strings(ids)
		for _, id := range ids {
			var rs []string
			for r := range m[id].rules {
				rs = append(rs, r)
			}
			sort.Strings(rs)
			fmt.Fprintf(&b, "#   %s: %d× (%s)\n", id, m[id].n, strings.Join(rs, ", "))
		}
	}
	b.WriteString("article:\n")
	if d.Headline != "" {
		fmt.Fprintf(&b, "  headline: %s\n", yq(d.Headline))
	}
	if d.Published != "" {
		fmt.Fprintf(&b, "  published: %s\n", d.Published)
	}
	if d.Publisher != "" {
		fmt.Fprintf(&b, "  publisher: %s\n", d.Publisher)
	}
	if len(d.Authors) > 0 {
		fmt.Fprintf(&b, "  authors: [%s]\n", strings.Join(d.Authors, ", "))
	}
	if len(d.Editors) > 0 {
		fmt.Fprintf(&b, "  editors: [%s]\n", strings.Join(d.Editors, ", "))
	}
	if len(d.Entities) > 0 {
		b.WriteString("# New entities: not in the registry. Check each (is it already there under another\n")
		b.WriteString("# spelling? is the name whole? the type right?), then move it to registry.yaml or keep it here.\n")
		b.WriteString("entities:\n")
		for _, e := range d.Entities {
			fmt.Fprintf(&b, "  # NEW, confidence %.2f, rule %s\n", e.Confidence, e.Rule)
			if e.Similar != "" {
				fmt.Fprintf(&b, "  # CHECK: similar to %s: the same entity? then keep one id and make this spelling an alias\n", e.Similar)
			}
			fmt.Fprintf(&b, "  - id: %s\n    type: %s\n    name: %s\n", e.ID, e.Type, yq(e.Name))
			if len(e.Aliases) > 0 {
				qs := make([]string, len(e.Aliases))
				for i, a := range e.Aliases {
					qs[i] = yq(a)
				}
				fmt.Fprintf(&b, "    aliases: [%s]\n", strings.Join(qs, ", "))
			}
			fmt.Fprintf(&b, "    note: %s\n", yq(fmt.Sprintf("proposed by medkg extract (%s) from: %s", e.Rule, e.Quote)))
		}
	}
	b.WriteString("facts:")
	if len(d.Facts) == 0 {
		b.WriteString(" []\n")
	} else {
		b.WriteString("\n")
	}
	events := map[string]bool{}
	for _, f := range d.Facts {
		flag := ""
		if f.Confidence < ReviewThreshold {
			flag = " CHECK"
		}
		fmt.Fprintf(&b, "  # confidence %.2f, rule %s%s\n", f.Confidence, f.Rule, flag)
		if explain && f.Explain != "" {
			fmt.Fprintf(&b, "  # %s\n", f.Explain)
		}
		switch f.Form() {
		case "post":
			fmt.Fprintf(&b, "  - person: %s\n    role: %s\n    org: %s\n", f.Person, f.Role, f.Org)
		case "figure":
			fmt.Fprintf(&b, "  - of: %s\n    measure: %s\n    value: %s\n    unit: %s\n", f.Of, f.Measure, f.Value, f.Unit)
			if f.Bound != "" && f.Bound != "exact" {
				fmt.Fprintf(&b, "    bound: %s\n", f.Bound)
			}
			if f.Note != "" {
				fmt.Fprintf(&b, "    note: %s\n", yq(f.Note))
			}
		case "event":
			if events[f.Event] {
				// told again in another sentence: the further roles only
				fmt.Fprintf(&b, "  - event: %s\n", f.Event)
			} else {
				fmt.Fprintf(&b, "  - event: %s\n    type: %s\n    name: %s\n", f.Event, f.EvType, yq(f.EvName))
			}
			events[f.Event] = true
			if f.Date != "" {
				fmt.Fprintf(&b, "    date: %s\n", yq(f.Date))
			}
			if len(f.About) > 0 {
				fmt.Fprintf(&b, "    about: [%s]\n", strings.Join(f.About, ", "))
			}
			if len(f.Party) > 0 {
				fmt.Fprintf(&b, "    party: [%s]\n", strings.Join(f.Party, ", "))
			}
			if f.Location != "" {
				fmt.Fprintf(&b, "    location: %s\n", f.Location)
			}
		case "relation":
			fmt.Fprintf(&b, "  - s: %s\n    p: %s\n    o: %s\n", f.S, f.P, f.O)
		default:
			fmt.Fprintf(&b, "  - s: %s\n    p: %s\n    value: %s\n", f.S, f.P, yq(f.Value))
		}
		fmt.Fprintf(&b, "    quote: %s\n", yq(f.Quote))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// yq quotes s as a YAML double-quoted scalar.
func yq(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// resolveDate returns the date as the loader will store it, for the reviewer.
func resolveDate(s string, published time.Time) string {
	d, err := loader.ParseDate(s, published)
	if err != nil {
		return ""
	}
	return string(d.Value)
}

// decimalTimes multiplies a decimal string ("1.343") by 10^exp exactly and returns the plain
// number the fact format wants ("1343000000"); ok is false when a fraction would remain.
func decimalTimes(num string, exp int) (string, bool) {
	num = strings.ReplaceAll(num, ",", "")
	intPart, frac, _ := strings.Cut(num, ".")
	if len(frac) > exp {
		if exp == 0 {
			return strings.TrimLeft(intPart, "0") + "." + frac, true
		}
		return "", false
	}
	s := strings.TrimLeft(intPart+frac+strings.Repeat("0", exp-len(frac)), "0")
	if s == "" {
		s = "0"
	}
	if _, err := strconv.ParseUint(s, 10, 64); err != nil {
		return "", false
	}
	return s, true
}
