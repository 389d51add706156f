package graph

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/cayleygraph/quad"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// goldenStore is a small store: two articles that share a fact, with a plain, a typed and a
// language-tagged literal.
func goldenStore(t *testing.T) *Store {
	t.Helper()
	st := openStore(t)
	acme := ex("acme")
	a1, a2 := article("a1"), article("a2")
	own1, shared1 := source(a1, claimPerSource, fAcmeFounder, fAcmeDate)
	own2, shared2 := source(a2, claimPerSource, fAcmeFounder, fact{acme, tName, quad.LangString{Value: "Acmé", Lang: "fr"}})
	replace(t, st, a1, own1, shared1)
	replace(t, st, a2, own2, shared2)
	return st
}

func TestExportGolden(t *testing.T) {
	st := goldenStore(t)
	cases := []struct {
		name string
		opts ExportOptions
	}{
		{"export.nq", ExportOptions{}},
		{"export-a2.nq", ExportOptions{Label: article("a2")}},
		{"export.jsonld", ExportOptions{Format: "jsonld"}},
		{"export.dot", ExportOptions{Format: "graphviz"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := export(t, st, tc.opts)
			path := filepath.Join("testdata", tc.name+".golden")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run `go test ./graph -run TestExportGolden -update` to create it)", err)
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
	// Read-only, the store reads through readTx: the same bytes.
	if st.Backend() != BackendBolt {
		return // readTx is bbolt's
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := Open(Options{Path: st.Path(), ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if ro.kv.readOnly == nil {
		t.Fatal("a read-only store does not read through readTx")
	}
	want, err := os.ReadFile(filepath.Join("testdata", "export.nq.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if got := export(t, ro, ExportOptions{}); !bytes.Equal(got, want) {
		t.Errorf("read-only export differs from export.nq.golden:\n%s", got)
	}
}
