package graphtest

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph"
)

// update rewrites the golden files: go test ./graph/bolt -run Conformance/ExportGolden -update
var update = flag.Bool("update", false, "rewrite graph/graphtest/testdata/*.golden from the current output")

// testdata is the suite's own testdata directory, wherever the backend's test runs.
func testdata() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "testdata")
}

// goldenStore is a small store: two articles that share a fact, with a plain, a typed and a
// language-tagged literal.
func goldenStore(t *testing.T, b Backend) *graph.Store {
	t.Helper()
	st := b.open(t)
	acme := ex("acme")
	a1, a2 := article("a1"), article("a2")
	own1, shared1 := source(a1, claimPerSource, fAcmeFounder, fAcmeDate)
	own2, shared2 := source(a2, claimPerSource, fAcmeFounder, fact{acme, tName, quad.LangString{Value: "Acmé", Lang: "fr"}})
	replace(t, st, a1, own1, shared1)
	replace(t, st, a2, own2, shared2)
	return st
}

func testExportGolden(t *testing.T, b Backend) {
	st := goldenStore(t, b)
	cases := []struct {
		name string
		opts graph.ExportOptions
	}{
		{"export.nq", graph.ExportOptions{}},
		{"export-a2.nq", graph.ExportOptions{Label: article("a2")}},
		{"export.jsonld", graph.ExportOptions{Format: "jsonld"}},
		{"export.dot", graph.ExportOptions{Format: "graphviz"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := export(t, st, tc.opts)
			path := filepath.Join(testdata(), tc.name+".golden")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run `go test ./graph/bolt -run Conformance/ExportGolden -update` to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("export differs from %s (rerun with -update if the change is intended):\ngot:\n%s\nwant:\n%s", path, got, want)
			}
			// The chunked path gives the golden bytes too.
			chunked := tc.opts
			chunked.ChunkBytes, chunked.TempDir = 200, t.TempDir()
			if got := export(t, st, chunked); !bytes.Equal(got, want) {
				t.Errorf("chunked export differs from %s:\n%s", path, got)
			}
		})
	}
}
