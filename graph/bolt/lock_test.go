package bolt

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/graphtest"
	bbolt "go.etcd.io/bbolt"
)

// hangBound is how long an Open that should give up after its LockTimeout may take before
// the test calls it hung. It is generous: the test proves Open does not wait forever, not
// how fast it fails.
const hangBound = 5 * time.Second

// openWithin opens o in a goroutine and fails the test if Open has not returned within
// hangBound, rather than hanging the test binary.
func openWithin(t *testing.T, o graph.Options) (*graph.Store, error) {
	t.Helper()
	type result struct {
		st  *graph.Store
		err error
	}
	done := make(chan result, 1)
	go func() {
		st, err := graph.Open(context.Background(), o)
		done <- result{st, err}
	}()
	select {
	case r := <-done:
		if r.st != nil {
			t.Cleanup(func() { r.st.Close() })
		}
		return r.st, r.err
	case <-time.After(hangBound):
		t.Fatalf("Open(%+v) still waiting after %s", o, hangBound)
		return nil, nil
	}
}

func TestOpenLockedInProcess(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name              string
		holdRO, secondRO  bool
		wantLocked        bool
		secondLockTimeout time.Duration
	}{
		{name: "writer blocks writer", wantLocked: true, secondLockTimeout: 200 * time.Millisecond},
		{name: "writer blocks reader", secondRO: true, wantLocked: true, secondLockTimeout: 200 * time.Millisecond},
		{name: "reader blocks writer", holdRO: true, wantLocked: true, secondLockTimeout: 200 * time.Millisecond},
		{name: "readers share", holdRO: true, secondRO: true, secondLockTimeout: 200 * time.Millisecond},
		{name: "default timeout gives up too", wantLocked: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			setup := openBoltAt(t, dir)
			want := graphtest.Seed(t, setup)
			if err := setup.Close(); err != nil {
				t.Fatal(err)
			}

			first, err := openWithin(t, graph.Options{Path: dir, ReadOnly: tc.holdRO})
			if err != nil {
				t.Fatalf("first Open: %v", err)
			}
			second, err := openWithin(t, graph.Options{Path: dir, ReadOnly: tc.secondRO, LockTimeout: tc.secondLockTimeout})
			if !tc.wantLocked {
				if err != nil {
					t.Fatalf("second Open: %v", err)
				}
				// Both readers read at the same time.
				graphtest.AssertStore(t, first, want)
				graphtest.AssertStore(t, second, want)
				return
			}
			if err == nil {
				t.Fatalf("second Open succeeded while the store was held (read-only %v)", tc.holdRO)
			}
			if second != nil {
				t.Errorf("second Open returned a store with its error")
			}
			if !errors.Is(err, graph.ErrLocked) {
				t.Errorf("error %q is not ErrLocked", err)
			}
			if !strings.Contains(err.Error(), dir) {
				t.Errorf("error %q does not name the store %s", err, dir)
			}
			// The holder is unharmed, and once it lets go the store opens.
			graphtest.AssertStore(t, first, want)
			if err := first.Close(); err != nil {
				t.Fatal(err)
			}
			again, err := openWithin(t, graph.Options{Path: dir, ReadOnly: tc.secondRO, LockTimeout: tc.secondLockTimeout})
			if err != nil {
				t.Fatalf("Open after the holder closed: %v", err)
			}
			graphtest.AssertStore(t, again, want)
		})
	}
}

// helperEnv switches the test binary into TestHelperProcess, which holds a store open.
const helperEnv = "MEDKG_GRAPH_TEST_HOLD"

// TestHelperProcess is not a test: run by TestOpenLockedByOtherProcess as a child process,
// it opens the store named by $MEDKG_GRAPH_TEST_HOLD ("rw:DIR" or "ro:DIR"), says "ready" and
// holds it until its stdin closes.
func TestHelperProcess(t *testing.T) {
	spec := os.Getenv(helperEnv)
	if spec == "" {
		t.Skip("helper process for TestOpenLockedByOtherProcess")
	}
	mode, dir, _ := strings.Cut(spec, ":")
	st, err := graph.Open(context.Background(), graph.Options{Path: dir, ReadOnly: mode == "ro"})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(2)
	}
	fmt.Println("ready")
	io.Copy(io.Discard, os.Stdin)
	if err := st.Close(); err != nil {
		fmt.Println("error:", err)
		os.Exit(2)
	}
	os.Exit(0)
}

// holdInChild starts a child process that holds the store at dir and returns a function that
// makes it let go and waits for it.
func holdInChild(t *testing.T, dir string, readOnly bool) (release func()) {
	t.Helper()
	mode := "rw"
	if readOnly {
		mode = "ro"
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode+":"+dir)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	released := false
	release = func() {
		if released {
			return
		}
		released = true
		stdin.Close()
		if err := cmd.Wait(); err != nil {
			t.Errorf("helper process: %v", err)
		}
	}
	t.Cleanup(release)
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if strings.TrimSpace(line) != "ready" {
		t.Fatalf("helper process did not get the store: %q %v", line, err)
	}
	go io.Copy(io.Discard, stdout)
	return release
}

func TestOpenLockedByOtherProcess(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a child process")
	}
	cases := []struct {
		name           string
		childRO, ourRO bool
		wantLocked     bool
	}{
		{name: "writer there, writer here", wantLocked: true},
		{name: "writer there, reader here", ourRO: true, wantLocked: true},
		{name: "reader there, writer here", childRO: true, wantLocked: true},
		{name: "reader there, reader here", childRO: true, ourRO: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			st := openBoltAt(t, dir)
			want := graphtest.Seed(t, st)
			st.Close()

			release := holdInChild(t, dir, tc.childRO)
			ours, err := openWithin(t, graph.Options{Path: dir, ReadOnly: tc.ourRO, LockTimeout: 200 * time.Millisecond})
			if !tc.wantLocked {
				if err != nil {
					t.Fatalf("Open while another process reads: %v", err)
				}
				graphtest.AssertStore(t, ours, want)
				return
			}
			if !errors.Is(err, graph.ErrLocked) {
				t.Fatalf("Open while another process holds the store: %v, want ErrLocked", err)
			}
			if !strings.Contains(err.Error(), dir) {
				t.Errorf("error %q does not name the store %s", err, dir)
			}
			release()
			ours, err = openWithin(t, graph.Options{Path: dir, ReadOnly: tc.ourRO, LockTimeout: 200 * time.Millisecond})
			if err != nil {
				t.Fatalf("Open after the other process exited: %v", err)
			}
			graphtest.AssertStore(t, ours, want)
		})
	}
}

// TestReadersInParallel: two read-only stores on one path export at the same time, from
// two goroutines (run with -race).
func TestReadersInParallel(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rw := openBoltAt(t, dir)
	graphtest.Seed(t, rw)
	want := graphtest.Export(t, rw, graph.ExportOptions{})
	rw.Close()
	var stores []*graph.Store
	for range 2 {
		st, err := openWithin(t, graph.Options{Path: dir, ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		stores = append(stores, st)
	}
	outs := make([][]byte, 2*len(stores))
	errs := make([]error, len(outs))
	var wg sync.WaitGroup
	for i := range outs {
		wg.Go(func() {
			var buf bytes.Buffer
			_, errs[i] = stores[i%len(stores)].Export(context.Background(), &buf, graph.ExportOptions{ChunkBytes: 200, TempDir: t.TempDir()})
			outs[i] = buf.Bytes()
		})
	}
	wg.Wait()
	for i := range outs {
		if errs[i] != nil {
			t.Errorf("export %d: %v", i, errs[i])
		} else if !bytes.Equal(outs[i], want) {
			t.Errorf("export %d differs:\n%s\nwant:\n%s", i, outs[i], want)
		}
	}
}

func TestOpenReadOnlyNoStore(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		setup func(t *testing.T) string
	}{
		{"missing directory", func(t *testing.T) string {
			return filepath.Join(t.TempDir(), "nothing", "here")
		}},
		{"empty directory", func(t *testing.T) string { return t.TempDir() }},
		{"directory of other files", func(t *testing.T) string {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
			return dir
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := tc.setup(t)
			before, _ := os.ReadDir(dir)
			st, err := openWithin(t, graph.Options{Path: dir, ReadOnly: true})
			if !errors.Is(err, graph.ErrNoStore) {
				t.Fatalf("Open: %v, want ErrNoStore", err)
			}
			if st != nil {
				t.Error("Open returned a store with its error")
			}
			if !strings.Contains(err.Error(), dir) {
				t.Errorf("error %q does not name %s", err, dir)
			}
			after, _ := os.ReadDir(dir)
			if len(after) != len(before) {
				t.Errorf("read-only Open changed %s: %d entries, had %d", dir, len(after), len(before))
			}
		})
	}
}

func TestOpenCreates(t *testing.T) {
	t.Parallel()
	if _, err := graph.Open(context.Background(), graph.Options{}); err == nil {
		t.Error("Open with no path succeeded")
	}
	dir := filepath.Join(t.TempDir(), "a", "b")
	st, err := openWithin(t, graph.Options{Path: dir})
	if err != nil {
		t.Fatalf("Open of a new nested directory: %v", err)
	}
	if st.Path() != dir {
		t.Errorf("Path() = %q, want %q", st.Path(), dir)
	}
	want := graphtest.Seed(t, st)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	ro, err := openWithin(t, graph.Options{Path: dir, ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only Open of the new store: %v", err)
	}
	graphtest.AssertStore(t, ro, want)
}

// TestOpenUninitialisedStore: a store whose creation was interrupted (the bbolt file exists,
// Cayley never wrote its version) is initialised by the next writer; a reader is told there
// is no store, and its failed Open must release the file, or the process's own next Open
// would report "locked by another process".
func TestOpenUninitialisedStore(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db, err := bbolt.Open(filepath.Join(dir, File), 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = openWithin(t, graph.Options{Path: dir, ReadOnly: true, LockTimeout: 200 * time.Millisecond})
	if !errors.Is(err, graph.ErrNoStore) {
		t.Fatalf("read-only Open of an uninitialised store = %v, want ErrNoStore", err)
	}
	st, err := openWithin(t, graph.Options{Path: dir, LockTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatalf("Open for writing after a failed read-only Open: %v (did the failed Open keep the lock?)", err)
	}
	if n, err := st.Size(context.Background()); n != 0 || err != nil {
		t.Errorf("Size of the initialised store = %d, %v; want 0, nil", n, err)
	}
	st.Close()
	st, err = openWithin(t, graph.Options{Path: dir, ReadOnly: true, LockTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatalf("read-only Open once initialised: %v", err)
	}
	st.Close()
}

// openBoltAt opens the store in dir for writing, closed at the end of the test.
func openBoltAt(t *testing.T, dir string) *graph.Store {
	t.Helper()
	st, err := graph.Open(context.Background(), graph.Options{Path: dir})
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestReadOnlyExportReadsThroughReadTx: a read-only store reads through readTx, and its
// export is the golden bytes the conformance suite checks.
func TestReadOnlyExportReadsThroughReadTx(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	st := openBoltAt(t, dir)
	graphtest.Seed(t, st)
	want := graphtest.Export(t, st, graph.ExportOptions{})
	st.Close()
	ro, err := graph.Open(context.Background(), graph.Options{Path: dir, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if graph.BackendOf(ro).(*store).kv.readOnly == nil {
		t.Fatal("a read-only store does not read through readTx")
	}
	// Past readTxMin keys a GetBatch: the chunked export reads in batches of many.
	if got := graphtest.Export(t, ro, graph.ExportOptions{ChunkBytes: 200, TempDir: t.TempDir()}); !bytes.Equal(got, want) {
		t.Errorf("read-only export differs:\n%s\nwant:\n%s", got, want)
	}
}
