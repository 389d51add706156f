package graph

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/rdf"
)

// importPG is Import on PostgreSQL: each transaction (o.Commit quads, or the whole input
// when o.Commit < 0) holds the store's write lock and stages its quads with COPY, in
// batches of o.Batch.
func (s *Store) importPG(ctx context.Context, r rdf.Reader, o ImportOptions) (int, error) {
	f := newImportFeed(ctx, r, o)
	committed := 0
	batch := make([]quad.Quad, 0, o.Batch)
	bulk := false     // a bulk import into an empty store: see below
	bulkDone := false // one was committed
	one := func(tx *sql.Tx) error {
		return f.fill(func(q quad.Quad) { batch = append(batch, q) }, func() error {
			var err error
			if bulk {
				err = s.pg.stageBulk(ctx, tx, batch)
			} else {
				_, _, err = s.pg.apply(ctx, tx, batch, nil)
			}
			batch = batch[:0]
			return err
		})
	}
	if o.Commit < 0 {
		// One transaction into an empty store: the quads are staged whole, then inserted
		// once each in one statement, with the indexes and foreign keys of quads dropped
		// and built and checked again at the end, each in one pass, instead of row by row
		// (PostgreSQL checks a foreign key with a query per row: 70% of an insert's time
		// here). Reference counts are set in one pass too. Other sessions wait for the
		// commit to read the store, which was empty anyway. Dropping needs the tables'
		// owner; anyone else writes row by row.
		whole := one
		one = func(tx *sql.Tx) error {
			var empty bool
			if err := tx.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM quads)`).Scan(&empty); err != nil {
				return err
			}
			if !empty {
				return whole(tx)
			}
			if _, err := tx.ExecContext(ctx, `SAVEPOINT medkg_bulk`); err != nil {
				return err
			}
			var dropErr error
			for _, ix := range pgBulkIndexes {
				if _, dropErr = tx.ExecContext(ctx, ix.drop); dropErr != nil {
					break
				}
			}
			if dropErr != nil {
				if _, err := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT medkg_bulk`); err != nil {
					return err
				}
				return whole(tx)
			}
			if err := s.pg.startBulk(ctx, tx); err != nil {
				return err
			}
			bulk = true
			defer func() { bulk = false }()
			if err := whole(tx); err != nil {
				return err
			}
			if err := s.pg.finishBulk(ctx, tx); err != nil {
				return err
			}
			for _, ix := range pgBulkIndexes {
				if _, err := tx.ExecContext(ctx, ix.create); err != nil {
					return fmt.Errorf("create index %s: %w", ix.name, err)
				}
			}
			bulkDone = true
			return nil
		}
	}
	for !f.done {
		if err := s.pg.inTx(ctx, one); err != nil {
			if committed == 0 {
				return 0, fmt.Errorf("import (nothing was written): %w", err)
			}
			return committed, fmt.Errorf("%w: the first %d quads read were committed, the rest not (import the same file again to finish): %w", ErrPartialImport, committed, err)
		}
		committed = f.n
	}
	if bulkDone {
		// Set the visibility map and the hint bits, and gather statistics, now rather than
		// in the first queries: before it, every index-only scan read the table too (the
		// plan of the flagship query at 1M quads ran in 540 ms before, 190 ms after).
		if _, err := s.pg.db.ExecContext(ctx, `VACUUM (ANALYZE) quads, nodes`); err != nil {
			return f.n, fmt.Errorf("imported, but VACUUM ANALYZE failed (run it, or wait for autovacuum): %w", err)
		}
	}
	return f.n, nil
}

// pgBulkIndexes are the quads indexes and foreign keys a bulk import into an empty store
// builds at the end, exactly as Cayley's SQL backend (graph/sql Registration.quadIndexes,
// fill factor 50) and medkg's init create them.
var pgBulkIndexes = []struct{ name, drop, create string }{
	{"spo_unique", `DROP INDEX spo_unique`, `CREATE UNIQUE INDEX spo_unique ON quads (subject_hash, predicate_hash, object_hash) WHERE label_hash IS NULL`},
	{"spol_unique", `DROP INDEX spol_unique`, `CREATE UNIQUE INDEX spol_unique ON quads (subject_hash, predicate_hash, object_hash, label_hash) WHERE label_hash IS NOT NULL`},
	{"spo_index", `DROP INDEX spo_index`, `CREATE INDEX spo_index ON quads (subject_hash, predicate_hash, object_hash) WITH (FILLFACTOR = 50)`},
	{"ops_index", `DROP INDEX ops_index`, `CREATE INDEX ops_index ON quads (object_hash, predicate_hash, subject_hash) WITH (FILLFACTOR = 50)`},
	{"pos_index", `DROP INDEX pos_index`, `CREATE INDEX pos_index ON quads (predicate_hash, object_hash, subject_hash) WITH (FILLFACTOR = 50)`},
	{"osp_index", `DROP INDEX osp_index`, `CREATE INDEX osp_index ON quads (object_hash, subject_hash, predicate_hash) WITH (FILLFACTOR = 50)`},
	{"medkg_label_index", `DROP INDEX medkg_label_index`, extraIndexes[0]},
	{"subject_hash_fk", `ALTER TABLE quads DROP CONSTRAINT subject_hash_fk`, `ALTER TABLE quads ADD CONSTRAINT subject_hash_fk FOREIGN KEY (subject_hash) REFERENCES nodes (hash)`},
	{"predicate_hash_fk", `ALTER TABLE quads DROP CONSTRAINT predicate_hash_fk`, `ALTER TABLE quads ADD CONSTRAINT predicate_hash_fk FOREIGN KEY (predicate_hash) REFERENCES nodes (hash)`},
	{"object_hash_fk", `ALTER TABLE quads DROP CONSTRAINT object_hash_fk`, `ALTER TABLE quads ADD CONSTRAINT object_hash_fk FOREIGN KEY (object_hash) REFERENCES nodes (hash)`},
	{"label_hash_fk", `ALTER TABLE quads DROP CONSTRAINT label_hash_fk`, `ALTER TABLE quads ADD CONSTRAINT label_hash_fk FOREIGN KEY (label_hash) REFERENCES nodes (hash)`},
}
