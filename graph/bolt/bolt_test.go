package bolt_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/medkg/medkg/graph"
	_ "github.com/medkg/medkg/graph/bolt"
	"github.com/medkg/medkg/graph/graphtest"
)

// TestConformance runs the store's conformance suite on bbolt, each test in a directory
// of its own.
func TestConformance(t *testing.T) {
	t.Parallel()
	graphtest.Run(t, graphtest.Backend{
		Name: graph.BackendBolt,
		NewOptions: func(t *testing.T) graph.Options {
			return graph.Options{Backend: graph.BackendBolt, Path: filepath.Join(t.TempDir(), "store")}
		},
		// A writer holds a bbolt store from Open to Close (bbolt's file lock).
		Hold: func(t *testing.T, o graph.Options) func() {
			st, err := graph.Open(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			return func() { st.Close() }
		},
	})
}
