package bolt_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/bolt"
	"github.com/medkg/medkg/rdf"
)

// TestPlannerPredicateChecks: the planner's check of a node against a step with a known
// predicate (predNodes: save(), has(p), out() and in() as an intersection checks them)
// reads only the node's quads with the predicate, and gives Cayley's rows, on a store
// where some of those quads were deleted (Cayley keeps a deleted quad's ID in its index
// entries and marks it only in the log) and one was deleted and added again (two IDs in
// the entry, one dead). Not parallel: it counts the narrowed checks through a hook.
func TestPlannerPredicateChecks(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	const data = `<http://ex/a> <http://ex/p> <http://ex/b> <http://ex/g1> .
<http://ex/a> <http://ex/q> <http://ex/c> <http://ex/g1> .
<http://ex/a> <http://ex/p> <http://ex/b> <http://ex/g2> .
<http://ex/a> <http://ex/r> <http://ex/d> <http://ex/g2> .
<http://ex/a> <http://ex/q> <http://ex/c> <http://ex/g2> .
<http://ex/e> <http://ex/p> <http://ex/f> <http://ex/g1> .
<http://ex/e> <http://ex/q> <http://ex/c> <http://ex/g2> .
<http://ex/h> <http://ex/q> <http://ex/c> <http://ex/g2> .
<http://ex/h> <http://ex/p> <http://ex/i> <http://ex/g2> .
<http://ex/h> <http://ex/p> <http://ex/j> <http://ex/g2> .
<http://ex/h> <http://ex/p> <http://ex/b> <http://ex/g1> .
<http://ex/k> <http://ex/q> <http://ex/c> <http://ex/g2> .
<http://ex/k> <http://ex/p> <http://ex/b> <http://ex/g1> .
<http://ex/b> <http://ex/p> <http://ex/a> <http://ex/g2> .
<http://ex/a> <http://ex/q> <http://ex/c> <http://ex/g3> .
<http://ex/h> <http://ex/p> <http://ex/i> <http://ex/g3> .
<http://ex/a> <http://ex/in> <http://ex/g1> <http://ex/g1> .
<http://ex/e> <http://ex/in> <http://ex/g1> <http://ex/g1> .
<http://ex/h> <http://ex/in> <http://ex/g1> <http://ex/g1> .
<http://ex/k> <http://ex/in> <http://ex/g1> <http://ex/g1> .
`
	st, err := graph.Open(ctx, graph.Options{Path: filepath.Join(dir, "store")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	load := func(nq string) {
		t.Helper()
		if _, err := st.Import(ctx, rdf.NewNQuadsReader(strings.NewReader(nq)), graph.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	load(data)
	// Delete graph g1 (its quads are those of the nodes linked to it by a quad in it): a
	// keeps (a p b) in g2 only, e and k lose their only p quad, h its (h p b). Then
	// (e p f g1) comes back under a new ID beside its dead one. a is (a q c) twice, in g2
	// and g3, and (h p i) is in g2 and g3: a node that meets a step by two quads is two
	// paths, two rows.
	if _, err := st.Replace(ctx, "http://ex/g1", nil, nil); err != nil {
		t.Fatal(err)
	}
	load("<http://ex/e> <http://ex/p> <http://ex/f> <http://ex/g1> .\n")

	nodes := `g.V("<http://ex/a>", "<http://ex/e>", "<http://ex/h>", "<http://ex/k>", "<http://ex/b>", "<http://ex/none>")`
	objects := `g.V("<http://ex/b>", "<http://ex/f>", "<http://ex/i>", "<http://ex/c>", "<http://ex/a>")`
	var runs []plannerRun
	for i, s := range []string{
		nodes + `.save("<http://ex/p>", "o").all()`,
		nodes + `.saveOpt("<http://ex/p>", "o").all()`,
		nodes + `.has("<http://ex/p>").all()`,
		nodes + `.tag("s").save("<http://ex/p>", "o").save("<http://ex/q>", "c").all()`,
		objects + `.saveR("<http://ex/p>", "s").all()`,
		objects + `.hasR("<http://ex/p>").all()`,
		objects + `.and(g.V().out("<http://ex/p>")).all()`,
		nodes + `.and(g.V().in("<http://ex/p>")).all()`,
		`g.V("<http://ex/c>").in("<http://ex/q>").save("<http://ex/p>", "o").all()`,
		`g.V("<http://ex/c>").in("<http://ex/q>").tag("s").out("<http://ex/p>").all()`,
		`g.V("<http://ex/c>").in("<http://ex/q>").save("<http://ex/p>", "o").out("<http://ex/p>").all()`,
	} {
		runs = append(runs, plannerRun{name: "script " + string(rune('a'+i)), script: s})
	}
	count, undo := bolt.CountPredChecks()
	defer undo()
	before := count()
	compare(t, st, runs, graph.GizmoOptions{})
	if count() == before {
		t.Error("no node check was narrowed to its predicate: the planner did not take the path under test")
	}

	// Read-only (the shared read transaction of scan.go): the same rows.
	ro := reopenReadOnly(t, st, filepath.Join(dir, "store"))
	t.Run("read-only", func(t *testing.T) { compare(t, ro, runs, graph.GizmoOptions{}) })

	// The rows themselves, not only planner against Cayley: k and the dead (h p b) give none.
	rows, err := ro.Gizmo(ctx, nodes+`.save("<http://ex/p>", "o").all()`, graph.GizmoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, r := range rows {
		got[quad.StringOf(r.Tags["id"])+" "+quad.StringOf(r.Tags["o"])]++
	}
	want := map[string]int{
		"<http://ex/a> <http://ex/b>": 1, "<http://ex/e> <http://ex/f>": 1,
		"<http://ex/h> <http://ex/i>": 2, "<http://ex/h> <http://ex/j>": 1, "<http://ex/b> <http://ex/a>": 1,
	}
	if len(got) != len(want) {
		t.Fatalf("save rows %v, want %v", got, want)
	}
	for k, n := range want {
		if got[k] != n {
			t.Fatalf("save rows %v, want %v", got, want)
		}
	}
}
