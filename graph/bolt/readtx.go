package bolt

import (
	"context"

	hkv "github.com/hidal-go/hidalgo/kv"
	bbolt "go.etcd.io/bbolt"
)

// readTx is a read transaction of a read-only store as Cayley's kv layer sees it: hidalgo's,
// but with large GetBatch calls served by a second bolt read transaction that finds each
// bucket once. Hidalgo looks the bucket up from the root for every key, a sixth of an
// export's time: Cayley reads quads from its log bucket a hundred keys at a time. Both
// transactions see the same data, since no process can write a store that a read-only Store
// has open (bolt's shared file lock), and the Store itself refuses writes.
type readTx struct {
	hkv.Tx
	db      *bbolt.DB
	tx      *bbolt.Tx // opened on the first GetBatch of readTxMin keys or more
	buckets map[string]*bbolt.Bucket
}

func (t *readTx) bucket(key hkv.Key) (*bbolt.Bucket, []byte) {
	if len(key) < 2 {
		return nil, nil
	}
	path := key[:len(key)-1]
	name := bucketName(path)
	b, ok := t.buckets[name]
	if !ok {
		b = t.tx.Bucket(path[0])
		for _, p := range path[1:] {
			if b == nil {
				break
			}
			b = b.Bucket(p)
		}
		t.buckets[name] = b
	}
	return b, key[len(key)-1]
}

// readTxMin is the smallest batch worth a second transaction: measured, queries (small
// batches) gained nothing, export (batches of 100 to 4096 keys) 15% of its CPU time.
const readTxMin = 16

func (t *readTx) GetBatch(ctx context.Context, keys []hkv.Key) ([]hkv.Value, error) {
	if len(keys) < readTxMin {
		return t.Tx.GetBatch(ctx, keys)
	}
	if t.tx == nil {
		tx, err := t.db.Begin(false)
		if err != nil {
			return nil, err
		}
		t.tx, t.buckets = tx, map[string]*bbolt.Bucket{}
	}
	vals := make([]hkv.Value, len(keys))
	for i, key := range keys {
		if len(key) < 2 {
			// the root bucket's keys: hidalgo's way
			v, err := t.Tx.Get(ctx, key)
			if err != nil && err != hkv.ErrNotFound {
				return nil, err
			}
			vals[i] = v
			continue
		}
		if b, k := t.bucket(key); b != nil {
			vals[i] = b.Get(k)
		}
	}
	return vals, nil
}

func (t *readTx) Close() error {
	err := t.Tx.Close()
	if t.tx != nil {
		if rerr := t.tx.Rollback(); err == nil {
			err = rerr
		}
		t.tx = nil
	}
	return err
}
