package graph

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"io"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/rdf"
)

// EnvTestPostgres names a PostgreSQL server (a connection string) to run the store tests
// against; scripts/pgtest starts a throwaway one and sets it. Without it, the tests use
// bbolt and the PostgreSQL-only tests are skipped.
const EnvTestPostgres = "MEDKG_TEST_POSTGRES"

var pgSchemas sync.Map // test directory → connection string of its schema

// testOptions returns the Options of the store a test keeps in dir: a bbolt directory, or
// with MEDKG_TEST_POSTGRES set a schema of its own in that server, created on first use and
// dropped at the end of the test, so that the tests stay independent.
func testOptions(t testing.TB, dir string) Options {
	t.Helper()
	server := os.Getenv(EnvTestPostgres)
	if server == "" {
		return Options{Path: dir}
	}
	if dsn, ok := pgSchemas.Load(dir); ok {
		return Options{Backend: BackendPostgres, Address: dsn.(string)}
	}
	dsn := newTestSchema(t, server)
	pgSchemas.Store(dir, dsn)
	return Options{Backend: BackendPostgres, Address: dsn}
}

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
			st, err := Open(Options{Backend: BackendPostgres, Address: tc.addr})
			if err == nil {
				st.Close()
				t.Fatal("Open succeeded")
			}
			if d := time.Since(start); d > 6*time.Second {
				t.Errorf("took %s", d)
			}
			if !errors.Is(err, ErrConnect) {
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
	dsn := newTestSchema(t, server)
	if _, err := Open(Options{Backend: BackendPostgres, Address: dsn, ReadOnly: true}); !errors.Is(err, ErrNoStore) {
		t.Fatalf("read-only open of an empty schema: %v, want ErrNoStore", err)
	}
	st, err := Init(Options{Backend: BackendPostgres, Address: dsn})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	st, err = Init(Options{Backend: BackendPostgres, Address: dsn}) // again: no change, no error
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n := size(t, st); n != 0 {
		t.Errorf("new store holds %d quads", n)
	}
	ro, err := Open(Options{Backend: BackendPostgres, Address: dsn, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ro.Close()
}

// checkPGConsistent checks what Cayley relies on in its tables: every node's refs is the
// number of quad positions that use it, and no node is unused; and that Cayley's own read
// path (one query per node) sees the same quads as medkg's joined reads.
func checkPGConsistent(t *testing.T, st *Store) {
	t.Helper()
	var bad int
	err := st.pg.db.QueryRow(`
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
	it := st.qs.QuadsAllIterator().Iterate()
	defer it.Close()
	for it.Next(context.Background()) {
		q, err := st.qs.Quad(it.Result())
		if err != nil {
			t.Fatal(err)
		}
		viaCayley = append(viaCayley, q)
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	if d := diffLines(lines(viaCayley), dump(t, st)); d != "" {
		t.Errorf("Cayley's reads differ from medkg's:%s", d)
	}
}

// TestPostgresReplaceKeepsCayleyConsistent loads, reloads smaller, removes, and checks the
// tables after each step.
func TestPostgresReplaceKeepsCayleyConsistent(t *testing.T) {
	needPostgres(t)
	st := openStore(t)
	a, b := article("a"), article("b")
	own, shared := source(a, claimPerSource, fAcmeFounder, fAcmeName, fAcmeDate, fAcmeStaff)
	replace(t, st, a, own, shared)
	own2, shared2 := source(b, claimPerSource, fAcmeFounder, fBobFounder)
	replace(t, st, b, own2, shared2)
	checkPGConsistent(t, st)
	own, shared = source(a, claimPerSource, fAcmeWhere)
	replace(t, st, a, own, shared)
	checkPGConsistent(t, st)
	assertStore(t, st, lines(own, shared, own2, shared2))
	replace(t, st, a, nil, nil)
	replace(t, st, b, nil, nil)
	checkPGConsistent(t, st)
	assertStore(t, st, nil)
	var nodes int
	st.pg.db.QueryRow(`SELECT count(*) FROM nodes`).Scan(&nodes)
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
	st := openStore(t)
	old := []quad.Quad{
		{Subject: ex("acme"), Predicate: tName, Object: quad.String("Acme"), Label: ex("g")},
		{Subject: ex("acme"), Predicate: tFounder, Object: ex("alice"), Label: ex("g")},
	}
	var ds []cgraph.Delta
	for _, q := range old {
		ds = append(ds, cgraph.Delta{Quad: q, Action: cgraph.Add})
	}
	if err := st.qs.ApplyDeltas(ds, cgraph.IgnoreOpts{IgnoreDup: true}); err != nil {
		t.Fatal(err)
	}
	// Shrink: delete both, add one that reuses every node but alice.
	newQ := quad.Quad{Subject: ex("acme"), Predicate: tName, Object: quad.String("Acme Ltd"), Label: ex("g")}
	ds = []cgraph.Delta{
		{Quad: old[0], Action: cgraph.Delete},
		{Quad: old[1], Action: cgraph.Delete},
		{Quad: newQ, Action: cgraph.Add},
	}
	if err := st.qs.ApplyDeltas(ds, cgraph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true}); err != nil {
		t.Fatal(err)
	}
	assertStore(t, st, lines([]quad.Quad{newQ}))
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
	dir := t.TempDir()
	first := openAt(t, dir)
	first.pg.lockTimeout = 30 * time.Second
	const writers, rounds = 4, 12
	stores := []*Store{first}
	for range writers - 1 {
		o := testOptions(t, dir)
		o.LockTimeout = 30 * time.Second
		st, err := Open(o)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		stores = append(stores, st)
	}
	var wg sync.WaitGroup
	var want [][]quad.Quad
	for i, st := range stores {
		label := article("w" + string(rune('a'+i)))
		ownA, sharedA := source(label, claimPerSource, fAcmeFounder, fBobFounder)
		ownB, sharedB := source(label, claimPerSource, fAcmeWhere)
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
	assertStore(t, first, lines(want...))
	checkPGConsistent(t, first)
}

// TestPostgresWriterWaitsForLock: a writer waits for another's transaction, up to its lock
// timeout, then gets ErrLocked; with time enough it goes ahead once the other commits.
func TestPostgresWriterWaitsForLock(t *testing.T) {
	needPostgres(t)
	dir := t.TempDir()
	first := openAt(t, dir)
	o := testOptions(t, dir)
	o.LockTimeout = 300 * time.Millisecond
	second, err := Open(o)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	own, shared := source(article("a"), claimPerSource, fAcmeFounder)
	var waiting chan error
	err = first.pg.inTx(context.Background(), func(*sql.Tx) error {
		start := time.Now()
		_, err := second.Replace(context.Background(), article("a"), own, shared)
		if !errors.Is(err, ErrLocked) {
			t.Errorf("Replace while another writer holds the lock: %v, want ErrLocked", err)
		}
		if d := time.Since(start); d < 300*time.Millisecond || d > 5*time.Second {
			t.Errorf("gave up after %s, want about 300ms", d)
		}
		second.pg.lockTimeout = 10 * time.Second
		done := make(chan error)
		go func() {
			_, err := second.Replace(context.Background(), article("a"), own, shared)
			done <- err
		}()
		select {
		case err := <-done:
			t.Errorf("Replace went ahead while the lock was held: %v", err)
			return nil
		case <-time.After(300 * time.Millisecond):
		}
		waiting = done
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if waiting == nil {
		return
	}
	if err := <-waiting; err != nil {
		t.Errorf("Replace after the lock was released: %v", err)
	}
}

// TestPostgresImportAtomic: a failed import in one transaction leaves nothing behind, and
// importing what is there adds no duplicate.
func TestPostgresImportAtomic(t *testing.T) {
	needPostgres(t)
	st := openStore(t)
	qs := []quad.Quad{fAcmeFounder.quad(), fAcmeName.quad(), {Subject: ex("x"), Predicate: tName, Object: quad.String("x"), Label: ex("g")}}
	feed := func(qs []quad.Quad, fail error) rdf.ReaderFunc {
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
	if _, err := st.Import(context.Background(), feed(qs, errors.New("bad line")), ImportOptions{Commit: -1, Batch: 2}); err == nil {
		t.Fatal("import that fails at the end succeeded")
	}
	assertStore(t, st, nil)
	for range 2 {
		if _, err := st.Import(context.Background(), feed(qs, nil), ImportOptions{Batch: 2}); err != nil {
			t.Fatal(err)
		}
	}
	assertStore(t, st, lines(qs))
	checkPGConsistent(t, st)

	// One transaction into an empty store: the bulk path, which drops and rebuilds the
	// indexes and foreign keys; it must leave Cayley's schema as it was.
	bulk := openStore(t)
	if _, err := bulk.Import(context.Background(), feed(qs, nil), ImportOptions{Commit: -1, Batch: 2}); err != nil {
		t.Fatal(err)
	}
	assertStore(t, bulk, lines(qs))
	checkPGConsistent(t, bulk)
	var n int
	if err := bulk.pg.db.QueryRow(`SELECT count(*) FROM pg_indexes WHERE tablename = 'quads' AND schemaname = current_schema()`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 8 { // horizon, 2 unique, spo ops pos osp, label
		t.Errorf("%d indexes on quads after a bulk import, want 8", n)
	}
	if err := bulk.pg.db.QueryRow(`SELECT count(*) FROM pg_constraint WHERE conrelid = 'quads'::regclass AND contype = 'f'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 4 {
		t.Errorf("%d foreign keys on quads after a bulk import, want 4", n)
	}
	// And a failed bulk import leaves the empty store with its schema whole.
	failed := openStore(t)
	if _, err := failed.Import(context.Background(), feed(qs, errors.New("bad line")), ImportOptions{Commit: -1, Batch: 2}); err == nil {
		t.Fatal("import that fails at the end succeeded")
	}
	if err := failed.pg.db.QueryRow(`SELECT count(*) FROM pg_indexes WHERE tablename = 'quads' AND schemaname = current_schema()`).Scan(&n); err != nil || n != 8 {
		t.Errorf("%d indexes after a failed bulk import (%v), want 8", n, err)
	}
}
