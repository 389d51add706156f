// Command params prepares bench/run.sh's queries for a generated corpus: it prints the IRIs
// of the entities the stored queries are run on, and writes, for Cayley's own CLI, each
// stored query as one self-contained Gizmo script (medkg's prefixes registered, the
// parameters bound) that runs the same traversal as `medkg query NAME --param ...`, and, for
// the RDF stores (Virtuoso, Oxigraph), flagship.rq: the SPARQL equivalent of the flagship,
// centres-cofounded-by, whose answers every tool must agree on.
//
//	go run ./bench/params -quads 1000000 -seed 1 -dir bench/out
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/medkg/medkg/internal/gen"
	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/queries"
)

func main() {
	quads := flag.Int64("quads", 10000, "the corpus's --quads")
	seed := flag.Uint64("seed", 1, "the corpus's --seed")
	base := flag.String("base", loader.DefaultBase, "the corpus's --base")
	dir := flag.String("dir", ".", "where to write the Gizmo scripts")
	flag.Parse()

	academy, centre, city := gen.QueryParams(*quads, *seed, *base)
	// The same prelude medkg's graph.Gizmo puts before a script (graph.namespacePrelude).
	prefixes := loader.QueryPrefixes(*base)
	names := make([]string, 0, len(prefixes))
	for p := range prefixes {
		names = append(names, p)
	}
	sort.Strings(names)
	var ns strings.Builder
	for _, p := range names {
		fmt.Fprintf(&ns, "g.addNamespace(%q, %q);", p, prefixes[p])
	}
	for _, q := range []struct{ file, name, param, iri string }{
		{"flagship.js", "centres-cofounded-by", "org", academy},
		{"founders-of.js", "founders-of", "centre", centre},
		{"located-in.js", "located-in", "place", city},
	} {
		sq, err := queries.Get(q.name)
		if err != nil {
			log.Fatal(err)
		}
		prelude, err := sq.Bind(map[string]string{q.param: "<" + q.iri + ">"})
		if err != nil {
			log.Fatal(err)
		}
		script := ns.String() + "\n" + prelude + sq.Script
		if err := os.WriteFile(filepath.Join(*dir, q.file), []byte(script), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(*dir, "flagship.rq"), []byte(flagshipSPARQL(*base, academy)), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Println(academy, centre, city)
}

// flagshipSPARQL is centres-cofounded-by (queries/centres-cofounded-by.gizmo) in SPARQL 1.1:
// the organization and every organization under it (schema:parentOrganization, any depth),
// the centres (medkg:Center) they founded, and the articles quoting each founding (a claim,
// in an article's graph, reifying the founder quad, prov:wasQuotedFrom the article). The
// facts live in the default graph and the claims in named graphs, so the query names the
// claims' graph and leaves the facts to the default graph: Oxigraph's default graph is the
// store's, Virtuoso's the union of all graphs, and both hold the facts. One row per
// (centre, founder, article): the answer set the tools are compared on.
func flagshipSPARQL(base, org string) string {
	v := loader.NewVocab(base)
	t := func(p string) string { return "<" + string(v.Term(p)) + ">" }
	return "SELECT DISTINCT ?centre ?founder ?article WHERE {\n" +
		"  ?founder " + t("schema:parentOrganization") + "* <" + org + "> .\n" +
		"  ?centre " + t("schema:founder") + " ?founder .\n" +
		"  ?centre " + t("rdf:type") + " " + t("medkg:Center") + " .\n" +
		"  GRAPH ?g { ?claim " + t("rdf:subject") + " ?centre ; " + t("rdf:predicate") + " " + t("schema:founder") + " ;\n" +
		"      " + t("rdf:object") + " ?founder ; " + t("prov:wasQuotedFrom") + " ?article }\n" +
		"}\n"
}
