// Package bolt is medkg's embedded backend: Cayley's kv quad store over one bbolt file,
// opened by medkg itself (with a lock timeout, read-only for readers, without the bloom
// filter). Everything that knows Cayley's kv internals is here and nowhere else: the shared
// write transaction (batch.go), the import and read transactions that find each bucket
// once (import.go, readtx.go), export's read of the log (lines.go), the planner's scans
// and look-ups read from bolt directly (scan.go), and the Gizmo planner (plan.go) with its
// followRecursive hook (plan_recursive.go, the only file that reads Cayley's unexported
// fields, with reflect and unsafe, and says why).
//
// Importing the package registers it with graph as graph.BackendBolt.
package bolt

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	hbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	bbolt "go.etcd.io/bbolt"

	"github.com/medkg/medkg/graph"
)

func init() { graph.Register(graph.BackendBolt, open) }

// File is the store's file inside its directory, the name Cayley's own bbolt backend uses,
// so that Cayley's tools can read a medkg store.
const File = "indexes.bolt"

// openBolt opens the bolt file with a lock timeout, and read-only for readers. Cayley's own
// bbolt backend (graph/kv/bbolt) waits forever for another process's lock and never opens
// read-only, so two readers could not share a store; medkg opens the file itself and hands
// it to Cayley's kv layer.
func openBolt(o graph.Options) (*batchKV, error) {
	t := o.LockTimeout
	if t <= 0 {
		t = graph.DefaultLockTimeout
	}
	path := filepath.Join(o.Path, File)
	var db *hbolt.DB
	for try := 0; ; try++ {
		before, _ := os.Stat(path)
		var err error
		db, err = hbolt.Open(path, &bbolt.Options{Timeout: t, ReadOnly: o.ReadOnly})
		if errors.Is(err, bbolt.ErrTimeout) {
			return nil, fmt.Errorf("%s: %w (waited %s; is another medkg running?)", o.Path, graph.ErrLocked, t)
		}
		if err != nil {
			return nil, err
		}
		// A bulk import (bulk.go) puts a new file in the store's place by rename while it
		// holds the old one's lock: a process that opened the old file and waited for its
		// lock would hold a file no longer the store's. Once locked, the file at the path
		// must be the one opened (or, at first, the path then created).
		after, err := os.Stat(path)
		if err == nil && (before == nil || os.SameFile(before, after)) || try == 10 {
			break
		}
		db.Close()
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

// store is an open bbolt store: the graph.Backend.
type store struct {
	opts graph.Options
	kv   *batchKV
	qs   cgraph.QuadStore
	gq   cgraph.QuadStore // qs as Gizmo queries it: through the planner
	// unplanned makes Gizmo sessions query Cayley's kv store alone (tests compare the two).
	unplanned bool

	info     indexInfo // the maintained index, once read (index.go; writers only)
	specRead bool
}

// open opens the store at o.Path, creating it on first use unless o.ReadOnly. Opening a
// local file waits only for the lock (o.LockTimeout); ctx is not needed.
func open(_ context.Context, o graph.Options) (graph.Backend, error) {
	if o.Path == "" {
		return nil, errors.New("no store directory given")
	}
	if _, err := os.Stat(filepath.Join(o.Path, File)); errors.Is(err, os.ErrNotExist) {
		if o.ReadOnly {
			return nil, fmt.Errorf("%s: %w: run `medkg load` to create it, or point --db at one", o.Path, graph.ErrNoStore)
		}
		if err := os.MkdirAll(o.Path, 0o755); err != nil {
			return nil, fmt.Errorf("create store %s: %w", o.Path, err)
		}
	}
	db, err := openBolt(o)
	if err != nil {
		return nil, err
	}
	if !o.ReadOnly {
		// A bulk import's file left by a crash (the lock says none is running).
		if err := os.Remove(filepath.Join(o.Path, bulkFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
			db.Close()
			return nil, err
		}
	}
	s := &store{opts: o, kv: db}
	if err := s.openQuadStore(); err != nil {
		db.Close() // a failed open must not keep the lock
		return nil, err
	}
	if o.Index != nil && !o.ReadOnly {
		if err := s.dropIndexes(); err != nil {
			s.Close()
			return nil, err
		}
		if err := s.indexNewStore(o.Index); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// openQuadStore puts Cayley's kv quad store over the open bolt file, initialising a new
// (or never finished) store when writing.
func (s *store) openQuadStore() error {
	qs, err := kv.New(s.kv, cayleyOptions)
	if errors.Is(err, cgraph.ErrNotInitialized) && !s.opts.ReadOnly {
		if err = kv.Init(s.kv, cayleyOptions); err == nil {
			qs, err = kv.New(s.kv, cayleyOptions)
		}
	}
	if errors.Is(err, cgraph.ErrNotInitialized) {
		return fmt.Errorf("%s: %w: the store was never written; run `medkg load`", s.opts.Path, graph.ErrNoStore)
	}
	if err != nil {
		return fmt.Errorf("open store %s: %w", s.opts.Path, err)
	}
	s.qs = qs
	s.gq = newPlanner(qs, s.kv)
	return nil
}

// Close releases the store and its lock.
func (s *store) Close() error {
	if s.qs == nil {
		return nil
	}
	s.kv.closeShared() // bolt's Close waits for every read transaction to end
	err := s.qs.Close()
	s.qs, s.gq = nil, nil
	return err
}

// Path is the store's directory.
func (s *store) Path() string { return s.opts.Path }

// reopen drops Cayley's caches after a failed write, which can leave a stale node ID cached.
func (s *store) reopen() error {
	if s.qs != nil {
		s.kv.closeShared()
		s.qs.Close()
		s.qs, s.gq = nil, nil
	}
	db, err := openBolt(s.opts)
	if err != nil {
		return fmt.Errorf("reopen store %s: %w", s.opts.Path, err)
	}
	s.kv = db
	s.specRead = false // read the index's state again, as the file now has it
	if err := s.openQuadStore(); err != nil {
		db.Close()
		return err
	}
	return nil
}

// Size is the number of quads in the store.
func (s *store) Size(ctx context.Context) (int64, error) {
	st, err := s.qs.Stats(ctx, false)
	if errors.Is(err, kv.ErrNoBucket) {
		return 0, nil // created, never written: Cayley writes its size counter on first write
	}
	if err != nil {
		return 0, err
	}
	return st.Quads.Value, nil
}

// Quads reads the quads of v from Cayley's index for direction d.
func (s *store) Quads(ctx context.Context, d quad.Direction, v quad.Value, fn func(quad.Quad) error) error {
	ref, err := s.valueOf(v)
	if err != nil || ref == nil {
		return err
	}
	return s.scan(ctx, s.qs.QuadIterator(d, ref), fn)
}

// QuadsWith calls fn for each quad that has v in direction d (Subject or Object) and
// predicate p, in the order Quads gives them. It reads only those quads where the store has
// an index on (d, predicate) (Cayley's kv store has both), not all of v's quads.
func (s *store) QuadsWith(ctx context.Context, d quad.Direction, v quad.Value, p quad.IRI, fn func(quad.Quad) error) error {
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
	vref, err := s.valueOf(v)
	if err != nil || vref == nil {
		return err
	}
	pref, err := s.valueOf(p)
	if err != nil || pref == nil {
		return err
	}
	vi, ok1 := vref.(kv.Int64Value)
	pi, ok2 := pref.(kv.Int64Value)
	if !ok1 || !ok2 {
		return s.Quads(ctx, d, v, filtered)
	}
	scan := kv.IndexScan{Index: ind, Values: []uint64{uint64(vi), uint64(pi)}}
	return s.scan(ctx, directIndexScan(pl.kv, pl.bolt, scan), filtered)
}

// AllQuads reads Cayley's quad log.
func (s *store) AllQuads(ctx context.Context, fn func(quad.Quad) error) error {
	return s.scan(ctx, s.qs.QuadsAllIterator(), fn)
}

// scan walks an iterator to its end, always closing it: an unclosed Cayley iterator leaks
// a goroutine. It reads quads in batches: a batch's node values are looked up together (one
// read transaction) and kept in a bounded cache, since a few thousand values (predicates,
// classes, graph labels) fill most positions and a claim's quads come together; Cayley's
// QuadStore.Quad reads a quad's four values one by one in a transaction of its own, which
// was half of an export's time.
func (s *store) scan(ctx context.Context, sh iterator.Shape, fn func(quad.Quad) error) error {
	it := sh.Iterate()
	defer it.Close()
	bn, ok := s.qs.(refs.BatchNamer)
	if p, isPlanner := s.gq.(*planner); isPlanner {
		bn, ok = p, true // its ValuesOf reads a read-only store directly
	}
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
	// The first batches are small and grow to scanBatch: a caller that stops at its first
	// quad (every command's storeBase: 11 ms at 1M with whole batches) decodes a few, a full
	// scan hardly more batches.
	size := 16
	batch := make([]cgraph.Ref, 0, size)
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
		if len(batch) == size {
			if err := flush(); err != nil {
				return err
			}
			size = min(2*size, scanBatch)
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
func (s *store) quadsOf(ctx context.Context, bn refs.BatchNamer, c *valueCache, batch []cgraph.Ref) ([]quad.Quad, error) {
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
					if v[j], err = s.gq.NameOf(n); err != nil {
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

// Has reports whether v is a node of the store.
func (s *store) Has(_ context.Context, v quad.Value) (bool, error) {
	ref, err := s.valueOf(v)
	return ref != nil, err
}

// Apply writes adds and deletes in separate ApplyDeltas (see batchKV), inside one bolt
// transaction, after plan has read the store: a process holds a bbolt store for writing
// alone (the file lock), so nothing can come between.
func (s *store) Apply(ctx context.Context, plan func() (adds, dels []quad.Quad, err error)) error {
	adds, dels, err := plan()
	if err != nil || len(adds)+len(dels) == 0 {
		return err
	}
	opts := cgraph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true}
	err = s.kv.inBatch(ctx, func() error {
		if len(adds) > 0 {
			if err := s.applyIndexed(ctx, deltas(adds, cgraph.Add), opts); err != nil {
				return err
			}
		}
		if len(dels) > 0 {
			return s.applyIndexed(ctx, deltas(dels, cgraph.Delete), opts)
		}
		return nil
	})
	if err != nil {
		if rerr := s.reopen(); rerr != nil {
			return errors.Join(err, rerr)
		}
		return err
	}
	return nil
}

func deltas(qs []quad.Quad, a cgraph.Procedure) []cgraph.Delta {
	ds := make([]cgraph.Delta, len(qs))
	for i, q := range qs {
		ds[i] = cgraph.Delta{Quad: q, Action: a}
	}
	return ds
}

// GizmoStore is the planner, with node values remembered for the length of one run.
func (s *store) GizmoStore() (cgraph.QuadStore, func()) {
	if s.unplanned {
		return s.qs, nil
	}
	names := newNamesQS(s.gq)
	return names, names.reset
}
