// Package postgres is medkg's PostgreSQL backend: Cayley's SQL quad store (flavour
// postgres) for Gizmo, beside medkg's own connection that reads and writes Cayley's tables
// in bulk, in the format Cayley reads (see store). Everything that knows SQL is here:
// connection strings (address.go), the schema and the write lock (this file), bulk import
// (import.go) and stored queries' SQL plans (sqlquery.go).
//
// Importing the package registers it with graph as graph.BackendPostgres.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/cayleygraph/cayley/clog"
	cgraph "github.com/cayleygraph/cayley/graph"
	csql "github.com/cayleygraph/cayley/graph/sql"
	_ "github.com/cayleygraph/cayley/graph/sql/postgres" // registers Cayley's "postgres" backend
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	"github.com/lib/pq"

	"github.com/medkg/medkg/graph"
)

func init() { graph.Register(graph.BackendPostgres, open) }

// store is medkg's own connection to a PostgreSQL store, beside Cayley's SQL quad store
// (which Gizmo queries go through). Cayley's backend writes every quad with its own INSERT
// and its own transaction per ApplyDeltas, and reads each node of each quad with its own
// SELECT; medkg writes and reads the same tables in bulk, in the format Cayley reads:
//
//	nodes(hash bytea primary key, refs int, value bytea, value_string text, datatype text,
//	      language text, iri bool, bnode bool, value_int bigint, value_bool bool,
//	      value_float double precision, value_time timestamptz)
//	quads(horizon bigserial, subject_hash, predicate_hash, object_hash, label_hash bytea, ts)
//
// where a hash is Cayley's refs.HashOf of the value and refs counts the quads that use the
// node in any position.
type store struct {
	addr        pgAddress
	db          *sql.DB
	qs          cgraph.QuadStore // Cayley's SQL store, which Gizmo queries
	lockTimeout time.Duration
}

// quietLog keeps Cayley's SQL backend from logging: it writes the connection string, password
// included, to stderr when a connection fails, and every error it logs is returned as well.
type quietLog struct{}

func (quietLog) Infof(string, ...interface{})    {}
func (quietLog) Warningf(string, ...interface{}) {}
func (quietLog) Errorf(string, ...interface{})   {}
func (quietLog) Fatalf(f string, a ...interface{}) {
	panic(fmt.Sprintf(f, a...))
}
func (quietLog) V(int) bool { return false }
func (quietLog) SetV(int)   {}

var quietOnce sync.Once

// quietCayley installs quietLog as Cayley's logger, once: clog's logger is a global that
// clog.SetLogger writes unguarded, and stores open concurrently (the server, the tests).
func quietCayley() { quietOnce.Do(func() { clog.SetLogger(quietLog{}) }) }

// open connects to the server named by o.Address, checks (or, for a writer, creates) the
// schema, and opens Cayley's SQL quad store over it. ctx cancels the connect (Ctrl-C while
// a server does not answer) as well as the connect timeout does.
func open(ctx context.Context, o graph.Options) (graph.Backend, error) {
	a, err := parsePGAddress(o.Address)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", graph.ErrConnect, err)
	}
	p := &store{addr: a, lockTimeout: o.LockTimeout}
	if p.lockTimeout <= 0 {
		p.lockTimeout = graph.DefaultLockTimeout
	}
	if err := p.connect(ctx); err != nil {
		return nil, err
	}
	ok, err := p.hasSchema(ctx)
	if err == nil && !ok {
		if o.ReadOnly {
			err = fmt.Errorf("PostgreSQL %s: %w: no medkg tables in this database (or schema); run `medkg init` or `medkg load`", a.display, graph.ErrNoStore)
		} else {
			err = p.initSchema(ctx)
		}
	}
	if err != nil {
		p.db.Close()
		return nil, err
	}
	quietCayley()
	// Cayley connects again, without a context: run it so that ctx can still abandon it.
	var qs cgraph.QuadStore
	_, err = withContext(ctx, func() error {
		var err error
		qs, err = csql.New(graph.BackendPostgres, a.dsn, nil)
		return err
	}, func() {
		if qs != nil {
			qs.Close()
		}
	})
	if err != nil {
		p.db.Close()
		return nil, p.connectError(err)
	}
	p.qs = qs
	return p, nil
}

// withContext runs fn and returns its error (finished), or ctx's as soon as ctx is done;
// then fn goes on in the background and abandon is called once it has returned, to release
// what it made. database/sql and lib/pq do not interrupt a connect that waits for the server's
// answer (they bound only the dial); this lets Ctrl-C do it.
func withContext(ctx context.Context, fn func() error, abandon func()) (finished bool, err error) {
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		return true, err
	case <-ctx.Done():
		go func() {
			<-done
			abandon()
		}()
		return false, ctx.Err()
	}
}

// connect opens the pool and checks that the server answers and accepts the credentials,
// within the connect timeout.
func (p *store) connect(ctx context.Context) error {
	db, err := sql.Open("postgres", p.addr.dsn)
	if err != nil {
		return p.connectError(err)
	}
	tctx, cancel := context.WithTimeout(ctx, 6*time.Second)
	defer cancel()
	finished, err := withContext(tctx, func() error { return db.PingContext(tctx) }, func() { db.Close() })
	if err != nil {
		if finished {
			db.Close() // else it is closed when the abandoned ping returns
		}
		return p.connectError(err)
	}
	p.db = db
	return nil
}

// connectError says what failed, naming the server and never the password.
func (p *store) connectError(err error) error {
	var pe *pq.Error
	if errors.As(err, &pe) {
		switch pe.Code {
		case "28P01", "28000": // invalid_password, invalid_authorization_specification
			return p.addr.wrap(graph.ErrConnect, "PostgreSQL at "+p.addr.display+" refused the credentials (%v): check the user and the password ($PGPASSWORD or ~/.pgpass)", err)
		case "3D000": // invalid_catalog_name
			return p.addr.wrap(graph.ErrConnect, "PostgreSQL at "+p.addr.display+": %v: create the database first (createdb)", err)
		}
	}
	switch {
	case errors.Is(err, context.Canceled):
		err = errors.New("connect cancelled")
	case errors.Is(err, context.DeadlineExceeded):
		err = errors.New("no answer within the connect timeout")
	}
	return p.addr.wrap(graph.ErrConnect, "cannot reach PostgreSQL at "+p.addr.display+": %v", err)
}

// Close closes medkg's connections and Cayley's.
func (p *store) Close() error { return errors.Join(p.qs.Close(), p.db.Close()) }

// Path names the server and database, without a password.
func (p *store) Path() string { return "postgres://" + p.addr.display }

// hasSchema reports whether Cayley's tables exist in the connection's schema.
func (p *store) hasSchema(ctx context.Context) (bool, error) {
	var ok bool
	err := p.db.QueryRowContext(ctx, `SELECT to_regclass('quads') IS NOT NULL AND to_regclass('nodes') IS NOT NULL`).Scan(&ok)
	if err != nil {
		return false, p.addr.wrap(nil, "PostgreSQL "+p.addr.display+": check schema: %v", err)
	}
	return ok, nil
}

// extraIndexes are the indexes medkg adds to Cayley's schema. Cayley indexes quads by
// (s,p,o), (o,p,s), (p,o,s) and (o,s,p) but not by graph label, so finding a graph's quads
// scanned the table (77 ms → 1 ms at 1M quads with this index).
var extraIndexes = []string{
	`CREATE INDEX IF NOT EXISTS medkg_label_index ON quads (label_hash)`,
}

// lockKey is the advisory lock every medkg writer of one store takes: one store is one
// schema of one database.
const lockKey = `hashtext('medkg store ' || current_schema())`

// initSchema creates Cayley's tables (with Cayley's own Init, so that the schema is exactly
// the one Cayley creates) and medkg's extra indexes, holding the store's advisory lock so
// that two processes initialising at once do not collide.
func (p *store) initSchema(ctx context.Context) error {
	conn, err := p.db.Conn(ctx)
	if err != nil {
		return p.connectError(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(`+lockKey+`)`); err != nil {
		return p.addr.wrap(nil, "PostgreSQL "+p.addr.display+": %v", err)
	}
	defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(`+lockKey+`)`)
	ok, err := p.hasSchema(ctx)
	if err != nil {
		return err
	}
	if !ok {
		quietCayley()
		if err := cgraph.InitQuadStore(graph.BackendPostgres, p.addr.dsn, nil); err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
			return p.addr.wrap(nil, "PostgreSQL "+p.addr.display+": create schema: %v", err)
		}
	}
	for _, ix := range extraIndexes {
		if _, err := conn.ExecContext(ctx, ix); err != nil {
			return p.addr.wrap(nil, "PostgreSQL "+p.addr.display+": create index: %v", err)
		}
	}
	return nil
}

// inTx runs fn in one database transaction holding the store's advisory write lock, so that
// writers in any number of processes take turns: each reads the store as the previous one
// left it. It waits for the lock up to the lock timeout.
func (p *store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := p.db.BeginTx(ctx, nil)
	if err != nil {
		return p.addr.wrap(nil, "PostgreSQL "+p.addr.display+": begin: %v", err)
	}
	defer tx.Rollback()
	ms := p.lockTimeout.Milliseconds()
	if ms < 1 {
		ms = 1
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`SET LOCAL lock_timeout = %d`, ms)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(`+lockKey+`)`); err != nil {
		var pe *pq.Error
		if errors.As(err, &pe) && pe.Code == "55P03" { // lock_not_available
			return fmt.Errorf("PostgreSQL %s: %w (waited %s for another writer; is another medkg writing?)", p.addr.display, graph.ErrLocked, p.lockTimeout)
		}
		return err
	}
	if _, err := tx.ExecContext(ctx, `SET LOCAL lock_timeout = 0`); err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// insertNodes adds the nodes of qs that are not in the store, with no references yet,
// staging them in medkg_n.
func insertNodes(ctx context.Context, tx *sql.Tx, qs []quad.Quad) error {
	seen := make(map[quad.Value]bool)
	var rows [][]any
	for _, q := range qs {
		for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
			if v == nil || seen[v] {
				continue
			}
			seen[v] = true
			row, err := nodeRow(v)
			if err != nil {
				return err
			}
			rows = append(rows, row)
		}
	}
	if err := copyRows(ctx, tx, "medkg_n", pgNodeColumns, rows); err != nil {
		return err
	}
	cols := strings.Join(pgNodeColumns, ", ")
	if _, err := tx.ExecContext(ctx, `INSERT INTO nodes (refs, `+cols+`) SELECT DISTINCT ON (hash) 0, `+cols+` FROM medkg_n ON CONFLICT (hash) DO NOTHING`); err != nil {
		return fmt.Errorf("insert nodes: %w", err)
	}
	return nil
}

// A bulk import into an empty store (see importPG) stages every quad in medkg_bulk and moves
// them into quads at the end, with no index on quads but its primary key meanwhile.

// startBulk creates the staging table.
// Its sorts (DISTINCT, the reference counts, every index) get more memory than PostgreSQL's
// defaults, for this transaction only.
func (p *store) startBulk(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `CREATE TEMP TABLE medkg_bulk (s bytea, p bytea, o bytea, l bytea) ON COMMIT DROP;
SET LOCAL maintenance_work_mem = '256MB';
SET LOCAL work_mem = '128MB'`)
	return err
}

// stageBulk adds a batch to a bulk import: its new nodes go into nodes, its quads into
// medkg_bulk.
func (p *store) stageBulk(ctx context.Context, tx *sql.Tx, qs []quad.Quad) error {
	if _, err := tx.ExecContext(ctx, pgTempTables); err != nil {
		return fmt.Errorf("stage: %w", err)
	}
	if err := insertNodes(ctx, tx, qs); err != nil {
		return err
	}
	return copyQuads(ctx, tx, "medkg_bulk", qs)
}

// finishBulk moves the staged quads, each once, into quads, and counts references.
func (p *store) finishBulk(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO quads (subject_hash, predicate_hash, object_hash, label_hash, ts)
	SELECT DISTINCT s, p, o, l, now() FROM medkg_bulk`); err != nil {
		return fmt.Errorf("insert quads: %w", err)
	}
	return p.countRefs(ctx, tx)
}

// countRefs sets every node's reference count from the quads, and deletes the nodes no quad
// uses: the end of a bulk import.
func (p *store) countRefs(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `
WITH used AS (
	SELECT subject_hash AS h FROM quads UNION ALL SELECT predicate_hash FROM quads
	UNION ALL SELECT object_hash FROM quads UNION ALL SELECT label_hash FROM quads WHERE label_hash IS NOT NULL
), counts AS (
	SELECT h, count(*) AS n FROM used GROUP BY h
)
UPDATE nodes SET refs = counts.n FROM counts WHERE nodes.hash = counts.h AND nodes.refs <> counts.n;
DELETE FROM nodes WHERE refs <= 0`)
	if err != nil {
		return fmt.Errorf("count references: %w", err)
	}
	return nil
}

// Temporary tables that a write stages its nodes and quads in, created once per connection.
const pgTempTables = `
CREATE TEMP TABLE IF NOT EXISTS medkg_n (hash bytea, value bytea, value_string text,
	datatype text, language text, iri boolean, bnode boolean, value_int bigint,
	value_bool boolean, value_float double precision, value_time timestamptz) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS medkg_qa (s bytea, p bytea, o bytea, l bytea) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS medkg_qd (s bytea, p bytea, o bytea, l bytea) ON COMMIT DELETE ROWS;
SET LOCAL client_min_messages = warning;
TRUNCATE medkg_n, medkg_qa, medkg_qd;`

var pgNodeColumns = []string{"hash", "value", "value_string", "datatype", "language", "iri", "bnode", "value_int", "value_bool", "value_float", "value_time"}

// nodeRow is a value as a row of Cayley's nodes table (without refs), in pgNodeColumns order.
func nodeRow(v quad.Value) ([]any, error) {
	typ, vals, err := csql.NodeValues(csql.HashOf(v), v)
	if err != nil {
		return nil, err
	}
	row := make([]any, len(pgNodeColumns))
	row[0] = vals[0]
	for i, col := range typ.Columns() {
		for j, c := range pgNodeColumns {
			if c == col {
				row[j] = vals[i+1]
			}
		}
	}
	return row, nil
}

func hashArg(v quad.Value) any { return csql.HashOf(v).SQLValue() }

// apply adds and deletes quads within tx, keeping the nodes and their reference counts as
// Cayley keeps them: a node exists while some quad uses it. Adding a quad that is there, or
// deleting one that is not, does nothing. It stages the quads with COPY and changes the
// tables with a handful of set-based statements, whatever the number of quads. It returns
// how many quads were added and deleted.
func (p *store) apply(ctx context.Context, tx *sql.Tx, adds, dels []quad.Quad) (added, deleted int64, err error) {
	if len(adds)+len(dels) == 0 {
		return 0, 0, nil
	}
	if _, err := tx.ExecContext(ctx, pgTempTables); err != nil {
		return 0, 0, fmt.Errorf("stage: %w", err)
	}
	if len(adds) > 0 {
		if err := insertNodes(ctx, tx, adds); err != nil {
			return 0, 0, err
		}
		if err := copyQuads(ctx, tx, "medkg_qa", adds); err != nil {
			return 0, 0, err
		}
		err := tx.QueryRowContext(ctx, `
WITH ins AS (
	INSERT INTO quads (subject_hash, predicate_hash, object_hash, label_hash, ts)
	SELECT s, p, o, l, now() FROM medkg_qa
	ON CONFLICT DO NOTHING
	RETURNING subject_hash, predicate_hash, object_hash, label_hash
), used AS (
	SELECT subject_hash AS h FROM ins UNION ALL SELECT predicate_hash FROM ins
	UNION ALL SELECT object_hash FROM ins UNION ALL SELECT label_hash FROM ins WHERE label_hash IS NOT NULL
), counts AS (
	SELECT h, count(*) AS n FROM used GROUP BY h
), upd AS (
	UPDATE nodes SET refs = nodes.refs + counts.n FROM counts WHERE nodes.hash = counts.h RETURNING 1
)
SELECT (SELECT count(*) FROM ins), (SELECT count(*) FROM upd)`).Scan(&added, new(int64))
		if err != nil {
			return 0, 0, fmt.Errorf("insert quads: %w", err)
		}
		// A node staged for a quad that was already there gained no reference.
		if _, err := tx.ExecContext(ctx, `DELETE FROM nodes WHERE refs <= 0 AND hash IN (SELECT hash FROM medkg_n)`); err != nil {
			return 0, 0, fmt.Errorf("insert nodes: %w", err)
		}
	}
	if len(dels) > 0 {
		if err := copyQuads(ctx, tx, "medkg_qd", dels); err != nil {
			return 0, 0, err
		}
		err := tx.QueryRowContext(ctx, `
WITH del AS (
	DELETE FROM quads q USING medkg_qd d
	WHERE q.subject_hash = d.s AND q.predicate_hash = d.p AND q.object_hash = d.o
	  AND (q.label_hash = d.l OR q.label_hash IS NULL AND d.l IS NULL)
	RETURNING q.subject_hash, q.predicate_hash, q.object_hash, q.label_hash
), used AS (
	SELECT subject_hash AS h FROM del UNION ALL SELECT predicate_hash FROM del
	UNION ALL SELECT object_hash FROM del UNION ALL SELECT label_hash FROM del WHERE label_hash IS NOT NULL
), counts AS (
	SELECT h, count(*) AS n FROM used GROUP BY h
), upd AS (
	UPDATE nodes SET refs = nodes.refs - counts.n FROM counts WHERE nodes.hash = counts.h RETURNING 1
)
SELECT (SELECT count(*) FROM del), (SELECT count(*) FROM upd)`).Scan(&deleted, new(int64))
		if err != nil {
			return 0, 0, fmt.Errorf("delete quads: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `
DELETE FROM nodes WHERE refs <= 0 AND hash IN (
	SELECT s FROM medkg_qd UNION SELECT p FROM medkg_qd UNION SELECT o FROM medkg_qd
	UNION SELECT l FROM medkg_qd WHERE l IS NOT NULL)`); err != nil {
			return 0, 0, fmt.Errorf("delete nodes: %w", err)
		}
	}
	return added, deleted, nil
}

func copyQuads(ctx context.Context, tx *sql.Tx, table string, qs []quad.Quad) error {
	rows := make([][]any, len(qs))
	for i, q := range qs {
		var l any
		if q.Label != nil {
			l = hashArg(q.Label)
		}
		rows[i] = []any{hashArg(q.Subject), hashArg(q.Predicate), hashArg(q.Object), l}
	}
	return copyRows(ctx, tx, table, []string{"s", "p", "o", "l"}, rows)
}

// copyRows streams rows into table with COPY.
func copyRows(ctx context.Context, tx *sql.Tx, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, pq.CopyIn(table, cols...))
	if err != nil {
		return fmt.Errorf("copy into %s: %w", table, err)
	}
	defer stmt.Close()
	for _, r := range rows {
		if _, err := stmt.ExecContext(ctx, r...); err != nil {
			return fmt.Errorf("copy into %s: %w", table, err)
		}
	}
	if _, err := stmt.ExecContext(ctx); err != nil {
		return fmt.Errorf("copy into %s: %w", table, err)
	}
	return nil
}

// pgNodeSelect reads a node's value columns, in the order scanNode expects, from alias n.
func pgNodeSelect(n string) string {
	cols := make([]string, 0, 10)
	for _, c := range pgNodeColumns[1:] {
		cols = append(cols, n+"."+c)
	}
	return strings.Join(cols, ", ")
}

// pgQuadSelect joins each quad to its four nodes, so that a quad is read in one row rather
// than Cayley's one query per node.
var pgQuadSelect = `SELECT ` + pgNodeSelect("s") + `, ` + pgNodeSelect("p") + `, ` + pgNodeSelect("o") + `, ` + pgNodeSelect("l") + `
FROM quads q ` + pgQuadJoins

const pgQuadJoins = `JOIN nodes s ON s.hash = q.subject_hash JOIN nodes p ON p.hash = q.predicate_hash
JOIN nodes o ON o.hash = q.object_hash LEFT JOIN nodes l ON l.hash = q.label_hash`

// nodeScan holds one node's columns as scanned.
type nodeScan struct {
	data   []byte
	str    sql.NullString
	typ    sql.NullString
	lang   sql.NullString
	iri    sql.NullBool
	bnode  sql.NullBool
	vint   sql.NullInt64
	vbool  sql.NullBool
	vfloat sql.NullFloat64
	vtime  sql.NullTime
}

func (n *nodeScan) dest() []any {
	return []any{&n.data, &n.str, &n.typ, &n.lang, &n.iri, &n.bnode, &n.vint, &n.vbool, &n.vfloat, &n.vtime}
}

// value decodes a node exactly as Cayley's SQL backend does (QuadStore.NameOf).
func (n *nodeScan) value() (quad.Value, error) {
	unescape := func(s string) string { return strings.ReplaceAll(s, `\x00`, "\x00") }
	switch {
	case n.str.Valid:
		switch {
		case n.iri.Bool:
			return quad.IRI(n.str.String), nil
		case n.bnode.Bool:
			return quad.BNode(n.str.String), nil
		case n.lang.Valid:
			return quad.LangString{Value: quad.String(unescape(n.str.String)), Lang: n.lang.String}, nil
		case n.typ.Valid:
			return quad.TypedString{Value: quad.String(unescape(n.str.String)), Type: quad.IRI(n.typ.String)}, nil
		}
		return quad.String(unescape(n.str.String)), nil
	case n.vint.Valid:
		return quad.Int(n.vint.Int64), nil
	case n.vbool.Valid:
		return quad.Bool(n.vbool.Bool), nil
	case n.vfloat.Valid:
		return quad.Float(n.vfloat.Float64), nil
	case n.vtime.Valid:
		return quad.Time(n.vtime.Time.UTC()), nil
	case n.data == nil:
		return nil, nil // the label of a quad in the default graph
	}
	return pquads.UnmarshalValue(n.data)
}

// quads runs a query over pgQuadSelect and calls fn with each quad.
func (p *store) quads(ctx context.Context, where string, args []any, fn func(quad.Quad) error) error {
	return p.quadsQuery(ctx, pgQuadSelect+" "+where, args, fn)
}

// quadsQuery runs a query that selects what pgQuadSelect does and calls fn with each quad.
func (p *store) quadsQuery(ctx context.Context, query string, args []any, fn func(quad.Quad) error) error {
	rows, err := p.db.QueryContext(ctx, query, args...)
	if err != nil {
		return p.addr.wrap(nil, "PostgreSQL "+p.addr.display+": read quads: %v", err)
	}
	defer rows.Close()
	var ns [4]nodeScan
	dest := make([]any, 0, 40)
	for i := range ns {
		dest = append(dest, ns[i].dest()...)
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		var vs [4]quad.Value
		for i := range ns {
			if vs[i], err = ns[i].value(); err != nil {
				return err
			}
		}
		if err := fn(quad.Quad{Subject: vs[0], Predicate: vs[1], Object: vs[2], Label: vs[3]}); err != nil {
			return err
		}
	}
	return rows.Err()
}

// dirColumn is the quads column of a direction.
func dirColumn(d quad.Direction) string {
	return "q." + d.String() + "_hash"
}

// Size counts the quads exactly (Cayley's Stats gives PostgreSQL's estimate, or a count it
// cached before medkg's own writes).
func (p *store) Size(ctx context.Context) (int64, error) {
	var n int64
	err := p.db.QueryRowContext(ctx, `SELECT count(*) FROM quads`).Scan(&n)
	return n, err
}

// Has reports whether v is a node of the store: Cayley's ValueOf on SQL is a hash, whether
// or not the node exists.
func (p *store) Has(ctx context.Context, v quad.Value) (bool, error) {
	var ok bool
	err := p.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM nodes WHERE hash = $1)`, hashArg(v)).Scan(&ok)
	return ok, err
}

// Quads reads v's quads in one statement, each joined to its four nodes.
func (p *store) Quads(ctx context.Context, d quad.Direction, v quad.Value, fn func(quad.Quad) error) error {
	return p.quads(ctx, "WHERE "+dirColumn(d)+" = $1", []any{hashArg(v)}, fn)
}

// QuadsWith is Quads filtered: the quads indexes lead with the node, so the statement
// reads v's quads from one index range either way.
func (p *store) QuadsWith(ctx context.Context, d quad.Direction, v quad.Value, pred quad.IRI, fn func(quad.Quad) error) error {
	return p.Quads(ctx, d, v, func(q quad.Quad) error {
		if q.Predicate != pred {
			return nil
		}
		return fn(q)
	})
}

// QuadsWithAny reads the quads of every subject in one statement (one index look-up per
// subject and predicate), in no particular order; objects one at a time.
func (p *store) QuadsWithAny(ctx context.Context, d quad.Direction, vs []quad.Value, pred quad.IRI, fn func(quad.Quad) error) error {
	if d == quad.Subject {
		return p.quadsOfSubjects(ctx, vs, []quad.Value{pred}, fn)
	}
	for _, v := range vs {
		if err := p.QuadsWith(ctx, d, v, pred, fn); err != nil {
			return err
		}
	}
	return nil
}

// AllQuads reads every quad in one statement.
func (p *store) AllQuads(ctx context.Context, fn func(quad.Quad) error) error {
	return p.quads(ctx, "", nil, fn)
}

// Apply runs plan and writes its answer in one database transaction that holds the
// store's write lock, so that another process's writes cannot come between what plan reads
// and what is written.
func (p *store) Apply(ctx context.Context, plan func() (adds, dels []quad.Quad, err error)) error {
	return p.inTx(ctx, func(tx *sql.Tx) error {
		adds, dels, err := plan()
		if err != nil {
			return err
		}
		_, _, err = p.apply(ctx, tx, adds, dels)
		return err
	})
}

// GizmoStore is Cayley's SQL store itself: its backend builds its own statements only over
// its own store type (wrapped, Gizmo fails with "not a SQL quadstore").
func (p *store) GizmoStore() (cgraph.QuadStore, func()) { return p.qs, nil }

// DefaultImportCommit: PostgreSQL keeps a large transaction on disk, not in memory, so an
// import is one transaction unless --commit-every says otherwise (graph.ImportCommitter).
func (p *store) DefaultImportCommit() int { return -1 }

// Init creates Cayley's tables and medkg's extra indexes if they are not there (and adds
// the indexes to a schema Cayley created).
func (p *store) Init(ctx context.Context) error { return p.initSchema(ctx) }
