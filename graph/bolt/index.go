package bolt

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	hkv "github.com/hidal-go/hidalgo/kv"
	hbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	bbolt "go.etcd.io/bbolt"

	"github.com/medkg/medkg/graph"
)

// The maintained index: medkg's own buckets beside Cayley's in the bolt file, written in the
// same transaction as every write (Import, Replace), so that a new process can list names
// and count types and graphs without reading every quad (`medkg search` and `stats` read
// 1.7 s and 38 s of quads at 1M without it). Cayley reads only its own buckets (meta, log,
// its value and index buckets), so it ignores these: `cayley dump` of a store with them
// equals `medkg export` (bench/run.sh checks; TestIndexIgnoredByCayley).
//
// Layout, all under the top-level bucket "medkg.index":
//
//	spec/spec                        the IndexSpec as JSON: what the index holds
//	spec/stale                       why the graph counts are not exact, when they are not
//	names/<subject>\x00<pred>\x00<object as N-Quads>   the object's text: one key per quad
//	types/<type>\x00<graph>\x00<subject>               empty: one key per quad
//	graphs/<graph>                   varints: the graph's quads, then its quads of each
//	                                 IndexSpec.Counted predicate
//
// names and types are sets of quads, one key each, so adding a quad twice or deleting one
// that is not there leaves them right whatever Cayley skipped. The graph counts are numbers:
// they are exact only when every quad a write handed Cayley was in fact added (or deleted),
// which each write checks by Cayley's own quad count; when it was not (an import of quads
// already stored), the write marks the counts stale and readers fall back to counting.
var (
	idxRoot   = []byte("medkg.index")
	idxSpec   = hkv.Key{idxRoot, []byte("spec"), []byte("spec")}
	idxStale  = hkv.Key{idxRoot, []byte("spec"), []byte("stale")}
	idxNames  = []byte("names")
	idxTypes  = []byte("types")
	idxGraphs = []byte("graphs")
)

var _ graph.Indexer = (*store)(nil)

// boltDB is the store's bolt file (nil only if the kv under Cayley were not hidalgo's bbolt).
func (s *store) boltDB() *bbolt.DB {
	if s.kv == nil {
		return nil
	}
	if db, ok := s.kv.KV.(*hbolt.DB); ok {
		return db.DB()
	}
	return nil
}

// indexSpec reads the stored spec: nil when the store has none.
func (s *store) indexSpec() (*graph.IndexSpec, error) {
	if s.specRead {
		return s.spec, nil
	}
	db := s.boltDB()
	if db == nil {
		s.specRead = true
		return nil, nil
	}
	var spec *graph.IndexSpec
	err := db.View(func(tx *bbolt.Tx) error {
		b := tx.Bucket(idxRoot)
		if b == nil {
			return nil
		}
		if sb := b.Bucket([]byte("spec")); sb != nil {
			if v := sb.Get([]byte("spec")); v != nil {
				spec = new(graph.IndexSpec)
				return json.Unmarshal(v, spec)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the index spec: %w", err)
	}
	// A writer is the only writer (bolt's lock), so its spec cannot change under it; a
	// reader reads it each time it asks, through IndexState.
	if !s.opts.ReadOnly {
		s.spec, s.specRead = spec, true
	}
	return spec, nil
}

// IndexState reports whether the store has a maintained index, and whether its graph
// counts are exact: nil, graph.ErrNoIndex, or graph.ErrIndexStale (wrapped, with the reason).
func (s *store) IndexState(context.Context) error {
	spec, err := s.indexSpec()
	if err != nil {
		return err
	}
	if spec == nil {
		return graph.ErrNoIndex
	}
	var why []byte
	err = s.boltDB().View(func(tx *bbolt.Tx) error {
		if b := bucketAt(tx, idxStale[:len(idxStale)-1]); b != nil {
			why = bytes.Clone(b.Get(idxStale[len(idxStale)-1]))
		}
		return nil
	})
	if err != nil {
		return err
	}
	if why != nil {
		return fmt.Errorf("%w: %s", graph.ErrIndexStale, why)
	}
	return nil
}

func bucketAt(tx *bbolt.Tx, path hkv.Key) *bbolt.Bucket {
	b := tx.Bucket(path[0])
	for _, p := range path[1:] {
		if b == nil {
			return nil
		}
		b = b.Bucket(p)
	}
	return b
}

// NameEntries calls fn for each name quad of the maintained index, in order of subject. It
// returns graph.ErrNoIndex if the store has none.
func (s *store) NameEntries(ctx context.Context, fn func(graph.NameEntry) error) error {
	return s.scanIndex(ctx, idxNames, func(k, v []byte) error {
		parts := bytes.SplitN(k, []byte{0}, 3)
		if len(parts) != 3 {
			return fmt.Errorf("graph: bad name index key %q", k)
		}
		return fn(graph.NameEntry{Subject: quad.IRI(parts[0]), Predicate: quad.IRI(parts[1]), Text: string(v)})
	})
}

// TypeEntries calls fn for each type quad of the maintained index, in order of type. It
// returns graph.ErrNoIndex if the store has none.
func (s *store) TypeEntries(ctx context.Context, fn func(graph.TypeEntry) error) error {
	return s.scanIndex(ctx, idxTypes, func(k, _ []byte) error {
		parts := bytes.SplitN(k, []byte{0}, 3)
		if len(parts) != 3 {
			return fmt.Errorf("graph: bad type index key %q", k)
		}
		return fn(graph.TypeEntry{Type: quad.IRI(parts[0]), Graph: quad.IRI(parts[1]), Subject: quad.IRI(parts[2])})
	})
}

// GraphCounts calls fn for each named graph (IRI-labelled) that holds quads. It returns
// graph.ErrNoIndex if the store has no index, and graph.ErrIndexStale (wrapped) if the counts are not
// exact, before calling fn.
func (s *store) GraphCounts(ctx context.Context, fn func(graph.GraphCount) error) error {
	if err := s.IndexState(ctx); err != nil {
		return err
	}
	spec, err := s.indexSpec()
	if err != nil {
		return err
	}
	return s.scanIndex(ctx, idxGraphs, func(k, v []byte) error {
		c, err := decodeCounts(v)
		if err != nil {
			return fmt.Errorf("graph: bad count for %s: %w", k, err)
		}
		if len(c) == 0 || c[0] == 0 {
			return nil
		}
		gc := graph.GraphCount{Graph: quad.IRI(k), Quads: c[0], Counted: make(map[quad.IRI]int64, len(spec.Counted))}
		for i, p := range spec.Counted {
			if i+1 < len(c) {
				gc.Counted[p] = c[i+1]
			}
		}
		return fn(gc)
	})
}

func (s *store) scanIndex(ctx context.Context, sub []byte, fn func(k, v []byte) error) error {
	spec, err := s.indexSpec()
	if err != nil {
		return err
	}
	if spec == nil {
		return graph.ErrNoIndex
	}
	return s.boltDB().View(func(tx *bbolt.Tx) error {
		b := bucketAt(tx, hkv.Key{idxRoot, sub})
		if b == nil {
			return nil
		}
		c := b.Cursor()
		n := 0
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if n++; n%4096 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			if err := fn(k, v); err != nil {
				return err
			}
		}
		return nil
	})
}

func decodeCounts(v []byte) ([]int64, error) {
	var out []int64
	for len(v) > 0 {
		x, n := binary.Varint(v)
		if n <= 0 {
			return nil, errors.New("bad varint")
		}
		out = append(out, x)
		v = v[n:]
	}
	return out, nil
}

func encodeCounts(c []int64) []byte {
	buf := make([]byte, 0, len(c)*3)
	for _, x := range c {
		buf = binary.AppendVarint(buf, x)
	}
	return buf
}

// indexWriter accumulates one write's changes to the maintained index; flush writes them
// into the write's own transaction.
type indexWriter struct {
	spec    *graph.IndexSpec
	names   map[quad.IRI]bool
	counted map[quad.IRI]int
	sets    map[string]setChange // full key (sub \xff key) → put (with value) or delete
	graphs  map[quad.IRI][]int64 // count deltas
}

type setChange struct {
	sub, key, val []byte
	del           bool
}

func newIndexWriter(spec *graph.IndexSpec) *indexWriter {
	w := &indexWriter{spec: spec, names: map[quad.IRI]bool{}, counted: map[quad.IRI]int{},
		sets: map[string]setChange{}, graphs: map[quad.IRI][]int64{}}
	for _, p := range spec.Names {
		w.names[p] = true
	}
	for i, p := range spec.Counted {
		w.counted[p] = i + 1
	}
	return w
}

// quad records q as added (del false) or deleted.
func (w *indexWriter) quad(q quad.Quad, del bool) {
	pred, _ := q.Predicate.(quad.IRI)
	subj, subjIRI := q.Subject.(quad.IRI)
	label, labelIRI := q.Label.(quad.IRI)
	set := func(sub []byte, key, val []byte) {
		w.sets[string(sub)+"\xff"+string(key)] = setChange{sub: sub, key: key, val: val, del: del}
	}
	if q.Label == nil && subjIRI && w.names[pred] {
		set(idxNames, []byte(string(subj)+"\x00"+string(pred)+"\x00"+q.Object.String()), []byte(graph.Lexical(q.Object)))
	}
	if pred == w.spec.Type && subjIRI {
		if typ, ok := q.Object.(quad.IRI); ok && (q.Label == nil || labelIRI && label == subj) {
			set(idxTypes, []byte(string(typ)+"\x00"+string(label)+"\x00"+string(subj)), []byte{})
		}
	}
	if labelIRI {
		c := w.graphs[label]
		if c == nil {
			c = make([]int64, 1+len(w.spec.Counted))
			w.graphs[label] = c
		}
		d := int64(1)
		if del {
			d = -1
		}
		c[0] += d
		if i := w.counted[pred]; i > 0 {
			c[i] += d
		}
	}
}

// flush writes the recorded changes in tx; exact false marks the graph counts stale (with
// why), since some of the quads handed to Cayley were not in fact written.
func (w *indexWriter) flush(ctx context.Context, tx hkv.Tx, exact bool, why string) error {
	for _, c := range w.sets {
		k := hkv.Key{idxRoot, c.sub, c.key}
		var err error
		if c.del {
			err = tx.Del(ctx, k)
		} else {
			err = tx.Put(ctx, k, c.val)
		}
		if err != nil {
			return err
		}
	}
	if !exact {
		w.graphs = map[quad.IRI][]int64{}
		return tx.Put(ctx, idxStale, []byte(why))
	}
	for g, d := range w.graphs {
		k := hkv.Key{idxRoot, idxGraphs, []byte(g)}
		old, err := tx.Get(ctx, k)
		if err != nil && !errors.Is(err, hkv.ErrNotFound) {
			return err
		}
		c, err := decodeCounts(old)
		if err != nil {
			return fmt.Errorf("graph: bad count for %s: %w", g, err)
		}
		for len(c) < len(d) {
			c = append(c, 0)
		}
		for i := range d {
			c[i] += d[i]
		}
		if c[0] <= 0 {
			err = tx.Del(ctx, k)
		} else {
			err = tx.Put(ctx, k, encodeCounts(c))
		}
		if err != nil {
			return err
		}
	}
	w.graphs = map[quad.IRI][]int64{}
	w.sets = map[string]setChange{}
	return nil
}

// batchTx is the write transaction of the open batch (inside inBatch or inTx).
func (b *batchKV) batchTx() hkv.Tx {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.batch
}

// applyIndexed is ApplyDeltas inside an open batch, keeping the maintained index (if the
// store has one) in step: Cayley's quad count before and after says whether every delta was
// applied (IgnoreDup and IgnoreMissing skip quads silently).
func (s *store) applyIndexed(ctx context.Context, ds []cgraph.Delta, opts cgraph.IgnoreOpts) error {
	spec, err := s.indexSpec()
	if err != nil {
		return err
	}
	if spec == nil {
		return s.qs.ApplyDeltas(ds, opts)
	}
	before, err := s.Size(ctx)
	if err != nil {
		return err
	}
	if err := s.qs.ApplyDeltas(ds, opts); err != nil {
		return err
	}
	after, err := s.Size(ctx)
	if err != nil {
		return err
	}
	w := newIndexWriter(spec)
	seen := make(map[quad.Quad]bool, len(ds))
	var want int64
	for _, d := range ds {
		if seen[d.Quad] {
			continue // Cayley writes a quad given twice once
		}
		seen[d.Quad] = true
		del := d.Action == cgraph.Delete
		if del {
			want--
		} else {
			want++
		}
		w.quad(d.Quad, del)
	}
	exact := after-before == want
	why := fmt.Sprintf("a write handed the store %d quads and it changed by %d (quads already there, or already gone); `medkg reindex` recounts", want, after-before)
	return w.flush(ctx, s.kv.batchTx(), exact, why)
}

// indexNewStore gives a store that holds no quads and no index spec an empty index: from
// then on every write keeps it. A store that already holds quads without one (written by a
// medkg before the index) is left alone: Reindex builds its index.
func (s *store) indexNewStore(spec *graph.IndexSpec) error {
	have, err := s.indexSpec()
	if err != nil || have != nil {
		return err
	}
	if n, err := s.Size(context.Background()); err != nil || n > 0 {
		return err
	}
	js, err := json.Marshal(spec)
	if err != nil {
		return err
	}
	err = s.boltDB().Update(func(tx *bbolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(idxRoot)
		if err != nil {
			return err
		}
		sb, err := b.CreateBucketIfNotExists([]byte("spec"))
		if err != nil {
			return err
		}
		return sb.Put([]byte("spec"), js)
	})
	if err == nil {
		s.spec, s.specRead = spec, true
	}
	return err
}

// Reindex builds the maintained index from the quads in the store, replacing any it had: for
// a store written by a medkg before the index, or whose graph counts went stale. It reads
// every quad (about as long as an export), then writes the index in one transaction.
func (s *store) Reindex(ctx context.Context, spec graph.IndexSpec) error {
	if s.opts.ReadOnly {
		return graph.ErrReadOnly
	}
	if s.boltDB() == nil {
		return fmt.Errorf("reindex: %w: not a bbolt file", graph.ErrNoIndex)
	}
	w := newIndexWriter(&spec)
	if err := s.AllQuads(ctx, func(q quad.Quad) error {
		w.quad(q, false)
		return nil
	}); err != nil {
		return err
	}
	js, err := json.Marshal(spec)
	if err != nil {
		return err
	}
	err = s.boltDB().Update(func(btx *bbolt.Tx) error {
		if btx.Bucket(idxRoot) != nil {
			if err := btx.DeleteBucket(idxRoot); err != nil {
				return err
			}
		}
		tx := &importTx{tx: btx, buckets: map[string]*bbolt.Bucket{}}
		if err := tx.Put(ctx, idxSpec, js); err != nil {
			return err
		}
		return w.flush(ctx, tx, true, "")
	})
	s.spec, s.specRead = &spec, true
	return err
}
