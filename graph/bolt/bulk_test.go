package bolt

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	bbolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/proto"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/rdf"
)

// bulkData has blank nodes, language tags, datatypes, named graphs, a quad given twice and
// the same triple in two graphs, names and types for medkg's index.
const bulkData = `<https://example.org/acme> <https://schema.org/name> "Acme"@en .
<https://example.org/acme> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/Organization> .
<https://example.org/acme> <https://schema.org/founder> _:f1 <https://example.org/g1> .
_:f1 <https://schema.org/name> "Alice" <https://example.org/g1> .
_:f1 <https://schema.org/birthDate> "1970-01-01"^^<http://www.w3.org/2001/XMLSchema#date> <https://example.org/g2> .
<https://example.org/g1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/NewsArticle> <https://example.org/g1> .
<https://example.org/acme> <https://schema.org/name> "Acme"@en .
<https://example.org/acme> <https://schema.org/name> "Acme"@en <https://example.org/g2> .
<https://example.org/acme> <https://schema.org/sameAs> <https://example.org/acme> .
<https://example.org/bobco> <https://schema.org/name> "Bob \"Co\"\n" .
`

var bulkSpec = graph.IndexSpec{Names: []quad.IRI{"https://schema.org/name"}, Type: "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", Counted: []quad.IRI{"https://schema.org/founder"}}

func importInto(t *testing.T, dir, data string, noBulk bool) {
	t.Helper()
	spec := bulkSpec
	st, err := graph.Open(context.Background(), graph.Options{Path: dir, Index: &spec})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Import(context.Background(), rdf.NewNQuadsReader(strings.NewReader(data)), graph.ImportOptions{NoBulk: noBulk}); err != nil {
		t.Fatal(err)
	}
}

// TestBulkStoreIsCayleys: the bulk path writes Cayley's kv layout, checked bucket by bucket
// (bulkLayoutErrors), read back by Cayley's own bbolt backend and Gizmo, and by `cayley
// dump` when MEDKG_CAYLEY names Cayley's CLI (bench/run.sh builds one); medkg's index is
// the same, key by key, as the transaction-by-transaction path writes.
func TestBulkStoreIsCayleys(t *testing.T) {
	ctx := context.Background()
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	importInto(t, a, bulkData, true)
	before := bulkImports.Load()
	importInto(t, b, bulkData, false)
	if bulkImports.Load() != before+1 {
		t.Fatal("the import did not take the bulk path: the test would prove nothing")
	}
	if _, err := os.Stat(filepath.Join(b, bulkFile)); !os.IsNotExist(err) {
		t.Errorf("the bulk file is still there: %v", err)
	}
	for _, e := range bulkLayoutErrors(t, b) {
		t.Error(e)
	}
	if ia, ib := boltIndex(t, a), boltIndex(t, b); !slices.Equal(ia, ib) {
		t.Errorf("medkg.index differs:\nnormal path %q\nbulk path   %q", ia, ib)
	}

	want := quadsOf(t, a)
	if got := quadsOf(t, b); !slices.Equal(got, want) {
		t.Fatalf("medkg reads the bulk store as\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	qs, err := cgraph.NewQuadStore("bbolt", b, nil)
	if err != nil {
		t.Fatalf("Cayley cannot open the bulk store: %v", err)
	}
	var got []string
	it := qs.QuadsAllIterator().Iterate()
	for it.Next(ctx) {
		q, err := qs.Quad(it.Result())
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, q.NQuad())
	}
	it.Close()
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("Cayley reads the bulk store as\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	res, err := gizmo.NewSession(qs).Execute(ctx, `g.V("<https://example.org/acme>").out("<https://schema.org/founder>").out("<https://schema.org/name>").all()`, query.Options{Collation: query.Raw})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for res.Next(ctx) {
		r := res.Result().(*gizmo.Result)
		v, err := qs.NameOf(r.Tags["id"])
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, v.String())
	}
	res.Close()
	if fmt.Sprint(names) != `["Alice"]` {
		t.Errorf("Cayley's Gizmo on the bulk store: %v, want [\"Alice\"]", names)
	}
	qs.Close()

	cayley := os.Getenv("MEDKG_CAYLEY")
	if cayley == "" {
		t.Log("MEDKG_CAYLEY not set: `cayley dump` not run")
		return
	}
	out, err := exec.Command(cayley, "dump", "--db", "bolt", "--dbpath", b, "--dump_format", "nquads", "-o", "-").Output()
	if err != nil {
		t.Fatalf("cayley dump: %v", err)
	}
	dumped := strings.Split(strings.TrimSpace(string(out)), "\n")
	slices.Sort(dumped)
	if !slices.Equal(dumped, want) {
		t.Errorf("cayley dump of the bulk store:\n%s\nwant\n%s", strings.Join(dumped, "\n"), strings.Join(want, "\n"))
	}
}

func quadsOf(t *testing.T, dir string) []string {
	t.Helper()
	st, err := graph.Open(context.Background(), graph.Options{Path: dir, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var out []string
	if err := st.AllQuads(context.Background(), func(q quad.Quad) error { out = append(out, q.NQuad()); return nil }); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// boltIndex is every key and value under medkg.index, with its bucket path.
func boltIndex(t *testing.T, dir string) []string {
	t.Helper()
	db, err := bbolt.Open(filepath.Join(dir, File), 0o644, &bbolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []string
	var walk func(prefix string, b *bbolt.Bucket) error
	walk = func(prefix string, b *bbolt.Bucket) error {
		return b.ForEach(func(k, v []byte) error {
			if v == nil {
				return walk(prefix+string(k)+"/", b.Bucket(k))
			}
			out = append(out, fmt.Sprintf("%s%q=%q", prefix, k, v))
			return nil
		})
	}
	if err := db.View(func(tx *bbolt.Tx) error {
		b := tx.Bucket(idxRoot)
		if b == nil {
			return fmt.Errorf("no %s bucket", idxRoot)
		}
		return walk("", b)
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// bulkLayoutErrors checks a store against Cayley's kv layout (graph/kv/indexing.go) from
// the bytes up: every node in log has its value's hash in its v bucket and a reference
// count in its n bucket equal to the quad directions that hold it; every quad is in each
// index under its nodes' IDs, each list ascending, nothing else listed; meta's size counts
// the quads and its horizon is the last ID.
func bulkLayoutErrors(t *testing.T, dir string) []string {
	t.Helper()
	db, err := bbolt.Open(filepath.Join(dir, File), 0o644, &bbolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var errs []string
	fail := func(f string, a ...any) { errs = append(errs, fmt.Sprintf(f, a...)) }
	err = db.View(func(tx *bbolt.Tx) error {
		meta := tx.Bucket([]byte("meta"))
		nodes := map[uint64]quad.Value{}
		var quads []*cproto.Primitive
		var last uint64
		tx.Bucket([]byte("log")).ForEach(func(k, v []byte) error {
			var p cproto.Primitive
			if err := proto.Unmarshal(v, &p); err != nil {
				return err
			}
			if id := binary.BigEndian.Uint64(k); id != p.ID || id <= last {
				fail("log key %d holds primitive %d (after %d)", id, p.ID, last)
			}
			last = p.ID
			if p.IsNode() {
				val, err := pquads.UnmarshalValue(p.Value)
				if err != nil {
					return err
				}
				nodes[p.ID] = val
			} else {
				quads = append(quads, &p)
			}
			return nil
		})
		if got := binary.LittleEndian.Uint64(meta.Get([]byte("size"))); got != uint64(len(quads)) {
			fail("meta size %d, %d quads in log", got, len(quads))
		}
		if got := binary.LittleEndian.Uint64(meta.Get([]byte("horizon"))); got != last {
			fail("meta horizon %d, last ID %d", got, last)
		}
		refsOf := map[uint64]uint64{}
		for _, q := range quads {
			for _, d := range quad.Directions {
				if n := q.GetDirection(d); n != 0 {
					if nodes[n] == nil {
						fail("quad %d: %s is node %d, not in log", q.ID, d, n)
					}
					refsOf[n]++
				}
			}
		}
		for id, v := range nodes {
			h := refs.HashOf(v)
			vb := tx.Bucket([]byte{'v', h[0], h[1]})
			nb := tx.Bucket([]byte{'n', h[0], h[1]})
			if vb == nil || nb == nil {
				fail("node %d (%s): no v or n bucket", id, v)
				continue
			}
			if got, _ := binary.Uvarint(vb.Get(h[:])); got != id {
				fail("node %d (%s): v bucket says %d", id, v, got)
			}
			if got, _ := binary.Uvarint(nb.Get(h[:])); got != refsOf[id] {
				fail("node %d (%s): reference count %d, %d quad directions hold it", id, v, got, refsOf[id])
			}
		}
		for _, ind := range [][]quad.Direction{{quad.Subject, quad.Predicate}, {quad.Object, quad.Predicate, quad.Subject}} {
			name := make([]byte, len(ind))
			want := map[string][]uint64{}
			for i, d := range ind {
				name[i] = d.Prefix()
			}
			for _, q := range quads {
				var k []byte
				for _, d := range ind {
					k = binary.BigEndian.AppendUint64(k, q.GetDirection(d))
				}
				want[string(k)] = append(want[string(k)], q.ID)
			}
			b := tx.Bucket(name)
			n := 0
			b.ForEach(func(k, v []byte) error {
				n++
				var ids []uint64
				for len(v) > 0 {
					x, m := binary.Uvarint(v)
					ids = append(ids, x)
					v = v[m:]
				}
				if !slices.Equal(ids, want[string(k)]) {
					fail("index %s key %x: %v, want %v", name, k, ids, want[string(k)])
				}
				return nil
			})
			if n != len(want) {
				fail("index %s: %d keys, want %d", name, n, len(want))
			}
		}
		if len(nodes) == 0 || len(quads) == 0 || !bytes.Equal(meta.Get([]byte("version")), binary.LittleEndian.AppendUint64(nil, 2)) {
			fail("%d nodes, %d quads, version %x: the check would prove nothing", len(nodes), len(quads), meta.Get([]byte("version")))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return errs
}

// TestAppendPrimitive: the bulk writer's protobuf encoding is Go protobuf's.
func TestAppendPrimitive(t *testing.T) {
	val, err := pquads.MarshalValue(quad.LangString{Value: "x", Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []*cproto.Primitive{
		{ID: 1, Value: val, Timestamp: 1733500000000000000},
		{ID: 300, Subject: 1, Predicate: 2, Object: 1 << 40, Label: 7, Timestamp: 5},
		{ID: 301, Subject: 1, Predicate: 2, Object: 3},
	} {
		want, err := proto.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendPrimitive(nil, p); !bytes.Equal(got, want) {
			t.Errorf("%v: %x, want %x", p, got, want)
		}
	}
}

// TestWaiterOpensTheBulkFile: a writer that waits for the store's lock while a bulk import
// runs must, once it has the lock, hold the new file the import put in place, not the old
// one it opened (which the rename unlinked: what it wrote there would be lost).
func TestWaiterOpensTheBulkFile(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "store")
	st, err := graph.Open(ctx, graph.Options{Path: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	type opened struct {
		st  *graph.Store
		err error
	}
	waiter := make(chan opened, 1)
	go func() {
		w, err := graph.Open(ctx, graph.Options{Path: dir, LockTimeout: time.Minute})
		waiter <- opened{w, err}
	}()
	time.Sleep(300 * time.Millisecond) // the waiter has opened the old file and waits for its lock
	before := bulkImports.Load()
	if _, err := st.Import(ctx, rdf.NewNQuadsReader(strings.NewReader(bulkData)), graph.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if bulkImports.Load() != before+1 {
		t.Fatal("the import did not take the bulk path")
	}
	want, err := st.Size(ctx)
	if err != nil || want == 0 {
		t.Fatalf("size after the import: %d, %v", want, err)
	}
	st.Close()
	w := <-waiter
	if w.err != nil {
		t.Fatal(w.err)
	}
	defer w.st.Close()
	if got, err := w.st.Size(ctx); err != nil || got != want {
		t.Fatalf("the waiting writer sees %d quads (%v), want the import's %d", got, err, want)
	}
}
