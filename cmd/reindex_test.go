package cmd

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bbolt "go.etcd.io/bbolt"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/rdf"
)

// TestReindexOldStore: a store written without the maintained index (as by a medkg before
// it) answers search and stats as a new store does, saying on stderr that it reads every
// quad; after `medkg reindex` it answers the same from the index, with nothing on stderr.
func TestReindexOldStore(t *testing.T) {
	dir := t.TempDir()
	fresh := filepath.Join(dir, "fresh")
	runOK(t, fresh, "load")
	export := filepath.Join(dir, "seeds.nq")
	runOK(t, fresh, "export", "--out", export)

	// The old store: the same quads written through graph with no index spec.
	old := filepath.Join(dir, "old")
	st, err := graph.Open(context.Background(), graph.Options{Path: old})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(export)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := st.Import(context.Background(), rdf.NewNQuadsReader(f), graph.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	queries := [][]string{{"search", "wenzhou", "-o", "json"}, {"search", "Guoke Wenzhou", "-o", "json"}, {"stats", "-o", "json"}, {"stats"}}
	for _, args := range queries {
		want := mustRun(t, fresh, args...)
		out, stderr, code := run(t, old, args...)
		if code != ExitOK || out != want {
			t.Errorf("%q on the old store: exit %d, output\n%s\nwant (a new store's)\n%s", args, code, out, want)
		}
		if !strings.Contains(stderr, "medkg reindex") {
			t.Errorf("%q on the old store does not say it reads every quad: stderr %q", args, stderr)
		}
	}
	if _, stderr, code := run(t, old, "reindex"); code != ExitOK || !strings.Contains(stderr, "reindexed") {
		t.Fatalf("reindex: exit %d, stderr %q", code, stderr)
	}
	for _, args := range queries {
		if out, want := mustRun(t, old, args...), mustRun(t, fresh, args...); out != want {
			t.Errorf("%q after reindex: output\n%s\nwant\n%s", args, out, want)
		}
	}
}

// TestReindexVersion1Store: a store whose index an older medkg wrote in its own layout
// (version 1, under "medkg.index") is read the slow way, saying so, with the same answers;
// a write by this medkg drops that index rather than leave it wrong for the older one;
// `medkg reindex` writes this layout, and the answers come from it. A write by a process
// that cannot keep the index (as an older medkg writing into a new store) makes it
// unusable, not wrong.
func TestReindexVersion1Store(t *testing.T) {
	dir := t.TempDir()
	fresh := filepath.Join(dir, "fresh")
	runOK(t, fresh, "load")
	old := filepath.Join(dir, "old")
	runOK(t, old, "load")
	// Version 1: the index under "medkg.index", names keyed by subject, no version, size or
	// type counts. A name only it holds shows whether a reader trusts it.
	db, err := bbolt.Open(filepath.Join(old, "indexes.bolt"), 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bbolt.Tx) error {
		if err := tx.DeleteBucket([]byte("medkg.idx")); err != nil {
			return err
		}
		root, err := tx.CreateBucket([]byte("medkg.index"))
		if err != nil {
			return err
		}
		spec, err := root.CreateBucket([]byte("spec"))
		if err != nil {
			return err
		}
		if err := spec.Put([]byte("spec"), []byte(`{"names":["https://schema.org/name"],"type":"http://www.w3.org/1999/02/22-rdf-syntax-ns#type","counted":[]}`)); err != nil {
			return err
		}
		names, err := root.CreateBucket([]byte("names"))
		if err != nil {
			return err
		}
		return names.Put([]byte("https://example.org/medkg/id/ghost\x00https://schema.org/name\x00\"Ghost\""), []byte("Ghost"))
	})
	if err == nil {
		err = db.Close()
	}
	if err != nil {
		t.Fatal(err)
	}

	queries := [][]string{{"search", "wenzhou", "-o", "json"}, {"search", "Guoke Wenzhou", "-o", "json"}, {"stats", "-o", "json"}, {"stats"}}
	same := func(when string, wantNote bool) {
		t.Helper()
		for _, args := range queries {
			want := mustRun(t, fresh, args...)
			out, stderr, code := run(t, old, args...)
			if code != ExitOK || out != want {
				t.Errorf("%s: %q: exit %d, output\n%s\nwant (a new store's)\n%s", when, args, code, out, want)
			}
			if got := strings.Contains(stderr, "medkg reindex"); got != wantNote {
				t.Errorf("%s: %q: stderr %q; want a note to reindex: %v", when, args, stderr, wantNote)
			}
		}
		if _, _, code := run(t, old, "search", "Ghost"); code != ExitNoData {
			t.Errorf("%s: search Ghost: exit %d: the version-1 index was read", when, code)
		}
	}
	same("version-1 index", true)

	// A write by this medkg (a reload of an article) drops the version-1 index.
	runOK(t, old, "load")
	db, err = bbolt.Open(filepath.Join(old, "indexes.bolt"), 0o644, &bbolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	_ = db.View(func(tx *bbolt.Tx) error {
		if tx.Bucket([]byte("medkg.index")) != nil {
			t.Error("a write left the version-1 index in place")
		}
		return nil
	})
	db.Close()
	same("after a write", true)

	if _, stderr, code := run(t, old, "reindex"); code != ExitOK || !strings.Contains(stderr, "reindexed") {
		t.Fatalf("reindex: exit %d, stderr %q", code, stderr)
	}
	same("reindexed", false)

	// A writer that cannot keep the index (given no spec, as an older medkg would be) writes
	// past it: the index is then behind the quads, and readers say so and read the quads.
	st, err := graph.Open(context.Background(), graph.Options{Path: old})
	if err != nil {
		t.Fatal(err)
	}
	extra := `<https://example.org/medkg/id/latecomer> <https://schema.org/name> "Latecomer Institute"@en .` + "\n"
	if _, err := st.Import(context.Background(), rdf.NewNQuadsReader(strings.NewReader(extra)), graph.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out, stderr, code := run(t, old, "search", "latecomer", "-o", "json")
	if code != ExitOK || !strings.Contains(out, "Latecomer Institute") || !strings.Contains(stderr, "medkg reindex") {
		t.Errorf("search after a write past the index: exit %d, stderr %q, output\n%s", code, stderr, out)
	}
}

// TestStatsStaleCounts: after an import of quads the store already has, the maintained
// counts are stale; stats says so and counts from the type entries and the graphs, with the
// answer it gives from the counts once `medkg reindex` has recounted them.
func TestStatsStaleCounts(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "store")
	runOK(t, db, "load")
	export := filepath.Join(dir, "seeds.nq")
	runOK(t, db, "export", "--out", export)
	runOK(t, db, "import", "--progress=false", export)
	var stale []string
	for _, args := range [][]string{{"stats", "-o", "json"}, {"stats"}} {
		out, stderr, code := run(t, db, args...)
		if code != ExitOK || !strings.Contains(stderr, "medkg reindex") {
			t.Fatalf("%q with stale counts: exit %d, stderr %q", args, code, stderr)
		}
		stale = append(stale, out)
	}
	runOK(t, db, "reindex")
	for i, args := range [][]string{{"stats", "-o", "json"}, {"stats"}} {
		out, stderr, code := run(t, db, args...)
		if code != ExitOK || stderr != "" || out != stale[i] {
			t.Errorf("%q after reindex: exit %d, stderr %q, output\n%s\nwant (as with stale counts)\n%s", args, code, stderr, out, stale[i])
		}
	}
	if !strings.Contains(stale[0], `"import/seeds"`) {
		t.Errorf("the import is not a source in stats:\n%s", stale[0])
	}
}
