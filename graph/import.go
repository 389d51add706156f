package graph

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/cayleygraph/quad"

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
	// NoBulk writes through the backend's transactions even into an empty store that a
	// BulkImporter could fill directly (tests compare the two paths).
	NoBulk bool
}

// BulkImporter is a Backend that can fill an empty store with one import much faster than
// transaction by transaction: it writes the whole store aside and puts it in place only when
// it is complete, so an error, an interruption or a crash leaves the store empty, as it was.
type BulkImporter interface {
	// BulkImport adds every quad next returns (until io.EOF) to the store, which holds no
	// quads, skipping quads given twice; it returns how many next returned. progress, if
	// set, is called every batch quads read and at the end with the quads read so far.
	BulkImport(ctx context.Context, next func() (quad.Quad, error), batch int, progress func(int)) (int, error)
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
// completes such an import, since quads already present are skipped. Into a store that holds
// no quads, a backend that is a BulkImporter writes the whole import at once instead (unless
// o.NoBulk): all or nothing, whatever o.Commit says.
func (s *Store) Import(ctx context.Context, r rdf.Reader, o ImportOptions) (int, error) {
	if s.opts.ReadOnly {
		return 0, ErrReadOnly
	}
	if o.Batch <= 0 {
		o.Batch = ImportBatch
	}
	if o.Commit == 0 {
		o.Commit = ImportCommit
		if c, ok := s.b.(ImportCommitter); ok {
			o.Commit = c.DefaultImportCommit()
		}
	}
	if s.b == nil {
		return 0, errClosed
	}
	f := newImportFeed(ctx, r, o)
	if bi, ok := s.b.(BulkImporter); ok && !o.NoBulk {
		size, err := s.b.Size(ctx)
		if err != nil {
			return 0, err
		}
		if size == 0 {
			n, err := bi.BulkImport(ctx, f.read, o.Batch, o.Progress)
			if err != nil {
				return 0, fmt.Errorf("import (nothing was written): %w", err)
			}
			return n, nil
		}
	}
	imp := s.b.Importer(o.Commit < 0)
	committed := 0
	for !f.done {
		if err := imp.Tx(ctx, f.fill); err != nil {
			if committed == 0 {
				return 0, fmt.Errorf("import (nothing was written): %w", err)
			}
			return committed, fmt.Errorf("%w: the first %d quads read were committed, the rest not (import the same file again to finish): %w", ErrPartialImport, committed, err)
		}
		committed = f.n
	}
	if err := imp.Finish(ctx); err != nil {
		return f.n, err
	}
	return f.n, nil
}

// importFeed reads an import's quads, checked, into transactions of at most o.Commit quads,
// handed on in batches of o.Batch: what both backends' imports share.
type importFeed struct {
	ctx     context.Context
	r       rdf.Reader
	checked bool // r is an rdf.Checked reader: its IRIs need no second look
	o       ImportOptions
	n       int  // quads read so far
	done    bool // the input is exhausted
	batch   []quad.Quad
}

func newImportFeed(ctx context.Context, r rdf.Reader, o ImportOptions) *importFeed {
	_, checked := r.(rdf.Checked)
	return &importFeed{ctx: ctx, r: r, checked: checked, o: o}
}

// fill reads one transaction's quads: until the input ends or the transaction holds
// o.Commit quads. write writes a batch, every o.Batch quads and at the end; the batch is
// reused after it returns.
func (f *importFeed) fill(write func([]quad.Quad) error) error {
	inTx := 0
	if cap(f.batch) < f.o.Batch {
		f.batch = make([]quad.Quad, 0, f.o.Batch)
	}
	f.batch = f.batch[:0]
	flush := func() error {
		if len(f.batch) == 0 {
			return nil
		}
		err := write(f.batch)
		f.batch = f.batch[:0]
		if err != nil {
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
		f.batch = append(f.batch, q)
		full := f.o.Commit > 0 && inTx >= f.o.Commit
		if len(f.batch) == f.o.Batch || full {
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
