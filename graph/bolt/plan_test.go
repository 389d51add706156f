package bolt_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/internal/gen"
	"github.com/medkg/medkg/rdf"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/bolt"
	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/queries"
)

// TestPlannerSameRows: Gizmo over the planner (plan.go) gives the same rows as over
// Cayley's store alone, for every stored query and for the steps the planner changes (out,
// in, has, with tags, saves, recursion, intersections), on a generated corpus from which
// one article was then removed, so that the store holds deleted quads too.
func TestPlannerSameRows(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus.nq")
	f, err := os.Create(corpus)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := gen.Write(ctx, f, 10000, 1, loader.DefaultBase); err != nil {
		t.Fatal(err)
	}
	f.Close()
	st, err := graph.Open(ctx, graph.Options{Path: filepath.Join(dir, "store")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	f, err = os.Open(corpus)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := st.Import(ctx, rdf.NewNQuadsReader(bufio.NewReader(f)), graph.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	academy, centre, city := gen.QueryParams(10000, 1, loader.DefaultBase)
	// Remove an article that mentions the city: its claims and the facts only it states.
	var label quad.IRI
	stop := errors.New("stop")
	st.Quads(ctx, quad.Object, quad.IRI(city), func(q quad.Quad) error {
		if l, ok := q.Label.(quad.IRI); ok {
			label = l
			return stop
		}
		return nil
	})
	if label == "" {
		t.Fatal("no article mentions the city")
	}
	if _, err := st.Replace(ctx, label, nil, nil); err != nil {
		t.Fatal(err)
	}

	// QuadsWith reads an index prefix: the same quads, in the same order, as Quads filtered.
	for _, node := range []quad.Value{quad.IRI(academy), quad.IRI(centre), quad.IRI(city)} {
		for _, d := range []quad.Direction{quad.Subject, quad.Object} {
			for _, p := range []quad.IRI{loader.SchemaName, "https://schema.org/parentOrganization", "https://schema.org/founder", "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"} {
				var want, got []string
				st.Quads(ctx, d, node, func(q quad.Quad) error {
					if q.Predicate == p {
						want = append(want, q.NQuad())
					}
					return nil
				})
				if err := st.QuadsWith(ctx, d, node, p, func(q quad.Quad) error {
					got = append(got, q.NQuad())
					return nil
				}); err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, want) {
					t.Errorf("QuadsWith(%v, %s, %s) = %q, Quads filtered %q", d, node, p, got, want)
				}
			}
		}
	}

	// QuadsWithAny: the quads of QuadsWith for each node in turn.
	nodes := []quad.Value{quad.IRI(academy), quad.IRI(centre), quad.IRI("https://example.org/none"), quad.IRI(city), quad.String("not a node")}
	for _, d := range []quad.Direction{quad.Subject, quad.Object} {
		for _, p := range []quad.IRI{loader.SchemaName, "https://schema.org/parentOrganization", "https://schema.org/founder", "https://example.org/no-such-predicate"} {
			var want, got []string
			for _, n := range nodes {
				if err := st.QuadsWith(ctx, d, n, p, func(q quad.Quad) error {
					want = append(want, q.NQuad())
					return nil
				}); err != nil {
					t.Fatal(err)
				}
			}
			if err := st.QuadsWithAny(ctx, d, nodes, p, func(q quad.Quad) error {
				got = append(got, q.NQuad())
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("QuadsWithAny(%v, %s) = %q, QuadsWith node by node %q", d, p, got, want)
			}
		}
	}

	opts := graph.GizmoOptions{Namespaces: loader.QueryPrefixes(loader.DefaultBase)}
	var runs []plannerRun
	params := map[string]string{"org": academy, "centre": centre, "place": city, "entity": academy, "body": academy}
	catalog, err := queries.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range catalog {
		vals := map[string]string{}
		for _, p := range q.Params {
			vals[p.Name] = "<" + params[p.Name] + ">"
		}
		prelude, err := q.Bind(vals)
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, plannerRun{q.Name, prelude, q.Script})
	}
	v := func(iri string) string { return fmt.Sprintf("g.V(%q)", "<"+iri+">") }
	for i, s := range []string{
		v(academy) + `.in(g.IRI("schema:parentOrganization")).all()`,
		v(academy) + `.in(g.IRI("schema:parentOrganization")).in(g.IRI("schema:parentOrganization")).tag("x").out(g.IRI("schema:name")).all()`,
		v(academy) + `.followRecursive(g.M().in(g.IRI("schema:parentOrganization"))).in(g.IRI("schema:founder")).tag("c").has(g.IRI("rdf:type"), g.IRI("medkg:Center")).all()`,
		`g.V().has(g.IRI("rdf:type"), g.IRI("medkg:Center")).count()`,
		`g.V().has(g.IRI("rdf:type"), g.IRI("medkg:Center")).out(g.IRI("schema:founder")).has(g.IRI("rdf:type"), g.IRI("schema:ResearchOrganization")).all()`,
		v(centre) + `.in(g.IRI("rdf:subject")).has(g.IRI("rdf:predicate"), g.IRI("schema:founder")).save(g.IRI("rdf:object"), "o").out(g.IRI("prov:wasQuotedFrom")).all()`,
		v(centre) + `.out(g.IRI("schema:founder")).in(g.IRI("schema:founder")).all()`,
		// Steps a node is checked against by its (node, predicate) quads (predNodes): the
		// flagship's save(rdf:subject) after has(), on claims of the removed article too.
		v(city) + `.in(g.IRI("rdf:object")).save(g.IRI("rdf:subject"), "s").save(g.IRI("rdf:predicate"), "p").all()`,
		v(academy) + `.in(g.IRI("rdf:object")).has(g.IRI("rdf:predicate"), g.IRI("schema:founder")).save(g.IRI("rdf:subject"), "c").out(g.IRI("prov:wasQuotedFrom")).all()`,
		v(city) + `.in(g.IRI("schema:containedInPlace")).has(g.IRI("schema:name")).saveR(g.IRI("schema:location"), "at").all()`,
		v(city) + `.in(g.IRI("schema:containedInPlace")).in(g.IRI("schema:containedInPlace")).all()`,
		v(city) + `.in(g.IRI("schema:containedInPlace")).and(g.V().has(g.IRI("rdf:type"), g.IRI("schema:Place"))).all()`,
		v(academy) + `.in(g.IRI("schema:parentOrganization")).except(` + v(academy) + `.in(g.IRI("schema:parentOrganization")).has(g.IRI("schema:name"), "nobody")).all()`,
		`g.V().has(g.IRI("schema:name")).count()`,
		v(centre) + `.out().all()`,
		`g.V("<https://example.org/none>", "<` + academy + `>", "not a node").tag("n").out().all()`,
		`g.V("<https://example.org/none>").in(g.IRI("schema:founder")).all()`,
		v(centre) + `.in().all()`,
		// followRecursive (the planner's hook rewrites its step): depth tags, a depth limit,
		// out() rather than in(), a union, a save, an intersection, two predicates, the
		// same predicate twice (not rewritten), a step with a tag (not rewritten).
		v(academy) + `.followRecursive(g.M().in(g.IRI("schema:parentOrganization")), -1, ["depth"]).tag("m").all()`,
		v(academy) + `.followRecursive(g.M().in(g.IRI("schema:parentOrganization")), 2).all()`,
		`g.V().has(g.IRI("rdf:type"), g.IRI("schema:ResearchOrganization")).followRecursive(g.M().out(g.IRI("schema:parentOrganization"))).tag("up").all()`,
		v(academy) + `.union(` + v(academy) + `.followRecursive(g.M().in(g.IRI("schema:parentOrganization")))).tag("f").in(g.IRI("schema:founder")).all()`,
		v(academy) + `.followRecursive(g.M().in(g.IRI("schema:parentOrganization"))).tag("s").out(g.IRI("schema:name")).all()`,
		v(academy) + `.followRecursive(g.M().in(g.IRI("schema:parentOrganization"))).and(g.V().has(g.IRI("rdf:type"), g.IRI("schema:ResearchOrganization"))).all()`,
		v(city) + `.followRecursive(g.M().in([g.IRI("schema:containedInPlace"), g.IRI("schema:location")])).all()`,
		v(academy) + `.followRecursive(g.M().in(g.IRI("schema:parentOrganization")).tag("via")).all()`,
		v(academy) + `.followRecursive(g.M().in([g.IRI("schema:parentOrganization"), g.IRI("schema:parentOrganization")])).tag("m").all()`,
		v(academy) + `.followRecursive(g.M().out([g.IRI("schema:parentOrganization"), g.IRI("schema:name")]), -1, ["d"]).all()`,
	} {
		runs = append(runs, plannerRun{fmt.Sprintf("script %d", i), "", s})
	}
	compare(t, st, runs, opts)

	// Read-only, the planner's scans share one read transaction (scan.go): the same rows.
	ro := reopenReadOnly(t, st, filepath.Join(dir, "store"))
	t.Run("read-only", func(t *testing.T) { compare(t, ro, runs, opts) })
}

type plannerRun struct{ name, prelude, script string }

// reopenReadOnly closes st, a store at path, and opens it again read-only, as every query
// command does: the planner's scans then share one read transaction (scan.go).
func reopenReadOnly(t *testing.T, st *graph.Store, path string) *graph.Store {
	t.Helper()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := graph.Open(context.Background(), graph.Options{Path: path, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ro.Close() })
	return ro
}

// compare runs each script through the planner and through Cayley alone.
func compare(t *testing.T, st *graph.Store, runs []plannerRun, opts graph.GizmoOptions) {
	ctx := context.Background()
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			o := opts
			o.Prelude = r.prelude
			got, err := st.Gizmo(ctx, r.script, o)
			if err != nil {
				t.Fatal(err)
			}
			want, err := bolt.GizmoUnplanned(ctx, st, r.script, o)
			if err != nil {
				t.Fatal(err)
			}
			g, w := rowStrings(got), rowStrings(want)
			if !slices.Equal(g, w) {
				t.Fatalf("%s: planner gives %d rows, Cayley %d\nplanner: %.600q\ncayley:  %.600q", r.script, len(g), len(w), g, w)
			}
			if r.prelude == "" && len(w) == 0 && !strings.HasPrefix(r.script, `g.V("<https://example.org/none>").`) {
				t.Fatalf("%s: no rows, so the comparison proves nothing", r.script)
			}
		})
	}
}

// rowStrings renders rows in a canonical, sorted form (a multiset: duplicates count).
func rowStrings(rows []graph.Row) []string {
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		var parts []string
		for k, v := range r.Tags {
			parts = append(parts, k+"="+quad.StringOf(v))
		}
		sort.Strings(parts)
		out = append(out, strings.Join(parts, " ")+fmt.Sprintf(" %v", r.Emitted))
	}
	sort.Strings(out)
	return out
}
