// Package graph is medkg's only door to Cayley: it opens the store, writes a source's quads
// in one transaction, reads quads by node, and exports. It knows RDF but not medkg's
// vocabulary; the commands compose its primitives with the loader's terms.
//
// This package holds what is the same on every backend (Store, Options, errors, the rules
// of replacing a source, import checks, export ordering, Gizmo sessions); the backends
// (graph/bolt, graph/postgres) implement Backend and register themselves. A program
// imports the backends it offers, for their side effect.
package graph

import (
	"context"
	"errors"
	"time"

	"github.com/cayleygraph/quad"
)

// ErrLocked is returned when another process holds the store.
var ErrLocked = errors.New("store is locked by another process")

// ErrNoStore is returned when a read-only command finds no store to read.
var ErrNoStore = errors.New("no store here")

// ErrConnect is returned when the database server cannot be reached or refuses the
// credentials.
var ErrConnect = errors.New("cannot connect to the database server")

// ErrReadOnly is returned by writes to a store opened read-only.
var ErrReadOnly = errors.New("store is open read-only")

// DefaultLockTimeout is how long a writer waits for another's lock unless
// Options.LockTimeout says otherwise.
const DefaultLockTimeout = 2 * time.Second

// Options says which store to open and how.
type Options struct {
	Backend     string        // BackendBolt (the default) or BackendPostgres
	Path        string        // directory of the bbolt store
	Address     string        // PostgreSQL connection string (empty: libpq's PG* variables)
	ReadOnly    bool          // share the store with other readers; writes fail
	LockTimeout time.Duration // how long to wait for another process's lock (default 2s)
	// Index, if set, is the maintained index (index.go) a new store is created with, on a
	// backend that keeps one; an existing store keeps the one it has, or none.
	Index *IndexSpec
}

// Store is an open quad store. It is not safe for concurrent use while a write is running.
type Store struct {
	opts    Options
	b       Backend // nil once closed
	backend string  // the backend's name
	path    string  // b.Path(), kept for messages after Close
}

// Open opens the store o names, creating it on first use unless o.ReadOnly. ctx bounds the
// opening only (a PostgreSQL connect can be cancelled with it); the store outlives it.
func Open(ctx context.Context, o Options) (*Store, error) {
	if o.Backend == "" {
		o.Backend = BackendBolt
	}
	open, err := opener(o.Backend)
	if err != nil {
		return nil, err
	}
	if o.LockTimeout <= 0 {
		o.LockTimeout = DefaultLockTimeout
	}
	b, err := open(ctx, o)
	if err != nil {
		return nil, err
	}
	return &Store{opts: o, b: b, backend: o.Backend, path: b.Path()}, nil
}

// Init creates the store's schema if it is not there: for bbolt, the store directory and
// Cayley's buckets; for PostgreSQL, Cayley's tables and medkg's extra indexes (which it also
// adds to a schema Cayley created). Running it again changes nothing.
func Init(ctx context.Context, o Options) (*Store, error) {
	if o.ReadOnly {
		return nil, errors.New("graph: Init needs a writable store")
	}
	st, err := Open(ctx, o)
	if err != nil {
		return nil, err
	}
	if in, ok := st.b.(Initer); ok {
		if err := in.Init(ctx); err != nil {
			st.Close()
			return nil, err
		}
	}
	return st, nil
}

// Close releases the store and its lock. Closing twice does nothing.
func (s *Store) Close() error {
	if s.b == nil {
		return nil
	}
	err := s.b.Close()
	s.b = nil
	return err
}

// errClosed is returned by the methods of a closed store.
var errClosed = errors.New("graph: store is closed")

// Path is the store's directory, or the PostgreSQL server and database (without a password).
func (s *Store) Path() string { return s.path }

// Backend is the store's backend: BackendBolt or BackendPostgres.
func (s *Store) Backend() string { return s.backend }

// Size is the number of quads in the store.
func (s *Store) Size(ctx context.Context) (int64, error) {
	if s.b == nil {
		return 0, errClosed
	}
	return s.b.Size(ctx)
}

// Quads calls fn for each quad that has v in direction d (Subject, Predicate, Object or
// Label), in no particular order, stopping at fn's first error.
func (s *Store) Quads(ctx context.Context, d quad.Direction, v quad.Value, fn func(quad.Quad) error) error {
	if s.b == nil {
		return errClosed
	}
	return s.b.Quads(ctx, d, v, fn)
}

// QuadsWith calls fn for each quad that has v in direction d (Subject or Object) and
// predicate p, in the order Quads gives them. It reads only those quads where the store has
// an index on (d, predicate) (Cayley's kv store has both), not all of v's quads.
func (s *Store) QuadsWith(ctx context.Context, d quad.Direction, v quad.Value, p quad.IRI, fn func(quad.Quad) error) error {
	if s.b == nil {
		return errClosed
	}
	return s.b.QuadsWith(ctx, d, v, p, fn)
}

// QuadsWithAny calls fn for each quad that has one of vs in direction d (Subject or
// Object) and predicate p: the quads of QuadsWith for each of vs, read together where the
// backend can (on bbolt one scan, in the order of vs, its values looked up in batches; on
// PostgreSQL the subjects in one statement, their quads in no particular order).
func (s *Store) QuadsWithAny(ctx context.Context, d quad.Direction, vs []quad.Value, p quad.IRI, fn func(quad.Quad) error) error {
	if s.b == nil {
		return errClosed
	}
	return s.b.QuadsWithAny(ctx, d, vs, p, fn)
}

// AllQuads calls fn for every quad in the store, in no particular order.
func (s *Store) AllQuads(ctx context.Context, fn func(quad.Quad) error) error {
	if s.b == nil {
		return errClosed
	}
	return s.b.AllQuads(ctx, fn)
}

// Has reports whether v is a node of the store (in any position of any quad).
func (s *Store) Has(v quad.Value) (bool, error) {
	if s.b == nil {
		return false, errClosed
	}
	return s.b.Has(context.Background(), v)
}

// ErrNoSQL is returned by SQLQuery on a store that is not in an SQL database.
var ErrNoSQL = errors.New("not an SQL store")

// RunsSQL reports whether the store runs stored queries' SQL plans (SQLQuery): whether a
// caller should try one before the Gizmo script.
func (s *Store) RunsSQL() bool {
	_, ok := s.b.(SQLQuerier)
	return ok
}

// SQLQuery runs a stored query's SQL plan (see queries.SQLPlan) on an SQL backend, in one
// statement: a traversal that Cayley's SQL backend runs as one query per row it touches.
// In the plan, iri(prefix:local) stands for the hash of that IRI (prefixes from ns) and
// param(name) for the hash of params[name]; lines starting with -- are comments. Every
// column of the result is a node hash; a row comes back as tags named after the columns.
// The deadline of ctx cuts the query (ErrTimeout); more than limit rows (if limit > 0)
// return the first limit rows and ErrLimit. On other backends it returns ErrNoSQL.
func (s *Store) SQLQuery(ctx context.Context, plan string, ns map[string]string, params map[string]quad.Value, limit int) ([]Row, error) {
	q, ok := s.b.(SQLQuerier)
	if !ok {
		return nil, ErrNoSQL
	}
	return q.SQLQuery(ctx, plan, ns, params, limit)
}
