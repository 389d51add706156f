package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/internal/gen"
	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/rdf"
)

func genBytes(t *testing.T, args ...string) []byte {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), append([]string{"gen"}, args...), IO{In: strings.NewReader(""), Out: &out, Err: &errb})
	if code != 0 {
		t.Fatalf("gen %v: exit %d: %s", args, code, errb.String())
	}
	return out.Bytes()
}

func readAll(t *testing.T, data []byte) []quad.Quad {
	t.Helper()
	r := rdf.NewNQuadsReader(bytes.NewReader(data))
	var qs []quad.Quad
	for {
		q, err := r.Read()
		if errors.Is(err, io.EOF) {
			return qs
		}
		if err != nil {
			t.Fatalf("quad %d: %v", len(qs)+1, err)
		}
		qs = append(qs, q)
	}
}

func TestGenDeterministic(t *testing.T) {
	t.Parallel()
	a := genBytes(t, "--quads", "10000", "--seed", "7")
	b := genBytes(t, "--quads", "10000", "--seed", "7")
	if !bytes.Equal(a, b) {
		t.Fatal("the same seed gave different bytes")
	}
	c := genBytes(t, "--quads", "10000", "--seed", "8")
	if bytes.Equal(a, c) {
		t.Fatal("another seed gave the same bytes")
	}
	// --out FILE (and .gz) writes what stdout gets.
	dir := t.TempDir()
	file := filepath.Join(dir, "c.nq")
	genBytes(t, "--quads", "10000", "--seed", "7", "--out", file)
	got, err := os.ReadFile(file)
	if err != nil || !bytes.Equal(got, a) {
		t.Fatalf("--out FILE differs from stdout (err %v)", err)
	}
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm()&0o044 == 0 {
		t.Errorf("--out FILE has mode %v (%v): want the umask's, not a temporary file's 0600", fi.Mode(), err)
	}
	// The old spelling, -o FILE, one release more, with a warning.
	old := filepath.Join(dir, "old.nq")
	var errb bytes.Buffer
	if code := Main(context.Background(), []string{"gen", "--quads", "10000", "--seed", "7", "-o", old}, IO{In: strings.NewReader(""), Out: io.Discard, Err: &errb}); code != 0 || !strings.Contains(errb.String(), "-o FILE is deprecated") {
		t.Fatalf("gen -o FILE: exit %d: %s", code, errb.String())
	}
	if got, err := os.ReadFile(old); err != nil || !bytes.Equal(got, a) {
		t.Fatalf("-o FILE differs from stdout (err %v)", err)
	}
	genBytes(t, "--quads", "10000", "--seed", "7", "--out", file+".gz")
	if fi, err := os.Stat(file + ".gz"); err != nil || fi.Size() >= int64(len(a))/3 {
		t.Fatalf("gzip output: %v", err)
	}
}

// TestGenCounts: the count is within 5% of --quads, the output is strict N-Quads without a
// repeated quad, and the base is used.
func TestGenCounts(t *testing.T) {
	t.Parallel()
	for _, n := range []int{2000, 10000, 50000} {
		data := genBytes(t, "--quads", strconv.Itoa(n), "--base", "https://example.com/kg/")
		qs := readAll(t, data)
		if d := float64(len(qs)-n) / float64(n); d < -0.05 || d > 0.05 {
			t.Errorf("--quads %d gave %d quads (%+.1f%%)", n, len(qs), 100*d)
		}
		seen := make(map[quad.Quad]bool, len(qs))
		for _, q := range qs {
			if seen[q] {
				t.Fatalf("--quads %d: repeated quad %s", n, q.NQuad())
			}
			seen[q] = true
			if s, ok := q.Subject.(quad.IRI); ok && strings.HasPrefix(string(s), "https://example.org/medkg/") {
				t.Fatalf("--base ignored: %s", q.NQuad())
			}
		}
	}
}

// TestGenModel loads a generated corpus article by article through Store.Replace, which
// accepts a source only if every quad of its graph hangs off the article and every shared
// fact is reified by one of its claims: the corpus is in medkg's quad model. The store then
// holds exactly the corpus.
func TestGenModel(t *testing.T) {
	t.Parallel()
	data := genBytes(t, "--quads", "10000")
	qs := readAll(t, data)
	st, err := graph.Open(context.Background(), graph.Options{Path: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	var cur quad.IRI
	var own, shared, pending []quad.Quad
	sources := 0
	flush := func() {
		if cur == "" {
			return
		}
		if _, err := st.Replace(ctx, cur, own, shared); err != nil {
			t.Fatalf("source %s: %v", cur, err)
		}
		sources++
	}
	for _, q := range qs {
		if q.Label == nil {
			pending = append(pending, q)
			continue
		}
		if q.Label != cur {
			flush()
			cur, own, shared, pending = q.Label.(quad.IRI), nil, pending, nil
		}
		own = append(own, q)
	}
	flush()
	if len(pending) > 0 {
		t.Fatalf("%d shared quads after the last article", len(pending))
	}
	if n, err := st.Size(ctx); err != nil || n != int64(len(qs)) {
		t.Fatalf("store holds %d quads (err %v), corpus %d", n, err, len(qs))
	}
	if sources < 200 {
		t.Errorf("only %d sources", sources)
	}
}

// TestGenQueries imports a generated corpus with medkg import and runs the flagship and two
// other stored queries on it: each returns rows.
func TestGenQueries(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "c.nq")
	genBytes(t, "--quads", "20000", "--seed", "3", "--out", file)
	db := filepath.Join(dir, "db")
	if _, stderr, code := run(t, db, "import", "--progress=false", file); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	academy, centre, city := gen.QueryParams(20000, 3, loader.DefaultBase)
	for _, q := range []struct {
		args    []string
		minRows int
	}{
		{[]string{"centres-cofounded-by", "--param", "org=" + gen.OrgName(0)}, 20},
		{[]string{"centres-cofounded-by", "--param", "org=<" + academy + ">"}, 20},
		{[]string{"founders-of", "--param", "centre=<" + centre + ">"}, 2},
		{[]string{"located-in", "--param", "place=<" + city + ">"}, 2},
		{[]string{"people-of"}, 10},
		{[]string{"timeline"}, 10},
	} {
		out, stderr, code := run(t, db, append(append([]string{"query"}, q.args...), "-o", "json")...)
		if code != 0 {
			t.Fatalf("query %v: exit %d: %s", q.args, code, stderr)
		}
		var rows []map[string]any
		if err := json.Unmarshal([]byte(out), &rows); err != nil {
			t.Fatalf("query %v: %v\n%s", q.args, err, out)
		}
		if len(rows) < q.minRows {
			t.Errorf("query %v: %d rows, want at least %d", q.args, len(rows), q.minRows)
		}
	}
}

func TestGenUsage(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"gen"}, {"gen", "--quads", "-5"}, {"--base", "nope", "gen", "--quads", "10"}} {
		_, stderr, code := run(t, filepath.Join(t.TempDir(), "db"), args...)
		if code != ExitUsage {
			t.Errorf("%v: exit %d, want %d: %s", args, code, ExitUsage, stderr)
		}
	}
}
