package loader

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/cayleygraph/quad"
	"go.yaml.in/yaml/v3"
)

// sourceParser turns one fact file into a Source, reporting every problem on the way.
type sourceParser struct {
	*builder
	file      string
	text      *Text     // the article; nil for the background
	published time.Time // zero when not printed
	events    map[string]declaredEvent
	ps        *Problems
}

type declaredEvent struct {
	line    int
	typed   bool
	hasName bool
}

// parseArticle reads an article's fact file; its text sits beside it unless `text:` says.
func parseArticle(fsys fs.FS, name string, v Vocab, reg *Registry, ps *Problems) *Source {
	id := strings.TrimSuffix(path.Base(name), path.Ext(name))
	src := &Source{ID: id, IRI: v.Article(id), File: name}
	top, ok := parseYAML(fsys, name, ps)
	if !ok {
		return src
	}
	p := &sourceParser{builder: newBuilder(v, reg, src), file: name, ps: ps}
	tf, _ := mapping(name, top, "an article's fact file", ps)
	tf.only(ps, "an article's fact file", "article", "entities", "facts")

	hn, ok := tf.m["article"]
	if !ok {
		ps.add(name, tf.line, "missing the `article:` header (headline, published, publisher, authors)")
		return src
	}
	h, ok := mapping(name, hn, "the article header", ps)
	if !ok {
		return src
	}
	h.only(ps, "the article header", "text", "headline", "published", "publisher", "authors", "editors")
	textName := path.Join(path.Dir(name), id+".txt")
	if t := h.str("text", false, ps); t != "" {
		textName = path.Join(path.Dir(name), t)
	}
	raw, ok := readFile(fsys, textName, ps)
	if !ok {
		return src
	}
	p.text = NewText(string(raw))

	p.own(src.IRI, RDFType, SchemaNewsArticle)
	p.own(src.IRI, SchemaIdentifier, quad.String(id))
	if hl := h.str("headline", false, ps); hl != "" {
		if verbatim, ok := p.text.Find(hl); ok {
			src.Title = verbatim
			p.own(src.IRI, SchemaHeadline, English(verbatim))
		} else {
			ps.add(name, h.lineOf("headline"), "headline %q is not in %s: copy it from the article", hl, textName)
		}
	}
	if s := h.str("published", false, ps); s != "" {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			ps.add(name, h.lineOf("published"), "published %q must be a date YYYY-MM-DD", s)
		} else {
			p.published = d
			p.own(src.IRI, SchemaDatePublished, quad.TypedString{Value: quad.String(s), Type: XSDDate})
		}
	}
	if pub := h.str("publisher", false, ps); pub != "" {
		if iri, _, ok := p.ref(pub, h.lineOf("publisher")); ok {
			p.own(src.IRI, SchemaPublisher, iri)
		}
	}
	for _, role := range []struct {
		key  string
		pred quad.IRI
	}{{"authors", SchemaAuthor}, {"editors", SchemaEditor}} {
		for _, who := range h.list(role.key, ps) {
			if iri, _, ok := p.ref(who, h.lineOf(role.key)); ok {
				p.own(src.IRI, role.pred, iri)
			}
		}
	}
	p.facts(tf)
	return src
}

// addArticleEntities adds the `entities:` an article's fact file introduces to reg. Problems
// of the file itself (bad YAML, no mapping) are left to parseArticle, which reports them once.
func addArticleEntities(fsys fs.FS, name string, reg *Registry, ps *Problems) {
	var quiet Problems
	top, ok := parseYAML(fsys, name, &quiet)
	if !ok || top.Kind != yaml.MappingNode {
		return
	}
	tf, _ := mapping(name, top, "an article's fact file", &quiet)
	n, ok := tf.m["entities"]
	if !ok {
		return
	}
	if n.Kind != yaml.SequenceNode {
		ps.add(name, n.Line, "`entities:` must be a list of entities laid out as in the registry")
		return
	}
	reg.addList(name, n, ps)
}

// parseBackground reads the curated background: facts with reasons instead of quotes.
func parseBackground(fsys fs.FS, name string, v Vocab, reg *Registry, ps *Problems) *Source {
	src := &Source{ID: "background", IRI: v.Background(), File: name, Title: "medkg curated background"}
	top, ok := parseYAML(fsys, name, ps)
	if !ok {
		return src
	}
	p := &sourceParser{builder: newBuilder(v, reg, src), file: name, ps: ps}
	tf, _ := mapping(name, top, "the background file", ps)
	tf.only(ps, "the background file", "facts")
	p.own(src.IRI, RDFType, SchemaDataset)
	p.own(src.IRI, SchemaName, English(src.Title))
	p.facts(tf)
	return src
}

// facts parses the `facts:` list: events are declared first so that facts may name them in
// any order.
func (p *sourceParser) facts(tf *fields) {
	list, ok := tf.m["facts"]
	if !ok {
		p.ps.add(p.file, tf.line, "missing `facts:`")
		return
	}
	if list.Kind != yaml.SequenceNode {
		p.ps.add(p.file, list.Line, "`facts:` must be a list")
		return
	}
	var items []*fields
	for _, n := range list.Content {
		if f, ok := mapping(p.file, n, "a fact", p.ps); ok {
			items = append(items, f)
		}
	}
	p.events = map[string]declaredEvent{}
	for _, f := range items {
		if id := f.str("event", false, p.ps); id != "" {
			d := p.events[id]
			if d.line == 0 {
				d.line = f.line
			}
			d.typed = d.typed || f.has("type")
			d.hasName = d.hasName || f.has("name")
			p.events[id] = d
		}
	}
	p.src.events = map[string]int{}
	for id, d := range p.events {
		p.src.events[id] = d.line
		if !reSlug.MatchString(id) {
			p.ps.add(p.file, d.line, "event id %q must be lower-case letters, digits and single dashes", id)
		}
		if !d.typed {
			p.ps.add(p.file, d.line, "event %q has no `type:` (one of %s)", id, strings.Join(eventTypes, ", "))
		}
		if !d.hasName {
			p.ps.add(p.file, d.line, "event %q has no `name:`", id)
		}
	}
	for _, f := range items {
		p.src.Facts++
		ev, ok := p.evidence(f)
		if !ok {
			continue
		}
		switch {
		case f.has("event"):
			p.event(f, ev)
		case f.has("person"):
			p.post(f, ev)
		case f.has("of"):
			p.figure(f, ev)
		case f.has("s"):
			p.relation(f, ev)
		default:
			p.ps.add(p.file, f.line, "cannot tell what this fact is: give s/p/o, s/p/value, person/role/org, of/measure/value or event (see docs/facts.md)")
		}
	}
	ids := make([]string, 0, len(p.mentions))
	for id := range p.mentions {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	p.src.Entities = ids
}

// evidence checks a fact's quote against the article, or its reason in the background.
func (p *sourceParser) evidence(f *fields) (evidence, bool) {
	if p.text == nil {
		if f.has("quote") {
			p.ps.add(p.file, f.lineOf("quote"), "background facts have a `reason:`, not a quote: a fact with a quote belongs in its article's file")
			return evidence{}, false
		}
		r := strings.TrimSpace(f.str("reason", false, p.ps))
		if r == "" {
			p.ps.add(p.file, f.line, "missing `reason:`: say why this background fact holds though no article states it")
			return evidence{}, false
		}
		return evidence{reason: r}, true
	}
	if f.has("reason") {
		p.ps.add(p.file, f.lineOf("reason"), "an article's fact needs a `quote:` from the article, not a reason: put unstated facts in background.yaml")
		return evidence{}, false
	}
	q := f.str("quote", false, p.ps)
	if strings.TrimSpace(q) == "" {
		p.ps.add(p.file, f.line, "missing `quote:`: copy the sentence of the article that states this fact")
		return evidence{}, false
	}
	verbatim, ok := p.text.Find(q)
	if !ok {
		short := q
		if r := []rune(short); len(r) > 80 {
			short = string(r[:77]) + "..."
		}
		p.ps.add(p.file, f.lineOf("quote"), "quote not found in the article: %q (copy it verbatim; only white space, quote and dash styles may differ)", short)
		return evidence{}, false
	}
	return evidence{quote: verbatim}, true
}

// ref resolves an id to an entity of the registry or an event declared in this file.
func (p *sourceParser) ref(id string, line int) (quad.IRI, Kind, bool) {
	if e, ok := p.reg.byID[id]; ok {
		if e.Type.Name == "" {
			return "", "", false // its type is wrong; the registry problem says so
		}
		return p.mention(id), e.Type.Kind, true
	}
	if _, ok := p.events[id]; ok {
		return p.v.Event(id), KindEvent, true
	}
	msg := fmt.Sprintf("unknown entity %q: add it to the registry or fix the id", id)
	if s := p.suggest(id); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	p.ps.add(p.file, line, "%s", msg)
	return "", "", false
}

// suggest returns the registry id closest to id, if any is close.
func (p *sourceParser) suggest(id string) string {
	best, bestD := "", len(id)/2+1
	for _, e := range p.reg.list {
		if d := EditDistance(id, e.ID); d < bestD {
			best, bestD = e.ID, d
		}
	}
	return best
}

func (p *sourceParser) relation(f *fields, ev evidence) {
	f.only(p.ps, "a relation fact", "s", "p", "o", "value", "quote", "reason")
	name := f.str("p", true, p.ps)
	i := slices.IndexFunc(predicates, func(x Predicate) bool { return x.Name == name })
	if i < 0 {
		if name != "" {
			var names []string
			for _, x := range predicates {
				names = append(names, x.Name)
			}
			p.ps.add(p.file, f.lineOf("p"), "unknown predicate %q: use one of %s", name, strings.Join(names, ", "))
		}
		return
	}
	pred := predicates[i]
	s, sk, ok := p.ref(f.str("s", true, p.ps), f.lineOf("s"))
	if !ok {
		return
	}
	if !slices.Contains(pred.Subjects, sk) {
		p.ps.add(p.file, f.lineOf("s"), "%q needs a subject that is %s, but %q is %s", name, sprintKinds(pred.Subjects), f.str("s", true, p.ps), article(sk))
		return
	}
	var o quad.Value
	switch pred.Object {
	case objEntity:
		if f.has("value") {
			p.ps.add(p.file, f.lineOf("value"), "%q links two entities: give `o:` with an id, not `value:`", name)
			return
		}
		iri, ok2 := p.objectRef(f, "o", name, pred.Objects)
		if !ok2 {
			return
		}
		o = iri
	case objDate:
		if f.has("o") {
			p.ps.add(p.file, f.lineOf("o"), "%q takes a date: give `value:`, not `o:`", name)
			return
		}
		d, err := ParseDate(f.str("value", true, p.ps), p.published)
		if err != nil {
			p.ps.add(p.file, f.lineOf("value"), "%v", err)
			return
		}
		o = d
	case objText:
		t := strings.TrimSpace(f.str("value", true, p.ps))
		if t == "" {
			return
		}
		o = English(t)
	}
	term := pred.Term
	if pred.OrgTerm != "" && objKindOf(p, o) == KindOrganization {
		term = pred.OrgTerm
	}
	p.claim(s, p.v.Term(term), o, ev)
	if pred.Earliest != "" {
		p.dateBounds(s, o.(quad.TypedString), pred.Earliest, pred.Latest, ev)
	}
}

// objectRef resolves f[key] and checks its kind against allowed (nil: anything).
func (p *sourceParser) objectRef(f *fields, key, pred string, allowed []Kind) (quad.IRI, bool) {
	id := f.str(key, true, p.ps)
	if id == "" {
		return "", false
	}
	return p.checkedRef(id, f.lineOf(key), pred, allowed)
}

func (p *sourceParser) checkedRef(id string, line int, pred string, allowed []Kind) (quad.IRI, bool) {
	iri, k, ok := p.ref(id, line)
	if !ok {
		return "", false
	}
	if allowed != nil && !slices.Contains(allowed, k) {
		p.ps.add(p.file, line, "%q needs %s, but %q is %s", pred, sprintKinds(allowed), id, article(k))
		return "", false
	}
	return iri, true
}

func article(k Kind) string {
	if k == KindOrganization {
		return "an organization"
	}
	return "a " + string(k)
}

func (p *sourceParser) post(f *fields, ev evidence) {
	f.only(p.ps, "a post", "person", "role", "org", "quote", "reason")
	role := f.str("role", true, p.ps)
	r, known := roles[role]
	if !known && role != "" {
		var names []string
		for k := range roles {
			names = append(names, k)
		}
		sort.Strings(names)
		p.ps.add(p.file, f.lineOf("role"), "unknown role %q: use one of %s", role, strings.Join(names, ", "))
	}
	person, ok1 := p.objectRef(f, "person", "person", []Kind{KindPerson})
	org, ok2 := p.objectRef(f, "org", "org", []Kind{KindOrganization})
	if !known || !ok1 || !ok2 {
		return
	}
	m := p.v.membershipIRI(f.str("person", true, p.ps), f.str("org", true, p.ps), role)
	roleIRI := p.v.Role(role)
	p.claim(roleIRI, RDFType, OrgRoleClass, evidence{})
	// ORG labels roles with rdfs:label or skos:prefLabel (schema:name is for schema:Thing).
	p.claim(roleIRI, RDFSLabel, English(strings.ReplaceAll(role, "-", " ")), evidence{})
	p.claim(m, RDFType, OrgMembership, ev)
	p.claim(m, OrgMember, person, ev)
	p.claim(m, OrgOrg, org, ev)
	p.claim(m, OrgRole, roleIRI, ev)
	if r.Head {
		p.claim(person, OrgHeadOf, org, ev)
	}
}

func (p *sourceParser) figure(f *fields, ev evidence) {
	f.only(p.ps, "a figure", "of", "measure", "value", "unit", "bound", "note", "quote", "reason")
	of, ok := p.objectRef(f, "of", "of", nil)
	measure := f.str("measure", true, p.ps)
	if measure != "" && !reSlug.MatchString(measure) {
		p.ps.add(p.file, f.lineOf("measure"), "measure %q must be a slug such as investment or patents-granted", measure)
		ok = false
	}
	value := f.str("value", true, p.ps)
	if value != "" && !reNumber.MatchString(value) {
		p.ps.add(p.file, f.lineOf("value"), "value %q must be a plain number such as 1343000000 (no commas, units or words)", value)
		ok = false
	}
	unit := f.str("unit", true, p.ps)
	u, known := units[unit]
	if !known && unit != "" {
		p.ps.add(p.file, f.lineOf("unit"), "unknown unit %q: use CNY, m2 or count", unit)
		ok = false
	}
	bound := f.str("bound", false, p.ps)
	switch bound {
	case "", "exact", "more-than":
	default:
		p.ps.add(p.file, f.lineOf("bound"), "bound %q must be exact or more-than", bound)
		ok = false
	}
	if !ok || measure == "" || value == "" || !known {
		return
	}
	if bound == "" {
		bound = "exact" // the default, so that writing it or not names the same figure
	}
	fig := p.v.figureIRI(f.str("of", true, p.ps), measure, value, unit, bound)
	num := quad.TypedString{Value: quad.String(value), Type: XSDInteger}
	if strings.Contains(value, ".") {
		num.Type = XSDDecimal
	}
	// schema:additionalProperty is not for organizations or events (its domain is Place,
	// Product, QualitativeValue, QuantitativeValue …): medkg:figure links any entity to it.
	p.claim(of, p.v.Term("medkg:figure"), fig, ev)
	p.claim(fig, RDFType, SchemaPropertyValue, ev)
	p.claim(fig, SchemaPropertyID, quad.String(measure), ev)
	// The number sits on the figure, or, for money, on a schema:MonetaryAmount that is the
	// figure's value (schema:currency is a MonetaryAmount's, not a PropertyValue's).
	holder := quad.Value(fig)
	if u.Currency != "" {
		amount := quad.IRI(string(fig) + "/amount")
		p.claim(fig, SchemaValue, amount, ev)
		p.claim(amount, RDFType, SchemaMonetaryAmt, ev)
		p.claim(amount, SchemaCurrency, quad.String(u.Currency), ev)
		holder = amount
	}
	if bound == "more-than" {
		p.claim(holder, SchemaMinValue, num, ev)
	} else {
		p.claim(holder, SchemaValue, num, ev)
	}
	if u.Code != "" {
		p.claim(fig, SchemaUnitCode, quad.String(u.Code), ev)
	}
	if u.Text != "" {
		p.claim(fig, SchemaUnitText, English(u.Text), ev)
	}
	if note := strings.TrimSpace(f.str("note", false, p.ps)); note != "" {
		p.claim(fig, SchemaDescription, English(note), ev)
	}
}

func (p *sourceParser) event(f *fields, ev evidence) {
	keys := []string{"event", "type", "name", "date", "quote", "reason"}
	for _, r := range eventRoles {
		keys = append(keys, r.Key)
	}
	f.only(p.ps, "an event", keys...)
	id := f.str("event", true, p.ps)
	if !reSlug.MatchString(id) {
		return // reported once, where the event was declared
	}
	e := p.v.Event(id)
	if t := f.str("type", false, p.ps); t != "" {
		if !slices.Contains(eventTypes, t) {
			p.ps.add(p.file, f.lineOf("type"), "unknown event type %q: use one of %s", t, strings.Join(eventTypes, ", "))
		} else {
			p.claim(e, RDFType, p.v.Term("medkg:"+t), ev)
			p.claim(e, RDFType, SchemaEvent, ev)
		}
	}
	if n := strings.TrimSpace(f.str("name", false, p.ps)); n != "" {
		p.claim(e, SchemaName, English(n), ev)
	}
	if d := f.str("date", false, p.ps); d != "" {
		if t, err := ParseDate(d, p.published); err != nil {
			p.ps.add(p.file, f.lineOf("date"), "%v", err)
		} else {
			p.claim(e, SchemaStartDate, t, ev)
			p.dateBounds(e, t, startDateBounds[0], startDateBounds[1], ev)
		}
	}
	for _, r := range eventRoles {
		for _, who := range f.list(r.Key, p.ps) {
			if iri, ok := p.checkedRef(who, f.lineOf(r.Key), r.Key, r.Objects); ok {
				term := r.Term
				if r.OrgTerm != "" && objKindOf(p, iri) == KindOrganization {
					term = r.OrgTerm
				}
				p.claim(e, p.v.Term(term), iri, ev)
			}
		}
	}
}

// EditDistance is the Levenshtein distance between two strings, for "did you mean" suggestions.
func EditDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// EditDistanceWithin is min(EditDistance(a, b), limit+1): the distance when it is at most
// limit, else limit+1. Search compares what was typed with every distinct name of the store
// (ten times as many at 10M quads as at 1M) and only asks whether it is within a few edits,
// so this computes only the cells within limit of the diagonal (Ukkonen's band: a path
// that leaves it costs more than limit), stops at the first row whose cells all exceed
// limit (every path crosses every row, and costs never fall along one), and allocates
// nothing for strings up to 63 bytes. The answer is EditDistance's, capped: see
// TestEditDistanceWithin and FuzzEditDistanceWithin.
func EditDistanceWithin(a, b string, limit int) int {
	big := limit + 1
	if limit < 0 {
		return big
	}
	if len(a)-len(b) > limit || len(b)-len(a) > limit {
		return big
	}
	// A common prefix or suffix costs nothing and changes no distance.
	for len(a) > 0 && len(b) > 0 && a[0] == b[0] {
		a, b = a[1:], b[1:]
	}
	for len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	if len(a) == 0 || len(b) == 0 {
		return min(len(a)+len(b), big)
	}
	var buf [64]int
	var row []int // row[j]: the distance between a[:i] and b[:j], big outside the band
	if len(b)+1 <= len(buf) {
		row = buf[:len(b)+1]
	} else {
		row = make([]int, len(b)+1)
	}
	for j := range row {
		row[j] = min(j, big)
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-limit), min(len(b), i+limit)
		diag := row[lo-1] // the row above, one column left
		if lo == 1 {
			row[0] = min(i, big)
		} else {
			row[lo-1] = big // left of the band
		}
		rowMin := row[lo-1]
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			up := row[j] // big when (i-1, j) was right of the band
			d := min(up+1, row[j-1]+1, diag+cost, big)
			diag, row[j] = up, d
			rowMin = min(rowMin, d)
		}
		if rowMin >= big {
			return big
		}
	}
	return row[len(b)]
}

// dateBounds writes the xsd:date bounds of date d beside it (DateBounds), with the same
// evidence: the sentence that gives the date gives its bounds.
func (p *sourceParser) dateBounds(s quad.Value, d quad.TypedString, earliest, latest string, ev evidence) {
	from, to, err := DateBounds(d)
	if err != nil {
		panic("loader: ParseDate made a date DateBounds cannot read: " + err.Error())
	}
	p.claim(s, p.v.Term(earliest), from, ev)
	p.claim(s, p.v.Term(latest), to, ev)
}

// objKindOf is the kind of an entity or event IRI this source refers to.
func objKindOf(p *sourceParser, v quad.Value) Kind {
	iri, ok := v.(quad.IRI)
	if !ok {
		return ""
	}
	if id, ok := strings.CutPrefix(string(iri), p.v.Base+"id/"); ok {
		if e, ok := p.reg.byID[id]; ok {
			return e.Type.Kind
		}
	}
	if _, ok := strings.CutPrefix(string(iri), p.v.Base+"event/"); ok {
		return KindEvent
	}
	return ""
}
