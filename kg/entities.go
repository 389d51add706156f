package kg

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/loader"
)

// Index holds every name and alias in the shared graph, so that a person can name an
// entity the way an article spells it rather than by IRI.
type Index struct {
	byKey  map[string][]quad.IRI // NameKey of a name or alias → entities
	labels []Name
	base   string
}

// Name is one name or alias of an entity, as written and as compared.
type Name struct {
	IRI   quad.IRI
	Text  string // as the article spells it
	Key   string // folded for comparison (NameKey)
	Alias bool   // an alias rather than the canonical name
}

// NameKey is how typed names are compared: case, white space, quotes and dashes folded. A
// store's maintained index keeps every name under its NameKey: a change to what it (or
// loader.Normalize) returns must change nameKeyID, so that stores indexed the old way are
// read the slow way until `medkg reindex`.
func NameKey(s string) string { return strings.ToLower(loader.Normalize(s)) }

// nameKeyID names NameKey's folding in the stores it indexes (graph.IndexSpec.NameKeyID).
const nameKeyID = "medkg.NameKey/1"

// StoreIndex is what medkg keeps in a store's maintained index (graph.IndexSpec; bbolt
// only): the names and aliases LoadIndex reads, the types and the per-graph quad, claim and
// mention counts `medkg stats` reads. A store is created with it, and every write keeps it.
var StoreIndex = graph.IndexSpec{
	Names:   []quad.IRI{loader.SchemaName, loader.SchemaAlternateName},
	Type:    loader.RDFType,
	Counted: []quad.IRI{loader.ProvValue, loader.RDFSComment, loader.SchemaMentions},
	// A source's graph types its own node: stats finds the sources with their counts.
	SelfTypes: []quad.IRI{loader.SchemaNewsArticle, loader.SchemaDataset},
	// Names are kept under their NameKey, so LoadIndex folds none of them.
	NameKey:   NameKey,
	NameKeyID: nameKeyID,
}

// LoadIndex reads every name and alias of the shared graph: from the store's maintained
// index (graph.Store.NameEntries: milliseconds at 1M quads) or, on a store without one
// (written by an older medkg, or on PostgreSQL), from the name quads themselves (1.7 s at
// 1M on bbolt).
func LoadIndex(ctx context.Context, st *graph.Store, base string) (*Index, error) {
	x := &Index{byKey: map[string][]quad.IRI{}, base: base}
	err := st.NameEntries(ctx, x.addEntry)
	if errors.Is(err, graph.ErrNoIndex) {
		err = nil
		for _, pred := range []quad.IRI{loader.SchemaName, loader.SchemaAlternateName} {
			err = st.Quads(ctx, quad.Predicate, pred, func(q quad.Quad) error {
				if iri, ok := q.Subject.(quad.IRI); ok && q.Label == nil {
					text := loader.Lexical(q.Object)
					x.add(iri, pred, text, NameKey(text))
				}
				return nil
			})
			if err != nil {
				break
			}
		}
	}
	if err != nil {
		return nil, err
	}
	x.sort()
	return x, nil
}

func (x *Index) add(iri, pred quad.IRI, text, key string) {
	l := Name{IRI: iri, Text: text, Key: key, Alias: pred == loader.SchemaAlternateName}
	x.labels = append(x.labels, l)
	if !containsIRI(x.byKey[l.Key], iri) {
		x.byKey[l.Key] = append(x.byKey[l.Key], iri)
	}
}

// addEntry adds a name of the maintained index; the store was opened with StoreIndex, so
// its key is the name's NameKey.
func (x *Index) addEntry(e graph.NameEntry) error {
	if e.Predicate == loader.SchemaName || e.Predicate == loader.SchemaAlternateName {
		x.add(e.Subject, e.Predicate, e.Text, e.Key)
	}
	return nil
}

func (x *Index) sort() {
	sort.Slice(x.labels, func(i, j int) bool {
		a, b := x.labels[i], x.labels[j]
		if a.Key != b.Key {
			return a.Key < b.Key
		}
		if a.IRI != b.IRI {
			return a.IRI < b.IRI
		}
		// the same whichever way the names were read (index or quads)
		if a.Alias != b.Alias {
			return !a.Alias
		}
		return a.Text < b.Text
	})
}

// SearchStore is LoadIndex(ctx, st, base) followed by Search(text), for a process that
// searches once: from the maintained index it reads every distinct folded name (a small
// bucket) and the names only of those that match, rather than every name; without an index
// it is exactly that. The answer is the same, since a name whose key does not match takes no
// part in Search.
func SearchStore(ctx context.Context, st *graph.Store, base, text string) ([]Match, error) {
	matches, err := SearchIndexed(ctx, st, base, text)
	if errors.Is(err, graph.ErrNoIndex) {
		idx, err := LoadIndex(ctx, st, base)
		if err != nil {
			return nil, err
		}
		return idx.Search(text), nil
	}
	return matches, err
}

// SearchIndexed is SearchStore through the store's maintained index only: graph.ErrNoIndex
// when there is none, so that a server, which searches many times, can fall back to an
// Index it keeps rather than read every name for each search.
func SearchIndexed(ctx context.Context, st *graph.Store, base, text string) ([]Match, error) {
	m := newMatcher(NameKey(text))
	var keys []string
	err := st.NameKeys(ctx, func(k string) error {
		if m.score(k) >= 0 {
			keys = append(keys, k)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	x := &Index{byKey: map[string][]quad.IRI{}, base: base}
	if err := st.NameEntriesOf(ctx, keys, x.addEntry); err != nil {
		return nil, err
	}
	x.sort()
	return x.Search(text), nil
}

func containsIRI(list []quad.IRI, iri quad.IRI) bool {
	for _, x := range list {
		if x == iri {
			return true
		}
	}
	return false
}

// isIRI reports whether what a user typed is an IRI rather than a name.
func isIRI(s string) bool {
	return strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">") ||
		strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "urn:")
}

// iriForm returns the IRI that text spells: an IRI, or a short IRI as search prints it
// (id/cas, or id:cas). ok is false for a name.
func iriForm(text, base string) (iri quad.IRI, ok bool) {
	if isIRI(text) {
		return quad.IRI(strings.TrimSuffix(strings.TrimPrefix(text, "<"), ">")), true
	}
	for _, p := range []string{"id", "event", "article"} {
		for _, sep := range []string{"/", ":"} {
			if local, ok := strings.CutPrefix(text, p+sep); ok && reLocal.MatchString(local) {
				return quad.IRI(base + p + "/" + local), true
			}
		}
	}
	return "", false
}

// ResolveEntity is resolveIn for a command that resolves one entity and exits: it builds the
// name index (every name and alias in the store: 1.7 s at 1M quads) only when it must. An
// IRI or a short IRI needs no index; a name spelled exactly as one entity's name or alias is
// found through the literal's own quads. Any other name (another case, a typo, a name of
// several entities) goes through the index, so the answers and the errors are resolveIn's,
// but for one case: an exact spelling that names one entity picks it even where another
// entity has a name that differs only in case, which the index calls ambiguous.
func ResolveEntity(ctx context.Context, st *graph.Store, base, text string) (quad.IRI, error) {
	iri, ok := iriForm(text, base)
	if !ok {
		iris, err := exactNameOf(ctx, st, text)
		if err != nil {
			return "", err
		}
		if len(iris) != 1 {
			idx, err := LoadIndex(ctx, st, base)
			if err != nil {
				return "", err
			}
			return idx.ResolveIn(st, text)
		}
		iri = iris[0]
	}
	return checkInStore(st, iri)
}

// exactNameOf lists the entities whose name or alias in the shared graph is exactly text,
// by the quads whose object is that literal.
func exactNameOf(ctx context.Context, st *graph.Store, text string) ([]quad.IRI, error) {
	var iris []quad.IRI
	// Names are written as loader.Name writes them (@en or @zh); a plain literal is what an
	// imported graph may have.
	for _, lit := range []quad.Value{loader.Name(text), quad.String(text)} {
		err := st.Quads(ctx, quad.Object, lit, func(q quad.Quad) error {
			iri, ok := q.Subject.(quad.IRI)
			if ok && q.Label == nil && (q.Predicate == loader.SchemaName || q.Predicate == loader.SchemaAlternateName) && !containsIRI(iris, iri) {
				iris = append(iris, iri)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return iris, nil
}

// Resolve turns a canonical name, an alias (any case), an IRI, or a short IRI as search
// prints it (id/cas, or id:cas) into the entity's IRI. An unknown name is an error that
// lists the closest names.
func (x *Index) Resolve(text string) (quad.IRI, error) {
	if iri, ok := iriForm(text, x.base); ok {
		return iri, nil
	}
	iris := x.byKey[NameKey(text)]
	switch len(iris) {
	case 1:
		return iris[0], nil
	case 0:
		msg := fmt.Sprintf("no entity is called %q", text)
		if close := x.closest(text, 5); len(close) > 0 {
			msg += "; did you mean " + strings.Join(close, ", ") + "?"
		}
		return "", NotFound("%s", msg)
	}
	return "", ambiguous(text, iris)
}

// ambiguous is the error of a name several entities have.
func ambiguous(text string, iris []quad.IRI) error {
	var names []string
	for _, iri := range iris {
		names = append(names, "<"+string(iri)+">")
	}
	return fmt.Errorf("%q names %d entities: give one of their IRIs: %s", text, len(iris), strings.Join(names, " "))
}

// ResolveIndexed is all().ResolveIn(st, text) without building the whole index where it
// can: an IRI needs no names, and a name's entities are one range of the store's maintained
// index (the same entities in the same order as the Index's, which reads that index in key
// order). all, an Index of every name (a server builds it once), is used only for what needs
// every name: a store without a maintained index, and a name no entity has, whose error
// lists the closest names.
func ResolveIndexed(ctx context.Context, st *graph.Store, base, text string, all func() (*Index, error)) (quad.IRI, error) {
	if iri, ok := iriForm(text, base); ok {
		return checkInStore(st, iri)
	}
	var iris []quad.IRI
	err := st.NameEntriesOf(ctx, []string{NameKey(text)}, func(e graph.NameEntry) error {
		if (e.Predicate == loader.SchemaName || e.Predicate == loader.SchemaAlternateName) && !containsIRI(iris, e.Subject) {
			iris = append(iris, e.Subject)
		}
		return nil
	})
	switch {
	case err != nil && !errors.Is(err, graph.ErrNoIndex):
		return "", err
	case err == nil && len(iris) == 1:
		return checkInStore(st, iris[0])
	case err == nil && len(iris) > 1:
		return "", ambiguous(text, iris)
	}
	x, err := all()
	if err != nil {
		return "", err
	}
	return x.ResolveIn(st, text)
}

// ResolveIn resolves text and checks that the store has the node, so that an IRI no quad
// mentions is not found rather than a query that quietly matches nothing.
func (x *Index) ResolveIn(st *graph.Store, text string) (quad.IRI, error) {
	iri, err := x.Resolve(text)
	if err != nil {
		return "", err
	}
	return checkInStore(st, iri)
}

// checkInStore returns iri if some quad mentions it, and a not-found error otherwise.
func checkInStore(st *graph.Store, iri quad.IRI) (quad.IRI, error) {
	ok, err := st.Has(iri)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", NotFound("<%s> is not in the store", string(iri))
	}
	return iri, nil
}

// Match is a name found by search, with how well it matched (lower is better).
type Match struct {
	Name
	Score int
}

var reLocal = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*$`)

// Search returns the entities whose name or alias matches text: exact, then prefix, then
// containing, then close in spelling; one row per entity, its best-matching label.
func (x *Index) Search(text string) []Match {
	q := newMatcher(NameKey(text))
	best := map[quad.IRI]Match{}
	for _, l := range x.labels {
		score := q.score(l.Key)
		if score < 0 {
			continue
		}
		if m, seen := best[l.IRI]; !seen || score < m.Score || score == m.Score && m.Alias && !l.Alias {
			best[l.IRI] = Match{Name: l, Score: score}
		}
	}
	out := make([]Match, 0, len(best))
	for _, m := range best {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score < out[j].Score
		}
		if out[i].Key != out[j].Key {
			return out[i].Key < out[j].Key
		}
		return out[i].IRI < out[j].IRI
	})
	return out
}

// matchScore is how well a folded name key matches a folded query q (lower is better): 0
// exact, 1 a prefix, 2 containing, 3 and more close in spelling; -1 not at all.
func matchScore(q, key string) int { return newMatcher(q).score(key) }

// closeness is how far a typed name is from a name or alias: 0 for a name that contains it
// (or a word of it begins with it), else the edit distance between it and the name or the
// name's closest word run of the same length; -1 when they are not close at all. Short
// inputs must be nearly exact, so that "Park" does not suggest every three-letter acronym.
func closeness(q, key string) int { return newMatcher(q).closeness(key) }

// matcher is a folded query with what matchScore and closeness derive from it alone, worked
// out once for the millions of name keys a search compares it with at 10M quads.
type matcher struct {
	q     string
	limit int // the most edits that still make a name close
	words int // how many words q has
	dist  loader.Distancer
}

func newMatcher(q string) matcher {
	limit := 1 // a typo in a short name
	if len(q) >= 5 {
		limit = max(2, len(q)/4) // a transposition is two edits
	}
	return matcher{q: q, limit: limit, words: len(strings.Fields(q)), dist: loader.NewDistancer(q)}
}

// score is matchScore(m.q, key).
func (m matcher) score(key string) int {
	q := m.q
	switch {
	case key == q:
		return 0
	case strings.HasPrefix(key, q):
		return 1
	case strings.Contains(key, q):
		return 2
	}
	if d := m.spelt(key); d >= 0 {
		return 3 + d
	}
	return -1
}

// closeness is closeness(m.q, key).
func (m matcher) closeness(key string) int {
	if len(m.q) >= 3 && strings.Contains(key, m.q) {
		return 0
	}
	return m.spelt(key)
}

// spelt is closeness for a key that does not contain q (score has looked).
func (m matcher) spelt(key string) int {
	q, limit := m.q, m.limit
	if len(q) < 3 {
		if q == key {
			return 0
		}
		return -1
	}
	if len(key) < len(q)-limit {
		return -1 // the key and each run of its words are too short to be close
	}
	// Only whether a distance is within limit matters (d > limit is -1 below), so the
	// bounded distance answers the same as the full one: it skips a string whose length is
	// further from q's than limit and computes the rest a few word operations per byte (the
	// full one was a quarter of search's time at 10M quads).
	dist := func(s string) int { return m.dist.Within(s, limit) }
	d := dist(key)
	// Compare with the words of key taken as many at a time as q has words; not for short
	// inputs, which are one edit away from too many short words.
	if n := m.words; len(q) >= 5 && d > 0 {
		if n > 0 && singleSpaced(key) {
			// The same windows as below, as slices of key found by moving their two ends
			// along it: no allocation per name (search scores every name of the store).
			next := func(from int) int { // the end of the word that starts at from
				if i := strings.IndexByte(key[from:], ' '); i >= 0 {
					return from + i
				}
				return len(key)
			}
			start, end, w := 0, next(0), 1
			for ; w < n && end < len(key); w++ {
				end = next(end + 1)
			}
			if w == n { // key has n words or more
				for d > 0 {
					d = min(d, dist(key[start:end]))
					if end == len(key) {
						break
					}
					start, end = next(start)+1, next(end+1)
				}
			}
		} else {
			words := strings.Fields(key)
			for i := 0; i+n <= len(words); i++ {
				d = min(d, dist(strings.Join(words[i:i+n], " ")))
			}
		}
	}
	if d > limit {
		return -1
	}
	return d
}

// singleSpaced reports whether key is ASCII words separated by single spaces (as NameKey
// makes most names): then the words of strings.Fields(key) are the runs between spaces,
// and a run of words joined by spaces is a slice of key.
func singleSpaced(key string) bool {
	if key == "" || key[0] == ' ' || key[len(key)-1] == ' ' {
		return false
	}
	for i := 0; i < len(key); i++ {
		switch c := key[i]; {
		case c >= 0x80 || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
			return false
		case c == ' ' && key[i+1] == ' ':
			return false
		}
	}
	return true
}

// closest lists up to n names nearest to text, for "did you mean".
func (x *Index) closest(text string, n int) []string {
	q := newMatcher(NameKey(text))
	type cand struct {
		text string
		d    int
	}
	// One suggestion per entity: the label nearest to what was typed.
	best := map[quad.IRI]cand{}
	for _, l := range x.labels {
		d := q.closeness(l.Key)
		if b, seen := best[l.IRI]; d >= 0 && (!seen || d < b.d) {
			best[l.IRI] = cand{l.Text, d}
		}
	}
	cands := make([]cand, 0, len(best))
	for _, c := range best {
		cands = append(cands, c)
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].d != cands[j].d {
			return cands[i].d < cands[j].d
		}
		return cands[i].text < cands[j].text
	})
	var out []string
	for i := 0; i < len(cands) && i < n; i++ {
		out = append(out, fmt.Sprintf("%q", cands[i].text))
	}
	return out
}
