package cmd

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/loader"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// run runs medkg in-process with the given store and returns stdout, stderr and exit code.
func run(t *testing.T, db string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), append([]string{"--db", db}, args...), IO{In: strings.NewReader(""), Out: &out, Err: &errb})
	return out.String(), errb.String(), code
}

// loadedSeeds returns a store of the test's own with the seeds loaded, and its N-Quads
// export. The seeds are loaded (and exported) once per test binary, by medkg load and
// medkg export as a user runs them; each test gets a copy of that store, to read or write.
func loadedSeeds(t *testing.T) (string, string) {
	t.Helper()
	seedsOnce.Do(func() {
		var dir string
		if dir, seedsErr = os.MkdirTemp("", "medkg-cmd-seeds-"); seedsErr != nil {
			return
		}
		seedsDB = filepath.Join(dir, "db")
		var stderr string
		var code int
		if _, stderr, code = run(t, seedsDB, "load"); code != 0 {
			seedsErr = fmt.Errorf("load: exit %d: %s", code, stderr)
			return
		}
		if seedsExport, stderr, code = run(t, seedsDB, "export"); code != 0 {
			seedsErr = fmt.Errorf("export: exit %d: %s", code, stderr)
		}
	})
	if seedsErr != nil {
		t.Fatal(seedsErr)
	}
	db := filepath.Join(t.TempDir(), "db")
	if err := os.CopyFS(db, os.DirFS(seedsDB)); err != nil {
		t.Fatal(err)
	}
	return db, seedsExport
}

var (
	seedsOnce   sync.Once
	seedsDB     string // the store loadedSeeds copies
	seedsExport string
	seedsErr    error
)

// TestMain removes the store loadedSeeds copies.
func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if seedsDB != "" {
		os.RemoveAll(filepath.Dir(seedsDB))
	}
	os.Exit(code)
}

// TestExportGolden pins the export of the seeds byte for byte: a change to the fact files,
// the quad model or the IRIs shows up here as a diff to review (go test ./cmd -update).
func TestExportGolden(t *testing.T) {
	t.Parallel()
	_, got := loadedSeeds(t)
	golden := filepath.Join("testdata", "seeds.nq.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd -update to create it)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) && i < len(wl); i++ {
			if gl[i] != wl[i] {
				t.Fatalf("export differs from %s at line %d:\n got: %s\nwant: %s\n(if intended, go test ./cmd -update)", golden, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("export has %d lines, %s has %d (if intended, go test ./cmd -update)", len(gl), golden, len(wl))
	}
}

// requireTool skips when an external tool is missing, unless CI demands it
// (MEDKG_REQUIRE_RDF_TOOLS=1), so that a missing install fails CI instead of skipping.
func requireTool(t *testing.T, name string, args ...string) {
	t.Helper()
	if err := exec.Command(name, args...).Run(); err != nil {
		if os.Getenv("MEDKG_REQUIRE_RDF_TOOLS") == "1" {
			t.Fatalf("%s %v: %v (install raptor2-utils and python3-rdflib)", name, args, err)
		}
		t.Skipf("%s not available: %v", name, err)
	}
}

// TestExportReadByRDFTools checks the export with two independent RDF implementations:
// rapper must parse every quad strictly, and rdflib's SPARQL must find the same founders,
// each with the article graph that quotes it, as medkg's own store does.
func TestExportReadByRDFTools(t *testing.T) {
	t.Parallel()
	requireTool(t, "rapper", "--version")
	requireTool(t, "/usr/bin/python3", "-c", "import rdflib")
	db, export := loadedSeeds(t)
	file := filepath.Join(t.TempDir(), "seeds.nq")
	if err := os.WriteFile(file, []byte(export), 0o644); err != nil {
		t.Fatal(err)
	}
	lines := strings.Count(export, "\n")

	out, err := exec.Command("rapper", "-i", "nquads", "-c", file).CombinedOutput()
	if err != nil {
		t.Fatalf("rapper rejects the export: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`returned (\d+) triples`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("rapper output has no count:\n%s", out)
	}
	if n, _ := strconv.Atoi(string(m[1])); n != lines {
		t.Fatalf("rapper read %d statements, export has %d lines", n, lines)
	}

	cmd := exec.Command("/usr/bin/python3", filepath.Join("testdata", "founders.py"), file)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	sparql, err := cmd.Output()
	if err != nil {
		t.Fatalf("rdflib: %v\n%s", err, stderr.String())
	}
	if n, _ := strconv.Atoi(strings.TrimSpace(stderr.String())); n != lines {
		t.Fatalf("rdflib read %d quads, export has %d lines", n, lines)
	}
	got := strings.TrimSpace(string(sparql))
	want := foundersFromStore(t, db)
	if got != want {
		t.Fatalf("SPARQL over the export disagrees with the store:\nSPARQL:\n%s\nmedkg:\n%s", got, want)
	}
	if strings.Count(want, "\n") < 10 {
		t.Fatalf("too few founder rows to be a meaningful check:\n%s", want)
	}
}

// foundersFromStore lists, through medkg's own read path, each founder edge with the graphs
// of the claims that quote it.
func foundersFromStore(t *testing.T, db string) string {
	t.Helper()
	ctx := context.Background()
	st, err := graph.Open(context.Background(), graph.Options{Path: db, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	founder := quad.IRI(loader.NSSchema + "founder")
	var edges []quad.Quad
	if err := st.Quads(ctx, quad.Predicate, founder, func(q quad.Quad) error {
		if q.Label == nil {
			edges = append(edges, q)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, e := range edges {
		// Claims about e are statement nodes whose rdf:subject is e's subject.
		var claims []quad.Quad
		st.Quads(ctx, quad.Object, e.Subject, func(q quad.Quad) error {
			if q.Predicate == loader.RDFSubject {
				claims = append(claims, q)
			}
			return nil
		})
		for _, c := range claims {
			var pred, obj, quoted bool
			st.Quads(ctx, quad.Subject, c.Subject, func(q quad.Quad) error {
				pred = pred || q.Predicate == loader.RDFPredicate && q.Object == founder
				obj = obj || q.Predicate == loader.RDFObject && q.Object == e.Object
				quoted = quoted || q.Predicate == loader.ProvWasQuotedFrom && q.Object == c.Label
				return nil
			})
			if pred && obj && quoted {
				rows = append(rows, string(e.Subject.(quad.IRI))+"\t"+string(e.Object.(quad.IRI))+"\t"+string(c.Label.(quad.IRI)))
			}
		}
	}
	sort.Strings(rows)
	return strings.Join(rows, "\n")
}
