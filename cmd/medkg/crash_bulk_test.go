package main

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/medkg/medkg/graph"
	_ "github.com/medkg/medkg/graph/bolt"
)

// TestCrashDuringBulkImport kills a real `medkg import` into an empty store (the bulk path,
// graph/bolt/bulk.go) with SIGKILL at random moments and checks after every kill that the
// store opens and is either empty, as it was, or whole: never part of the file. The next
// writer removes the file a killed bulk import left beside the store.
func TestCrashDuringBulkImport(t *testing.T) {
	dir, bin := crashBinary(t)
	corpus := filepath.Join(dir, "corpus.nq")
	if out, err := exec.Command(bin, "gen", "--quads", "100000", "--seed", "2", "--out", corpus).CombinedOutput(); err != nil {
		t.Fatalf("gen: %v\n%s", err, out)
	}
	whole := filepath.Join(dir, "whole")
	start := time.Now()
	if out, err := exec.Command(bin, "--db", whole, "import", "--progress=false", corpus).CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	full := time.Since(start)
	want := export(t, whole)

	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d; a whole import takes %s", seed, full)
	rng := rand.New(rand.NewPCG(seed, 0))
	const rounds = 20
	killed, empty, done := 0, 0, 0
	for i := range rounds {
		db := filepath.Join(dir, "db")
		os.RemoveAll(db)
		if out, err := exec.Command(bin, "--db", db, "init").CombinedOutput(); err != nil {
			t.Fatalf("init: %v\n%s", err, out)
		}
		c := exec.Command(bin, "--db", db, "import", "--progress=false", corpus)
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(full * 5 / 4))))
		c.Process.Kill()
		var exit *exec.ExitError
		if err := c.Wait(); errors.As(err, &exit) && !exit.Exited() {
			killed++
		}
		st, err := graph.Open(context.Background(), graph.Options{Path: db, ReadOnly: true})
		if err != nil {
			t.Fatalf("round %d: the store does not open after a kill: %v", i, err)
		}
		n, err := st.Size(context.Background())
		st.Close()
		switch {
		case err != nil:
			t.Fatalf("round %d: %v", i, err)
		case n == 0:
			empty++
		case export(t, db) == want:
			done++
		default:
			t.Fatalf("round %d: the killed import left %d quads, neither none nor the whole file", i, n)
		}
		// A writer's open removes a killed import's file; the next import then completes.
		if out, err := exec.Command(bin, "--db", db, "stats").CombinedOutput(); err != nil {
			t.Fatalf("round %d: stats: %v\n%s", i, err, out)
		}
		if _, err := os.Stat(filepath.Join(db, "indexes.bolt.bulk")); !errors.Is(err, os.ErrNotExist) {
			st, err := graph.Open(context.Background(), graph.Options{Path: db})
			if err != nil {
				t.Fatal(err)
			}
			st.Close()
			if _, err := os.Stat(filepath.Join(db, "indexes.bolt.bulk")); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("round %d: a writer's open left the killed import's file", i)
			}
		}
	}
	t.Logf("%d of %d imports were killed; %d left the store empty, %d whole", killed, rounds, empty, done)
	if killed < rounds/4 || empty == 0 {
		t.Fatalf("too few imports were killed mid-way (%d killed, %d empty): the test did not test crashes", killed, empty)
	}
	if out, err := exec.Command(bin, "--db", filepath.Join(dir, "db"), "import", "--progress=false", corpus).CombinedOutput(); err != nil {
		t.Fatalf("import after the crashes: %v\n%s", err, out)
	}
	if export(t, filepath.Join(dir, "db")) != want {
		t.Fatal("after the crashes, an import gives a different store")
	}
}
