// Package extract drafts a fact file from an article's raw text: it resolves the names the
// registry knows, proposes the organizations, people and places it does not, and reads
// relations, posts, dates and figures off the constructions news articles use. Everything is
// rules over the text and the registry: offline, deterministic, and each proposed fact names
// the rule that produced it and the article's own words. It knows nothing of the store or
// the command line.
package extract

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/medkg/medkg/loader"
)

// Options are what the text itself may not say.
type Options struct {
	Published time.Time // the publication date; found in the text when zero
	Publisher string    // a registry id or name; found in the text when empty
}

// ErrBadText is wrapped by the errors CheckText returns.
var ErrBadText = errors.New("not an article")

// CheckText rejects what cannot be an article: an empty file, a binary, text not in UTF-8,
// or a file too large to be one.
func CheckText(name string, data []byte) error {
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return fmt.Errorf("%s: %w: the file is empty (give the article's text, saved as UTF-8)", name, ErrBadText)
	case len(data) > loader.MaxFileSize:
		return fmt.Errorf("%s: %w: %d bytes is over the %d-byte limit (is this the right file?)", name, ErrBadText, len(data), loader.MaxFileSize)
	case bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data):
		return fmt.Errorf("%s: %w: binary or not UTF-8 (save the article as UTF-8 text)", name, ErrBadText)
	}
	// A control character (C0 but tab, newline, carriage return and form feed; DEL; C1)
	// cannot be written in YAML, so no draft quoting it could load (issue 12, item 10).
	line := 1
	for _, r := range string(data) {
		switch {
		case r == '\n':
			line++
		case r == '\t' || r == '\r' || r == '\f':
		case unicode.IsControl(r):
			return fmt.Errorf("%s:%d: %w: control character %U (remove it, or save the article again as plain text)", name, line, ErrBadText, r)
		}
	}
	return nil
}

// extractor holds one article's analysis.
type extractor struct {
	orig  string // the article as given: quotes are cut from it
	raw   string // the same with every exotic space an ASCII space of the same byte length
	toks  []token
	tags  []string // part-of-speech tag of each token (pos.go); nil when the tagger failed
	ents  []*Entity
	byID  map[string]*Entity
	byKey map[string]*Entity // name keys of canonical names and aliases (not acronyms)
	acro  map[string]*Entity // acronyms, matched with their case
	// maxWords is the longest name in words.
	maxWords int

	roleTok   []bool // tokens inside a post title ("Deputy Mayor", "Secretary of Party Committee")
	headline  [2]int // token range of a title-case headline, kept out of candidate names
	mentions  []Mention
	published time.Time
	facts     []Fact
	gazAt     map[int][]cand       // registry names by the token they start at; nil when stale
	keys      map[*Entity][]string // NameKey of each entity's names, canonical first
	// lastFigureOf is the entity the last figure read describes.
	lastFigureOf *Entity
	// lastFigureAt is where that figure's number is: the figures are read kind by kind, not
	// in text order, so a carried subject must come from earlier text.
	lastFigureAt int
	seen         map[string]bool
	draft        *Draft
}

// Extract drafts the facts of the article text, resolving names against reg.
func Extract(text string, reg []Entity, opt Options) (*Draft, error) {
	if err := CheckText("article", []byte(text)); err != nil {
		return nil, err
	}
	raw := blankMeta(foldSpaces(text))
	x := &extractor{
		orig:  text,
		raw:   raw,
		toks:  tokenize(raw),
		byID:  map[string]*Entity{},
		byKey: map[string]*Entity{},
		acro:  map[string]*Entity{},
		seen:  map[string]bool{},
		draft: &Draft{known: map[string]*Entity{}},
	}
	x.tags = posTags(x.toks)
	for i := range reg {
		e := reg[i]
		x.add(&e)
	}
	x.published = opt.Published
	x.header(opt)
	x.findRoles()
	x.findMentions()
	x.byline(opt)
	x.anaphora()
	x.relations()
	x.figures()
	d := x.draft
	d.Mentions = x.mentions
	d.Facts = x.facts
	used, inFacts := map[string]bool{}, map[string]bool{}
	for _, m := range x.mentions {
		used[m.Entity] = true
	}
	for _, f := range x.facts {
		for _, id := range append(append([]string{f.S, f.O, f.Person, f.Org, f.Of, f.Location}, f.About...), f.Party...) {
			used[id] = true
			inFacts[id] = true
		}
	}
	for _, id := range append(append([]string{d.Publisher}, d.Authors...), d.Editors...) {
		used[id] = true
		inFacts[id] = true // the article's header writes them
	}
	var unused []string
	for _, e := range x.ents {
		d.known[e.ID] = e
		if e.New && used[e.ID] {
			d.Entities = append(d.Entities, e)
			if !inFacts[e.ID] {
				unused = append(unused, e.ID)
			}
		}
	}
	if len(unused) > 0 {
		// Said, not dropped silently (issue 12, item 6): a reviewer may want them in facts.
		sort.Strings(unused)
		d.Notes = append(d.Notes, fmt.Sprintf("%d new entities are used by no fact (%s): the graph gets an entity only through a fact, so load drops them unless you add one", len(unused), strings.Join(unused, ", ")))
	}
	sort.Slice(d.Entities, func(i, j int) bool { return d.Entities[i].ID < d.Entities[j].ID })
	for _, e := range d.Entities {
		e.Similar = x.similar(e)
	}
	return d, nil
}

// add makes e resolvable by its names.
func (x *extractor) add(e *Entity) {
	x.ents = append(x.ents, e)
	x.byID[e.ID] = e
	for _, n := range append([]string{e.Name}, e.Aliases...) {
		x.addName(e, n)
	}
}

func (x *extractor) addName(e *Entity, n string) {
	x.gazAt = nil
	if x.keys == nil {
		x.keys = map[*Entity][]string{}
	}
	x.keys[e] = append(x.keys[e], NameKey(n))
	if isAcronym(n) {
		if _, dup := x.acro[n]; !dup {
			x.acro[n] = e
		}
		return
	}
	k := NameKey(n)
	if k == "" {
		return
	}
	if _, dup := x.byKey[k]; !dup {
		x.byKey[k] = e
	}
	x.maxWords = max(x.maxWords, strings.Count(k, " ")+1)
}

// lookup resolves a name to a known entity.
func (x *extractor) lookup(name string) (*Entity, bool) {
	if e, ok := x.acro[strings.TrimSpace(name)]; ok {
		return e, true
	}
	e, ok := x.byKey[NameKey(name)]
	return e, ok
}

// newEntity proposes an entity for a name the registry lacks, or returns the one already
// proposed under the same (or a nearly same) name.
func (x *extractor) newEntity(name, typ, rule string, conf float64, quote string) *Entity {
	if e, ok := x.lookup(name); ok {
		return e
	}
	k := NameKey(name)
	// A one-letter slip in a long name ("Comission") is the same entity, spelt again.
	if len(k) >= 20 {
		for _, e := range x.ents {
			if e.New && e.Kind() == kindOfType(typ) && editDistance(x.keys[e][0], k) <= 2 {
				e.Aliases = append(e.Aliases, name)
				x.addName(e, name)
				return e
			}
		}
	}
	id := slug(name)
	for i := 2; x.byID[id] != nil; i++ {
		id = fmt.Sprintf("%s-%d", slug(name), i)
	}
	e := &Entity{ID: id, Type: typ, Name: name, New: true, Rule: rule, Confidence: conf, Quote: quote}
	// "Cedar City", "Lakeside Province": the place is also named without its head
	if f := strings.Fields(name); (typ == "City" || typ == "Province") && len(f) == 2 {
		if h := strings.ToLower(f[1]); h == "city" || h == "province" {
			if _, taken := x.lookup(f[0]); !taken {
				e.Aliases = append(e.Aliases, f[0])
			}
		}
	}
	x.add(e)
	return e
}

func kindOfType(t string) loader.Kind {
	k, _ := loader.TypeKind(t)
	return k
}

// span returns the article's text from token a to token b inclusive, spaces folded.
func (x *extractor) span(a, b int) string { return x.raw[x.toks[a].start:x.toks[b].end] }

// spanQ is span in the article's own characters, for a quote.
func (x *extractor) spanQ(a, b int) string { return x.orig[x.toks[a].start:x.toks[b].end] }

// foldSpaces replaces non-breaking and other exotic spaces by as many ASCII spaces as they
// have bytes, so that offsets into the result are offsets into s.
func foldSpaces(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r != ' ' && r != '\n' && r != '\t' && r != '\r' && isSpace(r) {
			b.WriteString(strings.Repeat(" ", utf8.RuneLen(r)))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// addFact records a fact once, after checking it against the fact format's constraints, so
// that every draft loads.
func (x *extractor) addFact(f Fact) {
	f.Quote = strings.TrimSpace(f.Quote)
	if f.Quote == "" {
		return
	}
	switch f.Form() {
	case "relation", "date":
		p, ok := loader.LookupPredicate(f.P)
		s := x.byID[f.S]
		if !ok || s == nil || !hasKind(p.Subjects, s.Kind()) {
			return
		}
		if f.O != "" {
			o := x.byID[f.O]
			if o == nil || f.O == f.S || (p.Objects != nil && !hasKind(p.Objects, o.Kind())) {
				return
			}
		}
	case "post":
		p, o := x.byID[f.Person], x.byID[f.Org]
		if p == nil || o == nil || p.Kind() != loader.KindPerson || o.Kind() != loader.KindOrganization || !loader.IsRole(f.Role) {
			return
		}
	case "figure":
		if x.byID[f.Of] == nil {
			return
		}
	case "event":
		for _, id := range append(append([]string{f.Location}, f.About...), f.Party...) {
			if id != "" && x.byID[id] == nil {
				return
			}
		}
		for _, id := range f.Party {
			if k := x.byID[id].Kind(); k != loader.KindOrganization && k != loader.KindPerson {
				return
			}
		}
		if l := x.byID[f.Location]; l != nil && l.Kind() == loader.KindPerson {
			return
		}
		if f.Date != "" && resolveDate(f.Date, x.published) == "" {
			f.Date = "" // relative, and no publication date to resolve it against
		}
	}
	if x.seen[f.key()] {
		return
	}
	x.seen[f.key()] = true
	x.facts = append(x.facts, f)
}

func hasKind(ks []loader.Kind, k loader.Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// similar returns the entity of the same type (in the registry, or proposed in the draft)
// whose name shares the most words with e's, when they share at least 60% of them: a reviewer
// should check whether e is that entity under another spelling ("Guoke Wenzhou Research
// Institute", "Wenzhou Research Institute of Guoke").
func (x *extractor) similar(e *Entity) string {
	words := func(n string) map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.Fields(NameKey(n)) {
			if len(w) > 2 && w != "and" && w != "the" && w != "for" {
				m[w] = true
			}
		}
		return m
	}
	mine := words(e.Name)
	best, bestScore := "", 0.0
	for _, r := range x.ents {
		if r == e || r.Kind() != e.Kind() {
			continue
		}
		for _, n := range append([]string{r.Name}, r.Aliases...) {
			theirs := words(n)
			common := 0
			for w := range mine {
				if theirs[w] {
					common++
				}
			}
			union := len(mine) + len(theirs) - common
			if union == 0 {
				continue
			}
			score := float64(common) / float64(union)
			if e.Kind() == "person" {
				// people: a spelling one or two letters off ("Wu Jincheng", "Wu Jianyong")
				if d := editDistance(NameKey(e.Name), NameKey(n)); d <= 2 {
					score = 1 - float64(d)/10
				}
			}
			if score >= 0.5 && score > bestScore {
				where := "the registry's"
				if r.New {
					where = "the draft's new"
				}
				best, bestScore = fmt.Sprintf("%s %s (%s)", where, r.ID, r.Name), score
			}
		}
	}
	return best
}

// reMetaLine is a line of a saved page's head that is about the page, not its text: its
// address and the site it came from ("URL: ...", "Publisher: ..."). Such a line names the
// site, not an entity the article speaks of, so it is blanked before names are looked for.
var reMetaLine = lazy(`(?m)^[ \t]*(?:URL|Publisher|Link|Address)[ \t]*:[^\n]*`)

// blankMeta replaces the meta lines in the first lines of raw by spaces of the same byte
// length (offsets into the result stay offsets into the article).
func blankMeta(raw string) string {
	head := raw
	if len(head) > 600 {
		head = head[:600]
	}
	locs := reMetaLine.FindAllStringIndex(head, -1)
	if len(locs) == 0 {
		return raw
	}
	b := []byte(raw)
	for _, l := range locs {
		for i := l[0]; i < l[1]; i++ {
			b[i] = ' '
		}
	}
	return string(b)
}
