package graph

import (
	"bufio"
	"container/heap"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
	_ "github.com/cayleygraph/quad/dot"     // --format graphviz
	_ "github.com/cayleygraph/quad/graphml" // --format graphml
	"github.com/cayleygraph/quad/nquads"

	"github.com/medkg/medkg/rdf"
)

// Formats lists the export formats: N-Quads streams in constant memory; the others are
// written by the quad library's writers, some of which hold the whole graph.
var Formats = []string{"nquads", "jsonld", "graphml", "graphviz"}

// ExportOptions says what to export and how.
type ExportOptions struct {
	Label      quad.IRI // one named graph; empty for the whole store
	Format     string   // one of Formats; empty means nquads
	ChunkBytes int      // lines held in memory before spilling a sorted run to disk
	TempDir    string   // where runs are spilled; empty means os.TempDir()
}

// Export writes the store (or one graph) to w, sorted by N-Quads line so that the same
// store always gives the same bytes. Memory is bounded by ChunkBytes whatever the store's
// size: lines are sorted in chunks, spilled to temporary files and merged. It returns the
// number of quads written.
func (s *Store) Export(ctx context.Context, w io.Writer, o ExportOptions) (int, error) {
	if o.Format == "" {
		o.Format = "nquads"
	}
	if !slices.Contains(Formats, o.Format) {
		return 0, fmt.Errorf("unknown format %q: use one of %s", o.Format, strings.Join(Formats, ", "))
	}
	if o.ChunkBytes <= 0 {
		o.ChunkBytes = 32 << 20
	}
	srt := &lineSorter{chunkBytes: o.ChunkBytes, dir: o.TempDir}
	defer srt.cleanup()
	add := func(q quad.Quad) error {
		if err := validQuad(q); err != nil {
			return err
		}
		return srt.add(rdf.NQuadLine(q))
	}
	if o.Label != "" {
		qs, err := s.Graph(ctx, o.Label)
		if err != nil {
			return 0, err
		}
		if len(qs) == 0 {
			// Not a source graph medkg wrote (an imported one, say): find it by a scan.
			err := s.AllQuads(ctx, func(q quad.Quad) error {
				if q.Label == o.Label {
					return add(q)
				}
				return nil
			})
			if err != nil {
				return 0, err
			}
		}
		for _, q := range qs {
			if err := add(q); err != nil {
				return 0, err
			}
		}
	} else if err := s.AllQuads(ctx, add); err != nil {
		return 0, err
	}

	n := 0
	if o.Format == "nquads" {
		bw := bufio.NewWriterSize(w, 64<<10)
		err := srt.each(func(line string) error {
			n++
			_, err := bw.WriteString(line + "\n")
			return err
		})
		if err != nil {
			return n, err
		}
		return n, bw.Flush()
	}
	var fw quad.WriteCloser
	if o.Format == "jsonld" {
		fw = newJSONLDWriter(w)
	} else {
		fw = quad.FormatByName(o.Format).Writer(w)
	}
	err := srt.each(func(line string) error {
		q, err := nquads.ParseRaw(line) // Parse would turn "007"^^xsd:integer into 7
		if err != nil {
			return fmt.Errorf("re-read %q: %w", line, err)
		}
		n++
		return fw.WriteQuad(q)
	})
	if cerr := fw.Close(); err == nil {
		err = cerr
	}
	return n, err
}

// validQuad guards the N-Quads writer, which writes any IRI it is given, valid or not.
func validQuad(q quad.Quad) error {
	if !q.IsValid() {
		return fmt.Errorf("cannot export an incomplete quad: %s", q.NQuad())
	}
	for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
		var iri quad.IRI
		switch v := v.(type) {
		case quad.IRI:
			iri = v
		case quad.TypedString:
			iri = v.Type
		default:
			continue
		}
		if err := rdf.ValidIRI(string(iri)); err != nil {
			return fmt.Errorf("cannot export %s: %w", q.NQuad(), err)
		}
	}
	return nil
}

// lineSorter is an external merge sort of text lines that drops duplicates.
type lineSorter struct {
	chunkBytes int
	dir        string
	buf        []string
	bufBytes   int
	runs       []string // temporary files, each a sorted run
}

func (l *lineSorter) add(line string) error {
	l.buf = append(l.buf, line)
	l.bufBytes += len(line) + 16
	if l.bufBytes >= l.chunkBytes {
		return l.spill()
	}
	return nil
}

func (l *lineSorter) spill() error {
	sort.Strings(l.buf)
	f, err := os.CreateTemp(l.dir, "medkg-export-*.run")
	if err != nil {
		return fmt.Errorf("spill sorted run: %w", err)
	}
	l.runs = append(l.runs, f.Name())
	bw := bufio.NewWriter(f)
	for _, line := range l.buf {
		bw.WriteString(line)
		bw.WriteByte('\n')
	}
	err = bw.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	l.buf, l.bufBytes = l.buf[:0], 0
	return err
}

// each calls fn with every distinct line in sorted order.
func (l *lineSorter) each(fn func(string) error) error {
	if len(l.runs) == 0 {
		sort.Strings(l.buf)
		prev := ""
		for i, line := range l.buf {
			if i > 0 && line == prev {
				continue
			}
			prev = line
			if err := fn(line); err != nil {
				return err
			}
		}
		return nil
	}
	if len(l.buf) > 0 {
		if err := l.spill(); err != nil {
			return err
		}
	}
	h := &runHeap{}
	for _, name := range l.runs {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 64<<10), 16<<20)
		if sc.Scan() {
			heap.Push(h, &run{sc: sc, line: sc.Text()})
		} else if err := sc.Err(); err != nil {
			return err
		}
	}
	prev, first := "", true
	for h.Len() > 0 {
		r := (*h)[0]
		if first || r.line != prev {
			if err := fn(r.line); err != nil {
				return err
			}
			prev, first = r.line, false
		}
		if r.sc.Scan() {
			r.line = r.sc.Text()
			heap.Fix(h, 0)
		} else {
			if err := r.sc.Err(); err != nil {
				return err
			}
			heap.Pop(h)
		}
	}
	return nil
}

func (l *lineSorter) cleanup() {
	for _, name := range l.runs {
		os.Remove(name)
	}
}

type run struct {
	sc   *bufio.Scanner
	line string
}

type runHeap []*run

func (h runHeap) Len() int           { return len(h) }
func (h runHeap) Less(i, j int) bool { return h[i].line < h[j].line }
func (h runHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)        { *h = append(*h, x.(*run)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
