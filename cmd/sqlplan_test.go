package cmd

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/lib/pq"

	"github.com/medkg/medkg/internal/gen"
	"github.com/medkg/medkg/kg"
	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/queries"
)

// pgSchema creates a schema of its own in $MEDKG_TEST_POSTGRES for the test (skipping the
// test without a server) and returns medkg's global flags for a store there.
func pgSchema(t *testing.T) []string {
	t.Helper()
	server := os.Getenv("MEDKG_TEST_POSTGRES")
	if server == "" {
		t.Skip("MEDKG_TEST_POSTGRES is not set (scripts/pgtest runs this test against a throwaway server)")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "medkg_cmd_" + hex.EncodeToString(b)
	db, err := sql.Open("postgres", server)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		db.Close()
	})
	u, err := url.Parse(server)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return []string{"--backend", "postgres", "--address", u.String()}
}

func runArgs(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, IO{In: strings.NewReader(""), Out: &out, Err: &errb})
	return out.String(), errb.String(), code
}

// TestSQLPlansMatchGizmo runs every stored query that has an SQL plan both ways on
// PostgreSQL, the plan and the Gizmo script through Cayley's SQL backend, for many values
// of its parameter, on the seeds and on a generated corpus: the output must be the same,
// byte for byte, in every format.
func TestSQLPlansMatchGizmo(t *testing.T) {
	seedStore := pgSchema(t)
	if _, stderr, code := runArgs(t, append(seedStore, "load")...); code != 0 {
		t.Fatalf("load: %s", stderr)
	}
	genStore := pgSchema(t)
	corpus := filepath.Join(t.TempDir(), "corpus.nq")
	if _, stderr, code := runArgs(t, "gen", "--quads", "20000", "--seed", "3", "--out", corpus); code != 0 {
		t.Fatalf("gen: %s", stderr)
	}
	if _, stderr, code := runArgs(t, append(genStore, "import", "--progress=false", corpus)...); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	academy, _, _ := gen.QueryParams(20000, 3, loader.DefaultBase)

	all, err := queries.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	planned := 0
	for _, q := range all {
		if _, ok := queries.SQLPlan(q.Name); !ok {
			continue
		}
		planned++
		if len(q.Params) != 1 || q.Params[0].Kind != queries.KindEntity {
			t.Fatalf("%s: the test knows plans with one entity parameter", q.Name)
		}
		p := q.Params[0].Name
		cases := []struct {
			store []string
			value string
		}{
			{seedStore, "Chinese Academy of Sciences"},
			{seedStore, "Shenzhen Institute of Advanced Technology"},
			{seedStore, "Guoke Wenzhou Research Institute"},
			{seedStore, "Changchun Institute of Applied Chemistry"},
			{seedStore, "Mindray"},
			{genStore, "<" + academy + ">"},
			{genStore, "<" + loader.DefaultBase + "id/org-1>"},
			{genStore, "<" + loader.DefaultBase + "id/org-2>"},
		}
		for _, c := range cases {
			formats := []string{"table", "json", "csv"}
			if c.store[3] == genStore[3] {
				formats = []string{"json"} // the Gizmo side is slow on a corpus
			}
			for _, format := range formats {
				args := append(append([]string{}, c.store...), "query", q.Name, "--param", p+"="+c.value, "-o", format, "--limit", "0",
					"--timeout", "10m") // it compares answers, not speed: Gizmo on PostgreSQL is slow, more so on a busy machine
				t.Setenv(kg.EnvNoSQLPlan, "")
				before := kg.SQLPlanRuns.Load()
				withPlan, stderr, code := runArgs(t, args...)
				if code != 0 {
					t.Fatalf("%s %s=%s: exit %d: %s", q.Name, p, c.value, code, stderr)
				}
				if kg.SQLPlanRuns.Load() != before+1 {
					t.Fatalf("%s: the SQL plan did not run", q.Name)
				}
				t.Setenv(kg.EnvNoSQLPlan, "1")
				withGizmo, stderr, code := runArgs(t, args...)
				if code != 0 {
					t.Fatalf("%s %s=%s (Gizmo): exit %d: %s", q.Name, p, c.value, code, stderr)
				}
				if withPlan != withGizmo {
					t.Errorf("%s %s=%s -o %s: the SQL plan gives\n%s\nthe Gizmo script\n%s", q.Name, p, c.value, format, withPlan, withGizmo)
				}
				if format == "json" && strings.Count(withPlan, "\n") < 2 && c.value != "Mindray" {
					t.Errorf("%s %s=%s: no rows, so the comparison shows little", q.Name, p, c.value)
				}
			}
		}
	}
	if planned == 0 {
		t.Fatal("no stored query has an SQL plan")
	}
}
