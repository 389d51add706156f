package graph

import (
	"context"
	"errors"
	"fmt"
	"io"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// ImportBatch is how many quads go to Cayley in one ApplyDeltas during Import.
const ImportBatch = 10000

// Import adds the quads next yields (until io.EOF) in one transaction: all of them or, on
// any error, none. Quads already in the store are skipped. It returns how many it read.
func (s *Store) Import(ctx context.Context, next func() (quad.Quad, error)) (int, error) {
	if s.opts.ReadOnly {
		return 0, ErrReadOnly
	}
	n := 0
	err := s.kv.inBatch(ctx, func() error {
		batch := make([]cgraph.Delta, 0, ImportBatch)
		flush := func() error {
			if len(batch) == 0 {
				return nil
			}
			err := s.qs.ApplyDeltas(batch, cgraph.IgnoreOpts{IgnoreDup: true})
			batch = batch[:0]
			return err
		}
		for {
			if err := ctx.Err(); err != nil {
				return err
			}
			q, err := next()
			if errors.Is(err, io.EOF) {
				return flush()
			}
			if err != nil {
				return err
			}
			if !q.IsValid() {
				return fmt.Errorf("incomplete quad %s", q.NQuad())
			}
			if err := validQuad(q); err != nil {
				return err
			}
			n++
			batch = append(batch, cgraph.Delta{Quad: q, Action: cgraph.Add})
			if len(batch) == ImportBatch {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	})
	if err != nil {
		if rerr := s.reopen(); rerr != nil {
			return 0, errors.Join(err, rerr)
		}
		return 0, fmt.Errorf("import (nothing was written): %w", err)
	}
	return n, nil
}
