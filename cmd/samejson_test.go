package cmd

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/medkg/medkg/kg"
	"github.com/medkg/medkg/queries"
)

// TestStoredQueriesCLIEqualsHTTP runs every stored query, with its defaults and with its
// catalog example's parameters, through `medkg query NAME -o json` and through a real
// `medkg serve` (GET /api/queries/NAME), and requires the same bytes: the CLI and the
// server share one runner (kg.RunStored), SQL plan and all. On bbolt always; on PostgreSQL
// when scripts/pgtest provides a server.
func TestStoredQueriesCLIEqualsHTTP(t *testing.T) {
	t.Parallel()
	cat, err := queries.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, backend := range []string{"bbolt", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			var flags []string
			if backend == "postgres" {
				flags = pgSchema(t)
				if _, stderr, code := runArgs(t, append(flags, "load")...); code != 0 {
					t.Fatalf("load: exit %d: %s", code, stderr)
				}
			} else {
				db, _ := loadedSeeds(t)
				flags = []string{"--db", db}
			}
			base, _ := startServeFlags(t, flags)
			for _, q := range cat {
				cases := []map[string]string{exampleParams(q)}
				required := false
				for _, p := range q.Params {
					required = required || p.Required
				}
				if !required {
					cases = append(cases, map[string]string{})
				}
				for _, params := range cases {
					args := append(append([]string{}, flags...), "query", q.Name, "-o", "json")
					vals := url.Values{}
					for k, v := range params {
						args = append(args, "--param", k+"="+v)
						vals.Set(k, v)
					}
					cli, stderr, code := runArgs(t, args...)
					if code != 0 {
						t.Fatalf("medkg %q: exit %d: %s", args, code, stderr)
					}
					path := "api/queries/" + q.Name + "?" + vals.Encode()
					plans := kg.SQLPlanRuns.Load()
					res, err := http.Get(base + path)
					if err != nil {
						t.Fatal(err)
					}
					body, err := io.ReadAll(res.Body)
					res.Body.Close()
					if err != nil || res.StatusCode != http.StatusOK {
						t.Fatalf("GET %s: %d %v: %s", path, res.StatusCode, err, body)
					}
					if _, planned := queries.SQLPlan(q.Name); planned && backend == "postgres" && kg.SQLPlanRuns.Load() == plans {
						t.Errorf("GET %s ran no SQL plan on PostgreSQL", path)
					}
					if cli != string(body) {
						t.Errorf("%s %v: the CLI and HTTP differ\nCLI:  %.400s\nHTTP: %.400s", q.Name, params, cli, body)
					}
					if cli == "[]\n" && len(params) > 0 {
						t.Errorf("%s %v: the example matched nothing, so it compares nothing", q.Name, params)
					}
				}
			}
		})
	}
}

var reExampleParam = regexp.MustCompile(`--param ([a-z][a-z0-9-]*)=(?:"([^"]*)"|(\S+))`)

// exampleParams reads the parameters of a query's catalog example.
func exampleParams(q *queries.Query) map[string]string {
	out := map[string]string{}
	for _, m := range reExampleParam.FindAllStringSubmatch(q.Example, -1) {
		out[m[1]] = m[2] + m[3]
	}
	return out
}
