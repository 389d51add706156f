package gen

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/medkg/medkg/rdf"
)

// The two benchmarks below compare gen's own writer (terms formatted once, written as
// strings) with quad's N-Quads writer (each term formatted as it is written), on the quads
// of a real corpus: the question of issue 13 whether gen should write through quad's. Run
// them alternately on a quiet machine, e.g.
//
//	for i in 1 2 3 4 5; do go test -run '^$' -bench 'Writer' -benchtime 20x ./internal/gen; done

func benchQuads(b *testing.B) []quad.Quad {
	b.Helper()
	var buf bytes.Buffer
	if _, err := Write(context.Background(), &buf, 20000, 1, "https://example.org/medkg/"); err != nil {
		b.Fatal(err)
	}
	r := rdf.NewNQuadsReader(&buf)
	var qs []quad.Quad
	for {
		q, err := r.Read()
		if errors.Is(err, io.EOF) {
			return qs
		}
		if err != nil {
			b.Fatal(err)
		}
		qs = append(qs, q)
	}
}

// BenchmarkWriterGen writes the corpus's quads as gen does: four preformatted terms each.
func BenchmarkWriterGen(b *testing.B) {
	qs := benchQuads(b)
	terms := make([][4]string, len(qs))
	for i, q := range qs {
		terms[i] = [4]string{q.Subject.String(), q.Predicate.String(), q.Object.String(), ""}
		if q.Label != nil {
			terms[i][3] = q.Label.String()
		}
	}
	b.ResetTimer()
	for range b.N {
		e := &writeEmitter{w: bufio.NewWriterSize(io.Discard, 1<<20)}
		for _, t := range terms {
			e.quad(t[0], t[1], t[2], t[3])
		}
		e.w.Flush()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(qs)), "ns/quad")
}

// BenchmarkWriterQuad writes the same quads through quad's N-Quads writer.
func BenchmarkWriterQuad(b *testing.B) {
	qs := benchQuads(b)
	b.ResetTimer()
	for range b.N {
		bw := bufio.NewWriterSize(io.Discard, 1<<20)
		w := nquads.NewWriter(bw)
		for _, q := range qs {
			if err := w.WriteQuad(q); err != nil {
				b.Fatal(err)
			}
		}
		bw.Flush()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(qs)), "ns/quad")
}
