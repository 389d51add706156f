package graph

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"

	"github.com/cayleygraph/quad"
)

// importPG is Import on PostgreSQL: each transaction (o.Commit quads, or the whole input
// when o.Commit < 0) holds the store's write lock and stages its quads with COPY, in
// batches of o.Batch.
func (s *Store) importPG(ctx context.Context, next func() (quad.Quad, error), o ImportOptions) (int, error) {
	n, committed := 0, 0
	done := false
	batch := make([]quad.Quad, 0, o.Batch)
	one := func(tx *sql.Tx) error {
		inTx := 0
		flush := func() error {
			if len(batch) == 0 {
				return nil
			}
			_, _, err := s.pg.apply(ctx, tx, batch, nil)
			batch = batch[:0]
			if err == nil && o.Progress != nil {
				o.Progress(n)
			}
			return err
		}
		for {
			if err := ctx.Err(); err != nil {
				return err
			}
			q, err := next()
			if errors.Is(err, io.EOF) {
				done = true
				return flush()
			}
			if err != nil {
				return err
			}
			if !q.IsValid() {
				return fmt.Errorf("incomplete quad %s", q.NQuad())
			}
			if !o.Trusted {
				if err := validQuad(q); err != nil {
					return err
				}
			}
			n++
			inTx++
			batch = append(batch, q)
			full := o.Commit > 0 && inTx >= o.Commit
			if len(batch) == o.Batch || full {
				if err := flush(); err != nil {
					return err
				}
				if full {
					return nil
				}
			}
		}
	}
	for !done {
		if err := s.pg.inTx(ctx, one); err != nil {
			if committed == 0 {
				return 0, fmt.Errorf("import (nothing was written): %w", err)
			}
			return committed, fmt.Errorf("%w: the first %d quads read were committed, the rest not (import the same file again to finish): %w", ErrPartialImport, committed, err)
		}
		committed = n
	}
	return n, nil
}
