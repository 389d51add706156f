package bolt

import (
	"errors"
	"testing"
	"time"

	"path/filepath"

	bbolt "go.etcd.io/bbolt"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/graphtest"
)

// TestCayleyCLIBesideServe pins what docs/reliability.md says of Cayley's own command line
// (issue 14, item 12). Cayley's bolt backend opens indexes.bolt with bbolt's default options
// (cayley/graph/kv/bolt.Open calls hidalgo's kv/bolt.Open(path, nil), which is
// boltdb/bolt.Open(path, 0644, nil): no ReadOnly, no Timeout), so even `cayley query` or `cayley
// dump` asks for the exclusive lock and waits for it without end while any medkg process,
// `medkg serve` included, holds the store, even read-only. medkg cannot make its read-only
// open compatible (bbolt needs a shared lock to keep a writer out while it reads), so the
// fix is the documented order: stop medkg first. The other way round, medkg gives up within
// --lock-timeout with ErrLocked.
func TestCayleyCLIBesideServe(t *testing.T) {
	dir := t.TempDir()
	st := openBoltAt(t, dir)
	graphtest.Seed(t, st)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	serve, err := openWithin(t, graph.Options{Backend: graph.BackendBolt, Path: dir, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	opened := make(chan error, 1)
	var cayley interface{ Close() error }
	go func() {
		// Cayley's CLI's open. boltdb/bolt (which Cayley's backend uses) and bbolt lock the
		// file the same way (flock, exclusive unless ReadOnly); bbolt stands in for it here.
		db, err := bbolt.Open(filepath.Join(dir, File), 0o644, nil)
		cayley = db
		opened <- err
	}()
	select {
	case err := <-opened:
		t.Fatalf("Cayley's open returned (%v) while medkg held the store read-only: docs/reliability.md is out of date", err)
	case <-time.After(time.Second):
	}
	serve.Close() // stop medkg serve: Cayley's open goes through
	select {
	case err := <-opened:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(hangBound):
		t.Fatal("Cayley's open still waiting after medkg closed the store")
	}
	defer cayley.Close()
	// While Cayley holds it, medkg reports the lock within its timeout.
	_, err = openWithin(t, graph.Options{Backend: graph.BackendBolt, Path: dir, ReadOnly: true, LockTimeout: 200 * time.Millisecond})
	if !errors.Is(err, graph.ErrLocked) {
		t.Fatalf("medkg beside Cayley's CLI: %v, want ErrLocked", err)
	}
}
