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
	st := indexedStore(t)
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

// slowCloseness is closeness as it was, with strings.Fields and Join and the full edit
// distance.
func slowCloseness(q, key string) int {
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

// TestClosenessWindows: closeness takes the word windows of a single-spaced ASCII key as
// slices of it; the answers equal those of the words split and joined.
func TestClosenessWindows(t *testing.T) {
	t.Parallel()
	keys := []string{"anan academy of sciences", "institute of biophysics", "a b c d e", "x", "",
		"wenzhou research institute", "guoke (wenzhou) institute", "two  spaces here", " lead", "trail ",
		"tab\tsep words", "中国科学院 wenzhou 研究院", "acadmey", "sciences anan", "b", "anan", "anan acadmey", "acadmey of sciences anan academy"}
	queries := []string{"anan acadmey", "institue of", "biophysic", "wenzhou reserch", "of sciences", "a b", "acade", "sciencse", "two spaces", "lead", "tab sep", "wenzhou 研究院"}
	for _, k := range keys {
		for _, q := range queries {
			if got, want := closeness(q, k), slowCloseness(q, k); got != want {
				t.Errorf("closeness(%q, %q) = %d, want %d", q, k, got, want)
			}
		}
	}
}

// indexedStore is a generated corpus of 3000 entities and the seeds (which have aliases), in
// a store with the maintained index.
func indexedStore(t *testing.T) *graph.Store {
	t.Helper()
	ctx := context.Background()
	var corpus bytes.Buffer
	if _, err := gen.Write(ctx, &corpus, 3000, 1, seedBase); err != nil {
		t.Fatal(err)
	}
	st, err := graph.Open(ctx, graph.Options{Path: filepath.Join(t.TempDir(), "s"), Index: &StoreIndex})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	// Two entities of one name, and a third whose name differs from theirs only in case: a
	// name several entities have.
	corpus.WriteString("<" + seedBase + "id/twin-a> <" + string(loader.SchemaName) + "> \"Twin Works\"@en .\n" +
		"<" + seedBase + "id/twin-b> <" + string(loader.SchemaName) + "> \"Twin Works\"@en .\n" +
		"<" + seedBase + "id/twin-c> <" + string(loader.SchemaAlternateName) + "> \"TWIN works\"@en .\n")
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
	return st
}

// TestResolveIndexedAsResolveIn: ResolveIndexed, which reads one range of the maintained
// index, answers what Index.ResolveIn answers (the same IRI, or the same error) for names in
// any case, aliases, a name three entities have, IRIs and short IRIs known and unknown, and
// unknown names; and it reads every name (all) only for the unknown names. Without an index
// it is ResolveIn.
func TestResolveIndexedAsResolveIn(t *testing.T) {
	ctx := context.Background()
	st := indexedStore(t)
	idx, err := LoadIndex(ctx, st, seedBase)
	if err != nil {
		t.Fatal(err)
	}
	unknown := []string{"zzzz qqqq", "Anan Acadmey of Sciences", "wenzhou reserch", "x"}
	queries := []string{gen.OrgName(0), strings.ToUpper(gen.OrgName(1)), "twin works", "Twin Works",
		"id/org-0", "id:org-0", "id/nobody", "<" + seedBase + "id/org-1>", "https://example.org/x", "id/twin-a"}
	for i, l := range idx.labels {
		if i%11 == 0 || l.Alias {
			queries = append(queries, l.Text, strings.ToLower(l.Text))
		}
	}
	resolve := func(x *Index, st *graph.Store, q string, calls *int) {
		t.Helper()
		got, gotErr := ResolveIndexed(ctx, st, seedBase, q, func() (*Index, error) {
			*calls++
			return x, nil
		})
		want, wantErr := x.ResolveIn(st, q)
		if got != want || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Errorf("ResolveIndexed(%q) = %q, %v; ResolveIn = %q, %v", q, got, gotErr, want, wantErr)
		}
	}
	calls := 0
	for _, q := range queries {
		resolve(idx, st, q, &calls)
	}
	if calls != 0 {
		t.Errorf("ResolveIndexed read every name %d times for names the index has", calls)
	}
	for _, q := range unknown {
		resolve(idx, st, q, &calls)
	}
	if calls != len(unknown) {
		t.Errorf("ResolveIndexed read every name %d times for %d unknown names", calls, len(unknown))
	}
	if _, err := idx.Resolve("Twin Works"); err == nil || !strings.Contains(err.Error(), "names 3 entities") {
		t.Fatalf("the test store has no name of three entities: %v", err)
	}

	seed := seedStore(t) // no index: every name read
	sidx, err := LoadIndex(ctx, seed, seedBase)
	if err != nil {
		t.Fatal(err)
	}
	calls = 0
	for _, q := range []string{"wenzhou", "Mindray", "cas", "id/cas", "Guoke Wenzhou"} {
		resolve(sidx, seed, q, &calls)
	}
	if calls != 4 {
		t.Errorf("without an index, ResolveIndexed read every name %d times for 4 names, want 4", calls)
	}
}

// FuzzCloseness: closeness, with its bounded distance and its windows as slices, answers
// what closeness with the full distance and the words split and joined answers, and so does
// matchScore.
func FuzzCloseness(f *testing.F) {
	f.Add("anan acadmey", "anan academy of sciences")
	f.Add("institue of", "institute of biophysics")
	f.Add("a b c", "a b")
	f.Add("wenzhou 研究院", "中国科学院 wenzhou 研究院")
	f.Add("two spaces", "two  spaces here")
	f.Fuzz(func(t *testing.T, q, key string) {
		if len(q) > 100 || len(key) > 200 {
			return
		}
		q, key = NameKey(q), NameKey(key)
		if got, want := closeness(q, key), slowCloseness(q, key); got != want {
			t.Fatalf("closeness(%q, %q) = %d, want %d", q, key, got, want)
		}
		want := -1 // matchScore as it was
		switch d := slowCloseness(q, key); {
		case key == q:
			want = 0
		case strings.HasPrefix(key, q):
			want = 1
		case strings.Contains(key, q):
			want = 2
		case d >= 0:
			want = 3 + d
		}
		if got := matchScore(q, key); got != want {
			t.Fatalf("matchScore(%q, %q) = %d, want %d", q, key, got, want)
		}
	})
}
