package bolt

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"

	bbolt "go.etcd.io/bbolt"
)

// TestBucketReadGet: a look-up through a bucket's one cursor gives what bolt's Bucket.Get
// gives, for keys present, absent (before, between and after the keys, across leaf
// pages) and naming a nested bucket, in any order of look-ups.
func TestBucketReadGet(t *testing.T) {
	t.Parallel()
	db, err := bbolt.Open(filepath.Join(t.TempDir(), "db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	key := func(i int) []byte { return []byte(fmt.Sprintf("k%06d", i)) }
	if err := db.Update(func(tx *bbolt.Tx) error {
		b, err := tx.CreateBucket([]byte("b"))
		if err != nil {
			return err
		}
		for i := 0; i < 5000; i += 2 { // enough for several leaf pages
			if err := b.Put(key(i), bytes.Repeat([]byte{byte(i)}, i%7)); err != nil {
				return err
			}
		}
		_, err = b.CreateBucket(key(101))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	tx, err := db.Begin(false)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	r := bucketOf(tx)([]byte("b"))
	if bucketOf(tx)([]byte("none")) != nil {
		t.Error("a missing bucket is not nil")
	}
	probes := [][]byte{[]byte(""), []byte("a"), []byte("z"), key(101), key(4998), key(4999), key(5000)}
	for i := 4999; i >= 0; i -= 7 {
		probes = append(probes, key(i))
	}
	for i := 0; i < 5000; i += 13 {
		probes = append(probes, key(i))
	}
	for _, k := range probes {
		want := r.Bucket.Get(k)
		got := r.get(k)
		if !bytes.Equal(got, want) || (got == nil) != (want == nil) {
			t.Errorf("get(%q) = %q, Bucket.Get %q", k, got, want)
		}
	}
}
