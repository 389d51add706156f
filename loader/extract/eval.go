package extract

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/medkg/medkg/loader"
)

// GoldArticle is a seed article with its curated facts, for measuring the extractor.
type GoldArticle struct {
	ID        string
	Text      string
	Published time.Time
	Facts     []Fact                 // curated facts; dates resolved to what the loader stores
	Entities  map[string]loader.Kind // the entities the curated file mentions, by kind
}

// Seeds reads a fact directory (laid out like seeds/) as gold articles, and the whole
// registry.
func Seeds(fsys fs.FS) ([]GoldArticle, []Entity, error) {
	set, err := loader.Load(fsys, loader.DefaultBase)
	if err != nil {
		return nil, nil, err
	}
	var out []GoldArticle
	for _, src := range set.Sources {
		if src.ID == "background" {
			continue
		}
		g, err := readGold(fsys, src, set.Registry)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, g)
	}
	return out, FromRegistry(set.Registry), nil
}

type goldItem struct {
	S, P, O, Value, Quote string
	Person, Role, Org     string
	Of, Measure, Unit     string
	Bound                 string
}

func readGold(fsys fs.FS, src *loader.Source, reg *loader.Registry) (GoldArticle, error) {
	g := GoldArticle{ID: src.ID, Entities: map[string]loader.Kind{}}
	text, err := fs.ReadFile(fsys, path.Join(loader.ArticlesDir, src.ID+".txt"))
	if err != nil {
		return g, err
	}
	g.Text = string(text)
	data, err := fs.ReadFile(fsys, src.File)
	if err != nil {
		return g, err
	}
	var file struct {
		Article struct{ Published string }
		Facts   []goldItem
	}
	if err := yaml.Unmarshal(data, &file); err != nil {
		return g, fmt.Errorf("%s: %w", src.File, err)
	}
	if file.Article.Published != "" {
		g.Published, _ = time.Parse("2006-01-02", file.Article.Published)
	}
	for _, it := range file.Facts {
		f := Fact{S: it.S, P: it.P, O: it.O, Value: it.Value, Person: it.Person, Role: it.Role, Org: it.Org, Of: it.Of, Measure: it.Measure, Unit: it.Unit, Bound: it.Bound, Quote: it.Quote}
		switch {
		case f.Person == "" && f.Of == "" && f.S == "":
			continue // an event: not drafted
		case f.P == "description":
			continue // free text: not drafted
		case f.P == "foundingDate" || f.P == "approvalDate":
			f.Value = resolveDate(f.Value, g.Published)
		}
		g.Facts = append(g.Facts, f)
	}
	for _, id := range src.Entities {
		if e, ok := reg.Entity(id); ok {
			g.Entities[id] = e.Type.Kind
		}
	}
	return g, nil
}

// HoldOut is the registry as it would be had article held never been read: every name
// (canonical or alias) that occurs in held's text and in no other article's text is
// dropped, and an entity left with no name is dropped entirely. What article held alone
// taught the registry must be found again from its text, as new entities.
func HoldOut(reg []Entity, texts map[string]string, held string) []Entity {
	lines := map[string][]string{}
	for id, t := range texts {
		lines[id] = keyLines(t)
	}
	occurs := func(id, name string) bool {
		acr := isAcronym(name)
		k := " " + NameKey(name) + " "
		for _, ln := range lines[id] {
			if acr {
				if strings.Contains(" "+ln+" ", " "+name+" ") {
					return true
				}
			} else if strings.Contains(" "+strings.ToLower(ln)+" ", k) {
				return true
			}
		}
		return false
	}
	var out []Entity
	for _, e := range reg {
		var names []string
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			if !occurs(held, n) {
				names = append(names, n)
				continue
			}
			for id := range texts {
				if id != held && occurs(id, n) {
					names = append(names, n)
					break
				}
			}
		}
		if len(names) == 0 {
			continue
		}
		e.Name, e.Aliases = names[0], names[1:]
		out = append(out, e)
	}
	return out
}

// keyLines is the text's lines as words (original case, centre folded), punctuation dropped.
func keyLines(text string) []string {
	var out []string
	var cur []string
	for _, t := range tokenize(foldSpaces(text)) {
		if t.nl && len(cur) > 0 {
			out = append(out, strings.Join(cur, " "))
			cur = nil
		}
		if t.word {
			w := t.text
			if t.key == "center" || t.key == "centers" {
				w = t.key
			}
			cur = append(cur, strings.ReplaceAll(w, "’", "'"))
		}
	}
	if len(cur) > 0 {
		out = append(out, strings.Join(cur, " "))
	}
	return out
}

// Score counts one type's hits.
type Score struct {
	Type       string
	TP, FP, FN int
}

// Precision is TP/(TP+FP), 1 when nothing was proposed.
func (s Score) Precision() float64 {
	if s.TP+s.FP == 0 {
		return 1
	}
	return float64(s.TP) / float64(s.TP+s.FP)
}

// Recall is TP/(TP+FN), 1 when nothing was to find.
func (s Score) Recall() float64 {
	if s.TP+s.FN == 0 {
		return 1
	}
	return float64(s.TP) / float64(s.TP+s.FN)
}

// Eval is the measured quality of the extractor on a set of articles.
type Eval struct {
	Scores map[string]*Score // by type
	Errors []string          // every miss and every wrong proposal, for docs/extraction.md
}

// Core are the types the seeds' acceptance floors apply to (issue 8).
var Core = []string{"organization", "post", "founder"}

// NewsCore are the core types of the real news set (issue 12): organizations, founders,
// part-of, posts and locations.
var NewsCore = []string{"organization", "founder", "parentOrganization", "post", "location"}

// Sum adds the scores of types (all types when none are given).
func (ev *Eval) Sum(types ...string) Score {
	if len(types) == 0 {
		for t := range ev.Scores {
			types = append(types, t)
		}
	}
	var s Score
	for _, t := range types {
		if x := ev.Scores[t]; x != nil {
			s.TP += x.TP
			s.FP += x.FP
			s.FN += x.FN
		}
	}
	return s
}

// Types lists the scored types, sorted.
func (ev *Eval) Types() []string {
	var ts []string
	for t := range ev.Scores {
		ts = append(ts, t)
	}
	sort.Strings(ts)
	return ts
}

// Evaluate extracts each article with the registry held out (HoldOut), maps the new
// entities the draft proposes to registry entities by name (NameKey of a name or alias),
// and compares the draft with the curated facts: entities by kind (every entity the draft
// mentions or proposes, against those the curated file uses), relations by predicate,
// posts, founding and approval dates, and figures (by entity, value, unit and bound; the
// measure's name is the curator's choice and not scored). Events and descriptions are not
// drafted and not scored.
//
// With full set, the registry is not held out: a reference for how the rules do on names the
// registry already knows, not a measure of extraction from new text.
func Evaluate(articles []GoldArticle, reg []Entity, full bool) (*Eval, error) {
	texts := map[string]string{}
	for _, a := range articles {
		texts[a.ID] = a.Text
	}
	return evaluate(articles, reg, func(a GoldArticle) []Entity {
		if full {
			return reg
		}
		return HoldOut(reg, texts, a.ID)
	})
}

// EvaluateUnseen scores the extractor on articles it was never tuned on: each is extracted
// with the registry known (typically the seeds'), which knows little of them, and the
// draft is scored against the curated files as Evaluate does, key being the answer key: the
// registry the curated files were written against, used only to match the draft's new
// entities to the curated ones by name. Ids the two registries share must mean the same
// entity.
func EvaluateUnseen(articles []GoldArticle, known, key []Entity) (*Eval, error) {
	return evaluate(articles, key, func(GoldArticle) []Entity { return known })
}

// evaluate extracts each article with the registry regFor gives it and scores the draft
// against the curated facts, matching new entities to reg's by name.
func evaluate(articles []GoldArticle, reg []Entity, regFor func(GoldArticle) []Entity) (*Eval, error) {
	byKey := map[string]string{}
	kinds := map[string]loader.Kind{}
	for i := range reg {
		e := &reg[i]
		kinds[e.ID] = e.Kind()
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			if _, dup := byKey[NameKey(n)]; !dup {
				byKey[NameKey(n)] = e.ID
			}
		}
	}
	ev := &Eval{Scores: map[string]*Score{}}
	score := func(t string) *Score {
		if ev.Scores[t] == nil {
			ev.Scores[t] = &Score{Type: t}
		}
		return ev.Scores[t]
	}
	for _, a := range articles {
		d, err := Extract(a.Text, regFor(a), Options{})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a.ID, err)
		}
		// new entity id → registry id, by name
		mapID := map[string]string{}
		for _, e := range d.Entities {
			mapID[e.ID] = "new:" + e.ID
			for _, n := range append([]string{e.Name}, e.Aliases...) {
				if id, ok := byKey[NameKey(n)]; ok {
					mapID[e.ID] = id
					break
				}
			}
		}
		m := func(id string) string {
			if r, ok := mapID[id]; ok {
				return r
			}
			return id
		}
		// entities
		got := map[string]loader.Kind{}
		note := func(id string) {
			if id == "" {
				return
			}
			if e, ok := d.Entity(id); ok {
				got[m(id)] = e.Kind()
			}
		}
		for _, e := range d.Entities {
			note(e.ID)
		}
		for _, mn := range d.Mentions {
			note(mn.Entity)
		}
		for _, f := range d.Facts {
			if f.Form() == "event" {
				continue
			}
			for _, id := range []string{f.S, f.O, f.Person, f.Org, f.Of} {
				note(id)
			}
		}
		note(d.Publisher)
		for _, id := range append(append([]string(nil), d.Authors...), d.Editors...) {
			note(id)
		}
		for id, k := range got {
			if a.Entities[id] == k {
				score(string(k)).TP++
			} else {
				score(string(k)).FP++
				ev.Errors = append(ev.Errors, fmt.Sprintf("%s  FP %-12s %s", a.ID[:3], k, id))
			}
		}
		for id, k := range a.Entities {
			if k == loader.KindEvent {
				continue
			}
			if _, ok := got[id]; !ok {
				score(string(k)).FN++
				ev.Errors = append(ev.Errors, fmt.Sprintf("%s  FN %-12s %s", a.ID[:3], k, id))
			}
		}
		// facts
		norm := strings.ToLower(loader.Normalize(a.Text))
		// where a figure's quote is: two figures match only where they quote the same words
		at := func(f Fact) string {
			if f.Form() != "figure" {
				return ""
			}
			q := strings.ToLower(loader.Normalize(f.Quote))
			i := strings.Index(norm, q)
			return fmt.Sprintf("\x00@%d-%d", i, i+len(q))
		}
		overlaps := func(k1, k2 string) bool {
			b1, s1, _ := strings.Cut(k1, "\x00@")
			b2, s2, _ := strings.Cut(k2, "\x00@")
			if b1 != b2 {
				return false
			}
			if s1 == "" && s2 == "" {
				return true
			}
			var a1, e1, a2, e2 int
			fmt.Sscanf(s1, "%d-%d", &a1, &e1)
			fmt.Sscanf(s2, "%d-%d", &a2, &e2)
			return a1 < e2 && a2 < e1
		}
		match := func(k string, in map[string]string) bool {
			base, _, _ := strings.Cut(k, "\x00@")
			for k2 := range in {
				if strings.HasPrefix(k2, base) && overlaps(k, k2) {
					return true
				}
			}
			return false
		}
		gotF := map[string]string{}
		for _, f := range d.Facts {
			if f.Form() == "event" {
				continue // events are not scored
			}
			f.S, f.O, f.Person, f.Org, f.Of = m(f.S), m(f.O), m(f.Person), m(f.Org), m(f.Of)
			if f.Form() == "date" {
				f.Value = resolveDate(f.Value, d.published())
			}
			gotF[factKey(f)+at(f)] = f.Type()
		}
		wantF := map[string]string{}
		for _, f := range a.Facts {
			wantF[factKey(f)+at(f)] = f.Type()
		}
		for k, t := range gotF {
			if match(k, wantF) {
				score(t).TP++
			} else {
				score(t).FP++
				ev.Errors = append(ev.Errors, fmt.Sprintf("%s  FP %-12s %s", a.ID[:3], t, readableKey(k)))
			}
		}
		for k, t := range wantF {
			if !match(k, gotF) {
				score(t).FN++
				ev.Errors = append(ev.Errors, fmt.Sprintf("%s  FN %-12s %s", a.ID[:3], t, readableKey(k)))
			}
		}
	}
	sort.Strings(ev.Errors)
	return ev, nil
}

// factKey is what makes two facts the same for scoring.
func factKey(f Fact) string {
	switch f.Form() {
	case "post":
		return strings.Join([]string{"post", f.Person, f.Role, f.Org}, "\x00")
	case "figure":
		b := f.Bound
		if b == "" {
			b = "exact"
		}
		return strings.Join([]string{"figure", f.Of, f.Value, f.Unit, b}, "\x00")
	case "relation":
		return strings.Join([]string{f.P, f.S, f.O}, "\x00")
	}
	return strings.Join([]string{f.P, f.S, f.Value}, "\x00")
}

func readableKey(k string) string {
	k, _, _ = strings.Cut(k, "\x00@")
	return strings.Join(strings.Split(k, "\x00")[1:], " ")
}

func (d *Draft) published() time.Time {
	t, _ := time.Parse("2006-01-02", d.Published)
	return t
}
