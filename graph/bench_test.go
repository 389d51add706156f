package graph_test

// Benchmarks of the graph package on a generated corpus (medkg gen): import, the flagship
// and two other stored queries run in process, and export.
//
//	go test -run '^$' -bench . -benchtime 1x ./graph                  # smoke, 10k quads
//	MEDKG_BENCH_QUADS=1000000 go test -run '^$' -bench Query -benchtime 100x ./graph
//
// MEDKG_BENCH_QUADS and MEDKG_BENCH_SEED choose the corpus (default 10000 quads, seed 1);
// MEDKG_BENCH_STORE names a store that already holds that corpus (bench/run.sh passes the one
// it imported), so the query and export benchmarks need not import it first. The query
// benchmarks report p50 and p99 per run besides the mean.

import (
	"bufio"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/medkg/medkg/graph"
	_ "github.com/medkg/medkg/graph/bolt" // the store the benchmarks measure
	"github.com/medkg/medkg/internal/gen"
	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/queries"
	"github.com/medkg/medkg/rdf"
)

func benchEnv(name string, def int64) int64 {
	if v, err := strconv.ParseInt(os.Getenv(name), 10, 64); err == nil && v > 0 {
		return v
	}
	return def
}

var (
	benchOnce   sync.Once
	benchDir    string // holds the corpus file and, unless MEDKG_BENCH_STORE, the store
	benchCorpus string
	benchStore  string
	benchQuads  int64 // quads in the corpus
	benchErr    error
)

// benchData generates the corpus once per process, and imports it unless a store is given.
func benchData(b *testing.B) (corpus, store string, quads int64) {
	b.Helper()
	benchOnce.Do(func() {
		n, seed := benchEnv("MEDKG_BENCH_QUADS", 10000), uint64(benchEnv("MEDKG_BENCH_SEED", 1))
		benchDir, benchErr = os.MkdirTemp("", "medkg-bench-")
		if benchErr != nil {
			return
		}
		benchCorpus = filepath.Join(benchDir, "corpus.nq")
		f, err := os.Create(benchCorpus)
		if err != nil {
			benchErr = err
			return
		}
		benchQuads, benchErr = gen.Write(context.Background(), f, n, seed, loader.DefaultBase)
		if cerr := f.Close(); benchErr == nil {
			benchErr = cerr
		}
		if benchErr != nil {
			return
		}
		if benchStore = os.Getenv("MEDKG_BENCH_STORE"); benchStore != "" {
			return
		}
		benchStore = filepath.Join(benchDir, "store")
		_, benchErr = importFile(benchCorpus, benchStore)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchCorpus, benchStore, benchQuads
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

func importFile(corpus, dir string) (int, error) {
	f, err := os.Open(corpus)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	st, err := graph.Open(context.Background(), graph.Options{Path: dir})
	if err != nil {
		return 0, err
	}
	defer st.Close()
	r := rdf.NewNQuadsReader(bufio.NewReaderSize(f, 1<<20))
	n, err := st.Import(context.Background(), r, graph.ImportOptions{})
	if err != nil {
		return n, err
	}
	return n, st.Close()
}

// BenchmarkImport imports the corpus into a new store (graph.Store.Import, default options).
func BenchmarkImport(b *testing.B) {
	corpus, _, quads := benchData(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := filepath.Join(b.TempDir(), "store")
		b.StartTimer()
		if _, err := importFile(corpus, dir); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(quads)*float64(b.N)/b.Elapsed().Seconds(), "quads/s")
}

// benchQuery runs a stored query in process, as `medkg query` runs it (its script, its
// params bound as a prelude, medkg's prefixes) but without resolving names or rendering.
func benchQuery(b *testing.B, name string, params map[string]string, minRows int) {
	_, store, _ := benchData(b)
	st, err := graph.Open(context.Background(), graph.Options{Path: store, ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	q, err := queries.Get(name)
	if err != nil {
		b.Fatal(err)
	}
	prelude, err := q.Bind(params)
	if err != nil {
		b.Fatal(err)
	}
	opts := graph.GizmoOptions{Namespaces: loader.QueryPrefixes(loader.DefaultBase), Prelude: prelude}
	ctx := context.Background()
	times := make([]time.Duration, 0, b.N)
	rows := 0
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		rs, err := st.Gizmo(ctx, q.Script, opts)
		times = append(times, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		rows = len(rs)
	}
	b.StopTimer()
	cpu := cpuTime() - cpu0
	if rows < minRows {
		b.Fatalf("%s: %d rows, want at least %d", name, rows, minRows)
	}
	slices.Sort(times)
	pct := func(p float64) float64 {
		return float64(times[min(len(times)-1, int(p*float64(len(times))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// cpuTime is the process's user and system CPU time so far. On a shared machine it varies
// far less than wall time: other processes' load delays a query but does not add to it.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func benchParams() (academy, centre, city string) {
	return gen.QueryParams(benchEnv("MEDKG_BENCH_QUADS", 10000), uint64(benchEnv("MEDKG_BENCH_SEED", 1)), loader.DefaultBase)
}

func iriParam(iri string) string { return "<" + iri + ">" }

// BenchmarkQueryFlagship: centres-cofounded-by an academy (its tree of organizations, every
// centre they co-founded, the articles that say so).
func BenchmarkQueryFlagship(b *testing.B) {
	academy, _, _ := benchParams()
	benchQuery(b, "centres-cofounded-by", map[string]string{"org": iriParam(academy)}, 1)
}

// BenchmarkQueryFoundersOf: founders-of one centre (a point lookup).
func BenchmarkQueryFoundersOf(b *testing.B) {
	_, centre, _ := benchParams()
	benchQuery(b, "founders-of", map[string]string{"centre": iriParam(centre)}, 2)
}

// BenchmarkQueryLocatedIn: located-in a city (a recursive walk down the place hierarchy).
func BenchmarkQueryLocatedIn(b *testing.B) {
	_, _, city := benchParams()
	benchQuery(b, "located-in", map[string]string{"place": iriParam(city)}, 1)
}

// BenchmarkExport writes the whole store as sorted N-Quads.
func BenchmarkExport(b *testing.B) {
	_, store, quads := benchData(b)
	st, err := graph.Open(context.Background(), graph.Options{Path: store, ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if os.Getenv("MEDKG_BENCH_STORE") != "" {
		// a store `medkg import` wrote holds the corpus and the quads naming the import
		size, err := st.Size(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		quads = size
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n, err := st.Export(context.Background(), io.Discard, graph.ExportOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if int64(n) != quads {
			b.Fatalf("exported %d quads, corpus has %d", n, quads)
		}
	}
	b.ReportMetric(float64(quads)*float64(b.N)/b.Elapsed().Seconds(), "quads/s")
}
