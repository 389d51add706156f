package bolt

import (
	"context"
	"errors"
	"sync"

	hkv "github.com/hidal-go/hidalgo/kv"
	bbolt "go.etcd.io/bbolt"
)

// batchKV lets several Cayley writes share one bolt transaction.
//
// Cayley's kv store loses node IDs when one ApplyDeltas both adds and deletes quads: a node
// whose reference count falls over the batch is only resolved for the deletes, so the added
// quads that use it are written with that position empty (graph/log SplitDeltas puts it in
// DecNode; applyAddDeltas resolves IncNode only). Reloading an article that shrinks hits this
// every time. Writing adds and deletes as two ApplyDeltas avoids it, and running both inside
// one transaction keeps a source's replacement atomic: a crash or an error leaves the old
// version whole.
type batchKV struct {
	hkv.KV
	mu    sync.Mutex
	batch hkv.Tx // the open transaction every Tx call shares, or nil
	// readOnly is the bolt file of a store opened read-only (readTx), else nil.
	readOnly *bbolt.DB
	// shared is the read transaction of a read-only store's direct reads (scan.go).
	shared sharedRead
}

// Tx returns the batch's transaction while a batch is open, for reads as well as writes: bolt
// can deadlock when one goroutine holds a read transaction and a write transaction at once.
func (b *batchKV) Tx(ctx context.Context, rw bool) (hkv.Tx, error) {
	b.mu.Lock()
	tx := b.batch
	b.mu.Unlock()
	if tx != nil {
		return sharedTx{tx}, nil
	}
	t, err := b.KV.Tx(ctx, rw)
	if err != nil || rw || b.readOnly == nil {
		return t, err
	}
	return &readTx{Tx: t, db: b.readOnly}, nil
}

func (b *batchKV) View(ctx context.Context, fn func(hkv.Tx) error) error {
	return hkv.View(ctx, b, fn)
}

func (b *batchKV) Update(ctx context.Context, fn func(hkv.Tx) error) error {
	return hkv.Update(ctx, b, fn)
}

// inBatch runs fn with one write transaction shared by every Tx call, committing once at the
// end, or rolling everything back if fn fails.
func (b *batchKV) inBatch(ctx context.Context, fn func() error) error {
	tx, err := b.KV.Tx(ctx, true)
	if err != nil {
		return err
	}
	return b.inTx(ctx, tx, fn)
}

// inTx is inBatch with tx, a write transaction already begun, as the shared one; it always
// ends tx.
func (b *batchKV) inTx(ctx context.Context, tx hkv.Tx, fn func() error) error {
	b.mu.Lock()
	if b.batch != nil {
		b.mu.Unlock()
		tx.Close()
		return errors.New("graph: nested write batch")
	}
	b.batch = tx
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		b.batch = nil
		b.mu.Unlock()
		tx.Close() // rolls back unless committed
	}()
	if err := fn(); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// sharedTx is the batch's transaction as one Cayley call sees it: its Commit and Close leave
// the transaction open for the next call; inBatch commits or rolls back.
type sharedTx struct{ hkv.Tx }

func (sharedTx) Commit(context.Context) error { return nil }
func (sharedTx) Close() error                 { return nil }
