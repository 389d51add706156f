// Package graphtest is the conformance suite of graph's backends: every behaviour of a
// graph.Store stated once (replacing and removing a source, import, export ordering and
// formats, reads, Gizmo queries, read-only stores, errors), run against each backend by a
// test in the backend's package, as Cayley's graph/graphtest is:
//
//	func TestConformance(t *testing.T) {
//		graphtest.Run(t, graphtest.Backend{Name: graph.BackendBolt, NewOptions: ...})
//	}
//
// What only one backend does (bbolt's file lock and its planner, PostgreSQL's advisory
// lock, schema and bulk import) is tested in that backend's package.
package graphtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/rdf"
)

// Backend is a backend under test.
type Backend struct {
	Name string // graph.BackendBolt, graph.BackendPostgres
	// NewOptions returns the options of a new, empty store of the test's own (a temporary
	// directory, a new schema), removed at the end of the test. The store need not exist
	// yet: a writable Open creates it, a read-only one must fail with graph.ErrNoStore.
	NewOptions func(t *testing.T) graph.Options
	// Hold makes another writer (another process, as far as the store can tell) hold the
	// store o names, as a writer does while it writes, until release is called: on bbolt
	// a store open for writing, on PostgreSQL an open write transaction.
	Hold func(t *testing.T, o graph.Options) (release func())
}

// tests are the suite, by name.
var tests = []struct {
	name string
	fn   func(t *testing.T, b Backend)
}{
	{"OpenReadOnlyNoStore", testOpenReadOnlyNoStore},
	{"InitTwice", testInitTwice},
	{"SizeOfNewStore", testSizeOfNewStore},
	{"ReadOnlyRejectsWrites", testReadOnlyRejectsWrites},
	{"ClosedStore", testClosedStore},
	{"WriterWaitsForLock", testWriterWaitsForLock},

	{"ReplaceFirstLoadThenUnchanged", testReplaceFirstLoadThenUnchanged},
	{"ReplaceChangesFacts", testReplaceChangesFacts},
	{"ReplaceMixedBatch", testReplaceMixedBatch},
	{"ReplaceSharedSupport", testReplaceSharedSupport},
	{"ReplaceSupportIsExact", testReplaceSupportIsExact},
	{"ReplaceRemoveReAdd", testReplaceRemoveReAdd},
	{"ReplaceRejects", testReplaceRejects},
	{"ReplaceRejectCountsNothing", testReplaceRejectCountsNothing},
	{"ReplaceLiteralRoundTrip", testReplaceLiteralRoundTrip},
	{"ReplaceDuplicateInput", testReplaceDuplicateInput},
	{"ReplaceDuplicateInputCounts", testReplaceDuplicateInputCounts},
	{"ReplaceUnfindableInput", testReplaceUnfindableInput},
	{"Graph", testGraph},
	{"Statements", testStatements},

	{"QuadsWith", testQuadsWith},
	{"Gizmo", testGizmo},

	{"ImportCommitsAndResumes", testImportCommitsAndResumes},
	{"ImportAgainAddsNothing", testImportAgainAddsNothing},
	{"BulkImportMatchesNormal", testBulkImportMatchesNormal},
	{"BulkImportAllOrNothing", testBulkImportAllOrNothing},

	{"ExportGolden", testExportGolden},
	{"ExportSortedAndDeterministic", testExportSortedAndDeterministic},
	{"ExportSameWhateverTheOrder", testExportSameWhateverTheOrder},
	{"ExportChunkedMatchesInMemory", testExportChunkedMatchesInMemory},
	{"ExportSpills", testExportSpills},
	{"ExportCleansUpOnError", testExportCleansUpOnError},
	{"ExportLabel", testExportLabel},
	{"ExportFormats", testExportFormats},
	{"ExportJSONLDRoundTrip", testExportJSONLDRoundTrip},
	{"ExportFormatsKeepTypedLiterals", testExportFormatsKeepTypedLiterals},
	{"ExportUnknownFormat", testExportUnknownFormat},
	{"ExportTurtleOneGraph", testExportTurtleOneGraph},
	{"ExportInvalidIRI", testExportInvalidIRI},

	{"IndexFollowsWrites", testIndexFollowsWrites},
	{"IndexStaleAndReindex", testIndexStaleAndReindex},
}

// Run runs the whole suite against b, each test in parallel with the others (each has a
// store of its own).
func Run(t *testing.T, b Backend) {
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, b)
		})
	}
}

// testOpenReadOnlyNoStore: a reader of a store nobody created gets ErrNoStore, not an
// empty store, and creates nothing.
func testOpenReadOnlyNoStore(t *testing.T, b Backend) {
	o := b.NewOptions(t)
	o.ReadOnly = true
	st, err := graph.Open(context.Background(), o)
	if !errors.Is(err, graph.ErrNoStore) {
		if st != nil {
			st.Close()
		}
		t.Fatalf("read-only Open of a new store: %v, want ErrNoStore", err)
	}
	if st != nil {
		t.Error("Open returned a store with its error")
	}
	// Nor did it create one: a second reader is told the same.
	if _, err := graph.Open(context.Background(), o); !errors.Is(err, graph.ErrNoStore) {
		t.Errorf("second read-only Open: %v, want ErrNoStore", err)
	}
	// A writer creates it; then readers open it.
	o.ReadOnly = false
	rw, err := graph.Open(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	rw.Close()
	o.ReadOnly = true
	ro, err := graph.Open(context.Background(), o)
	if err != nil {
		t.Fatalf("read-only Open once created: %v", err)
	}
	ro.Close()
}

// testInitTwice: Init creates an empty store, and running it again changes nothing.
func testInitTwice(t *testing.T, b Backend) {
	ctx := context.Background()
	o := b.NewOptions(t)
	if _, err := graph.Init(ctx, graph.Options{Backend: o.Backend, Path: o.Path, Address: o.Address, ReadOnly: true}); err == nil {
		t.Error("Init of a read-only store succeeded")
	}
	st, err := graph.Init(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	want := seed(t, st)
	st.Close()
	st, err = graph.Init(ctx, o)
	if err != nil {
		t.Fatalf("Init again: %v", err)
	}
	defer st.Close()
	assertStore(t, st, want)
	if st.Backend() != b.Name {
		t.Errorf("Backend() = %q, want %q", st.Backend(), b.Name)
	}
}

// testSizeOfNewStore: a store that has never held a quad has size 0.
func testSizeOfNewStore(t *testing.T, b Backend) {
	st := b.open(t)
	if n, err := st.Size(context.Background()); err != nil || n != 0 {
		t.Errorf("Size of a new store = %d, %v; want 0, nil", n, err)
	}
}

// seed loads one small source so that the store has something to read.
func seed(t *testing.T, st *graph.Store) []string {
	t.Helper()
	own, shared := source(article("a1"), claimPerSource, fAcmeFounder, fAcmeDate)
	replace(t, st, article("a1"), own, shared)
	return lines(own, shared)
}

// testReadOnlyRejectsWrites: every write to a read-only store fails with ErrReadOnly and
// changes nothing.
func testReadOnlyRejectsWrites(t *testing.T, b Backend) {
	rw := b.open(t)
	want := seed(t, rw)
	ro := b.reopen(t, rw, true)
	own, shared := source(article("a1"), claimPerSource, fAcmeFounder, fAcmeDate)
	own2, shared2 := source(article("a2"), claimPerSource, fBobFounder)
	ctx := context.Background()
	writes := []struct {
		name string
		do   func() (graph.Change, error)
	}{
		{"reload unchanged", func() (graph.Change, error) { return ro.Replace(ctx, article("a1"), own, shared) }},
		{"add a source", func() (graph.Change, error) { return ro.Replace(ctx, article("a2"), own2, shared2) }},
		{"remove a source", func() (graph.Change, error) { return ro.Replace(ctx, article("a1"), nil, nil) }},
		{"import", func() (graph.Change, error) {
			_, err := ro.Import(ctx, feed(shared2, nil), graph.ImportOptions{})
			return graph.Change{}, err
		}},
	}
	for _, w := range writes {
		t.Run(w.name, func(t *testing.T) {
			ch, err := w.do()
			if !errors.Is(err, graph.ErrReadOnly) {
				t.Errorf("write to a read-only store: %v, want ErrReadOnly", err)
			}
			if !ch.Unchanged() {
				t.Errorf("read-only Replace reports %+v", ch)
			}
			assertStore(t, ro, want)
		})
	}
}

// testClosedStore: a closed store says so rather than crash; closing twice is harmless,
// and Path still names the store for messages.
func testClosedStore(t *testing.T, b Backend) {
	st := b.open(t)
	path := st.Path()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if st.Path() != path || path == "" {
		t.Errorf("Path() after Close = %q, was %q", st.Path(), path)
	}
	if _, err := st.Size(context.Background()); err == nil {
		t.Error("Size of a closed store succeeded")
	}
	own, shared := source(article("a1"), claimPerSource, fAcmeFounder)
	if _, err := st.Replace(context.Background(), article("a1"), own, shared); err == nil {
		t.Error("Replace on a closed store succeeded")
	}
}

// feed yields qs, then fail (or io.EOF when fail is nil).
func feed(qs []quad.Quad, fail error) rdf.ReaderFunc {
	i := 0
	return func() (quad.Quad, error) {
		if i == len(qs) {
			if fail != nil {
				return quad.Quad{}, fail
			}
			return quad.Quad{}, io.EOF
		}
		i++
		return qs[i-1], nil
	}
}

// testImportAgainAddsNothing: a failed import in one transaction leaves nothing behind;
// importing what is there, in the default graph or a named one, adds no duplicate.
func testImportAgainAddsNothing(t *testing.T, b Backend) {
	st := b.open(t)
	qs := []quad.Quad{fAcmeFounder.quad(), fAcmeName.quad(), {Subject: ex("x"), Predicate: tName, Object: quad.String("x"), Label: ex("g")}}
	ctx := context.Background()
	if _, err := st.Import(ctx, feed(qs, errors.New("bad line")), graph.ImportOptions{Commit: -1, Batch: 2}); err == nil {
		t.Fatal("import that fails at the end succeeded")
	}
	assertStore(t, st, nil)
	for range 2 {
		n, err := st.Import(ctx, feed(qs, nil), graph.ImportOptions{Batch: 2})
		if err != nil {
			t.Fatal(err)
		}
		if n != len(qs) {
			t.Errorf("Import read %d quads, want %d", n, len(qs))
		}
	}
	assertStore(t, st, lines(qs))
	// And in one transaction into an empty store (PostgreSQL's bulk path).
	bulk := b.open(t)
	var progress []int
	n, err := bulk.Import(ctx, feed(qs, nil), graph.ImportOptions{Commit: -1, Batch: 2, Progress: func(n int) { progress = append(progress, n) }})
	if err != nil || n != len(qs) {
		t.Fatalf("one-transaction import: %d, %v", n, err)
	}
	if !slices.Equal(progress, []int{2, 3}) {
		t.Errorf("progress reported %v, want [2 3] (after each batch)", progress)
	}
	assertStore(t, bulk, lines(qs))
	if _, err := bulk.Import(ctx, feed(qs, nil), graph.ImportOptions{Commit: -1}); err != nil {
		t.Fatal(err)
	}
	assertStore(t, bulk, lines(qs))
}

// testQuadsWith: QuadsWith gives the quads of Quads that have the predicate, in the same
// order; QuadsWithAny gives the quads of QuadsWith for each node, in any order; a node or
// predicate the store does not hold gives none.
func testQuadsWith(t *testing.T, b Backend) {
	st, _, _ := exportStore(t, b)
	ctx := context.Background()
	nodes := []quad.Value{ex("acme"), ex("alice"), ex("bobco"), article("a1"), ex("nowhere")}
	preds := []quad.IRI{tName, tFounder, tRDFSubject, tRDFType, quad.IRI(schemaNS + "nothing")}
	for _, d := range []quad.Direction{quad.Subject, quad.Object} {
		for _, p := range preds {
			var all []string
			for _, v := range nodes {
				var want, got []string
				if err := st.Quads(ctx, d, v, func(q quad.Quad) error {
					if q.Predicate == p {
						want = append(want, q.NQuad())
					}
					return nil
				}); err != nil {
					t.Fatal(err)
				}
				if err := st.QuadsWith(ctx, d, v, p, func(q quad.Quad) error {
					got = append(got, q.NQuad())
					return nil
				}); err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, want) {
					t.Errorf("QuadsWith(%v, %v, %v) = %q, want %q", d, v, p, got, want)
				}
				all = append(all, want...)
			}
			var got []string
			if err := st.QuadsWithAny(ctx, d, nodes, p, func(q quad.Quad) error {
				got = append(got, q.NQuad())
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			slices.Sort(all)
			if !slices.Equal(got, all) {
				t.Errorf("QuadsWithAny(%v, %v) = %q, want %q", d, p, got, all)
			}
		}
	}
	// Stopping early: fn's error is returned as it is.
	stop := errors.New("stop")
	if err := st.Quads(ctx, quad.Subject, ex("acme"), func(quad.Quad) error { return stop }); err != stop {
		t.Errorf("Quads returned %v, want fn's error", err)
	}
	if err := st.AllQuads(ctx, func(quad.Quad) error { return stop }); err != stop {
		t.Errorf("AllQuads returned %v, want fn's error", err)
	}
	for v, want := range map[quad.Value]bool{ex("acme"): true, tFounder: true, article("a2"): true, ex("nowhere"): false} {
		if got, err := st.Has(v); err != nil || got != want {
			t.Errorf("Has(%v) = %v, %v; want %v", v, got, err, want)
		}
	}
}

// testGizmo: a Gizmo query's rows carry their tags' values; a session keeps its variables
// from one run to the next; a limit stops the rows with ErrLimit; a script that runs past
// its deadline ends with ErrTimeout; an error names the script's own line.
func testGizmo(t *testing.T, b Backend) {
	st, _, _ := exportStore(t, b)
	ctx := context.Background()
	ns := map[string]string{"schema": schemaNS, "ex": exNS}
	rows, err := st.Gizmo(ctx, `g.V(g.IRI("ex:acme")).out(g.IRI("schema:founder")).tag("founder").all()`, graph.GizmoOptions{Namespaces: ns})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Tags["founder"] != ex("alice") || rows[0].Tags["id"] != ex("alice") {
		t.Errorf("founder of acme: %+v, want one row with founder and id alice", rows)
	}
	rows, err = st.Gizmo(ctx, `g.emit(g.V().has(g.IRI("schema:founder")).count())`, graph.GizmoOptions{Namespaces: ns})
	if err != nil || len(rows) != 1 || fmt.Sprint(rows[0].Emitted) != "2" {
		t.Errorf("count of founded organisations: %+v, %v; want one row emitting 2", rows, err)
	}
	sess := st.NewGizmoSession()
	if _, err := sess.Run(ctx, `var who = g.IRI("ex:bobco");`, graph.GizmoOptions{Namespaces: ns}); err != nil {
		t.Fatal(err)
	}
	rows, err = sess.Run(ctx, `g.V(who).out(g.IRI("schema:founder")).all()`, graph.GizmoOptions{})
	if err != nil || len(rows) != 1 || rows[0].Tags["id"] != ex("bob") {
		t.Errorf("second run of a session: %+v, %v; want bob", rows, err)
	}
	rows, err = st.Gizmo(ctx, `g.V().all()`, graph.GizmoOptions{Limit: 2})
	if !errors.Is(err, graph.ErrLimit) || len(rows) != 2 {
		t.Errorf("limit 2: %d rows, %v; want 2 rows and ErrLimit", len(rows), err)
	}
	tctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if _, err := st.Gizmo(tctx, `while(true){}`, graph.GizmoOptions{}); !errors.Is(err, graph.ErrTimeout) {
		t.Errorf("endless script: %v, want ErrTimeout", err)
	}
	_, err = st.Gizmo(ctx, "g.V()\n.nosuch()", graph.GizmoOptions{Namespaces: ns, Prelude: "var params = {};\n"})
	if err == nil || !regexpLine2.MatchString(err.Error()) {
		t.Errorf("error in line 2 of a script: %v, want it to name line 2", err)
	}
}

var regexpLine2 = regexp.MustCompile(`:2:\d+|[Ll]ine 2\b`)

// testWriterWaitsForLock: while another writer holds the store, a writer gives up with
// ErrLocked once its lock timeout has passed (at Open on bbolt, whose file lock is taken
// at Open; at its first write on PostgreSQL, whose lock is taken per transaction) and
// writes nothing; with time enough, it waits and writes as soon as the other lets go.
func testWriterWaitsForLock(t *testing.T, b Backend) {
	o := b.NewOptions(t)
	st := b.openWith(t, o)
	want := seed(t, st)
	st.Close()
	own, shared := source(article("a2"), claimPerSource, fBobFounder)
	write := func(timeout time.Duration) error {
		o := o
		o.LockTimeout = timeout
		st, err := graph.Open(context.Background(), o)
		if err != nil {
			return err
		}
		defer st.Close()
		_, err = st.Replace(context.Background(), article("a2"), own, shared)
		return err
	}
	release := b.Hold(t, o)
	const timeout = 300 * time.Millisecond
	start := time.Now()
	err := write(timeout)
	if !errors.Is(err, graph.ErrLocked) {
		t.Errorf("write while another writer holds the store: %v, want ErrLocked", err)
	}
	// bbolt polls its file lock and gives up up to one poll (50 ms) early.
	if d := time.Since(start); d < timeout/2 || d > timeout+5*time.Second {
		t.Errorf("gave up after %s, want after about its lock timeout of %s", d, timeout)
	}
	done := make(chan error, 1)
	go func() { done <- write(30 * time.Second) }()
	select {
	case err := <-done:
		t.Errorf("a writer went ahead while another held the store: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	release()
	if err := <-done; err != nil {
		t.Fatalf("write once the other let go: %v", err)
	}
	o.ReadOnly = true
	ro := b.openWith(t, o)
	all := append(want, lines(own, shared)...)
	slices.Sort(all)
	assertStore(t, ro, slices.Compact(all))
}
