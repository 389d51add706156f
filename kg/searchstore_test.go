package kg

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/internal/gen"
	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/rdf"
	"github.com/medkg/medkg/seeds"
)

// TestSearchStoreAsSearch: SearchStore, which reads only the names whose key matches, finds
// what LoadIndex followed by Search finds, on a store with the maintained index (exact,
// prefix, containing, typo, alias, two-letter, empty and unmatched queries, and every
// name of the store) and on one without (the seed store, opened with no index).
func TestSearchStoreAsSearch(t *testing.T) {
	ctx := context.Background()
	var corpus bytes.Buffer
	if _, err := gen.Write(ctx, &corpus, 3000, 1, seedBase); err != nil {
		t.Fatal(err)
	}
	st, err := graph.Open(ctx, graph.Options{Path: filepath.Join(t.TempDir(), "s"), Index: &StoreIndex})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Import(ctx, rdf.NewNQuadsReader(&corpus), graph.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	set, err := loader.Load(seeds.FS, seedBase) // the seeds have aliases; the corpus has none
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range set.Sources {
		if _, err := st.Replace(ctx, src.IRI, src.Own, src.Shared); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.IndexState(ctx); err != nil {
		t.Fatalf("the test store has no usable index: %v", err)
	}
	idx, err := LoadIndex(ctx, st, seedBase)
	if err != nil {
		t.Fatal(err)
	}
	queries := []string{gen.OrgName(0), "anan", "ANAN ACADEMY", "Anan Acadmey of Sciences", "an", "zz", "", "zzzz qqqq", "academy of", "  Anan   Academy "}
	for i, l := range idx.labels {
		if i%7 == 0 {
			queries = append(queries, l.Text, l.Text[:len(l.Text)/2])
		}
		if l.Alias {
			queries = append(queries, l.Text)
		}
	}
	aliases := 0
	for _, l := range idx.labels {
		if l.Alias {
			aliases++
		}
	}
	if aliases == 0 {
		t.Fatal("no aliases in the test store")
	}
	seen := 0
	for _, q := range queries {
		want := idx.Search(q)
		got, err := SearchStore(ctx, st, seedBase, q)
		if err != nil {
			t.Fatal(err)
		}
		seen += len(want)
		if !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("SearchStore(%q) =\n%s\nSearch =\n%s", q, fmt.Sprint(got), fmt.Sprint(want))
		}
	}
	if seen < len(queries) {
		t.Fatalf("%d matches for %d queries: the test would prove little", seen, len(queries))
	}

	seed := seedStore(t) // no index: SearchStore is LoadIndex and Search
	sidx, err := LoadIndex(ctx, seed, seedBase)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"wenzhou", "Mindray", "cas", "Guoke Wenzhou"} {
		got, err := SearchStore(ctx, seed, seedBase, q)
		if err != nil {
			t.Fatal(err)
		}
		if want := sidx.Search(q); !reflect.DeepEqual(got, want) || len(want) == 0 {
			t.Errorf("SearchStore(%q) without an index = %v, want %v", q, got, want)
		}
	}
}

// TestClosenessWindows: closeness takes the word windows of a single-spaced ASCII key as
// slices of it; the answers equal those of the words split and joined.
func TestClosenessWindows(t *testing.T) {
	t.Parallel()
	slow := func(q, key string) int { // closeness as it was, with strings.Fields and Join
		if len(q) < 3 {
			if q == key {
				return 0
			}
			return -1
		}
		if strings.Contains(key, q) {
			return 0
		}
		limit := 1
		if len(q) >= 5 {
			limit = max(2, len(q)/4)
		}
		d := loader.EditDistance(q, key)
		if len(q) >= 5 {
			words, n := strings.Fields(key), len(strings.Fields(q))
			for i := 0; i+n <= len(words); i++ {
				d = min(d, loader.EditDistance(q, strings.Join(words[i:i+n], " ")))
			}
		}
		if d > limit {
			return -1
		}
		return d
	}
	keys := []string{"anan academy of sciences", "institute of biophysics", "a b c d e", "x", "",
		"wenzhou research institute", "guoke (wenzhou) institute", "two  spaces here", " lead", "trail ",
		"tab\tsep words", "中国科学院 wenzhou 研究院", "acadmey", "sciences anan", "b"}
	queries := []string{"anan acadmey", "institue of", "biophysic", "wenzhou reserch", "of sciences", "a b", "acade", "sciencse", "two spaces", "lead", "tab sep", "wenzhou 研究院"}
	for _, k := range keys {
		for _, q := range queries {
			if got, want := closeness(q, k), slow(q, k); got != want {
				t.Errorf("closeness(%q, %q) = %d, want %d", q, k, got, want)
			}
		}
	}
}
