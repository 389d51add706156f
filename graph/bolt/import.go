package bolt

import (
	"bytes"
	"context"
	"errors"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	hkv "github.com/hidal-go/hidalgo/kv"
	hbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	bbolt "go.etcd.io/bbolt"

	"github.com/medkg/medkg/graph"
)

// Importer writes an import's transactions through importTx; whole or not, bolt does the
// same (one bolt transaction per graph.Importer.Tx).
func (s *store) Importer(bool) graph.Importer { return importer{s} }

type importer struct{ s *store }

// Tx adds the quads fill gives in one bolt transaction, a batch per ApplyDeltas. After a
// failure it reopens the store: a failed write can leave a stale node ID in Cayley's cache.
func (im importer) Tx(ctx context.Context, fill func(write func([]quad.Quad) error) error) error {
	s := im.s
	var batch []cgraph.Delta
	err := s.importBatch(ctx, func() error {
		return fill(func(qs []quad.Quad) error {
			batch = batch[:0]
			for _, q := range qs {
				batch = append(batch, cgraph.Delta{Quad: q, Action: cgraph.Add})
			}
			return s.applyIndexed(ctx, batch, cgraph.IgnoreOpts{IgnoreDup: true})
		})
	})
	if err != nil {
		if rerr := s.reopen(); rerr != nil {
			err = errors.Join(err, rerr)
		}
	}
	return err
}

// Finish has nothing to do: every transaction was committed as it ended.
func (importer) Finish(context.Context) error { return nil }

// importFill is how full bolt packs the pages Import writes. Most of an import's keys come in
// ascending order (new node and quad IDs), for which bolt's default of one half leaves every
// page half empty; 0.9 made a 1M-quad store a quarter smaller (350 → 262 MB) and the import 7%
// faster.
const importFill = 0.9

// importBatch is batchKV.inBatch with importTx as the shared transaction.
func (s *store) importBatch(ctx context.Context, fn func() error) error {
	db, ok := s.kv.KV.(*hbolt.DB)
	if !ok {
		return s.kv.inBatch(ctx, fn)
	}
	btx, err := db.DB().Begin(true)
	if err != nil {
		return err
	}
	return s.kv.inTx(ctx, &importTx{tx: btx, buckets: map[string]*bbolt.Bucket{}, indexFill: bbolt.DefaultFillPercent}, fn)
}

// importTx is a bolt write transaction as Cayley's kv layer sees it, for Import only. It
// differs from hidalgo's in two ways that matter for a bulk write: it finds each bucket once
// per transaction rather than at every Put (hidalgo calls CreateBucketIfNotExists for every
// key, a tenth of an import's time), and it fills pages to importFill. Import writes only
// through ApplyDeltas with additions, which never scans; Scan fails rather than pretend.
type importTx struct {
	tx      *bbolt.Tx
	buckets map[string]*bbolt.Bucket
	done    bool
	// indexFill, when set, is how full the maintained index's name buckets are packed
	// instead. Their keys (folded names) come in no order, a few per leaf per transaction:
	// at importFill each touched leaf splits into a full page and a near-empty one, which
	// left them 40% full at 1M (names 1662 pages for 3 MB, namekeys 512 for 0.8 MB, each a
	// page fault for search); bolt's default halves a split page, which later inserts fill
	// (1092 and 290 pages). The types and graphs keys come mostly in order, for which
	// importFill is right (at one half they took 70% more pages).
	indexFill float64
}

var errImportScan = errors.New("graph: scan inside an import transaction")

// bucket returns the bucket that holds key (all but its last part), creating it if asked.
func (t *importTx) bucket(key hkv.Key, create bool) (*bbolt.Bucket, error) {
	path := key[:len(key)-1]
	if len(path) == 0 {
		return t.tx.Cursor().Bucket(), nil // the root bucket, as hidalgo does
	}
	name := bucketName(path)
	if b := t.buckets[name]; b != nil {
		return b, nil
	}
	var b *bbolt.Bucket
	for i, p := range path {
		switch {
		case !create && i == 0:
			b = t.tx.Bucket(p)
		case !create:
			b = b.Bucket(p)
		case i == 0:
			var err error
			if b, err = t.tx.CreateBucketIfNotExists(p); err != nil {
				return nil, err
			}
		default:
			var err error
			if b, err = b.CreateBucketIfNotExists(p); err != nil {
				return nil, err
			}
		}
		if b == nil {
			return nil, nil
		}
	}
	b.FillPercent = importFill
	if t.indexFill > 0 && len(path) == 2 && bytes.Equal(path[0], idxRoot) && (bytes.Equal(path[1], idxNames) || bytes.Equal(path[1], idxNameKeys)) {
		b.FillPercent = t.indexFill
	}
	t.buckets[name] = b
	return b, nil
}

func (t *importTx) Get(_ context.Context, key hkv.Key) (hkv.Value, error) {
	if len(key) == 0 {
		return nil, hkv.ErrNotFound
	}
	b, err := t.bucket(key, false)
	if err != nil || b == nil {
		return nil, hkv.ErrNotFound
	}
	v := b.Get(key[len(key)-1])
	if v == nil {
		return nil, hkv.ErrNotFound
	}
	return v, nil
}

func (t *importTx) GetBatch(ctx context.Context, keys []hkv.Key) ([]hkv.Value, error) {
	return getBatch(ctx, t.Get, keys)
}

// getBatch is GetBatch over a transaction's Get: nil for a missing key, as hkv asks.
func getBatch(ctx context.Context, get func(context.Context, hkv.Key) (hkv.Value, error), keys []hkv.Key) ([]hkv.Value, error) {
	vals := make([]hkv.Value, len(keys))
	for i, k := range keys {
		v, err := get(ctx, k)
		if err != nil && !errors.Is(err, hkv.ErrNotFound) {
			return nil, err
		}
		vals[i] = v
	}
	return vals, nil
}

func (t *importTx) Put(_ context.Context, key hkv.Key, v hkv.Value) error {
	if len(key) == 0 {
		return errors.New("graph: empty key")
	}
	b, err := t.bucket(key, true)
	if err != nil {
		return err
	}
	k := key[len(key)-1]
	if len(k) == 0 && len(v) == 0 {
		return nil // only the bucket was wanted
	}
	return b.Put(k, v)
}

func (t *importTx) Del(_ context.Context, key hkv.Key) error {
	if len(key) == 0 {
		return nil
	}
	b, err := t.bucket(key, false)
	if err != nil || b == nil {
		return err
	}
	return b.Delete(key[len(key)-1])
}

func (t *importTx) Scan(context.Context, ...hkv.IteratorOption) hkv.Iterator { return errIterator{} }

func (t *importTx) Commit(context.Context) error {
	t.done = true
	return t.tx.Commit()
}

func (t *importTx) Close() error {
	if t.done {
		return nil
	}
	t.done = true
	return t.tx.Rollback()
}

type errIterator struct{}

func (errIterator) Next(context.Context) bool { return false }
func (errIterator) Err() error                { return errImportScan }
func (errIterator) Close() error              { return nil }
func (errIterator) Reset()                    {}
func (errIterator) Key() hkv.Key              { return nil }
func (errIterator) Val() hkv.Value            { return nil }

// bucketName is a key's bucket path as one map key, for the transactions that remember
// their buckets (importTx, readTx).
func bucketName(path hkv.Key) string {
	if len(path) == 1 {
		return string(path[0])
	}
	parts := make([]string, len(path))
	for i, p := range path {
		parts[i] = string(p)
	}
	return strings.Join(parts, "\x00")
}
