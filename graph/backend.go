package graph

import (
	"context"
	"fmt"
	"strings"
	"sync"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// Backends medkg can store its graph in: an embedded bbolt directory (the default, package
// graph/bolt), or a PostgreSQL server through Cayley's SQL backend (package graph/postgres).
const (
	BackendBolt     = "bbolt"
	BackendPostgres = "postgres"
)

// Backends lists the backend names for flags and messages.
var Backends = []string{BackendBolt, BackendPostgres}

// Backend is what a Store needs of the database under it. The core (this package) holds
// what is the same for every backend: the rules of replacing a source, the import's input
// checks and commit policy, export ordering, Gizmo sessions, errors. A backend holds the
// rest: how quads are read and written, in which transactions, under which lock. Each
// backend is its own package (graph/bolt, graph/postgres) and registers itself with
// Register; the core never imports one, so imports flow one way, from the backends to the
// core, as in Cayley's own graph registry.
//
// Every backend passes the conformance suite in graph/graphtest.
type Backend interface {
	// Path names the store for messages: its directory, or its server and database
	// (never a password).
	Path() string
	// Close releases the store and its lock.
	Close() error

	// Size is the number of quads in the store.
	Size(ctx context.Context) (int64, error)
	// Quads calls fn for each quad with v in direction d, in no particular order, stopping
	// at fn's first error.
	Quads(ctx context.Context, d quad.Direction, v quad.Value, fn func(quad.Quad) error) error
	// QuadsWith is Quads restricted to predicate p, in the order Quads gives them, reading
	// only those quads where the backend has an index for it.
	QuadsWith(ctx context.Context, d quad.Direction, v quad.Value, p quad.IRI, fn func(quad.Quad) error) error
	// QuadsWithAny is QuadsWith for each of vs, read together where the backend can.
	QuadsWithAny(ctx context.Context, d quad.Direction, vs []quad.Value, p quad.IRI, fn func(quad.Quad) error) error
	// AllQuads calls fn for every quad, in no particular order.
	AllQuads(ctx context.Context, fn func(quad.Quad) error) error
	// Has reports whether v is a node of the store.
	Has(ctx context.Context, v quad.Value) (bool, error)

	// Apply runs plan, which reads the store and says what to add and delete, and writes
	// its answer in one transaction: a failure leaves the store as it was. A backend that
	// other processes write at the same time runs plan under its write lock, so that no
	// other write comes between what plan read and what is written; an error that plan
	// returns is returned as it is. Adding a quad that is there, or deleting one that is
	// not, does nothing.
	Apply(ctx context.Context, plan func() (adds, dels []quad.Quad, err error)) error
	// Importer starts an import; whole says it is one transaction (ImportOptions.Commit < 0).
	Importer(whole bool) Importer

	// GizmoStore is the quad store a new Gizmo session queries, and a function to call at
	// the start of each of its runs (nil if none), such as one that clears a cache.
	GizmoStore() (qs cgraph.QuadStore, startRun func())
}

// Importer writes one import, transaction by transaction.
type Importer interface {
	// Tx runs fill inside one write transaction and commits it if fill returns nil. fill
	// calls write with each batch of quads to add (those already present are skipped).
	Tx(ctx context.Context, fill func(write func([]quad.Quad) error) error) error
	// Finish is called once after the last transaction committed.
	Finish(ctx context.Context) error
}

// LineExporter is a Backend that writes Export's N-Quads lines itself, faster than the
// quads AllQuads gives can be formatted one by one: the embedded store reads its log in ID
// order and formats each node once, not once per quad (a third of a 1M export's time).
type LineExporter interface {
	// AllNQuadLines calls fn with the line rdf.NQuadLine writes for every quad, in no
	// particular order; the line is valid only until fn returns. For a quad that
	// CheckExportQuad refuses it returns that error. done is false, with nothing written,
	// when it cannot (the caller then uses AllQuads).
	AllNQuadLines(ctx context.Context, fn func(line []byte) error) (done bool, err error)
}

// Initer is a Backend whose schema Init can create or complete after Open.
type Initer interface {
	Init(ctx context.Context) error
}

// ImportCommitter is a Backend with its own default for how many quads an import commits at
// a time (ImportOptions.Commit left 0); a negative number means one transaction.
// PostgreSQL keeps a large transaction on disk, not in memory, so it imports whole.
type ImportCommitter interface {
	DefaultImportCommit() int
}

// SQLQuerier is a Backend that runs stored queries' SQL plans (see Store.SQLQuery).
type SQLQuerier interface {
	SQLQuery(ctx context.Context, plan string, ns map[string]string, params map[string]quad.Value, limit int) ([]Row, error)
}

// Opener opens a backend's store as o says; ctx bounds the opening (a connect, a lock wait)
// and nothing after it.
type Opener func(ctx context.Context, o Options) (Backend, error)

var (
	registryMu sync.Mutex
	registry   = map[string]Opener{}
)

// Register makes a backend available to Open under name. Backend packages call it from
// init; a program makes a backend available by importing its package (for its side effect
// only: import _ "github.com/medkg/medkg/graph/bolt"). Registering a name twice panics.
func Register(name string, open Opener) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[name]; dup {
		panic("graph: backend " + name + " registered twice")
	}
	registry[name] = open
}

func opener(name string) (Opener, error) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if open, ok := registry[name]; ok {
		return open, nil
	}
	for _, b := range Backends {
		if b == name {
			return nil, fmt.Errorf("backend %q is not built into this program (import github.com/medkg/medkg/graph/%s)", name, pkgOf(name))
		}
	}
	return nil, fmt.Errorf("unknown backend %q: use one of %s", name, strings.Join(Backends, ", "))
}

// pkgOf is the package of a known backend.
func pkgOf(name string) string {
	if name == BackendBolt {
		return "bolt"
	}
	return name
}

// BackendOf returns the backend under s, for backend packages and their tests (which type
// assert it to their own type); other code goes through the Store.
func BackendOf(s *Store) Backend { return s.b }
