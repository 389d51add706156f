package graph

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	hkv "github.com/hidal-go/hidalgo/kv"
	hbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	bolt "go.etcd.io/bbolt"

	"github.com/medkg/medkg/rdf"
)

// ImportBatch is how many quads go to Cayley in one ApplyDeltas during Import by default.
const ImportBatch = 10000

// ImportCommit is how many quads Import writes in one transaction by default. Measured on
// a generated corpus of 1M quads (BENCHMARKS.md), 5k to 50k quads a transaction load at
// the same speed within the machine's noise, while the heap grows with the transaction
// (about 120 MB at 10k, 200 MB at 20k, 320 MB at 50k); beyond that bolt's cost per put grows
// with the transaction too (its nodes split only on commit): one transaction for the whole
// file took 20 s for 100k quads, against 2 s.
const ImportCommit = 10000

// ImportOptions tunes Import.
type ImportOptions struct {
	// Batch is how many quads go to Cayley at once (default ImportBatch).
	Batch int
	// Commit is how many quads a transaction holds at most before it is committed and the
	// next one begun (default ImportCommit); a negative value writes everything in one
	// transaction. Bolt keeps a transaction's dirty pages in memory and only splits its
	// nodes on commit, so one transaction for a large file costs memory in proportion to
	// the file and time in proportion to its square.
	Commit int
	// Progress, if set, is called after each batch with the quads read so far.
	Progress func(quads int)
}

// ErrPartialImport marks an import that failed or was interrupted after some of its
// transactions were committed: the quads read before the last commit are in the store.
var ErrPartialImport = errors.New("import stopped part way")

// Import adds the quads r yields (until io.EOF), skipping those already in the store. Each
// quad is checked as the export will write it (complete, every IRI valid) unless r is an
// rdf.Checked reader, whose grammar already rejected every IRI the export could not write. It
// returns how many it read. With o.Commit < 0 everything is one transaction: all or, on any
// error, nothing. Otherwise a transaction is committed every o.Commit quads, and an error or
// a crash leaves the transactions committed before it in the store; the error then wraps
// ErrPartialImport and says how many quads were committed. Importing the same file again
// completes such an import, since quads already present are skipped.
func (s *Store) Import(ctx context.Context, r rdf.Reader, o ImportOptions) (int, error) {
	if s.opts.ReadOnly {
		return 0, ErrReadOnly
	}
	if o.Batch <= 0 {
		o.Batch = ImportBatch
	}
	if o.Commit == 0 {
		o.Commit = ImportCommit
	}
	if s.pg != nil {
		return s.importPG(ctx, r, o)
	}
	f := newImportFeed(ctx, r, o)
	batch := make([]cgraph.Delta, 0, o.Batch)
	one := func() error {
		return f.fill(func(q quad.Quad) {
			batch = append(batch, cgraph.Delta{Quad: q, Action: cgraph.Add})
		}, func() error {
			err := s.qs.ApplyDeltas(batch, cgraph.IgnoreOpts{IgnoreDup: true})
			batch = batch[:0]
			return err
		})
	}
	committed := 0
	for !f.done {
		if err := s.importBatch(ctx, one); err != nil {
			if rerr := s.reopen(); rerr != nil {
				err = errors.Join(err, rerr)
			}
			if committed == 0 {
				return 0, fmt.Errorf("import (nothing was written): %w", err)
			}
			return committed, fmt.Errorf("%w: the first %d quads read were committed, the rest not (import the same file again to finish): %w", ErrPartialImport, committed, err)
		}
		committed = f.n
	}
	return f.n, nil
}

// importFill is how full bolt packs the pages Import writes. Most of an import's keys come in
// ascending order (new node and quad IDs), for which bolt's default of one half leaves every
// page half empty; 0.9 made a 1M-quad store a quarter smaller (350 → 262 MB) and the import 7%
// faster.
const importFill = 0.9

// importBatch is batchKV.inBatch with importTx as the shared transaction.
func (s *Store) importBatch(ctx context.Context, fn func() error) error {
	db, ok := s.kv.KV.(*hbolt.DB)
	if !ok {
		return s.kv.inBatch(ctx, fn)
	}
	btx, err := db.DB().Begin(true)
	if err != nil {
		return err
	}
	return s.kv.inTx(ctx, &importTx{tx: btx, buckets: map[string]*bolt.Bucket{}}, fn)
}

// importTx is a bolt write transaction as Cayley's kv layer sees it, for Import only. It
// differs from hidalgo's in two ways that matter for a bulk write: it finds each bucket once
// per transaction rather than at every Put (hidalgo calls CreateBucketIfNotExists for every
// key, a tenth of an import's time), and it fills pages to importFill. Import writes only
// through ApplyDeltas with additions, which never scans; Scan fails rather than pretend.
type importTx struct {
	tx      *bolt.Tx
	buckets map[string]*bolt.Bucket
	done    bool
}

var errImportScan = errors.New("graph: scan inside an import transaction")

// bucket returns the bucket that holds key (all but its last part), creating it if asked.
func (t *importTx) bucket(key hkv.Key, create bool) (*bolt.Bucket, error) {
	path := key[:len(key)-1]
	if len(path) == 0 {
		return t.tx.Cursor().Bucket(), nil // the root bucket, as hidalgo does
	}
	name := bucketName(path)
	if b := t.buckets[name]; b != nil {
		return b, nil
	}
	var b *bolt.Bucket
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
	vals := make([]hkv.Value, len(keys))
	for i, k := range keys {
		v, err := t.Get(ctx, k)
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

// importFeed reads an import's quads, checked, into transactions of at most o.Commit quads,
// handed on in batches of o.Batch: what both backends' imports share.
type importFeed struct {
	ctx     context.Context
	r       rdf.Reader
	checked bool // r is an rdf.Checked reader: its IRIs need no second look
	o       ImportOptions
	n       int  // quads read so far
	done    bool // the input is exhausted
}

func newImportFeed(ctx context.Context, r rdf.Reader, o ImportOptions) *importFeed {
	_, checked := r.(rdf.Checked)
	return &importFeed{ctx: ctx, r: r, checked: checked, o: o}
}

// fill reads one transaction's quads: until the input ends or the transaction holds
// o.Commit quads. add takes each quad into the batch; write writes the batch and empties
// it, every o.Batch quads and at the end.
func (f *importFeed) fill(add func(quad.Quad), write func() error) error {
	inTx, pending := 0, 0
	flush := func() error {
		if pending == 0 {
			return nil
		}
		pending = 0
		if err := write(); err != nil {
			return err
		}
		if f.o.Progress != nil {
			f.o.Progress(f.n)
		}
		return nil
	}
	for {
		if err := f.ctx.Err(); err != nil {
			return err
		}
		q, err := f.read()
		if errors.Is(err, io.EOF) {
			f.done = true
			return flush()
		}
		if err != nil {
			return err
		}
		f.n++
		inTx++
		pending++
		add(q)
		full := f.o.Commit > 0 && inTx >= f.o.Commit
		if pending == f.o.Batch || full {
			if err := flush(); err != nil {
				return err
			}
			if full {
				return nil
			}
		}
	}
}

// read returns the next quad, checked: whole, and (unless a checked reader already did)
// writable by the export. It returns io.EOF at the end.
func (f *importFeed) read() (quad.Quad, error) {
	q, err := f.r.Read()
	if err != nil {
		return q, err
	}
	if !q.IsValid() {
		return q, fmt.Errorf("incomplete quad %s", q.NQuad())
	}
	if !f.checked {
		if err := validQuad(q); err != nil {
			return q, err
		}
	}
	return q, nil
}

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
