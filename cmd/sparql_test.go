package cmd

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/loader"
)

// sparqlDir holds the analyst questions in SPARQL (questions/*.rq) and the two runners.
const sparqlDir = "testdata/sparql"

// TestSPARQLAnalystQuestions runs the analyst questions on the seeds' export in two
// independent SPARQL engines, rdflib and Oxigraph, and checks that they give the same rows,
// and the same as medkg's stored queries where the two overlap. It is the recipe of
// docs/sparql.md, tested. Skipped when an engine is missing, unless MEDKG_REQUIRE_RDF_TOOLS=1
// (CI): .ci/run installs python3-rdflib, and Oxigraph with npm ci in testdata/sparql.
func TestSPARQLAnalystQuestions(t *testing.T) {
	requireTool(t, "/usr/bin/python3", "-c", "import rdflib")
	requireTool(t, "node", "-e", "require('./"+sparqlDir+"/node_modules/oxigraph')")
	db, export := loadedSeeds(t)
	file := filepath.Join(t.TempDir(), "seeds.nq")
	if err := os.WriteFile(file, []byte(export), 0o644); err != nil {
		t.Fatal(err)
	}
	questions := filepath.Join(sparqlDir, "questions")
	runEngine := func(name string, args ...string) map[string][][]string {
		t.Helper()
		var stderr bytes.Buffer
		cmd := exec.Command(name, args...)
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, stderr.String())
		}
		var res map[string][][]string
		if err := json.Unmarshal(out, &res); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
		return res
	}
	rdflib := runEngine("/usr/bin/python3", filepath.Join(sparqlDir, "run_rdflib.py"), file, questions)
	oxi := runEngine("node", filepath.Join(sparqlDir, "run_oxigraph.js"), file, questions)
	files, _ := filepath.Glob(filepath.Join(questions, "*.rq"))
	if len(rdflib) != len(files) || len(files) < 6 {
		t.Fatalf("rdflib answered %d questions of %d", len(rdflib), len(files))
	}
	for q, rows := range rdflib {
		if len(rows) == 0 {
			t.Errorf("%s: no rows: the question tests nothing", q)
		}
		if !reflect.DeepEqual(rows, oxi[q]) {
			t.Errorf("%s: rdflib and Oxigraph disagree:\nrdflib:   %v\nOxigraph: %v", q, rows, oxi[q])
		}
	}

	// The stored queries, through medkg, on the same store.
	stored := func(name string, cols []string, params ...string) [][]string {
		t.Helper()
		args := []string{"query", name, "-o", "json"}
		for _, p := range params {
			args = append(args, "--param", p)
		}
		out, stderr, code := run(t, db, args...)
		if code != 0 {
			t.Fatalf("medkg %v: exit %d: %s", args, code, stderr)
		}
		var rows []map[string]any
		if err := json.Unmarshal([]byte(out), &rows); err != nil {
			t.Fatal(err)
		}
		var res [][]string
		for _, r := range rows {
			// One row a source: the stored queries gather a fact's articles in one row.
			arts := []string{""}
			if a, ok := r["articles"].([]any); ok {
				arts = nil
				for _, x := range a {
					arts = append(arts, x.(map[string]any)["id"].(string))
				}
			}
			for _, a := range arts {
				var row []string
				for _, c := range cols {
					switch v := r[c].(type) {
					case map[string]any:
						row = append(row, v["id"].(string))
					case string:
						row = append(row, v)
					case nil:
						row = append(row, a)
					}
				}
				res = append(res, row)
			}
		}
		return res
	}
	same := func(q string, sparql, medkg [][]string) {
		t.Helper()
		set := func(rows [][]string) []string {
			m := map[string]bool{}
			for _, r := range rows {
				m[strings.Join(r, "\t")] = true
			}
			var out []string
			for k := range m {
				out = append(out, k)
			}
			sort.Strings(out)
			return out
		}
		if a, b := set(sparql), set(medkg); !reflect.DeepEqual(a, b) {
			t.Errorf("%s: SPARQL and the stored query disagree:\nSPARQL: %q\nmedkg:  %q", q, a, b)
		}
	}
	same("centres-cofounded-by-cas", rdflib["centres-cofounded-by-cas"],
		stored("centres-cofounded-by", []string{"centre", "founder", "article"}, "org=cas"))
	same("people-of-usst", rdflib["people-of-usst"],
		stored("people-of", []string{"person", "role", "article"}, "org=usst"))
	var approved [][]string
	for _, r := range stored("approved-by", []string{"what", "date", "article", "action"}, "body=miit") {
		if r[3] == "approved" {
			approved = append(approved, r[:3])
		}
	}
	same("approved-by-miit", rdflib["approved-by-miit"], approved)
	things := stored("located-in", []string{"thing"}, "place=shenzhen")
	same("located-in-shenzhen", rdflib["located-in-shenzhen"], things)

	// The timeline's rows within 2009–2020, by the bounds of each date as printed.
	var dated [][]string
	for _, r := range stored("timeline", []string{"subject", "what", "date"}) {
		typ := map[int]quad.IRI{4: loader.XSDGYear, 7: loader.XSDGYearMonth, 10: loader.XSDDate}[len(r[2])]
		from, to, err := loader.DateBounds(quad.TypedString{Value: quad.String(r[2]), Type: typ})
		if err != nil {
			t.Fatalf("timeline date %q: %v", r[2], err)
		}
		if string(from.Value) >= "2009-01-01" && string(to.Value) <= "2020-12-31" {
			if r[1] != "founded" && r[1] != "approved" {
				r[1] = "event"
			}
			dated = append(dated, r)
		}
	}
	same("dated-2009-2020", rdflib["dated-2009-2020"], dated)
}

// TestExportFormatsReadByTools: each new export format is read by an independent tool, and
// TriG round-trips the store: export as TriG, rapper turns it into N-Quads, import into an
// empty store, export as N-Quads: byte-identical to the direct export. Turtle (one graph,
// and the vocabulary) is read by rapper; GraphML and GEXF by networkx, with names and graphs.
func TestExportFormatsReadByTools(t *testing.T) {
	requireTool(t, "rapper", "--version")
	requireTool(t, "/usr/bin/python3", "-c", "import networkx")
	db, direct := loadedSeeds(t)
	dir := t.TempDir()
	exportTo := func(name string, args ...string) string {
		t.Helper()
		out, stderr, code := run(t, db, append([]string{"export"}, args...)...)
		if code != 0 {
			t.Fatalf("export %v: exit %d: %s", args, code, stderr)
		}
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return f
	}
	lines := strings.Count(direct, "\n")

	trig := exportTo("seeds.trig", "-o", "trig")
	nq, err := exec.Command("rapper", "-q", "-i", "trig", "-o", "nquads", trig).Output()
	if err != nil {
		t.Fatalf("rapper rejects the TriG export: %v", err)
	}
	if n := bytes.Count(nq, []byte("\n")); n != lines {
		t.Fatalf("rapper read %d quads from TriG, the store has %d", n, lines)
	}
	nqFile := filepath.Join(dir, "from-trig.nq")
	os.WriteFile(nqFile, nq, 0o644)
	db2 := filepath.Join(dir, "db2")
	if _, stderr, code := run(t, db2, "import", "--progress=false", nqFile); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	if _, stderr, code := run(t, db2, "remove", "import/from-trig"); code != 0 {
		t.Fatalf("remove the import: exit %d: %s", code, stderr)
	}
	if again, _, _ := run(t, db2, "export"); again != direct {
		t.Errorf("TriG → rapper → import → export is not the direct export")
	}

	for _, args := range [][]string{{"-o", "turtle", "--graph", "004_9e3b36c867778e8f"}, {"-o", "turtle", "--vocabulary"}} {
		ttl := exportTo("x.ttl", args...)
		if out, err := exec.Command("rapper", "-q", "-i", "turtle", "-c", ttl).CombinedOutput(); err != nil {
			t.Errorf("rapper rejects export %v: %v\n%s", args, err, out)
		}
	}

	gml := exportTo("seeds.graphml", "-o", "graphml")
	script := `
import sys, networkx as nx
g = nx.read_graphml(sys.argv[1])
cas = [n for n, d in g.nodes(data=True) if d.get("iri", "").endswith("/id/cas")]
assert len(cas) == 1, cas
d = g.nodes[cas[0]]
assert d["label"] == "Chinese Academy of Sciences", d
assert "schema:Organization" in d["type"].split(), d
graphs = {e.get("graph", "") for _, _, e in g.edges(data=True)}
assert any(x.endswith("/article/004_9e3b36c867778e8f") for x in graphs), graphs
assert not any(d.get("iri", "").startswith('"') for _, d in g.nodes(data=True)), "a literal became a node"
print(g.number_of_nodes(), g.number_of_edges())
`
	if out, err := exec.Command("/usr/bin/python3", "-c", script, gml).CombinedOutput(); err != nil {
		t.Errorf("networkx on the GraphML export: %v\n%s", err, out)
	}
	gexf := exportTo("seeds.gexf", "-o", "gexf")
	gexfScript := strings.Replace(script, "nx.read_graphml", "nx.read_gexf", 1)
	if out, err := exec.Command("/usr/bin/python3", "-c", gexfScript, gexf).CombinedOutput(); err != nil {
		t.Errorf("networkx on the GEXF export: %v\n%s", err, out)
	}
}

// TestImportFormatsRoundTrip: each format medkg writes, medkg reads back: export as X, import
// into an empty store (and remove the import's own record, import/NAME), export as N-Quads,
// byte-identical to the direct export (Turtle and
// N-Triples one graph at a time, into that graph). And what Oxigraph writes as TriG, medkg
// imports to the same store.
func TestImportFormatsRoundTrip(t *testing.T) {
	db, direct := loadedSeeds(t)
	dir := t.TempDir()
	const g = "004_9e3b36c867778e8f"
	graphIRI := loader.NewVocab(loader.DefaultBase).Article(g)
	directGraph, stderr, code := run(t, db, "export", "--graph", g)
	if code != 0 {
		t.Fatalf("export --graph: %s", stderr)
	}
	roundTrip := func(name, content string, importArgs []string, exportArgs []string, want string) {
		t.Helper()
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		db2 := filepath.Join(dir, "db-"+name)
		args := append(append([]string{"import", "--progress=false"}, importArgs...), file)
		if _, stderr, code := run(t, db2, args...); code != 0 {
			t.Fatalf("%s: import: exit %d: %s", name, code, stderr)
		}
		// An import is a source with a graph of its own: remove it, as import.txtar does, and
		// the articles' graphs it brought back keep every fact.
		if _, stderr, code := run(t, db2, "remove", "import/"+loader.SourceNameOf(file)); code != 0 {
			t.Fatalf("%s: remove the import: exit %d: %s", name, code, stderr)
		}
		got, stderr, code := run(t, db2, append([]string{"export"}, exportArgs...)...)
		if code != 0 {
			t.Fatalf("%s: export: %s", name, stderr)
		}
		if got != want {
			t.Errorf("%s: export → import → export differs from the direct export (%d bytes against %d)", name, len(got), len(want))
		}
	}
	for _, f := range []struct{ format, ext string }{{"trig", ".trig"}, {"jsonld", ".jsonld"}, {"nquads", ".nq"}} {
		out, stderr, code := run(t, db, "export", "-o", f.format)
		if code != 0 {
			t.Fatalf("export %s: %s", f.format, stderr)
		}
		roundTrip("seeds"+f.ext, out, nil, nil, direct)
	}
	ttl, stderr, code := run(t, db, "export", "-o", "turtle", "--graph", g)
	if code != 0 {
		t.Fatalf("export turtle: %s", stderr)
	}
	roundTrip("graph.ttl", ttl, []string{"--graph", string(graphIRI)}, []string{"--graph", g}, directGraph)
	// N-Triples: the graph's N-Quads without their label.
	nt := strings.ReplaceAll(directGraph, " <"+string(graphIRI)+"> .\n", " .\n")
	roundTrip("graph.nt", nt, []string{"--graph", string(graphIRI)}, []string{"--graph", g}, directGraph)

	// A bad Turtle file writes nothing and says where.
	bad := filepath.Join(dir, "bad.ttl")
	os.WriteFile(bad, []byte("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b \"unterminated .\n"), 0o644)
	db3 := filepath.Join(dir, "db-bad")
	_, stderr, code = run(t, db3, "import", "--progress=false", bad)
	if code != 3 || !strings.Contains(stderr, "bad.ttl:3:") || !strings.Contains(stderr, "nothing was imported") {
		t.Errorf("bad Turtle: exit %d, stderr %q; want exit 3 naming bad.ttl:3", code, stderr)
	}

	// JSON-LD that toRDF would silently drop from (a key that is no IRI, a relative @id) is
	// refused, as is a remote context (an import does not fetch).
	for name, doc := range map[string]string{
		"key.jsonld":    `{"@id": "https://example.org/x", "bad key": "y", "https://schema.org/name": "X"}`,
		"rel.jsonld":    `{"@id": "relative/x", "https://schema.org/name": "X"}`,
		"remote.jsonld": `{"@context": "https://schema.org/", "@id": "https://example.org/x", "name": "X"}`,
	} {
		file := filepath.Join(dir, name)
		os.WriteFile(file, []byte(doc), 0o644)
		_, stderr, code := run(t, filepath.Join(dir, "db-"+name), "import", "--progress=false", file)
		if code != 3 || !strings.Contains(stderr, name) || !strings.Contains(stderr, "nothing was imported") {
			t.Errorf("%s: exit %d, stderr %q; want exit 3, nothing imported", name, code, stderr)
		}
	}

	// What Oxigraph writes.
	if err := exec.Command("node", "-e", "require('./"+sparqlDir+"/node_modules/oxigraph')").Run(); err != nil {
		if os.Getenv("MEDKG_REQUIRE_RDF_TOOLS") == "1" {
			t.Fatalf("Oxigraph not installed (npm ci --prefix %s): %v", sparqlDir, err)
		}
		t.Skipf("Oxigraph not available: %v", err)
	}
	nq := filepath.Join(dir, "direct.nq")
	os.WriteFile(nq, []byte(direct), 0o644)
	out, err := exec.Command("node", filepath.Join(sparqlDir, "dump_oxigraph.js"), nq, "application/trig").Output()
	if err != nil {
		t.Fatalf("Oxigraph dump: %v", err)
	}
	roundTrip("oxigraph.trig", string(out), nil, nil, direct)
}
