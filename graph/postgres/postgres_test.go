package postgres

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"net"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/graphtest"
)

// EnvTestPostgres names a PostgreSQL server (a connection string) to run the store tests
// against; scripts/pgtest starts a throwaway one and sets it. Without it, the tests that
// need a server are skipped.
const EnvTestPostgres = "MEDKG_TEST_POSTGRES"

// TestConformance runs the store's conformance suite on PostgreSQL, each test in a schema
// of its own.
func TestConformance(t *testing.T) {
	needPostgres(t)
	t.Parallel()
	graphtest.Run(t, graphtest.Backend{Name: graph.BackendPostgres, NewOptions: newOptions, Hold: hold})
}

// newOptions returns the options of a new schema in the test server, dropped at the end of
// the test: each test has a store of its own.
func newOptions(t *testing.T) graph.Options {
	t.Helper()
	return graph.Options{Backend: graph.BackendPostgres, Address: newTestSchema(t, needPostgres(t))}
}

// openStore opens a new store in a schema of its own, closed at the end of the test.
func openStore(t *testing.T) *graph.Store {
	t.Helper()
	return openWith(t, newOptions(t))
}

func openWith(t *testing.T, o graph.Options) *graph.Store {
	t.Helper()
	st, err := graph.Open(context.Background(), o)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// hold opens the store o names on a connection of its own and holds its write lock, in an
// open write transaction, until release is called.
func hold(t *testing.T, o graph.Options) (release func()) {
	t.Helper()
	st := openWith(t, o)
	held, let, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- pgOf(st).inTx(context.Background(), func(*sql.Tx) error {
			close(held)
			<-let
			return nil
		})
	}()
	select {
	case <-held:
	case err := <-done:
		t.Fatalf("hold the write lock: %v", err)
	}
	return func() {
		close(let)
		if err := <-done; err != nil {
			t.Errorf("release the write lock: %v", err)
		}
	}
}

// pgOf is the backend under a store, for the tests that look at its tables and its lock.
func pgOf(st *graph.Store) *store { return graph.BackendOf(st).(*store) }

// newTestSchema creates a schema in server and returns a connection string that uses it.
func newTestSchema(t testing.TB, server string) string {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "medkg_test_" + hex.EncodeToString(b)
	db, err := sql.Open("postgres", server)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE SCHEMA ` + schema); err != nil {
		db.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		defer db.Close()
		if _, err := db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(server)
	if err != nil {
		t.Fatalf("%s must be a postgres:// URL: %v", EnvTestPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// needPostgres skips a PostgreSQL-only test when no server is given.
func needPostgres(t *testing.T) string {
	t.Helper()
	server := os.Getenv(EnvTestPostgres)
	if server == "" {
		t.Skip(EnvTestPostgres + " is not set (scripts/pgtest runs these tests against a throwaway server)")
	}
	return server
}

// TestPostgresConnectErrors: an unreachable server and a wrong password each fail within
// seconds with ErrConnect, naming the server and never printing the password.
func TestPostgresConnectErrors(t *testing.T) {
	server := needPostgres(t)
	t.Parallel()
	u, err := url.Parse(server)
	if err != nil {
		t.Fatal(err)
	}
	wrongPW := *u
	wrongPW.User = url.UserPassword(u.User.Username(), "not-the-Password-42")
	refused := *u
	refused.User = url.UserPassword(u.User.Username(), "not-the-Password-42")
	refused.Host = "127.0.0.1:1"
	for _, tc := range []struct {
		name, addr, want string
	}{
		{"wrong password", wrongPW.String(), "refused the credentials"},
		{"nothing listening", refused.String(), "cannot reach PostgreSQL at " + u.User.Username() + "@127.0.0.1:1"},
		{"key=value form", "host=127.0.0.1 port=1 user=x password=not-the-Password-42 sslmode=disable", "cannot reach PostgreSQL at x@127.0.0.1:1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			st, err := graph.Open(context.Background(), graph.Options{Backend: graph.BackendPostgres, Address: tc.addr})
			if err == nil {
				st.Close()
				t.Fatal("Open succeeded")
			}
			if d := time.Since(start); d > 6*time.Second {
				t.Errorf("took %s", d)
			}
			if !errors.Is(err, graph.ErrConnect) {
				t.Errorf("error %v is not ErrConnect", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "not-the-Password-42") {
				t.Errorf("error prints the password: %q", err)
			}
		})
	}
}

// TestPostgresReadOnlyNoSchema: a reader of an empty database gets ErrNoStore; a writer
// creates the schema.
func TestPostgresReadOnlyNoSchema(t *testing.T) {
	server := needPostgres(t)
	t.Parallel()
	dsn := newTestSchema(t, server)
	if _, err := graph.Open(context.Background(), graph.Options{Backend: graph.BackendPostgres, Address: dsn, ReadOnly: true}); !errors.Is(err, graph.ErrNoStore) {
		t.Fatalf("read-only open of an empty schema: %v, want ErrNoStore", err)
	}
	st, err := graph.Init(context.Background(), graph.Options{Backend: graph.BackendPostgres, Address: dsn})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	st, err = graph.Init(context.Background(), graph.Options{Backend: graph.BackendPostgres, Address: dsn}) // again: no change, no error
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n, err := st.Size(context.Background()); err != nil || n != 0 {
		t.Errorf("new store holds %d quads", n)
	}
	ro, err := graph.Open(context.Background(), graph.Options{Backend: graph.BackendPostgres, Address: dsn, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ro.Close()
}

// checkPGConsistent checks what Cayley relies on in its tables: every node's refs is the
// number of quad positions that use it, and no node is unused; and that Cayley's own read
// path (one query per node) sees the same quads as medkg's joined reads.
func checkPGConsistent(t *testing.T, st *graph.Store) {
	t.Helper()
	var bad int
	err := pgOf(st).db.QueryRow(`
WITH used AS (
	SELECT subject_hash AS h FROM quads UNION ALL SELECT predicate_hash FROM quads
	UNION ALL SELECT object_hash FROM quads UNION ALL SELECT label_hash FROM quads WHERE label_hash IS NOT NULL
), counts AS (SELECT h, count(*) AS n FROM used GROUP BY h)
SELECT count(*) FROM nodes FULL JOIN counts ON counts.h = nodes.hash
WHERE nodes.hash IS NULL OR counts.h IS NULL OR nodes.refs <> counts.n`).Scan(&bad)
	if err != nil {
		t.Fatal(err)
	}
	if bad != 0 {
		t.Errorf("%d nodes have a reference count that differs from their use", bad)
	}
	var viaCayley []quad.Quad
	it := pgOf(st).qs.QuadsAllIterator().Iterate()
	defer it.Close()
	for it.Next(context.Background()) {
		q, err := pgOf(st).qs.Quad(it.Result())
		if err != nil {
			t.Fatal(err)
		}
		viaCayley = append(viaCayley, q)
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	if d := graphtest.DiffLines(graphtest.Lines(viaCayley), graphtest.Dump(t, st)); d != "" {
		t.Errorf("Cayley's reads differ from medkg's:%s", d)
	}
}

// TestPostgresReplaceKeepsCayleyConsistent loads, reloads smaller, removes, and checks the
// tables after each step.
func TestPostgresReplaceKeepsCayleyConsistent(t *testing.T) {
	needPostgres(t)
	t.Parallel()
	st := openStore(t)
	a, b := graphtest.Article("a"), graphtest.Article("b")
	own, shared := graphtest.Source(a, graphtest.AcmeFounder, graphtest.AcmeName, graphtest.AcmeDate, graphtest.AcmeStaff)
	graphtest.Replace(t, st, a, own, shared)
	own2, shared2 := graphtest.Source(b, graphtest.AcmeFounder, graphtest.BobFounder)
	graphtest.Replace(t, st, b, own2, shared2)
	checkPGConsistent(t, st)
	own, shared = graphtest.Source(a, graphtest.AcmeWhere)
	graphtest.Replace(t, st, a, own, shared)
	checkPGConsistent(t, st)
	graphtest.AssertStore(t, st, graphtest.Lines(own, shared, own2, shared2))
	graphtest.Replace(t, st, a, nil, nil)
	graphtest.Replace(t, st, b, nil, nil)
	checkPGConsistent(t, st)
	graphtest.AssertStore(t, st, nil)
	var nodes int
	pgOf(st).db.QueryRow(`SELECT count(*) FROM nodes`).Scan(&nodes)
	if nodes != 0 {
		t.Errorf("%d nodes left in an empty store", nodes)
	}
}

// TestPostgresCayleyMixedDeltas checks what the kv backend gets wrong (see batchKV): one
// Cayley ApplyDeltas that adds and deletes quads sharing nodes. On the SQL backend nodes are
// named by their hash, so an add keeps its nodes whatever the deletes do; this test shows it,
// although medkg writes PostgreSQL with its own statements.
func TestPostgresCayleyMixedDeltas(t *testing.T) {
	needPostgres(t)
	t.Parallel()
	st := openStore(t)
	old := []quad.Quad{
		{Subject: graphtest.Ex("acme"), Predicate: graphtest.Name, Object: quad.String("Acme"), Label: graphtest.Ex("g")},
		{Subject: graphtest.Ex("acme"), Predicate: graphtest.Founder, Object: graphtest.Ex("alice"), Label: graphtest.Ex("g")},
	}
	var ds []cgraph.Delta
	for _, q := range old {
		ds = append(ds, cgraph.Delta{Quad: q, Action: cgraph.Add})
	}
	if err := pgOf(st).qs.ApplyDeltas(ds, cgraph.IgnoreOpts{IgnoreDup: true}); err != nil {
		t.Fatal(err)
	}
	// Shrink: delete both, add one that reuses every node but alice.
	newQ := quad.Quad{Subject: graphtest.Ex("acme"), Predicate: graphtest.Name, Object: quad.String("Acme Ltd"), Label: graphtest.Ex("g")}
	ds = []cgraph.Delta{
		{Quad: old[0], Action: cgraph.Delete},
		{Quad: old[1], Action: cgraph.Delete},
		{Quad: newQ, Action: cgraph.Add},
	}
	if err := pgOf(st).qs.ApplyDeltas(ds, cgraph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true}); err != nil {
		t.Fatal(err)
	}
	graphtest.AssertStore(t, st, graphtest.Lines([]quad.Quad{newQ}))
	checkPGConsistent(t, st)
}

// TestPostgresConcurrentReplace: writers in separate connections (as separate processes
// are) replace different sources that support the same facts, each switching many times
// between a version that supports a fact and one that does not. Without the write lock, one
// writer could delete a fact it no longer supports while another, having seen it there,
// adds its support without adding the fact. In the end every source is complete, each
// shared fact is stored once, and exactly the facts some source supports are there.
func TestPostgresConcurrentReplace(t *testing.T) {
	needPostgres(t)
	t.Parallel()
	o := newOptions(t)
	first := openWith(t, o)
	pgOf(first).lockTimeout = 30 * time.Second
	const writers, rounds = 4, 12
	stores := []*graph.Store{first}
	for range writers - 1 {
		o.LockTimeout = 30 * time.Second
		st, err := graph.Open(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		stores = append(stores, st)
	}
	var wg sync.WaitGroup
	var want [][]quad.Quad
	for i, st := range stores {
		label := graphtest.Article("w" + string(rune('a'+i)))
		ownA, sharedA := graphtest.Source(label, graphtest.AcmeFounder, graphtest.BobFounder)
		ownB, sharedB := graphtest.Source(label, graphtest.AcmeWhere)
		if (rounds-1+i)%2 == 0 { // the last round's version
			want = append(want, ownA, sharedA)
		} else {
			want = append(want, ownB, sharedB)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range rounds {
				o, s := ownA, sharedA
				if (r+i)%2 == 1 {
					o, s = ownB, sharedB
				}
				if _, err := st.Replace(context.Background(), label, o, s); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	graphtest.AssertStore(t, first, graphtest.Lines(want...))
	checkPGConsistent(t, first)
}

// TestPostgresImportAtomic: imports keep Cayley's reference counts (the suite's
// ImportAgainAddsNothing checks what they hold), and a bulk import, done or failed, leaves
// Cayley's schema as it was.
func TestPostgresImportAtomic(t *testing.T) {
	needPostgres(t)
	t.Parallel()
	st := openStore(t)
	qs := []quad.Quad{graphtest.AcmeFounder.Quad(), graphtest.AcmeName.Quad(), {Subject: graphtest.Ex("x"), Predicate: graphtest.Name, Object: quad.String("x"), Label: graphtest.Ex("g")}}
	feed := graphtest.Feed
	for range 2 {
		if _, err := st.Import(context.Background(), feed(qs, nil), graph.ImportOptions{Batch: 2}); err != nil {
			t.Fatal(err)
		}
	}
	graphtest.AssertStore(t, st, graphtest.Lines(qs))
	checkPGConsistent(t, st)

	// One transaction into an empty store: the bulk path, which drops and rebuilds the
	// indexes and foreign keys; it must leave Cayley's schema as it was.
	bulk := openStore(t)
	if _, err := bulk.Import(context.Background(), feed(qs, nil), graph.ImportOptions{Commit: -1, Batch: 2}); err != nil {
		t.Fatal(err)
	}
	graphtest.AssertStore(t, bulk, graphtest.Lines(qs))
	checkPGConsistent(t, bulk)
	var n int
	if err := pgOf(bulk).db.QueryRow(`SELECT count(*) FROM pg_indexes WHERE tablename = 'quads' AND schemaname = current_schema()`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 8 { // horizon, 2 unique, spo ops pos osp, label
		t.Errorf("%d indexes on quads after a bulk import, want 8", n)
	}
	if err := pgOf(bulk).db.QueryRow(`SELECT count(*) FROM pg_constraint WHERE conrelid = 'quads'::regclass AND contype = 'f'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 4 {
		t.Errorf("%d foreign keys on quads after a bulk import, want 4", n)
	}
	// And a failed bulk import leaves the empty store with its schema whole.
	failed := openStore(t)
	if _, err := failed.Import(context.Background(), feed(qs, errors.New("bad line")), graph.ImportOptions{Commit: -1, Batch: 2}); err == nil {
		t.Fatal("import that fails at the end succeeded")
	}
	if err := pgOf(failed).db.QueryRow(`SELECT count(*) FROM pg_indexes WHERE tablename = 'quads' AND schemaname = current_schema()`).Scan(&n); err != nil || n != 8 {
		t.Errorf("%d indexes after a failed bulk import (%v), want 8", n, err)
	}
}

// TestOpenCancelled: a connect to a server that accepts the connection and never answers
// (a hung server, a black hole) ends as soon as its context is cancelled (Ctrl-C), not at
// the connect timeout, with ErrConnect and the context's error.
func TestOpenCancelled(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var conns []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c) // held open, never answered
			mu.Unlock()
		}
	}()
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	}()
	addr := "postgres://medkg@" + ln.Addr().String() + "/medkg?sslmode=disable&connect_timeout=60"
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	st, err := graph.Open(ctx, graph.Options{Backend: graph.BackendPostgres, Address: addr})
	if err == nil {
		st.Close()
		t.Fatal("Open of a server that never answers succeeded")
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("cancelled Open returned after %s, want about 200ms", d)
	}
	if !errors.Is(err, graph.ErrConnect) || !strings.Contains(err.Error(), "cancelled") {
		t.Errorf("cancelled Open: %v, want ErrConnect saying it was cancelled", err)
	}
	// Without a cancel, the connect timeout ends it.
	tctx, tcancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer tcancel()
	if _, err := graph.Open(tctx, graph.Options{Backend: graph.BackendPostgres, Address: addr}); !errors.Is(err, graph.ErrConnect) {
		t.Errorf("Open past its deadline: %v, want ErrConnect", err)
	}
}
