package bolt

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	"github.com/cayleygraph/cayley/graph/kv"
	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	hbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	bbolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/encoding/protowire"
)

// The planner's index scans, read from bolt directly.
//
// A stored query's steps are index scans with a (node, predicate) prefix, each of a few
// quads. Through Cayley's iterator each scan goes through hidalgo, which finds the index's
// bucket from the root for every cursor step and the log's for every batch of IDs (a
// sixth of the flagship's time), and each quad is decoded by reflection-driven protobuf.
// Here a scan holds one bolt read transaction with both buckets found once, and decodes
// the log's primitives by hand. It yields the same refs as Cayley's (*proto.Primitive,
// Deleted ones skipped: Cayley leaves a deleted quad's ID in the index and marks it only
// in the log), so every other iterator treats them as Cayley's own.
//
// This reads Cayley's kv layout as the Cayley version medkg requires writes it (the log
// bucket of primitives by big-endian ID, index buckets named by their directions' prefixes
// holding uvarint ID lists, value buckets named 'v' and the hash's first two bytes):
// TestPlannerSameRows (planner against Cayley's own plan, writable and read-only) and
// TestAllNQuadLinesMatchesAllQuads fail if an upgrade moves it.

// readDB is the bolt file for a direct read, or nil when a write batch is open (a read
// transaction beside the batch's write transaction can deadlock bolt; Cayley's own
// iterators read through the batch then).
func (b *batchKV) readDB() *bbolt.DB {
	b.mu.Lock()
	open := b.batch != nil
	b.mu.Unlock()
	if open {
		return nil
	}
	if b.readOnly != nil {
		return b.readOnly
	}
	if h, ok := b.KV.(*hbolt.DB); ok {
		return h.DB()
	}
	return nil
}

// sharedRead is the one read transaction a read-only store's direct reads share, with its
// buckets found once. Finding a bucket is a search of the root bucket, which holds Cayley's
// 65536 value buckets besides the indexes and the log: a per-scan transaction spent more
// finding its two buckets than reading its few quads. A read-only store can hold a read
// transaction for as long as it is open: no process writes the file meanwhile (bolt's
// shared lock), and bolt never needs to remap it. Bolt does not promise that a transaction
// may be used by several goroutines at once, so every use is under mu (each is short: a
// Get, or one cursor step).
type sharedRead struct {
	mu      sync.Mutex
	tx      *bbolt.Tx
	buckets map[string]*bucketRead
	closed  bool
}

// bucketRead is a bucket of a read transaction, with one cursor for its look-ups: bolt's
// Bucket.Get makes a cursor and grows its stack for every look-up, which at 1M was the
// largest share of the flagship's allocations (a sixth of its bytes, most of the garbage
// collector's work); a cursor's Seek reuses its stack.
type bucketRead struct {
	*bbolt.Bucket
	c *bbolt.Cursor
}

// readBucket is bk for look-ups, nil if bk is.
func readBucket(bk *bbolt.Bucket) *bucketRead {
	if bk == nil {
		return nil
	}
	return &bucketRead{Bucket: bk}
}

// bucketOf is tx.Bucket for look-ups: a cursor of its own, made on the first.
func bucketOf(tx *bbolt.Tx) func([]byte) *bucketRead {
	return func(name []byte) *bucketRead { return readBucket(tx.Bucket(name)) }
}

// get is Bucket.Get (nil for a key that is absent or names a bucket) through the bucket's
// one cursor. Not for use by two goroutines at once (no more than the transaction is).
func (b *bucketRead) get(key []byte) []byte {
	if b.c == nil {
		b.c = b.Cursor()
	}
	k, v := b.c.Seek(key)
	if !bytes.Equal(k, key) {
		return nil
	}
	return v
}

// with runs fn with the shared transaction, begun on first use; ok is false when the store
// is not read-only, or closed.
func (b *batchKV) withShared(fn func(bucket func(name []byte) *bucketRead) error) (ok bool, err error) {
	if b.readOnly == nil {
		return false, nil
	}
	sh := &b.shared
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.closed {
		return false, nil
	}
	if sh.tx == nil {
		tx, err := b.readOnly.Begin(false)
		if err != nil {
			return true, err
		}
		sh.tx, sh.buckets = tx, map[string]*bucketRead{}
	}
	return true, fn(func(name []byte) *bucketRead {
		bk, ok := sh.buckets[string(name)]
		if !ok {
			bk = readBucket(sh.tx.Bucket(name))
			sh.buckets[string(name)] = bk
		}
		return bk
	})
}

// closeShared ends the shared transaction: before the file is closed, which waits for it.
func (b *batchKV) closeShared() {
	sh := &b.shared
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.tx != nil {
		sh.tx.Rollback()
		sh.tx, sh.buckets = nil, nil
	}
	sh.closed = true
}

// indexBucket is the name of kv's bucket of index ind (kv.QuadIndex.bucket, unexported).
func indexBucket(ind kv.QuadIndex) []byte {
	name := make([]byte, len(ind.Dirs))
	for i, d := range ind.Dirs {
		name[i] = d.Prefix()
	}
	return name
}

// directIndexScan is scan's iterator over k, read directly from b where it can.
func directIndexScan(k *kv.QuadStore, b *batchKV, scan kv.IndexScan) iterator.Shape {
	it := scan.BuildIterator(k)
	qi, ok := it.(*kv.QuadIterator)
	if !ok || b == nil || len(scan.Values) > len(scan.Index.Dirs) {
		return it
	}
	return &directScan{QuadIterator: qi, bolt: b, scan: scan}
}

// directScan is Cayley's kv.QuadIterator (its Lookup, Stats) with its own Iterate.
type directScan struct {
	*kv.QuadIterator
	bolt *batchKV
	scan kv.IndexScan
}

func (s *directScan) Iterate() iterator.Scanner {
	if s.bolt.readOnly != nil {
		return &directScanNext{b: s.bolt, scan: s.scan}
	}
	db := s.bolt.readDB()
	if db == nil {
		return s.QuadIterator.Iterate()
	}
	return &directScanNext{b: s.bolt, db: db, scan: s.scan}
}

func (s *directScan) Optimize(context.Context) (iterator.Shape, bool) { return s, false }
func (s *directScan) String() string                                  { return "Direct" + s.QuadIterator.String() }

// directScanNext reads through the store's shared transaction (db nil), or through one of
// its own, begun on the first Next and ended at the scan's end or Close.
type directScanNext struct {
	b       *batchKV
	db      *bbolt.DB
	scan    kv.IndexScan
	tx      *bbolt.Tx
	started bool
	bucket  func([]byte) *bucketRead // of tx
	log     *bucketRead
	c       *bbolt.Cursor
	prefix  []byte
	ids     []uint64
	prim    *cproto.Primitive
	done    bool
	err     error
}

var errClosed = errors.New("store closed")

func (it *directScanNext) Next(ctx context.Context) bool {
	it.prim = nil
	if it.done || it.err != nil {
		return false
	}
	if ctx.Err() != nil {
		it.err = ctx.Err()
		it.Close()
		return false
	}
	if it.db == nil {
		found := false
		ok, err := it.b.withShared(func(bucket func([]byte) *bucketRead) error {
			found = it.step(bucket)
			return nil
		})
		if err == nil && !ok {
			err = errClosed
		}
		if err != nil {
			it.err = err
			it.Close()
			return false
		}
		return found
	}
	if it.tx == nil && !it.started {
		it.tx, it.err = it.db.Begin(false)
		if it.err != nil {
			return false
		}
	}
	if it.bucket == nil {
		it.bucket = bucketOf(it.tx)
	}
	return it.step(it.bucket)
}

// step finds the next live quad of the scan; bucket finds a bucket of the transaction.
func (it *directScanNext) step(bucket func([]byte) *bucketRead) bool {
	var k, v []byte
	if !it.started {
		it.started = true
		idx := bucket(indexBucket(it.scan.Index))
		it.log = bucket(logBucket)
		if idx == nil || it.log == nil {
			it.Close()
			return false
		}
		it.prefix = make([]byte, 8*len(it.scan.Values))
		for i, x := range it.scan.Values {
			binary.BigEndian.PutUint64(it.prefix[8*i:], x)
		}
		it.c = idx.Cursor()
		k, v = it.c.Seek(it.prefix)
		if !it.decodeIDs(k, v) {
			return false
		}
	}
	for {
		for len(it.ids) > 0 {
			id := it.ids[0]
			it.ids = it.ids[1:]
			p, err := logQuad(it.log, id)
			if err != nil {
				it.err = err
				it.Close()
				return false
			}
			if p == nil || p.Deleted {
				continue
			}
			it.prim = p
			return true
		}
		k, v = it.c.Next()
		if !it.decodeIDs(k, v) {
			return false
		}
	}
}

// decodeIDs takes the quad IDs of index entry (k, v), or ends the scan past its prefix.
func (it *directScanNext) decodeIDs(k, v []byte) bool {
	if k == nil || !bytes.HasPrefix(k, it.prefix) {
		it.Close()
		return false
	}
	it.ids = it.ids[:0]
	for len(v) > 0 {
		x, n := binary.Uvarint(v)
		if n <= 0 {
			it.err = fmt.Errorf("index entry %x: bad quad ID list", k)
			it.Close()
			return false
		}
		it.ids, v = append(it.ids, x), v[n:]
	}
	return true
}

// logQuad reads the primitive of quad id from the log, nil if it is not there.
func logQuad(log *bucketRead, id uint64) (*cproto.Primitive, error) {
	var key [8]byte
	binary.BigEndian.PutUint64(key[:], id)
	raw := log.get(key[:])
	if raw == nil {
		return nil, nil
	}
	p, err := decodeQuadPrimitive(raw)
	if err != nil {
		return nil, fmt.Errorf("log entry %d: %w", id, err)
	}
	return p, nil
}

// decodeQuadPrimitive is proto.Unmarshal of a proto.Primitive without reflection; the
// Value field is copied as Unmarshal copies it.
func decodeQuadPrimitive(b []byte) (*cproto.Primitive, error) {
	p := &cproto.Primitive{}
	if err := decodeWire(b, p); err != nil {
		return nil, err
	}
	p.Value = bytes.Clone(p.Value)
	return p, nil
}

// decodeWire decodes a proto.Primitive's wire form (cayley/graph/proto/primitive.proto: ID 1,
// Subject 2, Predicate 3, Object 4, Label 5, Replaces 6, Timestamp 7 as varints, Value 8 as
// bytes, Deleted 9) into p, without the reflection proto.Unmarshal goes through. p.Value
// aliases b. Unknown fields are skipped, as proto.Unmarshal skips them. Export and the
// planner's direct reads both decode the log through it.
func decodeWire(b []byte, p *cproto.Primitive) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return protowire.ParseError(n)
		}
		b = b[n:]
		switch {
		case typ == protowire.VarintType && num >= 1 && num <= 9 && num != 8:
			x, n := protowire.ConsumeVarint(b)
			if n < 0 {
				return protowire.ParseError(n)
			}
			b = b[n:]
			switch num {
			case 1:
				p.ID = x
			case 2:
				p.Subject = x
			case 3:
				p.Predicate = x
			case 4:
				p.Object = x
			case 5:
				p.Label = x
			case 6:
				p.Replaces = x
			case 7:
				p.Timestamp = int64(x)
			case 9:
				p.Deleted = x != 0
			}
		case num == 8 && typ == protowire.BytesType:
			v, n := protowire.ConsumeBytes(b)
			if n < 0 {
				return protowire.ParseError(n)
			}
			b, p.Value = b[n:], v
		default:
			n := protowire.ConsumeFieldValue(num, typ, b)
			if n < 0 {
				return protowire.ParseError(n)
			}
			b = b[n:]
		}
	}
	return nil
}

func (it *directScanNext) Result() cgraph.Ref {
	if it.prim == nil {
		return nil
	}
	return it.prim
}

func (it *directScanNext) Close() error {
	it.done = true
	it.log, it.c = nil, nil
	if it.tx != nil {
		it.tx.Rollback()
		it.tx = nil
	}
	return it.err
}

func (it *directScanNext) Err() error                       { return it.err }
func (it *directScanNext) NextPath(context.Context) bool    { return false }
func (it *directScanNext) TagResults(map[string]cgraph.Ref) {}
func (it *directScanNext) String() string                   { return "DirectKVQuadsNext" }

// liveQuads counts the quads that index entry key (every direction of the index given)
// lists and that are not deleted: hasIndexed's check of one node, one bolt look-up where a
// scan would build an iterator and a transaction through hidalgo. done is false when it
// cannot read directly (a write batch is open).
func (b *batchKV) liveQuads(ind kv.QuadIndex, vals []uint64) (n int, done bool, err error) {
	if len(vals) != len(ind.Dirs) {
		return 0, false, nil
	}
	key := make([]byte, 8*len(vals))
	for i, x := range vals {
		binary.BigEndian.PutUint64(key[8*i:], x)
	}
	look := func(bucket func([]byte) *bucketRead) error {
		idx, log := bucket(indexBucket(ind)), bucket(logBucket)
		if idx == nil || log == nil {
			return nil
		}
		v := idx.get(key)
		for len(v) > 0 {
			id, k := binary.Uvarint(v)
			if k <= 0 {
				return fmt.Errorf("index entry %x: bad quad ID list", key)
			}
			v = v[k:]
			p, err := logQuad(log, id)
			if err != nil {
				return err
			}
			if p != nil && !p.Deleted {
				n++
			}
		}
		return nil
	}
	if ok, err := b.withShared(look); ok {
		return n, true, err
	}
	db := b.readDB()
	if db == nil {
		return 0, false, nil
	}
	tx, err := db.Begin(false)
	if err != nil {
		return 0, true, err
	}
	defer tx.Rollback()
	err = look(bucketOf(tx))
	return n, true, err
}

// nodeValue is the value of node id as kv's ValuesOf gives it (nil for an ID that is not a
// node's), read through the shared transaction; ok is false when the store has none (not
// read-only).
func (b *batchKV) nodeValue(id uint64) (v quad.Value, ok bool, err error) {
	if id == 0 {
		return nil, b.readOnly != nil, nil
	}
	ok, err = b.withShared(func(bucket func([]byte) *bucketRead) error {
		log := bucket(logBucket)
		if log == nil {
			return nil
		}
		var key [8]byte
		binary.BigEndian.PutUint64(key[:], id)
		raw := log.get(key[:])
		if raw == nil {
			return nil
		}
		p, err := decodePrimitive(raw)
		if err != nil {
			return fmt.Errorf("node %d: %w", id, err)
		}
		v = p.value
		return nil
	})
	return v, ok, err
}

// NameOf is kv's, read directly on a read-only store: Gizmo names every tag of every row
// it hands a forEach, and through hidalgo each look-up found the log bucket from the root.
func (p *planner) NameOf(r cgraph.Ref) (quad.Value, error) {
	if n, ok := r.(kv.Int64Value); ok && p.bolt != nil {
		if v, ok, err := p.bolt.nodeValue(uint64(n)); ok {
			return v, err
		}
	}
	return p.QuadStore.NameOf(r)
}

// ValuesOf is kv's batch look-up (refs.BatchNamer), read directly as NameOf is.
func (p *planner) ValuesOf(ctx context.Context, rs []cgraph.Ref) ([]quad.Value, error) {
	direct := p.bolt != nil && p.bolt.readOnly != nil
	for _, r := range rs {
		if _, ok := r.(kv.Int64Value); !ok && r != nil {
			direct = false
		}
	}
	if !direct {
		return p.kv.ValuesOf(ctx, rs)
	}
	out := make([]quad.Value, len(rs))
	for i, r := range rs {
		if r == nil {
			continue
		}
		v, ok, err := p.bolt.nodeValue(uint64(r.(kv.Int64Value)))
		if !ok {
			return p.kv.ValuesOf(ctx, rs)
		}
		if err != nil {
			return out, err
		}
		out[i] = v
	}
	return out, nil
}

// ValueOf is kv's (the node ID of v, nil if v is no node of the store), read directly on a
// read-only store: kv finds v's ID in one of 65536 buckets named by its hash's first two
// bytes, each found from the root, through a transaction of its own.
func (p *planner) ValueOf(v quad.Value) (cgraph.Ref, error) {
	if v == nil || p.bolt == nil || p.bolt.readOnly == nil {
		return p.QuadStore.ValueOf(v)
	}
	h := refs.HashOf(v)
	var id uint64
	ok, err := p.bolt.withShared(func(bucket func([]byte) *bucketRead) error {
		b := bucket([]byte{'v', h[0], h[1]})
		if b == nil {
			return nil
		}
		if raw := b.get(h[:]); len(raw) > 0 {
			id, _ = binary.Uvarint(raw)
		}
		return nil
	})
	if !ok {
		return p.QuadStore.ValueOf(v)
	}
	if err != nil || id == 0 {
		return nil, err
	}
	return kv.Int64Value(id), nil
}

// valueOf is ValueOf through the planner where there is one.
func (s *store) valueOf(v quad.Value) (cgraph.Ref, error) {
	if p, ok := s.gq.(*planner); ok {
		return p.ValueOf(v)
	}
	return s.qs.ValueOf(v)
}

// RefsOf is refs.BatchNamer's other half, ValueOf for each value; like kv's, it gives ID 0
// (not nil) for a value that is no node.
func (p *planner) RefsOf(ctx context.Context, vs []quad.Value) ([]cgraph.Ref, error) {
	out := make([]cgraph.Ref, len(vs))
	for i, v := range vs {
		r, err := p.ValueOf(v)
		if err != nil {
			return out, err
		}
		if r == nil {
			r = kv.Int64Value(0)
		}
		out[i] = r
	}
	return out, nil
}
