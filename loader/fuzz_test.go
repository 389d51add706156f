package loader

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cayleygraph/quad"
)

// FuzzLoad feeds arbitrary registry, fact file and article text to Load: it must never
// panic, every problem must name its file, and whatever it accepts must be valid quads.
func FuzzLoad(f *testing.F) {
	f.Add("entities:\n  - {id: a, type: Corporation, name: A Co}\n  - {id: c, type: Center, name: C}\n",
		"article: {published: 2021-01-08}\nfacts:\n  - {s: c, p: founder, o: a, quote: A Co founded C}\n  - {event: e, type: Settling, name: S, date: Wednesday, about: c, quote: C settled}\n",
		"A Co founded C. C settled on Wednesday.")
	f.Add("entities: [", "facts: 1", "")
	f.Add("entities:\n  - {id: p, type: Person, name: P}\n  - {id: o, type: Hospital, name: O}\n",
		"article: {}\nfacts:\n  - {person: p, role: director, org: o, quote: “P” directs O}\n  - {of: o, measure: beds, value: 12.5, unit: count, bound: more-than, quote: O}\n",
		"\u00a0\"P\" directs\n O")
	f.Fuzz(func(t *testing.T, registry, facts, text string) {
		fsys := fstest.MapFS{
			"registry.yaml":   {Data: []byte(registry)},
			"articles/x.yaml": {Data: []byte(facts)},
			"articles/x.txt":  {Data: []byte(text)},
			"background.yaml": {Data: []byte("facts: []\n")},
		}
		set, err := Load(fsys, DefaultBase)
		if err != nil {
			ps, ok := err.(Problems)
			if !ok {
				t.Fatalf("Load returned %T, not Problems: %v", err, err)
			}
			for _, p := range ps {
				if p.File == "" || p.Line < 0 || p.Msg == "" {
					t.Fatalf("problem without a place or message: %+v", p)
				}
			}
			if set != nil {
				t.Fatal("Load returned a Set with problems")
			}
			return
		}
		for _, src := range set.Sources {
			for _, q := range append(append([]quad.Quad{}, src.Own...), src.Shared...) {
				if !q.IsValid() {
					t.Fatalf("invalid quad %v", q)
				}
				for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
					if iri, ok := v.(quad.IRI); ok && (strings.ContainsAny(string(iri), " <>\"{}|^`\\") || !strings.Contains(string(iri), ":")) {
						t.Fatalf("invalid IRI %q in %s", iri, q.NQuad())
					}
				}
			}
		}
	})
}
