package kg

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/medkg/medkg/graph"
	_ "github.com/medkg/medkg/graph/bolt" // the backend the tests open
	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/seeds"
)

// seedBase is the base of the IRIs in the seed store.
const seedBase = loader.DefaultBase

func entityIRI(id string) string { return seedBase + "id/" + id }

var (
	seedOnce sync.Once
	seedDir  string
	seedErr  error
)

// seedStore opens, read-only, a bbolt store of the seeds built once for the package's
// tests (they only read it, so they may run in parallel).
func seedStore(t *testing.T) *graph.Store {
	t.Helper()
	seedOnce.Do(func() {
		dir, err := osMkdirTemp()
		if err != nil {
			seedErr = err
			return
		}
		seedDir = filepath.Join(dir, "store")
		seedErr = loadSeeds(seedDir)
	})
	if seedErr != nil {
		t.Fatal(seedErr)
	}
	st, err := graph.Open(context.Background(), graph.Options{Path: seedDir, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func loadSeeds(dir string) error {
	set, err := loader.Load(seeds.FS, seedBase)
	if err != nil {
		return err
	}
	st, err := graph.Open(context.Background(), graph.Options{Path: dir})
	if err != nil {
		return err
	}
	for _, src := range set.Sources {
		if _, err := st.Replace(context.Background(), src.IRI, src.Own, src.Shared); err != nil {
			st.Close()
			return err
		}
	}
	return st.Close()
}
