// Command params prepares bench/run.sh's queries for a generated corpus: it prints the IRIs
// of the entities the stored queries are run on, and writes, for Cayley's own CLI, each
// stored query as one self-contained Gizmo script (medkg's prefixes registered, the
// parameters bound) that runs the same traversal as `medkg query NAME --param ...`.
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
	fmt.Println(academy, centre, city)
}
