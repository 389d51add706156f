package main

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
	"go.yaml.in/yaml/v3"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/seeds"
)

// envSlowTests set to 1 runs the slow suites; .ci/run sets it (see cmd.EnvSlowTests).
const envSlowTests = "MEDKG_SLOW_TESTS"

// TestCrashDuringLoad kills a real `medkg load` with SIGKILL at random moments, many times,
// alternating between two versions of the seed articles, and checks after every kill that
// the store opens and that each article's graph is wholly the old version, wholly the new
// one, or absent; and that the shared facts are exactly those some graph still supports.
func TestCrashDuringLoad(t *testing.T) {
	dir, bin := crashBinary(t)
	v1 := writeSeeds(t, filepath.Join(dir, "v1"), false)
	v2 := writeSeeds(t, filepath.Join(dir, "v2"), true)
	want := map[quad.IRI][2]string{} // per source: its graph in v1 and in v2, as sorted lines
	for i, d := range []string{v1, v2} {
		set, err := loader.Load(os.DirFS(d), loader.DefaultBase)
		if err != nil {
			t.Fatal(err)
		}
		for _, src := range set.Sources {
			w := want[src.IRI]
			w[i] = lines(src.Own)
			want[src.IRI] = w
		}
	}
	for iri, w := range want {
		if w[0] == w[1] && iri != loader.NewVocab(loader.DefaultBase).Background() {
			t.Fatalf("%s is the same in both versions: the test could not tell them apart", iri)
		}
	}

	db := filepath.Join(dir, "db")
	load := func(src string) *exec.Cmd {
		return exec.Command(bin, "--db", db, "--lock-timeout", "10s", "load", src)
	}
	// How long a load that switches every article to the other version takes here, to spread
	// the kills over it.
	if out, err := load(v2).CombinedOutput(); err != nil {
		t.Fatalf("load: %v\n%s", err, out)
	}
	start := time.Now()
	if out, err := load(v1).CombinedOutput(); err != nil {
		t.Fatalf("load: %v\n%s", err, out)
	}
	full := time.Since(start)

	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d; a whole load takes %s", seed, full)
	rng := rand.New(rand.NewPCG(seed, 0))
	const rounds = 40
	killed, mixed := 0, 0
	window := full * 3 / 2 // kills fall anywhere in it; it shrinks when loads outrun it
	for i := range rounds {
		c := load([]string{v2, v1}[i%2])
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(window))))
		c.Process.Kill() // SIGKILL: no deferred Close, no cleanup
		var exit *exec.ExitError
		if err := c.Wait(); errors.As(err, &exit) && !exit.Exited() {
			killed++
		} else {
			// The load finished first: this machine is faster now than when measured.
			window = window * 3 / 4
		}
		if checkStore(t, db, want, i) {
			mixed++
		}
	}
	t.Logf("%d of %d loads were killed before they finished; %d left some articles old and some new", killed, rounds, mixed)
	if killed < rounds/4 || mixed == 0 {
		t.Fatalf("too few loads were killed mid-way (%d killed, %d part-way): the test did not test crashes", killed, mixed)
	}

	// After all that, a whole load gives exactly what a fresh store gets.
	if out, err := load(v2).CombinedOutput(); err != nil {
		t.Fatalf("load after crashes: %v\n%s", err, out)
	}
	fresh := filepath.Join(dir, "fresh")
	if out, err := exec.Command(bin, "--db", fresh, "load", v2).CombinedOutput(); err != nil {
		t.Fatalf("fresh load: %v\n%s", err, out)
	}
	if a, b := export(t, db), export(t, fresh); a != b {
		t.Fatalf("after the crashes and a reload, the store differs from a fresh load of the same files")
	}
}

// checkStore opens the store after a kill and checks it is consistent. It reports whether
// the kill came part-way through the articles: some in one version, some in the other.
func checkStore(t *testing.T, db string, want map[quad.IRI][2]string, round int) bool {
	t.Helper()
	ctx := context.Background()
	st, err := graph.Open(context.Background(), graph.Options{Path: db, ReadOnly: true})
	if errors.Is(err, graph.ErrNoStore) {
		return false // killed before the store was first written
	}
	if err != nil {
		t.Fatalf("round %d: the store does not open after a kill: %v", round, err)
	}
	defer st.Close()
	var versions [2]bool
	for iri, w := range want {
		qs, err := st.Graph(ctx, iri)
		if err != nil {
			t.Fatalf("round %d: read %s: %v", round, iri, err)
		}
		switch got := lines(qs); {
		case w[0] == w[1]: // the background: the same in both
		case got == w[0]:
			versions[0] = true
		case got == w[1]:
			versions[1] = true
		case got != "":
			t.Fatalf("round %d: graph %s is neither the old nor the new version (%d quads)", round, iri, len(qs))
		}
	}
	// Every shared fact is reified by some graph, and every reified fact is stored.
	shared := map[[3]string]bool{}
	parts := map[[2]string]*[3]string{}
	err = st.AllQuads(ctx, func(q quad.Quad) error {
		if !q.IsValid() {
			t.Fatalf("round %d: incomplete quad %s", round, q.NQuad())
		}
		if q.Label == nil {
			shared[[3]string{q.Subject.String(), q.Predicate.String(), q.Object.String()}] = true
			return nil
		}
		k := [2]string{q.Subject.String(), q.Label.String()}
		i := map[quad.Value]int{loader.RDFSubject: 0, loader.RDFPredicate: 1, loader.RDFObject: 2}
		if j, ok := i[q.Predicate]; ok {
			if parts[k] == nil {
				parts[k] = &[3]string{}
			}
			parts[k][j] = q.Object.String()
		}
		return nil
	})
	if err != nil {
		t.Fatalf("round %d: scan: %v", round, err)
	}
	reified := map[[3]string]bool{}
	for _, p := range parts {
		reified[*p] = true
	}
	for f := range shared {
		if !reified[f] {
			t.Fatalf("round %d: shared fact %v has no claim in any graph", round, f)
		}
	}
	for f := range reified {
		if !shared[f] {
			t.Fatalf("round %d: claimed fact %v is missing from the shared graph", round, f)
		}
	}
	return versions[0] && versions[1]
}

func lines(qs []quad.Quad) string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.NQuad()
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

func export(t *testing.T, db string) string {
	t.Helper()
	st, err := graph.Open(context.Background(), graph.Options{Path: db, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var b strings.Builder
	if _, err := st.Export(context.Background(), &b, graph.ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// writeSeeds copies the seeds to dir; the second version drops every figure, so that each
// article's graph and the shared facts differ between the two.
func writeSeeds(t *testing.T, dir string, dropFigures bool) string {
	t.Helper()
	if err := seeds.WriteTo(dir); err != nil {
		t.Fatal(err)
	}
	if !dropFigures {
		return dir
	}
	names, _ := filepath.Glob(filepath.Join(dir, "articles", "*.yaml"))
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err == nil {
			data, err = withoutFigures(data)
		}
		if err == nil {
			err = os.WriteFile(name, data, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func withoutFigures(data []byte) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	top := doc.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value != "facts" {
			continue
		}
		list := top.Content[i+1]
		var kept []*yaml.Node
		for _, item := range list.Content {
			isFigure := false
			for j := 0; j+1 < len(item.Content); j += 2 {
				isFigure = isFigure || item.Content[j].Value == "of"
			}
			if !isFigure {
				kept = append(kept, item)
			}
		}
		list.Content = kept
	}
	return yaml.Marshal(&doc)
}

// crashBinary skips unless the slow suites run on bbolt, and builds medkg into a temporary
// directory for a crash test to start and kill.
func crashBinary(t *testing.T) (dir, bin string) {
	t.Helper()
	if testing.Short() || os.Getenv(envSlowTests) != "1" {
		t.Skip("a slow suite (builds the binary and kills it many times): " + envSlowTests + "=1 runs it, as .ci/run does")
	}
	if os.Getenv(envTestPostgres) != "" {
		t.Skip("a bbolt test: it runs in the bbolt half of the suite")
	}
	dir = t.TempDir()
	bin = filepath.Join(dir, "medkg")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return dir, bin
}
