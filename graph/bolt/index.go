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
	"github.com/medkg/medkg/rdf"
)

// The maintained index: medkg's own buckets beside Cayley's in the bolt file, written in the
// same transaction as every write (Import, Replace), so that a new process can list names
// and count types and graphs without reading every quad (`medkg search` and `stats` read
// 1.7 s and 38 s of quads at 1M without it). Cayley reads only its own buckets (meta, log,
// its value and index buckets), so it ignores these: `cayley dump` of a store with them
// equals `medkg export` (bench/run.sh checks; TestIndexIgnoredByCayley).
//
// Layout (version 2), all under the top-level bucket "medkg.idx":
//
//	spec/spec                        the IndexSpec as JSON: what the index holds
//	spec/version                     "2": the layout below
//	spec/size                        Cayley's quad count (its meta/size) after the last write
//	                                 that kept the index
//	spec/stale                       why the counts are not exact, when they are not
//	names/<key>\x00<subject>\x00<pred>\x00<object as N-Quads>   the object's text; key is
//	                                 the text folded by IndexSpec.NameKey, so names read
//	                                 sorted and folded
//	namekeys/<key>                   varint: how many names entries have key, so that
//	                                 search scores each folded name once, in a bucket a
//	                                 quarter the size of names, and reads only the names of
//	                                 the keys that match
//	types/<type>\x00<graph>\x00<subject>               empty: one key per quad
//	typecounts/<type>                varint: the default graph's type quads of type
//	graphs/<graph>                   varints: the graph's quads, its quads of each
//	                                 IndexSpec.Counted predicate, then its own node's type
//	                                 quads of each IndexSpec.SelfTypes type
//
// names and types are sets of quads, one key each, so adding a quad twice or deleting one
// that is not there leaves them right whatever Cayley skipped; namekeys counts the names
// keys that flush in fact adds or deletes (it looks), so it is exact too. The counts (typecounts,
// graphs) are numbers: they are exact only when every quad a write handed Cayley was in fact
// added (or deleted), which each write checks by Cayley's own quad count; when it was not
// (an import of quads already stored), the write marks the counts stale and readers fall
// back to the sets (types) or to counting (graphs).
//
// Version 1 (a medkg before this layout) kept its index under "medkg.index", without keys or
// type counts. A reader treats it as no index (graph.ErrNoIndex: the slow path answers, and
// says so); a writer drops it when it opens the store, since it could not keep it; Reindex
// builds version 2. The new bucket name keeps a version-1 medkg from writing its layout into
// this one; such a medkg writes quads without touching it, which spec/size catches: an index
// whose size is not Cayley's is no index.
var (
	idxRoot       = []byte("medkg.idx")
	idxRootV1     = []byte("medkg.index")
	idxSpecB      = []byte("spec")
	idxSpec       = hkv.Key{idxRoot, idxSpecB, []byte("spec")}
	idxVersionKey = hkv.Key{idxRoot, idxSpecB, []byte("version")}
	idxSizeKey    = hkv.Key{idxRoot, idxSpecB, []byte("size")}
	idxStale      = hkv.Key{idxRoot, idxSpecB, []byte("stale")}
	idxNames      = []byte("names")
	idxNameKeys   = []byte("namekeys")
	idxTypes      = []byte("types")
	idxTypeCounts = []byte("typecounts")
	idxGraphs     = []byte("graphs")
	// cayleySize is Cayley's quad count in its meta bucket (graph/kv: 8 bytes little-endian).
	cayleySize = hkv.Key{[]byte("meta"), []byte("size")}
)

// idxVersion is the layout this medkg reads and writes.
const idxVersion = "2"

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

// indexInfo is what a store's index says of itself.
type indexInfo struct {
	spec  *graph.IndexSpec // nil: no usable index
	why   string           // why there is none, when the store has one this medkg cannot use
	stale []byte           // why the counts are not exact, or nil
	v1    bool             // the bolt file holds a version-1 index (dropIndexes)
	bad   bool             // the bolt file holds a version-2 index this medkg cannot use
}

// readIndexInfo reads the stored spec and checks that this process can use it: the layout
// version, the name folding (the process's IndexSpec.NameKeyID, when it gave a spec), and
// Cayley's quad count against the one the index was last written with.
func (s *store) readIndexInfo(tx *bbolt.Tx) (indexInfo, error) {
	var info indexInfo
	if tx.Bucket(idxRootV1) != nil {
		info.v1, info.why = true, "it was written by an older medkg"
	}
	sb := bucketAt(tx, hkv.Key{idxRoot, idxSpecB})
	if sb == nil {
		return info, nil
	}
	info.bad = true
	if v := string(sb.Get(idxVersionKey[2])); v != idxVersion {
		info.why = fmt.Sprintf("its layout is version %q, not %s", v, idxVersion)
		return info, nil
	}
	js := sb.Get(idxSpec[2])
	if js == nil {
		info.why = "it has no spec"
		return info, nil
	}
	spec := new(graph.IndexSpec)
	if err := json.Unmarshal(js, spec); err != nil {
		return info, fmt.Errorf("read the index spec: %w", err)
	}
	if mine := s.opts.Index; mine != nil {
		if mine.NameKeyID != spec.NameKeyID {
			info.why = fmt.Sprintf("it folds names as %q, this medkg as %q", spec.NameKeyID, mine.NameKeyID)
			return info, nil
		}
		spec.NameKey = mine.NameKey
	} else if spec.NameKeyID != "" && !s.opts.ReadOnly {
		// A writer that was given no spec cannot fold names as the index does: it writes
		// without keeping the index, and spec/size then tells readers the index is behind.
		info.why = fmt.Sprintf("this process was given no name folding (the index folds as %q)", spec.NameKeyID)
		return info, nil
	}
	if have, want := leInt(sb.Get(idxSizeKey[2])), leInt(bucketGet(tx, cayleySize)); have != want {
		info.why = fmt.Sprintf("the store has %d quads, its index was written at %d (by an older medkg?)", want, have)
		return info, nil
	}
	info.spec, info.bad, info.why = spec, false, ""
	info.stale = bytes.Clone(sb.Get(idxStale[2]))
	return info, nil
}

func leInt(v []byte) int64 {
	if len(v) != 8 {
		return 0
	}
	return int64(binary.LittleEndian.Uint64(v))
}

func bucketGet(tx *bbolt.Tx, k hkv.Key) []byte {
	b := bucketAt(tx, k[:len(k)-1])
	if b == nil {
		return nil
	}
	return b.Get(k[len(k)-1])
}

// indexInfo reads the index's state; a writer, the only writer (bolt's lock), reads it
// once, a reader each time it asks.
func (s *store) indexInfo() (indexInfo, error) {
	if s.specRead {
		return s.info, nil
	}
	db := s.boltDB()
	if db == nil {
		return indexInfo{}, nil
	}
	var info indexInfo
	err := db.View(func(tx *bbolt.Tx) error {
		var err error
		info, err = s.readIndexInfo(tx)
		return err
	})
	if err != nil {
		return info, err
	}
	if !s.opts.ReadOnly {
		s.info, s.specRead = info, true
	}
	return info, nil
}

// indexSpec is the stored spec when this process can use the index, else nil.
func (s *store) indexSpec() (*graph.IndexSpec, error) {
	info, err := s.indexInfo()
	return info.spec, err
}

// IndexState reports whether the store has a maintained index, and whether its counts are
// exact: nil, graph.ErrNoIndex (wrapped with why, when the store has an index this medkg
// cannot use), or graph.ErrIndexStale (wrapped, with the reason).
func (s *store) IndexState(context.Context) error {
	info, err := s.indexInfo()
	switch {
	case err != nil:
		return err
	case info.spec == nil && info.why != "":
		return fmt.Errorf("%w: %s", graph.ErrNoIndex, info.why)
	case info.spec == nil:
		return graph.ErrNoIndex
	case info.stale != nil:
		return fmt.Errorf("%w: %s", graph.ErrIndexStale, info.stale)
	}
	return nil
}

// dropIndexes removes what index this medkg cannot keep (a version-1 index; a version-2 one
// with another name folding, or one an older medkg wrote past), before this process's
// writes leave it wrong for a medkg that would trust it. A writer does this when it opens
// the store.
func (s *store) dropIndexes() error {
	info, err := s.indexInfo()
	if err != nil || !info.v1 && !info.bad {
		return err
	}
	err = s.boltDB().Update(func(tx *bbolt.Tx) error {
		drop := [][]byte{idxRootV1}
		if info.bad {
			drop = append(drop, idxRoot)
		}
		for _, root := range drop {
			if tx.Bucket(root) != nil {
				if err := tx.DeleteBucket(root); err != nil {
					return err
				}
			}
		}
		return nil
	})
	s.specRead = false // read again
	return err
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

// NameEntries calls fn for each name quad of the maintained index, in order of its folded
// key. It returns graph.ErrNoIndex if the store has none.
func (s *store) NameEntries(ctx context.Context, fn func(graph.NameEntry) error) error {
	return s.scanIndex(ctx, idxNames, nil, nameEntry(fn))
}

func nameEntry(fn func(graph.NameEntry) error) func(k, v []byte) error {
	return func(k, v []byte) error {
		// The key folds a name, which may hold any character; the IRIs and the N-Quads
		// object after it hold no NUL, so the parts are found from the end.
		parts := make([][]byte, 4)
		rest := k
		for i := 3; i > 0; i-- {
			j := bytes.LastIndexByte(rest, 0)
			if j < 0 {
				return fmt.Errorf("graph: bad name index key %q", k)
			}
			parts[i], rest = rest[j+1:], rest[:j]
		}
		parts[0] = rest
		return fn(graph.NameEntry{Key: string(parts[0]), Subject: quad.IRI(parts[1]), Predicate: quad.IRI(parts[2]), Text: string(v)})
	}
}

// NameKeys calls fn for each distinct folded key of the names, in order. It returns
// graph.ErrNoIndex if the store has none.
func (s *store) NameKeys(ctx context.Context, fn func(key string) error) error {
	return s.scanIndex(ctx, idxNameKeys, nil, func(k, _ []byte) error { return fn(string(k)) })
}

// NameEntriesOf is NameEntries of the names whose folded key is one of keys: a range of the
// index per key, in one read transaction.
func (s *store) NameEntriesOf(ctx context.Context, keys []string, fn func(graph.NameEntry) error) error {
	prefixes := make([][]byte, len(keys))
	for i, k := range keys {
		prefixes[i] = []byte(k + "\x00")
	}
	return s.scanIndexRanges(ctx, idxNames, prefixes, func(i int, k, v []byte) error {
		return nameEntry(func(e graph.NameEntry) error {
			if e.Key != keys[i] {
				return nil // a longer key that holds a NUL after keys[i]
			}
			return fn(e)
		})(k, v)
	})
}

// TypeEntries calls fn for each type quad of the maintained index, in order of type. It
// returns graph.ErrNoIndex if the store has none.
func (s *store) TypeEntries(ctx context.Context, fn func(graph.TypeEntry) error) error {
	return s.scanIndex(ctx, idxTypes, nil, typeEntry(fn))
}

// TypeEntriesOf is TypeEntries of typ only, a range of the index.
func (s *store) TypeEntriesOf(ctx context.Context, typ quad.IRI, fn func(graph.TypeEntry) error) error {
	return s.scanIndex(ctx, idxTypes, []byte(string(typ)+"\x00"), typeEntry(fn))
}

func typeEntry(fn func(graph.TypeEntry) error) func(k, v []byte) error {
	return func(k, _ []byte) error {
		parts := bytes.SplitN(k, []byte{0}, 3)
		if len(parts) != 3 {
			return fmt.Errorf("graph: bad type index key %q", k)
		}
		return fn(graph.TypeEntry{Type: quad.IRI(parts[0]), Graph: quad.IRI(parts[1]), Subject: quad.IRI(parts[2])})
	}
}

// TypeCounts calls fn with the count of each type's default-graph type quads, in order of
// type. It returns graph.ErrNoIndex if the store has no index, and graph.ErrIndexStale
// (wrapped) if the counts are not exact, before calling fn.
func (s *store) TypeCounts(ctx context.Context, fn func(quad.IRI, int64) error) error {
	if err := s.IndexState(ctx); err != nil {
		return err
	}
	return s.scanIndex(ctx, idxTypeCounts, nil, func(k, v []byte) error {
		n, w := binary.Varint(v)
		if w <= 0 {
			return fmt.Errorf("graph: bad type count for %s", k)
		}
		if n == 0 {
			return nil
		}
		return fn(quad.IRI(k), n)
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
	return s.scanIndex(ctx, idxGraphs, nil, func(k, v []byte) error {
		c, err := decodeCounts(v)
		if err != nil {
			return fmt.Errorf("graph: bad count for %s: %w", k, err)
		}
		if len(c) == 0 || c[0] == 0 {
			return nil
		}
		gc := graph.GraphCount{Graph: quad.IRI(k), Quads: c[0], Counted: make(map[quad.IRI]int64, len(spec.Counted)),
			SelfTyped: make(map[quad.IRI]int64, len(spec.SelfTypes))}
		for i, p := range spec.Counted {
			if i+1 < len(c) {
				gc.Counted[p] = c[i+1]
			}
		}
		for i, t := range spec.SelfTypes {
			gc.SelfTyped[t] = 0
			if j := 1 + len(spec.Counted) + i; j < len(c) {
				gc.SelfTyped[t] = c[j]
			}
		}
		return fn(gc)
	})
}

// scanIndex calls fn for each key of the index bucket sub that starts with prefix (all of
// them for nil), in order, after checking, in the same read transaction, that the index is
// one this process can use.
func (s *store) scanIndex(ctx context.Context, sub, prefix []byte, fn func(k, v []byte) error) error {
	return s.scanIndexRanges(ctx, sub, [][]byte{prefix}, func(_ int, k, v []byte) error { return fn(k, v) })
}

// scanIndexRanges is scanIndex of each prefix in turn, in one read transaction.
func (s *store) scanIndexRanges(ctx context.Context, sub []byte, prefixes [][]byte, fn func(i int, k, v []byte) error) error {
	db := s.boltDB()
	if db == nil {
		return graph.ErrNoIndex
	}
	return db.View(func(tx *bbolt.Tx) error {
		info := s.info
		if !s.specRead {
			var err error
			if info, err = s.readIndexInfo(tx); err != nil {
				return err
			}
		}
		if info.spec == nil {
			if info.why != "" {
				return fmt.Errorf("%w: %s", graph.ErrNoIndex, info.why)
			}
			return graph.ErrNoIndex
		}
		b := bucketAt(tx, hkv.Key{idxRoot, sub})
		if b == nil {
			return nil
		}
		c := b.Cursor()
		n := 0
		for i, prefix := range prefixes {
			for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
				if n++; n%4096 == 0 && ctx.Err() != nil {
					return ctx.Err()
				}
				if err := fn(i, k, v); err != nil {
					return err
				}
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
// into the write's own transaction. Any writer of quads keeps the index with it: newIndexWriter
// with the store's spec (indexSpec), quad for each quad it adds or deletes, flush in the
// same transaction once the quads and Cayley's size are written.
type indexWriter struct {
	spec    *graph.IndexSpec
	names   map[quad.IRI]bool
	counted map[quad.IRI]int     // predicate → its place in a graph's counts
	self    map[quad.IRI]int     // self type → its place in a graph's counts
	sets    map[string]setChange // full key (sub \xff key) → put (with value) or delete
	graphs  map[quad.IRI][]int64 // count deltas
	types   map[quad.IRI]int64   // default-graph type count deltas
}

type setChange struct {
	sub, key, val []byte
	del           bool
	nameKey       string // for a names key: its folded key, counted in namekeys
}

func newIndexWriter(spec *graph.IndexSpec) *indexWriter {
	w := &indexWriter{spec: spec, names: map[quad.IRI]bool{}, counted: map[quad.IRI]int{}, self: map[quad.IRI]int{},
		sets: map[string]setChange{}, graphs: map[quad.IRI][]int64{}, types: map[quad.IRI]int64{}}
	for _, p := range spec.Names {
		w.names[p] = true
	}
	for i, p := range spec.Counted {
		w.counted[p] = i + 1
	}
	for i, t := range spec.SelfTypes {
		w.self[t] = 1 + len(spec.Counted) + i
	}
	return w
}

// quad records q as added (del false) or deleted.
func (w *indexWriter) quad(q quad.Quad, del bool) {
	pred, _ := q.Predicate.(quad.IRI)
	subj, subjIRI := q.Subject.(quad.IRI)
	label, labelIRI := q.Label.(quad.IRI)
	set := func(sub []byte, key, val []byte, nameKey string) {
		w.sets[string(sub)+"\xff"+string(key)] = setChange{sub: sub, key: key, val: val, del: del, nameKey: nameKey}
	}
	d := int64(1)
	if del {
		d = -1
	}
	if q.Label == nil && subjIRI && w.names[pred] {
		text := rdf.Lexical(q.Object)
		fold := w.spec.Fold(text)
		k := []byte(fold + "\x00" + string(subj) + "\x00" + string(pred) + "\x00" + q.Object.String())
		set(idxNames, k, []byte(text), fold)
	}
	if pred == w.spec.Type && subjIRI {
		if typ, ok := q.Object.(quad.IRI); ok && (q.Label == nil || labelIRI && label == subj) {
			set(idxTypes, []byte(string(typ)+"\x00"+string(label)+"\x00"+string(subj)), []byte{}, "")
			if q.Label == nil {
				w.types[typ] += d
			}
		}
	}
	if labelIRI {
		c := w.graphs[label]
		if c == nil {
			c = make([]int64, 1+len(w.spec.Counted)+len(w.spec.SelfTypes))
			w.graphs[label] = c
		}
		c[0] += d
		if i := w.counted[pred]; i > 0 {
			c[i] += d
		}
		if typ, ok := q.Object.(quad.IRI); ok && pred == w.spec.Type && subjIRI && subj == label {
			if i := w.self[typ]; i > 0 {
				c[i] += d
			}
		}
	}
}

// flush writes the recorded changes in tx; exact false marks the counts stale (with why),
// since some of the quads handed to Cayley were not in fact written. It records Cayley's
// quad count as tx holds it (spec/size), so it must come after the write's quads.
func (w *indexWriter) flush(ctx context.Context, tx hkv.Tx, exact bool, why string) error {
	nameKeys := map[string]int64{}
	for _, c := range w.sets {
		k := hkv.Key{idxRoot, c.sub, c.key}
		if bytes.Equal(c.sub, idxNames) {
			// namekeys counts the names keys there are: look whether this one is.
			_, err := tx.Get(ctx, k)
			if err != nil && !errors.Is(err, hkv.ErrNotFound) {
				return err
			}
			switch had := err == nil; {
			case c.del && had:
				nameKeys[c.nameKey]--
			case !c.del && !had:
				nameKeys[c.nameKey]++
			}
		}
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
	w.sets = map[string]setChange{}
	for key, d := range nameKeys {
		if d == 0 {
			continue
		}
		if err := addCounts(ctx, tx, hkv.Key{idxRoot, idxNameKeys, []byte(key)}, []int64{d}); err != nil {
			return fmt.Errorf("graph: name key count for %q: %w", key, err)
		}
	}
	size, err := tx.Get(ctx, cayleySize)
	if err != nil && !errors.Is(err, hkv.ErrNotFound) {
		return err
	}
	if err := tx.Put(ctx, idxSizeKey, bytes.Clone(size)); err != nil {
		return err
	}
	if !exact {
		w.graphs, w.types = map[quad.IRI][]int64{}, map[quad.IRI]int64{}
		return tx.Put(ctx, idxStale, []byte(why))
	}
	for g, d := range w.graphs {
		if err := addCounts(ctx, tx, hkv.Key{idxRoot, idxGraphs, []byte(g)}, d); err != nil {
			return fmt.Errorf("graph: count for %s: %w", g, err)
		}
	}
	for t, d := range w.types {
		if err := addCounts(ctx, tx, hkv.Key{idxRoot, idxTypeCounts, []byte(t)}, []int64{d}); err != nil {
			return fmt.Errorf("graph: type count for %s: %w", t, err)
		}
	}
	w.graphs, w.types = map[quad.IRI][]int64{}, map[quad.IRI]int64{}
	return nil
}

// addCounts adds d to the varints at k, deleting the key when its first count falls to 0.
func addCounts(ctx context.Context, tx hkv.Tx, k hkv.Key, d []int64) error {
	old, err := tx.Get(ctx, k)
	if err != nil && !errors.Is(err, hkv.ErrNotFound) {
		return err
	}
	c, err := decodeCounts(old)
	if err != nil {
		return err
	}
	for len(c) < len(d) {
		c = append(c, 0)
	}
	for i := range d {
		c[i] += d[i]
	}
	if c[0] <= 0 {
		return tx.Del(ctx, k)
	}
	return tx.Put(ctx, k, encodeCounts(c))
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
	if !exact && s.specRead {
		s.info.stale = []byte(why) // as flush writes it; a rollback leaves it stale, which is safe
	}
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
		sb, err := b.CreateBucketIfNotExists(idxSpecB)
		if err != nil {
			return err
		}
		if err := sb.Put(idxVersionKey[2], []byte(idxVersion)); err != nil {
			return err
		}
		if err := sb.Put(idxSizeKey[2], bytes.Clone(bucketGet(tx, cayleySize))); err != nil {
			return err
		}
		return sb.Put(idxSpec[2], js)
	})
	if err == nil {
		s.info, s.specRead = indexInfo{spec: spec}, true
	}
	return err
}

// Reindex builds the maintained index from the quads in the store, replacing any it had
// (of any layout): for a store written by a medkg before the index, or whose counts went
// stale. It reads every quad (about as long as an export), then writes the index in one
// transaction.
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
		for _, root := range [][]byte{idxRoot, idxRootV1} {
			if btx.Bucket(root) != nil {
				if err := btx.DeleteBucket(root); err != nil {
					return err
				}
			}
		}
		tx := &importTx{tx: btx, buckets: map[string]*bbolt.Bucket{}}
		if err := tx.Put(ctx, idxSpec, js); err != nil {
			return err
		}
		if err := tx.Put(ctx, idxVersionKey, []byte(idxVersion)); err != nil {
			return err
		}
		return w.flush(ctx, tx, true, "")
	})
	s.specRead = false // read again, as the file now has it
	return err
}
