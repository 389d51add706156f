package graph

import (
	"bufio"
	"bytes"
	"container/heap"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/medkg/medkg/rdf"
)

// Formats lists the export formats: N-Quads streams in constant memory; the others are
// written by writers that hold the whole selection (Turtle and TriG group by graph and
// subject, JSON-LD nests, GraphML and Graphviz collect nodes).
var Formats = []string{"nquads", "turtle", "trig", "jsonld", "graphml", "gexf", "graphviz"}

// MaxGraphvizQuads is the most quads --format graphviz writes: dot ran 400 s on the seeds'
// 4863 without a picture, so a larger selection is refused with advice rather than written.
const MaxGraphvizQuads = 1000

// ExportOptions says what to export and how.
type ExportOptions struct {
	Label      quad.IRI // one named graph; empty for the whole store
	Format     string   // one of Formats; empty means nquads
	ChunkBytes int      // lines held in memory before spilling a sorted run to disk
	TempDir    string   // where runs are spilled; empty means os.TempDir()
	// Prefixes (name → namespace) shorten IRIs in Turtle, TriG, JSON-LD's context and
	// GraphML's labels; N-Quads never uses them.
	Prefixes map[string]string
	// MergeGraphs lets Turtle take a store with named graphs: each triple is written once,
	// its graphs dropped (an HTTP client that asked for text/turtle). Without it the whole
	// store is refused, since importing the result could not give the store back.
	MergeGraphs bool
}

// Export writes the store (or one graph) to w, sorted by N-Quads line so that the same
// store always gives the same bytes. Memory is bounded by ChunkBytes whatever the store's
// size: lines are sorted in chunks, spilled to temporary files and merged. It returns the
// number of quads written.
func (s *Store) Export(ctx context.Context, w io.Writer, o ExportOptions) (int, error) {
	o, err := checkExportOptions(o)
	if err != nil {
		return 0, err
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
	return writeSorted(w, srt, o)
}

// ExportQuads writes qs as Export writes a store: sorted, without duplicates, in o.Format
// (o.Label is ignored). For documents that are not in the store, such as the vocabulary.
func ExportQuads(w io.Writer, qs []quad.Quad, o ExportOptions) (int, error) {
	o, err := checkExportOptions(o)
	if err != nil {
		return 0, err
	}
	srt := &lineSorter{chunkBytes: o.ChunkBytes, dir: o.TempDir}
	defer srt.cleanup()
	for _, q := range qs {
		if err := validQuad(q); err != nil {
			return 0, err
		}
		if err := srt.add(rdf.NQuadLine(q)); err != nil {
			return 0, err
		}
	}
	return writeSorted(w, srt, o)
}

func checkExportOptions(o ExportOptions) (ExportOptions, error) {
	if o.Format == "" {
		o.Format = "nquads"
	}
	if !slices.Contains(Formats, o.Format) {
		return o, fmt.Errorf("unknown format %q: use one of %s", o.Format, strings.Join(Formats, ", "))
	}
	if o.ChunkBytes <= 0 {
		o.ChunkBytes = 32 << 20
	}
	return o, nil
}

// writeSorted writes the sorter's lines in o.Format.
func writeSorted(w io.Writer, srt *lineSorter, o ExportOptions) (int, error) {
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
	if o.Format == "graphviz" && srt.count() > MaxGraphvizQuads {
		return 0, fmt.Errorf("graphviz: %d quads is more than dot can lay out in reasonable time (at most %d): export one article's graph (--graph), or use graphml for a graph tool", srt.count(), MaxGraphvizQuads)
	}
	var fw quad.WriteCloser
	var jsonBuf *bytes.Buffer
	named := false
	switch o.Format {
	case "jsonld":
		jsonBuf = &bytes.Buffer{}
		fw = newJSONLDWriter(jsonBuf)
	case "turtle":
		fw = rdf.NewTrigWriter(w, false, o.Prefixes)
	case "trig":
		fw = rdf.NewTrigWriter(w, true, o.Prefixes)
	case "graphml":
		fw = rdf.NewGraphMLWriter(w, o.Prefixes)
	case "graphviz":
		fw = rdf.NewDotWriter(w, o.Prefixes)
	case "gexf":
		fw = rdf.NewGEXFWriter(w, o.Prefixes)
	default:
		return 0, fmt.Errorf("format %q has no writer", o.Format)
	}
	err := srt.each(func(line string) error {
		q, err := nquads.ParseRaw(line) // Parse would turn "007"^^xsd:integer into 7
		if err != nil {
			return fmt.Errorf("re-read %q: %w", line, err)
		}
		named = named || q.Label != nil
		n++
		_, err = fw.WriteQuads([]quad.Quad{q})
		return err
	})
	if err == nil && o.Format == "turtle" && named && o.Label == "" && !o.MergeGraphs {
		return 0, fmt.Errorf("turtle has no named graphs, and this store's quads are in several: use trig, or export one graph (--graph)")
	}
	if cerr := fw.Close(); err == nil {
		err = cerr
	}
	if err == nil && jsonBuf != nil {
		err = compactJSONLD(w, jsonBuf.Bytes(), o.Prefixes)
	}
	return n, err
}

// compactJSONLD rewrites the expanded document with a context of o.Prefixes.
func compactJSONLD(w io.Writer, expanded []byte, prefixes map[string]string) error {
	var doc any
	if err := json.Unmarshal(expanded, &doc); err != nil {
		return err
	}
	out, err := rdf.CompactJSONLD(doc, prefixes)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
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
	n          int      // lines added, duplicates included
}

// count is the number of lines added (an upper bound on the distinct ones).
func (l *lineSorter) count() int { return l.n }

func (l *lineSorter) add(line string) error {
	l.n++
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
