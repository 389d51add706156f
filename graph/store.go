// Package graph is medkg's only door to Cayley: it opens the store, writes a source's quads
// in one transaction, reads quads by node, and exports. It knows RDF but not medkg's
// vocabulary; the commands compose its primitives with the loader's terms.
package graph

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	hbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	bolt "go.etcd.io/bbolt"
)

// boltFile is the store's file inside its directory, the name Cayley's own bbolt backend
// uses, so that Cayley's tools can read a medkg store.
const boltFile = "indexes.bolt"

// ErrLocked is returned when another process holds the store.
var ErrLocked = errors.New("store is locked by another process")

// ErrNoStore is returned when a read-only command finds no store to read.
var ErrNoStore = errors.New("no store here")

// openBolt opens the bolt file with a lock timeout, and read-only for readers. Cayley's own
// bbolt backend (graph/kv/bbolt) waits forever for another process's lock and never opens
// read-only, so two readers could not share a store; medkg opens the file itself and hands
// it to Cayley's kv layer.
func openBolt(o Options) (*batchKV, error) {
	t := o.LockTimeout
	if t <= 0 {
		t = 2 * time.Second
	}
	db, err := hbolt.Open(filepath.Join(o.Path, boltFile), &bolt.Options{Timeout: t, ReadOnly: o.ReadOnly})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("%s: %w (waited %s; is another medkg running?)", o.Path, ErrLocked, t)
	}
	if err != nil {
		return nil, err
	}
	b := &batchKV{KV: db}
	if o.ReadOnly {
		b.readOnly = db.DB()
	}
	return b, nil
}

// cayleyOptions: without the bloom filter, opening skips a scan of every quad (1 s → 2 ms
// at 1M quads); Cayley then checks for duplicates in the index instead.
var cayleyOptions = cgraph.Options{kv.OptNoBloom: true}

// Options says which store to open and how.
type Options struct {
	Backend     string        // BackendBolt (the default) or BackendPostgres
	Path        string        // directory of the bbolt store
	Address     string        // PostgreSQL connection string (empty: libpq's PG* variables)
	ReadOnly    bool          // share the store with other readers; writes fail
	LockTimeout time.Duration // how long to wait for another process's lock (default 2s)
}

// Store is an open quad store. It is not safe for concurrent use while a write is running.
type Store struct {
	opts Options
	kv   *batchKV
	pg   *pgStore // the PostgreSQL connection, when Backend is BackendPostgres
	qs   cgraph.QuadStore
	gq   cgraph.QuadStore // qs as Gizmo queries it: through the planner on bbolt
}

// Open opens the store at o.Path, creating it on first use unless o.ReadOnly.
func Open(o Options) (*Store, error) {
	switch o.Backend {
	case "", BackendBolt:
	case BackendPostgres:
		pg, qs, err := openPG(o)
		if err != nil {
			return nil, err
		}
		return &Store{opts: o, pg: pg, qs: qs, gq: newPlanner(qs)}, nil
	default:
		return nil, fmt.Errorf("unknown backend %q: use one of %s", o.Backend, strings.Join(Backends, ", "))
	}
	if o.Path == "" {
		return nil, errors.New("no store directory given")
	}
	if _, err := os.Stat(filepath.Join(o.Path, boltFile)); errors.Is(err, os.ErrNotExist) {
		if o.ReadOnly {
			return nil, fmt.Errorf("%s: %w: run `medkg load` to create it, or point --db at one", o.Path, ErrNoStore)
		}
		if err := os.MkdirAll(o.Path, 0o755); err != nil {
			return nil, fmt.Errorf("create store %s: %w", o.Path, err)
		}
	}
	db, err := openBolt(o)
	if err != nil {
		return nil, err
	}
	s := &Store{opts: o, kv: db}
	if err := s.openQuadStore(); err != nil {
		db.Close() // a failed open must not keep the lock
		return nil, err
	}
	return s, nil
}

// openQuadStore puts Cayley's kv quad store over the open bolt file, initialising a new
// (or never finished) store when writing.
func (s *Store) openQuadStore() error {
	qs, err := kv.New(s.kv, cayleyOptions)
	if errors.Is(err, cgraph.ErrNotInitialized) && !s.opts.ReadOnly {
		if err = kv.Init(s.kv, cayleyOptions); err == nil {
			qs, err = kv.New(s.kv, cayleyOptions)
		}
	}
	if errors.Is(err, cgraph.ErrNotInitialized) {
		return fmt.Errorf("%s: %w: the store was never written; run `medkg load`", s.opts.Path, ErrNoStore)
	}
	if err != nil {
		return fmt.Errorf("open store %s: %w", s.opts.Path, err)
	}
	s.qs = qs
	s.gq = newPlanner(qs)
	return nil
}

// Close releases the store and its lock.
func (s *Store) Close() error {
	if s.qs == nil {
		return nil
	}
	err := s.qs.Close()
	s.qs, s.gq = nil, nil
	if s.pg != nil {
		err = errors.Join(err, s.pg.Close())
	}
	return err
}

// Path is the store's directory, or the PostgreSQL server and database (without a password).
func (s *Store) Path() string {
	if s.pg != nil {
		return "postgres://" + s.pg.addr.display
	}
	return s.opts.Path
}

// reopen drops Cayley's caches after a failed write, which can leave a stale node ID cached.
func (s *Store) reopen() error {
	if s.qs != nil {
		s.qs.Close()
		s.qs, s.gq = nil, nil
	}
	db, err := openBolt(s.opts)
	if err != nil {
		return fmt.Errorf("reopen store %s: %w", s.opts.Path, err)
	}
	s.kv = db
	if err := s.openQuadStore(); err != nil {
		db.Close()
		return err
	}
	return nil
}

// Size is the number of quads in the store.
func (s *Store) Size(ctx context.Context) (int64, error) {
	if s.pg != nil {
		return s.pg.size(ctx)
	}
	st, err := s.qs.Stats(ctx, false)
	if errors.Is(err, kv.ErrNoBucket) {
		return 0, nil // created, never written: Cayley writes its size counter on first write
	}
	if err != nil {
		return 0, err
	}
	return st.Quads.Value, nil
}

// Quads calls fn for each quad that has v in direction d (Subject, Predicate, Object or
// Label), in no particular order, stopping at fn's first error.
func (s *Store) Quads(ctx context.Context, d quad.Direction, v quad.Value, fn func(quad.Quad) error) error {
	if s.pg != nil {
		return s.pg.quads(ctx, "WHERE "+dirColumn(d)+" = $1", []any{hashArg(v)}, fn)
	}
	ref, err := s.qs.ValueOf(v)
	if err != nil || ref == nil {
		return err
	}
	return s.scan(ctx, s.qs.QuadIterator(d, ref), fn)
}

// QuadsWith calls fn for each quad that has v in direction d (Subject or Object) and
// predicate p, in the order Quads gives them. It reads only those quads where the store has
// an index on (d, predicate) (Cayley's kv store has both), not all of v's quads.
func (s *Store) QuadsWith(ctx context.Context, d quad.Direction, v quad.Value, p quad.IRI, fn func(quad.Quad) error) error {
	filtered := func(q quad.Quad) error {
		if q.Predicate != p {
			return nil
		}
		return fn(q)
	}
	pl, ok := s.gq.(*planner)
	if !ok || d != quad.Subject && d != quad.Object {
		return s.Quads(ctx, d, v, filtered)
	}
	ind, ok := pl.prefixIndex(d, quad.Predicate)
	if !ok {
		return s.Quads(ctx, d, v, filtered)
	}
	vref, err := s.qs.ValueOf(v)
	if err != nil || vref == nil {
		return err
	}
	pref, err := s.qs.ValueOf(p)
	if err != nil || pref == nil {
		return err
	}
	vi, ok1 := vref.(kv.Int64Value)
	pi, ok2 := pref.(kv.Int64Value)
	if !ok1 || !ok2 {
		return s.Quads(ctx, d, v, filtered)
	}
	scan := kv.IndexScan{Index: ind, Values: []uint64{uint64(vi), uint64(pi)}}
	return s.scan(ctx, scan.BuildIterator(pl.kv), filtered)
}

// AllQuads calls fn for every quad in the store, in no particular order.
func (s *Store) AllQuads(ctx context.Context, fn func(quad.Quad) error) error {
	if s.pg != nil {
		return s.pg.quads(ctx, "", nil, fn)
	}
	return s.scan(ctx, s.qs.QuadsAllIterator(), fn)
}

// scan walks an iterator to its end, always closing it: an unclosed Cayley iterator leaks
// a goroutine. It reads quads in batches: a batch's node values are looked up together (one
// read transaction) and kept in a bounded cache, since a few thousand values (predicates,
// classes, graph labels) fill most positions and a claim's quads come together; Cayley's
// QuadStore.Quad reads a quad's four values one by one in a transaction of its own, which
// was half of an export's time.
func (s *Store) scan(ctx context.Context, sh iterator.Shape, fn func(quad.Quad) error) error {
	it := sh.Iterate()
	defer it.Close()
	bn, ok := s.qs.(refs.BatchNamer)
	if !ok {
		for it.Next(ctx) {
			q, err := s.qs.Quad(it.Result())
			if err != nil {
				return err
			}
			if err := fn(q); err != nil {
				return err
			}
		}
		return it.Err()
	}
	c := newValueCache(scanCacheSize)
	batch := make([]cgraph.Ref, 0, 16)
	flush := func() error {
		qs, err := s.quadsOf(ctx, bn, c, batch)
		batch = batch[:0]
		if err != nil {
			return err
		}
		for _, q := range qs {
			if err := fn(q); err != nil {
				return err
			}
		}
		return nil
	}
	for it.Next(ctx) {
		batch = append(batch, it.Result())
		if len(batch) == scanBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := it.Err(); err != nil {
		return err
	}
	return flush()
}

const (
	scanBatch     = 1024    // quads whose values are looked up together
	scanCacheSize = 1 << 16 // node values a scan keeps (two generations of this many at most)
)

// quadsOf turns quad refs into quads, looking up the values not in c in one batch.
func (s *Store) quadsOf(ctx context.Context, bn refs.BatchNamer, c *valueCache, batch []cgraph.Ref) ([]quad.Quad, error) {
	nodes := make([]cgraph.Ref, 0, 4*len(batch))
	for _, r := range batch {
		for _, d := range quad.Directions {
			n, err := s.qs.QuadDirection(r, d)
			if err != nil {
				return nil, err
			}
			nodes = append(nodes, n)
		}
	}
	var miss []cgraph.Ref
	seen := map[any]bool{}
	for _, n := range nodes {
		if n == nil {
			continue
		}
		k := n.Key()
		if _, ok := c.get(k); !ok && !seen[k] {
			seen[k] = true
			miss = append(miss, n)
		}
	}
	if len(miss) > 0 {
		vals, err := bn.ValuesOf(ctx, miss)
		if err != nil {
			return nil, err
		}
		for i, n := range miss {
			c.put(n.Key(), vals[i])
		}
	}
	out := make([]quad.Quad, len(batch))
	for i := range batch {
		var v [4]quad.Value
		for j := range v {
			if n := nodes[4*i+j]; n != nil {
				if val, ok := c.get(n.Key()); ok {
					v[j] = val
				} else {
					// evicted by this very batch (more distinct values than the cache holds)
					var err error
					if v[j], err = s.qs.NameOf(n); err != nil {
						return nil, err
					}
				}
			}
		}
		out[i] = quad.Quad{Subject: v[0], Predicate: v[1], Object: v[2], Label: v[3]}
	}
	return out, nil
}

// valueCache maps node keys to values, holding between max and 2*max of the most recently
// added: when the current generation is full it becomes the old one, and a value found
// only in the old one moves back.
type valueCache struct {
	cur, old map[any]quad.Value
	max      int
}

func newValueCache(max int) *valueCache {
	return &valueCache{cur: map[any]quad.Value{}, max: max} // most scans are small: no size hint
}

func (c *valueCache) get(k any) (quad.Value, bool) {
	if v, ok := c.cur[k]; ok {
		return v, true
	}
	if v, ok := c.old[k]; ok {
		c.put(k, v)
		return v, true
	}
	return nil, false
}

func (c *valueCache) put(k any, v quad.Value) {
	if len(c.cur) >= c.max {
		c.old, c.cur = c.cur, make(map[any]quad.Value, len(c.cur))
	}
	c.cur[k] = v
}

// Has reports whether v is a node of the store (in any position of any quad).
func (s *Store) Has(v quad.Value) (bool, error) {
	if s.pg != nil {
		return s.pg.has(context.Background(), v)
	}
	ref, err := s.qs.ValueOf(v)
	return ref != nil, err
}
