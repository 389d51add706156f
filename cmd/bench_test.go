package cmd

// Benchmarks of the commands as a user runs them, in process through Main: loading the
// seeds, importing a generated corpus, the flagship query with name resolution and
// rendering, and export.
//
//	go test -run '^$' -bench . -benchtime 1x ./cmd                    # smoke, 10k quads
//	MEDKG_BENCH_QUADS=1000000 go test -run '^$' -bench CLIQuery -benchtime 20x ./cmd
//
// MEDKG_BENCH_QUADS and MEDKG_BENCH_SEED choose the corpus (default 10000 quads, seed 1).
// MEDKG_BENCH_STORE names a store already imported, for the benchmarks that only read one
// (search, stats): a 1M import takes minutes.
//
//	MEDKG_BENCH_STORE=/tmp/store-1m go test -run '^$' -bench 'CLISearch|CLIStats' -benchtime 20x ./cmd

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/medkg/medkg/internal/gen"
	"github.com/medkg/medkg/loader"
)

func benchInt(name string, def int64) int64 {
	if v, err := strconv.ParseInt(os.Getenv(name), 10, 64); err == nil && v > 0 {
		return v
	}
	return def
}

var (
	cliBenchOnce   sync.Once
	cliBenchCorpus string
	cliBenchStore  string
	cliBenchQuads  int64
	cliBenchErr    error
)

// cliBenchData generates the corpus and imports it with medkg import, once per process.
func cliBenchData(b *testing.B) (corpus, store string, quads int64) {
	b.Helper()
	cliBenchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "medkg-cli-bench-")
		if err != nil {
			cliBenchErr = err
			return
		}
		cliBenchCorpus = filepath.Join(dir, "corpus.nq")
		f, err := os.Create(cliBenchCorpus)
		if err != nil {
			cliBenchErr = err
			return
		}
		cliBenchQuads, cliBenchErr = gen.Write(context.Background(), f, benchInt("MEDKG_BENCH_QUADS", 10000), uint64(benchInt("MEDKG_BENCH_SEED", 1)), loader.DefaultBase)
		f.Close()
		if cliBenchErr != nil {
			return
		}
		cliBenchStore = filepath.Join(dir, "store")
		cliBenchErr = mainQuiet(cliBenchStore, io.Discard, "import", "--progress=false", cliBenchCorpus)
	})
	if cliBenchErr != nil {
		b.Fatal(cliBenchErr)
	}
	return cliBenchCorpus, cliBenchStore, cliBenchQuads
}

type exitError struct {
	code   int
	stderr string
}

func (e *exitError) Error() string { return "exit " + strconv.Itoa(e.code) + ": " + e.stderr }

// mainQuiet runs medkg with args against db, its data going to out.
func mainQuiet(db string, out io.Writer, args ...string) error {
	var errb strings.Builder
	if code := Main(context.Background(), append([]string{"--db", db}, args...), IO{In: strings.NewReader(""), Out: out, Err: &errb}); code != 0 {
		return &exitError{code, errb.String()}
	}
	return nil
}

// BenchmarkSeedLoad: `medkg load` of the five embedded seed articles into a new store.
func BenchmarkSeedLoad(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := filepath.Join(b.TempDir(), "db")
		b.StartTimer()
		if err := mainQuiet(db, io.Discard, "load"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCLIImport: `medkg import` of the corpus into a new store (both passes).
func BenchmarkCLIImport(b *testing.B) {
	corpus, _, quads := cliBenchData(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := filepath.Join(b.TempDir(), "db")
		b.StartTimer()
		if err := mainQuiet(db, io.Discard, "import", "--progress=false", corpus); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(quads)*float64(b.N)/b.Elapsed().Seconds(), "quads/s")
}

// BenchmarkCLIQueryFlagship: `medkg query centres-cofounded-by --param org=NAME -o json`,
// with the store opened, the name resolved and the rows rendered, as a user runs it.
func BenchmarkCLIQueryFlagship(b *testing.B) {
	_, store, _ := cliBenchData(b)
	times := make([]time.Duration, 0, b.N)
	var out strings.Builder
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out.Reset()
		start := time.Now()
		if err := mainQuiet(store, &out, "query", "centres-cofounded-by", "--param", "org="+gen.OrgName(0), "-o", "json"); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	if !strings.Contains(out.String(), `"centre"`) {
		b.Fatalf("no rows: %s", out.String())
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(times[min(len(times)-1, len(times)*99/100)].Microseconds())/1000, "p99-ms")
}

// benchStore is the store of MEDKG_BENCH_STORE, or else the generated one.
func benchStore(b *testing.B) string {
	if st := os.Getenv("MEDKG_BENCH_STORE"); st != "" {
		return st
	}
	_, store, _ := cliBenchData(b)
	return store
}

// BenchmarkCLISearch: `medkg search -o json` of an exact name, a prefix, a typo and a name
// that matches nothing, through Main, as a user runs it (the store opened each time).
func BenchmarkCLISearch(b *testing.B) {
	store := benchStore(b)
	for _, bc := range []struct{ name, text string }{
		{"exact", gen.OrgName(0)},
		{"prefix", "anan"},
		{"typo", "Anan Acadmey of Sciences"},
		{"none", "zzzz qqqq"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				err := mainQuiet(store, io.Discard, "search", bc.text, "-o", "json")
				if err != nil && !(bc.name == "none" && strings.Contains(err.Error(), "exit "+strconv.Itoa(ExitNoData))) {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCLIStats: `medkg stats -o json` through Main, the store opened each time.
func BenchmarkCLIStats(b *testing.B) {
	store := benchStore(b)
	for i := 0; i < b.N; i++ {
		if err := mainQuiet(store, io.Discard, "stats", "-o", "json"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCLIExport: `medkg export` of the whole store.
func BenchmarkCLIExport(b *testing.B) {
	_, store, quads := cliBenchData(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := mainQuiet(store, io.Discard, "export"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(quads)*float64(b.N)/b.Elapsed().Seconds(), "quads/s")
}

// TestProgressPlain pins the progress display when stderr is not a terminal (kept beside the
// import benchmark): a line every few seconds with the count, the rate, the time left.
func TestProgressPlain(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	p := newProgress(&b, "quads", 1_000_000)
	now := p.start
	p.now = func() time.Time { return now }
	now = now.Add(time.Second)
	p.set(100_000) // too soon: nothing
	now = now.Add(5 * time.Second)
	p.set(600_000)
	p.done()
	want := "600k/1.00M quads  100k quads/s  ETA 4s (60%) after 6s\n"
	if b.String() != want {
		t.Fatalf("got %q, want %q", b.String(), want)
	}
	var nilp *progress
	nilp.set(1) // a nil progress (--progress=false) is a no-op
	nilp.done()
}
