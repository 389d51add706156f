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
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	hkv "github.com/hidal-go/hidalgo/kv"
	hbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	bolt "go.etcd.io/bbolt"
)

// backendBolt is our registration of the bbolt backend. Cayley's own (graph/kv/bbolt) opens
// the file with no timeout, so a second process hangs forever on the lock, and never
// read-only, so two readers cannot share a store.
const backendBolt = "medkg-bbolt"

const boltFile = "indexes.bolt"

// Option keys passed through cayley's graph.Options to openBolt.
const (
	optReadOnly    = "medkg_read_only"
	optLockTimeout = "medkg_lock_timeout_ms"
)

func init() {
	kv.Register(backendBolt, kv.Registration{
		NewFunc:      openBolt,
		InitFunc:     createBolt,
		IsPersistent: true,
	})
}

// ErrLocked is returned when another process holds the store.
var ErrLocked = errors.New("store is locked by another process")

// ErrNoStore is returned when a read-only command finds no store to read.
var ErrNoStore = errors.New("no store here")

func boltOptions(opt cgraph.Options) (*bolt.Options, error) {
	ro, err := opt.BoolKey(optReadOnly, false)
	if err != nil {
		return nil, err
	}
	ms, err := opt.IntKey(optLockTimeout, 2000)
	if err != nil {
		return nil, err
	}
	return &bolt.Options{Timeout: time.Duration(ms) * time.Millisecond, ReadOnly: ro}, nil
}

func openBoltFile(path string, opt cgraph.Options) (hkv.KV, error) {
	bo, err := boltOptions(opt)
	if err != nil {
		return nil, err
	}
	db, err := hbolt.Open(filepath.Join(path, boltFile), bo)
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("%s: %w (waited %s; is another medkg running?)", path, ErrLocked, bo.Timeout)
	}
	return db, err
}

func createBolt(path string, opt cgraph.Options) (hkv.KV, error) {
	if err := os.MkdirAll(path, 0o755); err != nil {
		return nil, err
	}
	return openBoltFile(path, opt)
}

func openBolt(path string, opt cgraph.Options) (hkv.KV, error) {
	return openBoltFile(path, opt)
}

// Options says which store to open and how.
type Options struct {
	Path        string        // directory of the bbolt store
	ReadOnly    bool          // share the store with other readers; writes fail
	LockTimeout time.Duration // how long to wait for another process's lock (default 2s)
}

// Store is an open quad store.
type Store struct {
	opts Options
	qs   cgraph.QuadStore
}

func (o Options) cayley() cgraph.Options {
	t := o.LockTimeout
	if t <= 0 {
		t = 2 * time.Second
	}
	return cgraph.Options{
		kv.OptNoBloom:  true, // the bloom filter costs a scan on open: 1 s at 1M quads
		optReadOnly:    o.ReadOnly,
		optLockTimeout: int(t / time.Millisecond),
	}
}

// Open opens the store at o.Path, creating it on first use unless o.ReadOnly.
func Open(o Options) (*Store, error) {
	if o.Path == "" {
		return nil, errors.New("no store directory given")
	}
	if _, err := os.Stat(filepath.Join(o.Path, boltFile)); errors.Is(err, os.ErrNotExist) {
		if o.ReadOnly {
			return nil, fmt.Errorf("%s: %w: run `medkg load` to create it, or point --db at one", o.Path, ErrNoStore)
		}
		if err := cgraph.InitQuadStore(backendBolt, o.Path, o.cayley()); err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
			return nil, fmt.Errorf("create store %s: %w", o.Path, err)
		}
	}
	qs, err := cgraph.NewQuadStore(backendBolt, o.Path, o.cayley())
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", o.Path, err)
	}
	return &Store{opts: o, qs: qs}, nil
}

// Close releases the store and its lock.
func (s *Store) Close() error {
	if s.qs == nil {
		return nil
	}
	err := s.qs.Close()
	s.qs = nil
	return err
}

// Path is the store's directory.
func (s *Store) Path() string { return s.opts.Path }

// reopen drops Cayley's caches after a failed write, which can leave a stale node ID cached.
func (s *Store) reopen() error {
	if s.qs != nil {
		s.qs.Close()
		s.qs = nil
	}
	qs, err := cgraph.NewQuadStore(backendBolt, s.opts.Path, s.opts.cayley())
	if err != nil {
		return fmt.Errorf("reopen store %s: %w", s.opts.Path, err)
	}
	s.qs = qs
	return nil
}

// Size is the number of quads in the store.
func (s *Store) Size(ctx context.Context) (int64, error) {
	st, err := s.qs.Stats(ctx, false)
	if err != nil {
		return 0, err
	}
	return st.Quads.Value, nil
}

// Quads calls fn for each quad that has v in direction d (Subject, Predicate, Object or
// Label), in no particular order, stopping at fn's first error.
func (s *Store) Quads(ctx context.Context, d quad.Direction, v quad.Value, fn func(quad.Quad) error) error {
	ref, err := s.qs.ValueOf(v)
	if err != nil || ref == nil {
		return err
	}
	return s.scan(ctx, s.qs.QuadIterator(d, ref), fn)
}

// AllQuads calls fn for every quad in the store, in no particular order.
func (s *Store) AllQuads(ctx context.Context, fn func(quad.Quad) error) error {
	return s.scan(ctx, s.qs.QuadsAllIterator(), fn)
}

// scan walks an iterator to its end, always closing it: an unclosed Cayley iterator leaks
// a goroutine.
func (s *Store) scan(ctx context.Context, sh iterator.Shape, fn func(quad.Quad) error) error {
	it := sh.Iterate()
	defer it.Close()
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
