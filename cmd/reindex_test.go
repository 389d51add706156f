package cmd

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/rdf"
)

// TestReindexOldStore: a store written without the maintained index (as by a medkg before
// it) answers search and stats as a new store does, saying on stderr that it reads every
// quad; after `medkg reindex` it answers the same from the index, with nothing on stderr.
func TestReindexOldStore(t *testing.T) {
	dir := t.TempDir()
	fresh := filepath.Join(dir, "fresh")
	if _, stderr, code := run(t, fresh, "load"); code != ExitOK {
		t.Fatalf("load: exit %d: %s", code, stderr)
	}
	export := filepath.Join(dir, "seeds.nq")
	if _, stderr, code := run(t, fresh, "export", "--out", export); code != ExitOK {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}

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
