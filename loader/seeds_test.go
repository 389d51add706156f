package loader_test

import (
	"io/fs"
	"net/url"
	"path"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/seeds"
)

// checkIRI reports why s is not an absolute IRI that N-Quads can carry, or "".
func checkIRI(s string) string {
	if i := strings.IndexFunc(s, func(r rune) bool {
		return r <= ' ' || r == 0x7f || strings.ContainsRune("<>\"{}|^`\\", r)
	}); i >= 0 {
		return "contains a character not allowed in an IRI"
	}
	u, err := url.Parse(s)
	if err != nil {
		return err.Error()
	}
	if !u.IsAbs() {
		return "is not absolute"
	}
	return ""
}

func TestCheckIRI(t *testing.T) {
	for _, tt := range []struct {
		iri string
		ok  bool
	}{
		{"https://example.org/medkg/id/cas", true},
		{"http://www.w3.org/2001/XMLSchema#date", true},
		{"urn:x", true},
		{"id/cas", false},
		{"", false},
		{"https://example.org/a b", false},
		{"https://example.org/a\u00a0b", true}, // IRIs allow non-ASCII
		{"https://example.org/a\tb", false},
		{"https://example.org/<a>", false},
		{`https://example.org/"a"`, false},
		{"https://example.org/{a}", false},
		{"https://example.org/a|b", false},
		{"https://example.org/a^b", false},
		{"https://example.org/a`b", false},
		{`https://example.org/a\b`, false},
	} {
		if got := checkIRI(tt.iri) == ""; got != tt.ok {
			t.Errorf("checkIRI(%q) ok = %v, want %v", tt.iri, got, tt.ok)
		}
	}
}

// iris returns the IRIs q names, datatypes included.
func iris(q quad.Quad) []quad.IRI {
	var out []quad.IRI
	for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
		switch v := v.(type) {
		case quad.IRI:
			out = append(out, v)
		case quad.TypedString:
			out = append(out, v.Type)
		}
	}
	return out
}

func TestSeedsLoad(t *testing.T) {
	set, err := loader.Load(seeds.FS, loader.DefaultBase)
	if err != nil {
		t.Fatalf("the embedded seeds do not load:\n%v", err)
	}
	texts, err := fs.Glob(seeds.FS, "articles/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(texts) != 5 {
		t.Fatalf("seeds hold %d article texts %q, want 5", len(texts), texts)
	}
	want := []string{"background"}
	for _, name := range texts {
		want = append(want, strings.TrimSuffix(path.Base(name), ".txt"))
	}
	if len(set.Sources) != len(want) {
		t.Fatalf("%d sources, want %d (the background and 5 articles)", len(set.Sources), len(want))
	}
	for i, src := range set.Sources {
		if src.ID != want[i] {
			t.Errorf("source %d is %q, want %q", i, src.ID, want[i])
		}
	}
	if n := len(set.Registry.Entities()); n == 0 {
		t.Error("the registry has no entities")
	}

	for _, src := range set.Sources {
		t.Run(src.ID, func(t *testing.T) {
			if src.Facts == 0 || len(src.Own) == 0 || len(src.Shared) == 0 || len(src.Entities) == 0 {
				t.Errorf("Facts %d, Own %d, Shared %d, Entities %d: want all non-zero",
					src.Facts, len(src.Own), len(src.Shared), len(src.Entities))
			}
			var raw []byte
			if src.ID != "background" {
				b, err := fs.ReadFile(seeds.FS, "articles/"+src.ID+".txt")
				if err != nil {
					t.Fatal(err)
				}
				raw = b
			}
			for _, qs := range [][]quad.Quad{src.Own, src.Shared} {
				for _, q := range qs {
					for _, iri := range iris(q) {
						if why := checkIRI(string(iri)); why != "" {
							t.Errorf("quad %v: IRI %q %s", q, iri, why)
						}
					}
				}
			}
			for _, q := range src.Own {
				if q.Label != src.IRI {
					t.Errorf("own quad %v is not in the graph %v", q, src.IRI)
				}
				// Every stored quote is the article's own text, character for character.
				if q.Predicate == quad.IRI(nsProv+"value") {
					s, ok := q.Object.(quad.LangString)
					if !ok || s.Lang != "en" || s.Value == "" || !strings.Contains(string(raw), string(s.Value)) {
						t.Errorf("quote %v is not verbatim in articles/%s.txt", q.Object, src.ID)
					}
				}
			}
			for _, q := range src.Shared {
				if q.Label != nil {
					t.Errorf("shared quad %v has label %v", q, q.Label)
				}
			}
		})
	}
}
