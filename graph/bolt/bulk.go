package bolt

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sync/atomic"
	"time"

	"github.com/cayleygraph/cayley/graph/kv"
	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	hkv "github.com/hidal-go/hidalgo/kv"
	hbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	bbolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/encoding/protowire"

	"github.com/medkg/medkg/graph"
)

// The bulk writer fills an empty store with one import. Written quad by quad, Cayley's kv
// layout costs a hash-bucket lookup per value, a read and rewrite of every node's reference
// count and of every index key the quad touches, and bolt rewrites each page a transaction
// touched (BENCHMARKS.md: 97% of an import's time at 1M). Written all at once, every one of
// those is known before anything is written: node IDs (one per distinct value, in order of
// first appearance), quad IDs (in file order, duplicates dropped), reference counts, and each
// index's ID lists. Each bucket is then written once, sequentially, in key order, into a new
// bolt file beside the store, with pages filled and no fsync until the end; the file takes
// the store's place by rename only when it is complete, so an error, an interruption or a
// crash leaves the empty store as it was.
//
// What is written is Cayley's layout as its kv package writes it (graph/kv/indexing.go in
// the Cayley module): the "meta" bucket (version and index list copied from the empty store,
// "horizon" the last ID given, "size" the quad count, each a little-endian uint64); "log",
// each primitive (cproto.Primitive, protobuf) under its ID as 8 big-endian bytes: a node with
// its value (pquads.MarshalValue), a quad with its four node IDs (0 for no label); for each
// value, its ID as a uvarint under its hash (refs.HashOf) in bucket "v"+hash[0]+hash[1], and
// its reference count (one per quad direction that holds it) as a uvarint in "n"+...; and for
// each index in the store's list (normally "sp" and "ops"), under the node IDs of its
// directions as 8 big-endian bytes each, the IDs of the quads that have them as uvarints in
// ascending order. medkg's own index is built by the same indexWriter every write uses.

// bulkFile is the file a bulk import writes beside the store's until it is complete. A
// writer that opens the store removes one left by a crash.
const bulkFile = File + ".bulk"

// bulkTxBytes is about how many bytes of keys and values one bolt transaction of the bulk
// writer holds before it is committed: bolt keeps a transaction's dirty pages in memory, so
// one transaction for the whole store would hold all of it. Appending in key order, a commit
// rewrites only the last pages of each bucket it touched. Small is cheaper up to a point:
// bolt holds a transaction's new keys in one growing in-memory node per bucket (a sorted
// slice, copied as it grows, split at commit), which at 4 MiB was 30% of the bytes a 1M
// import allocated; 512 KiB took a 1M import from 9.1 to 7.0 s and 263 to 179 MB
// (BENCHMARKS.md), and 256 KiB was no faster.
const bulkTxBytes = 512 << 10

// BulkImport writes the quads next returns into the store, which must hold none, as a new
// bolt file put in the store's place when complete (see above). It returns how many quads
// next returned, duplicates included, as Import does.
func (s *store) BulkImport(ctx context.Context, next func() (quad.Quad, error), batch int, progress func(int)) (int, error) {
	if s.opts.ReadOnly {
		return 0, graph.ErrReadOnly
	}
	old := s.boltDB()
	if old == nil {
		return 0, errors.New("graph: bulk import needs a bbolt file")
	}
	if n, err := s.Size(ctx); err != nil || n != 0 {
		if err == nil {
			err = fmt.Errorf("graph: bulk import into a store that holds %d quads", n)
		}
		return 0, err
	}
	spec, err := s.indexSpec()
	if err != nil {
		return 0, err
	}
	// Parsing and writing allocate fast and keep little (the parser's strings, bolt's pages,
	// which each commit drops); a collector paced for half the default growth keeps the
	// peak RSS lower for some more CPU (BENCHMARKS.md).
	defer debug.SetGCPercent(debug.SetGCPercent(50))
	b := newBulk()
	n, err := b.read(ctx, next, batch, progress)
	if err != nil || len(b.quads) == 0 {
		return n, err // nothing to write: the store stays as it is
	}
	indexes, err := storeIndexes(old)
	if err != nil {
		return 0, err
	}
	widest := indexes[0]
	for _, ind := range indexes {
		if len(ind.Dirs) > len(widest.Dirs) {
			widest = ind
		}
	}
	b.dedup(widest)

	tmp := filepath.Join(s.opts.Path, bulkFile)
	if err := os.Remove(tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
		return 0, err
	}
	db, err := bbolt.Open(tmp, 0o644, &bbolt.Options{
		NoSync: true, NoGrowSync: true, NoFreelistSync: true,
		FreelistType: bbolt.FreelistMapType, InitialMmapSize: 1 << 30,
	})
	if err != nil {
		return 0, err
	}
	fail := func(err error) (int, error) {
		db.Close()
		os.Remove(tmp)
		return 0, err
	}
	if err := b.write(ctx, db, old, indexes, spec); err != nil {
		return fail(err)
	}
	// Durable before it takes the store's place: the file, then the rename in the directory.
	db.NoSync, db.NoGrowSync, db.NoFreelistSync = false, false, false
	if err := db.Sync(); err != nil {
		return fail(err)
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, filepath.Join(s.opts.Path, File)); err != nil {
		return fail(err)
	}
	if err := syncDir(s.opts.Path); err != nil {
		return n, fmt.Errorf("graph: the import is in place but its directory was not synced: %w", err)
	}
	// The new file is locked by db since it was created, and the old one by the store until
	// now: no other process could open either in between (openBolt checks, once it has the
	// lock, that the file it locked is still the store's).
	s.kv.closeShared()
	s.qs.Close()
	s.kv = &batchKV{KV: hbolt.New(db)}
	s.info, s.specRead = indexInfo{}, false // read the index's state again, as the new file has it
	if err := s.openQuadStore(); err != nil {
		return n, err
	}
	bulkImports.Add(1)
	return n, nil
}

// bulkImports counts the bulk imports that completed, for tests that must know the bulk
// path was taken.
var bulkImports atomic.Int64

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// storeIndexes reads the quad indexes an empty store was initialised with (Cayley's
// meta/indexes), which the bulk writer fills.
func storeIndexes(db *bbolt.DB) ([]kv.QuadIndex, error) {
	var out []kv.QuadIndex
	err := db.View(func(tx *bbolt.Tx) error {
		m := tx.Bucket([]byte("meta"))
		if m == nil {
			return errors.New("graph: the store has no meta bucket")
		}
		v := m.Get([]byte("indexes"))
		if v == nil {
			return errors.New("graph: the store lists no quad indexes (written by a Cayley older than 0.7.6?)")
		}
		return json.Unmarshal(v, &out)
	})
	if err == nil && len(out) == 0 {
		err = errors.New("graph: the store lists no quad indexes")
	}
	return out, err
}

// bulk holds an import in memory as node numbers: node i is vals[i] (vals[0] is no value),
// and its Cayley ID is i; quad j of the file is quads[j], its four node numbers by
// direction (Subject first).
type bulk struct {
	ids    map[quad.Value]uint32     // each value as the reader gave it
	byHash map[refs.ValueHash]uint32 // each node by its hash: Cayley's identity of a value
	vals   []quad.Value
	hashes []refs.ValueHash // hashes[i] is vals[i]'s
	quads  [][4]uint32
	// rank[j] is quad j's place among the distinct quads (from 1), 0 for a repeat; quad j's
	// Cayley ID is nodes() + rank[j].
	rank  []uint32
	dupes int
}

func newBulk() *bulk {
	return &bulk{ids: map[quad.Value]uint32{}, byHash: map[refs.ValueHash]uint32{},
		vals: []quad.Value{nil}, hashes: []refs.ValueHash{{}}}
}

func (b *bulk) nodes() uint64 { return uint64(len(b.vals) - 1) }

var errBulkTooLarge = errors.New("graph: more than 4 billion quads or values in one import")

// node numbers v. Values are looked up as the reader gave them (comparable Go values, no
// string built per quad); a value met for the first time is hashed as Cayley hashes it
// (refs.HashOf, of its N-Quads form), so that two Go values Cayley holds for one node, if
// a reader ever gave both, get one number.
func (b *bulk) node(v quad.Value) (uint32, error) {
	if v == nil {
		return 0, nil
	}
	if id, ok := b.ids[v]; ok {
		return id, nil
	}
	h := refs.HashOf(v)
	id, ok := b.byHash[h]
	if !ok {
		if len(b.vals) >= math.MaxUint32 {
			return 0, errBulkTooLarge
		}
		id = uint32(len(b.vals))
		b.vals = append(b.vals, v)
		b.hashes = append(b.hashes, h)
		b.byHash[h] = id
	}
	b.ids[v] = id
	return id, nil
}

// read takes every quad next returns, numbering nodes as they come, and calls progress
// every batch quads and at the end.
func (b *bulk) read(ctx context.Context, next func() (quad.Quad, error), batch int, progress func(int)) (int, error) {
	batch = max(batch, 1)
	for {
		if len(b.quads)%64 == 0 {
			if err := ctx.Err(); err != nil {
				return len(b.quads), err
			}
		}
		q, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return len(b.quads), err
		}
		if len(b.quads) >= math.MaxUint32-1 {
			return len(b.quads), errBulkTooLarge
		}
		var ids [4]uint32
		for i, v := range [4]quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
			if ids[i], err = b.node(v); err != nil {
				return len(b.quads), err
			}
		}
		b.quads = append(b.quads, ids)
		if progress != nil && len(b.quads)%batch == 0 {
			progress(len(b.quads))
		}
	}
	if progress != nil && len(b.quads)%batch != 0 {
		progress(len(b.quads))
	}
	b.ids, b.byHash = nil, nil
	return len(b.quads), nil
}

// sorted returns the numbers of the quads (repeats left out once dedup has run) in the order
// of index ind: by its directions' node IDs, then by file order, which is also the order of
// quad IDs, as Cayley appends them to each key's list.
func (b *bulk) sorted(ind kv.QuadIndex) []uint32 {
	perm := make([]uint32, 0, len(b.quads)-b.dupes)
	for j := range b.quads {
		if b.rank == nil || b.rank[j] != 0 {
			perm = append(perm, uint32(j))
		}
	}
	dirs := make([]int, len(ind.Dirs))
	for i, d := range ind.Dirs {
		dirs[i] = int(d) - 1 // quad.Subject is 1
	}
	qs := b.quads
	slices.SortFunc(perm, func(x, y uint32) int {
		a, c := &qs[x], &qs[y]
		for _, d := range dirs {
			if a[d] != c[d] {
				if a[d] < c[d] {
					return -1
				}
				return 1
			}
		}
		if x < y {
			return -1
		}
		if x > y {
			return 1
		}
		return 0
	})
	return perm
}

// dedup finds the quads given more than once, as Cayley does (a quad is its four node IDs),
// keeping the first, and numbers the rest in file order. It sorts by ind, so that repeats
// are neighbours or share ind's key.
func (b *bulk) dedup(ind kv.QuadIndex) {
	perm := b.sorted(ind)
	b.rank = make([]uint32, len(b.quads))
	for j := range b.rank {
		b.rank[j] = 1 // kept unless found a repeat below
	}
	for i := 0; i < len(perm); {
		end := i + 1
		for end < len(perm) && b.sameKey(ind, perm[i], perm[end]) {
			end++
		}
		// perm[i:end] share ind's key, in file order: a quad repeats one before it when
		// all four nodes match.
		group := perm[i:end]
		if len(group) > 1 {
			var seen map[[4]uint32]bool
			if len(group) > 16 {
				seen = make(map[[4]uint32]bool, len(group))
			}
			for k, j := range group {
				if seen != nil {
					if seen[b.quads[j]] {
						b.rank[j] = 0
					}
					seen[b.quads[j]] = true
					continue
				}
				for _, e := range group[:k] {
					if b.rank[e] != 0 && b.quads[e] == b.quads[j] {
						b.rank[j] = 0
						break
					}
				}
			}
		}
		i = end
	}
	r := uint32(0)
	for j := range b.rank {
		if b.rank[j] != 0 {
			r++
			b.rank[j] = r
		} else {
			b.dupes++
		}
	}
}

// sameKey reports whether quads x and y have the same key in index ind.
func (b *bulk) sameKey(ind kv.QuadIndex, x, y uint32) bool {
	for _, d := range ind.Dirs {
		if b.quads[x][d-1] != b.quads[y][d-1] {
			return false
		}
	}
	return true
}

func (b *bulk) quadID(j uint32) uint64 { return b.nodes() + uint64(b.rank[j]) }

// quad is quad j as values.
func (b *bulk) quad(j uint32) quad.Quad {
	q := b.quads[j]
	return quad.Quad{Subject: b.vals[q[0]], Predicate: b.vals[q[1]], Object: b.vals[q[2]], Label: b.vals[q[3]]}
}

// write writes the store into db: what the empty store old holds beside Cayley's quads, then
// every Cayley bucket, then medkg's index.
func (b *bulk) write(ctx context.Context, db *bbolt.DB, old *bbolt.DB, indexes []kv.QuadIndex, spec *graph.IndexSpec) error {
	w, err := newBulkWriter(ctx, db)
	if err != nil {
		return err
	}
	defer w.rollback()
	distinct := uint64(len(b.quads) - b.dupes)
	if err := w.copyOld(old, indexes, b.nodes()+distinct, distinct); err != nil {
		return err
	}
	now := time.Now().UnixNano()
	// The sorts the later buckets need run on the other core while log is written.
	type sorts struct {
		hashes []refs.ValueHash
		order  []uint32   // node IDs by hash
		perms  [][]uint32 // quads in each index's order
	}
	sorted := make(chan sorts, 1)
	go func() {
		var so sorts
		so.hashes = b.hashes
		so.order = make([]uint32, 0, b.nodes())
		for id := 1; id < len(b.vals); id++ {
			so.order = append(so.order, uint32(id))
		}
		slices.SortFunc(so.order, func(x, y uint32) int { return bytes.Compare(so.hashes[x][:], so.hashes[y][:]) })
		for _, ind := range indexes {
			so.perms = append(so.perms, b.sorted(ind))
		}
		sorted <- so
	}()

	// log: nodes 1..N, then quads N+1..N+M, in ID order.
	if err := w.bucket([]byte("log")); err != nil {
		return err
	}
	var p cproto.Primitive
	for id := uint64(1); id <= b.nodes(); id++ {
		val, err := pquads.MarshalValue(b.vals[id])
		if err != nil {
			return err
		}
		p = cproto.Primitive{ID: id, Value: val, Timestamp: now}
		if err := w.putPrimitive(&p); err != nil {
			return err
		}
	}
	refCount := make([]uint32, len(b.vals))
	for j, q := range b.quads {
		if b.rank[j] == 0 {
			continue
		}
		for _, n := range q {
			if n != 0 {
				refCount[n]++
			}
		}
		p = cproto.Primitive{ID: b.quadID(uint32(j)), Subject: uint64(q[0]), Predicate: uint64(q[1]),
			Object: uint64(q[2]), Label: uint64(q[3]), Timestamp: now}
		if err := w.putPrimitive(&p); err != nil {
			return err
		}
	}

	// v and n: by hash, so each of their buckets is written once, in key order.
	var so sorts
	select {
	case so = <-sorted:
	case <-ctx.Done():
		return ctx.Err() // the sorts finish on their own; nothing waits for them
	}
	hashes, order := so.hashes, so.order
	for _, prefix := range []byte{'n', 'v'} { // the order of their bucket names
		cur := []byte{prefix, 0, 0}
		open := false
		for _, id := range order {
			h := &hashes[id]
			if !open || h[0] != cur[1] || h[1] != cur[2] {
				cur = []byte{prefix, h[0], h[1]}
				if err := w.bucket(cur); err != nil {
					return err
				}
				open = true
			}
			n := uint64(id)
			if prefix == 'n' {
				n = uint64(refCount[id])
			}
			if err := w.put(h[:], binary.AppendUvarint(w.alloc(binary.MaxVarintLen64), n)); err != nil {
				return err
			}
		}
	}

	// The quad indexes, each sorted by its directions.
	for i, ind := range indexes {
		if err := b.writeIndex(w, ind, so.perms[i]); err != nil {
			return err
		}
		so.perms[i] = nil
	}

	// medkg's index, through the writer every write uses.
	if spec != nil {
		iw := newIndexWriter(spec)
		for j := range b.quads {
			if b.rank[j] != 0 {
				iw.quad(b.quad(uint32(j)), false)
			}
		}
		if err := w.commit(true); err != nil {
			return err
		}
		st := &sortedTx{importTx: importTx{tx: w.tx, buckets: map[string]*bbolt.Bucket{}}, puts: map[string]int{}}
		if err := iw.flush(ctx, st, true, ""); err != nil {
			return err
		}
		if err := st.write(w); err != nil {
			return err
		}
	}
	w.db.NoFreelistSync = false // the last commit writes the freelist, which Cayley's bolt needs
	return w.commit(false)
}

func (b *bulk) writeIndex(w *bulkWriter, ind kv.QuadIndex, perm []uint32) error {
	name := make([]byte, len(ind.Dirs))
	for i, d := range ind.Dirs {
		name[i] = d.Prefix()
	}
	if err := w.bucket(name); err != nil {
		return err
	}
	key := func(j uint32) []byte {
		k := w.alloc(8 * len(ind.Dirs))
		for _, d := range ind.Dirs {
			k = binary.BigEndian.AppendUint64(k, uint64(b.quads[j][d-1]))
		}
		return k
	}
	for i := 0; i < len(perm); {
		k := key(perm[i])
		end := i
		for end < len(perm) && (end == i || b.sameKey(ind, perm[i], perm[end])) {
			end++
		}
		v := w.alloc(binary.MaxVarintLen64 * (end - i))
		for _, j := range perm[i:end] {
			v = binary.AppendUvarint(v, b.quadID(j))
		}
		if err := w.put(k, v); err != nil {
			return err
		}
		i = end
	}
	return nil
}

// bulkWriter appends to one bucket at a time, committing every bulkTxBytes. bolt keeps the
// keys and values a transaction was given until it commits; they are cut from arena chunks
// dropped at each commit.
type bulkWriter struct {
	ctx   context.Context
	db    *bbolt.DB
	tx    *bbolt.Tx
	name  []byte // the bucket being written
	b     *bbolt.Bucket
	bytes int
	puts  int
	arena []byte
	buf   []byte
}

func newBulkWriter(ctx context.Context, db *bbolt.DB) (*bulkWriter, error) {
	tx, err := db.Begin(true)
	if err != nil {
		return nil, err
	}
	return &bulkWriter{ctx: ctx, db: db, tx: tx}, nil
}

// alloc returns an empty slice with room for n bytes, valid until the next commit.
func (w *bulkWriter) alloc(n int) []byte {
	if cap(w.arena)-len(w.arena) < n {
		w.arena = make([]byte, 0, max(1<<20, n))
	}
	s := w.arena[len(w.arena) : len(w.arena) : len(w.arena)+n]
	w.arena = w.arena[:len(w.arena)+n]
	return s
}

// bucket starts writing bucket name (top level), creating it if need be.
func (w *bulkWriter) bucket(name []byte) error {
	b, err := w.tx.CreateBucketIfNotExists(name)
	if err != nil {
		return err
	}
	b.FillPercent = 1.0 // written in key order: full pages
	w.b, w.name = b, name
	return nil
}

func (w *bulkWriter) put(k, v []byte) error {
	if err := w.b.Put(k, v); err != nil {
		return err
	}
	w.bytes += len(k) + len(v)
	if w.puts++; w.puts%4096 == 0 {
		if err := w.ctx.Err(); err != nil {
			return err
		}
	}
	if w.bytes >= bulkTxBytes {
		return w.commit(true)
	}
	return nil
}

func (w *bulkWriter) putPrimitive(p *cproto.Primitive) error {
	k := binary.BigEndian.AppendUint64(w.alloc(8), p.ID)
	w.buf = appendPrimitive(w.buf[:0], p)
	v := append(w.alloc(len(w.buf)), w.buf...)
	return w.put(k, v)
}

// appendPrimitive is proto.Marshal of p as the bulk writer makes them (no Replaces, never
// Deleted): its fields in order of number, those that are zero left out, as proto3 and
// Go's protobuf write them (TestAppendPrimitive compares the two), without reflection.
func appendPrimitive(b []byte, p *cproto.Primitive) []byte {
	for _, f := range []struct {
		num protowire.Number
		v   uint64
	}{{1, p.ID}, {2, p.Subject}, {3, p.Predicate}, {4, p.Object}, {5, p.Label}, {7, uint64(p.Timestamp)}} {
		if f.v != 0 {
			b = protowire.AppendTag(b, f.num, protowire.VarintType)
			b = protowire.AppendVarint(b, f.v)
		}
	}
	if len(p.Value) > 0 {
		b = protowire.AppendTag(b, 8, protowire.BytesType)
		b = protowire.AppendBytes(b, p.Value)
	}
	return b
}

// commit commits the transaction and, if again, begins the next, in the same bucket.
func (w *bulkWriter) commit(again bool) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	err := w.tx.Commit()
	w.tx, w.bytes, w.arena = nil, 0, nil
	if err != nil || !again {
		return err
	}
	if w.tx, err = w.db.Begin(true); err != nil {
		return err
	}
	if w.name != nil {
		return w.bucket(w.name)
	}
	return nil
}

func (w *bulkWriter) rollback() {
	if w.tx != nil {
		w.tx.Rollback()
		w.tx = nil
	}
}

// copyOld copies what the empty store holds that is not Cayley's quads: Cayley's meta bucket,
// with horizon and size set to the new store's, and its empty quad buckets; and every other
// top-level bucket (medkg's index: its spec and whatever else a new store begins with), but
// not the index's stale mark or graph counts, which the bulk writer computes exactly.
func (w *bulkWriter) copyOld(old *bbolt.DB, indexes []kv.QuadIndex, horizon, size uint64) error {
	cayley := map[string]bool{"log": true}
	for _, ind := range indexes {
		name := make([]byte, len(ind.Dirs))
		for i, d := range ind.Dirs {
			name[i] = d.Prefix()
		}
		cayley[string(name)] = true
	}
	isValueBucket := func(name []byte) bool {
		return len(name) == 3 && (name[0] == 'v' || name[0] == 'n')
	}
	err := old.View(func(otx *bbolt.Tx) error {
		return otx.ForEach(func(name []byte, ob *bbolt.Bucket) error {
			if cayley[string(name)] || isValueBucket(name) {
				return nil
			}
			nb, err := w.tx.CreateBucket(bytes.Clone(name))
			if err != nil {
				return err
			}
			var path [][]byte
			if bytes.Equal(name, idxRoot) {
				path = [][]byte{idxRoot}
			}
			return copyBucket(nb, ob, path)
		})
	})
	if err != nil {
		return err
	}
	meta := w.tx.Bucket([]byte("meta"))
	if meta == nil {
		return errors.New("graph: the store has no meta bucket")
	}
	for k, n := range map[string]uint64{"horizon": horizon, "size": size} {
		if err := meta.Put([]byte(k), binary.LittleEndian.AppendUint64(nil, n)); err != nil {
			return err
		}
	}
	for name := range cayley {
		if _, err := w.tx.CreateBucketIfNotExists([]byte(name)); err != nil {
			return err
		}
	}
	return nil
}

// copyBucket copies src into dst, keys and nested buckets, values copied (bolt's are valid
// only in their transaction). path, when set, is where src sits in medkg's index, whose
// stale mark and graph counts are left out.
func copyBucket(dst, src *bbolt.Bucket, path [][]byte) error {
	return src.ForEach(func(k, v []byte) error {
		var sub [][]byte
		if path != nil {
			sub = append(slices.Clone(path), k)
			if keyIs(sub, idxStale) || keyIs(sub, hkvKey(idxRoot, idxGraphs)) {
				return nil
			}
		}
		if v == nil { // a nested bucket
			nb, err := dst.CreateBucket(bytes.Clone(k))
			if err != nil {
				return err
			}
			return copyBucket(nb, src.Bucket(k), sub)
		}
		return dst.Put(bytes.Clone(k), bytes.Clone(v))
	})
}

func hkvKey(parts ...[]byte) [][]byte { return parts }

func keyIs[K ~[][]byte](a [][]byte, b K) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

// sortedTx is the transaction the index's flush writes into: it keeps the puts and writes
// them in key order at the end, since bolt inserts each key into a node that, in a new
// bucket, holds all of a transaction's keys: in the writer's map order, every insert would
// move half of them.
type sortedTx struct {
	importTx
	puts map[string]int // key path → index in kvs
	kvs  []sortedPut
}

type sortedPut struct {
	key hkv.Key
	val []byte
	del bool
}

func (t *sortedTx) Get(ctx context.Context, key hkv.Key) (hkv.Value, error) {
	if i, ok := t.puts[bucketName(key)]; ok {
		if t.kvs[i].del {
			return nil, hkv.ErrNotFound
		}
		return t.kvs[i].val, nil
	}
	return t.importTx.Get(ctx, key)
}

func (t *sortedTx) GetBatch(ctx context.Context, keys []hkv.Key) ([]hkv.Value, error) {
	return getBatch(ctx, t.Get, keys)
}

func (t *sortedTx) Put(_ context.Context, key hkv.Key, v hkv.Value) error {
	return t.record(sortedPut{key: key, val: v})
}

func (t *sortedTx) Del(_ context.Context, key hkv.Key) error {
	return t.record(sortedPut{key: key, del: true})
}

func (t *sortedTx) record(p sortedPut) error {
	if len(p.key) == 0 {
		return errors.New("graph: empty key")
	}
	name := bucketName(p.key)
	if i, ok := t.puts[name]; ok {
		t.kvs[i] = p
		return nil
	}
	t.puts[name] = len(t.kvs)
	t.kvs = append(t.kvs, p)
	return nil
}

// write applies the recorded changes in key order, through the bulk writer's transaction.
func (t *sortedTx) write(w *bulkWriter) error {
	slices.SortFunc(t.kvs, func(a, b sortedPut) int {
		for i := 0; i < len(a.key) && i < len(b.key); i++ {
			if c := bytes.Compare(a.key[i], b.key[i]); c != 0 {
				return c
			}
		}
		return len(a.key) - len(b.key)
	})
	for _, p := range t.kvs {
		t.importTx.tx = w.tx // the writer commits as it goes
		var err error
		if p.del {
			err = t.importTx.Del(w.ctx, p.key)
		} else {
			err = t.importTx.Put(w.ctx, p.key, p.val)
		}
		if err != nil {
			return err
		}
		w.bytes += len(p.key[len(p.key)-1]) + len(p.val)
		if w.bytes >= bulkTxBytes {
			if err := w.commit(true); err != nil {
				return err
			}
			t.importTx.buckets = map[string]*bbolt.Bucket{}
		}
	}
	return nil
}
