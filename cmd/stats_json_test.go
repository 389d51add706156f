package cmd

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/medkg/medkg/rdf"
)

// TestStatsJSONAsEncoder: Stats.writeJSON writes the bytes rdf.WriteJSON writes of the same
// Stats, for empty and nil lists and for strings that need escaping.
func TestStatsJSONAsEncoder(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		s    Stats
	}{
		{"nil lists", Stats{Quads: 0}},
		{"empty lists", Stats{Quads: 3, Types: []TypeCount{}, Articles: []ArticleStats{}}},
		{"rows", Stats{Quads: 1001156,
			Types: []TypeCount{{Type: "medkg:Center", Count: 3446}, {Type: "schema:Organization", Count: 0}},
			Articles: []ArticleStats{
				{ID: "background", IRI: "https://example.org/medkg/graph/background", Claims: 34, Quads: 206},
				{ID: "a-1", IRI: "https://example.org/medkg/article/a-1", Claims: 2, Entities: 5, Quads: 40},
			}}},
		{"escapes", Stats{Quads: -1,
			Types: []TypeCount{{Type: `<R&D> "quoted" \ back`, Count: 1}, {Type: "tab\there\nnew\x01", Count: 2}},
			Articles: []ArticleStats{
				{ID: "中文 – ü", IRI: "urn:x:\u2028\u2029", Claims: 1},
				{ID: "bad utf8 \xff\xfe", IRI: "\u007f del"},
			}}},
		{"rows past the 32 KiB flush", Stats{Quads: 5, Articles: manyArticles(2000)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want, got bytes.Buffer
			if err := rdf.WriteJSON(&want, tc.s); err != nil {
				t.Fatal(err)
			}
			if err := tc.s.writeJSON(&got); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("writeJSON:\n%s\nrdf.WriteJSON:\n%s", got.String(), want.String())
			}
		})
	}
}

// manyArticles makes n rows, enough that writeJSON writes its buffer out several times.
func manyArticles(n int) []ArticleStats {
	rows := make([]ArticleStats, n)
	for i := range rows {
		rows[i] = ArticleStats{ID: fmt.Sprintf("a-%d", i), IRI: fmt.Sprintf("https://example.org/medkg/article/a-%d", i), Claims: i, Entities: i % 7, Quads: 3 * i}
	}
	return rows
}
