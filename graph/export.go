package graph

import (
	"bufio"
	"bytes"
	"container/heap"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
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
	} else if lx, ok := s.b.(LineExporter); ok {
		done, err := lx.AllNQuadLines(ctx, srt.addBytes)
		if err != nil {
			return 0, err
		}
		if !done {
			if err := s.AllQuads(ctx, add); err != nil {
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
		err := srt.each(func(line []byte) error {
			n++
			bw.Write(line)
			return bw.WriteByte('\n') // bufio keeps its first error: Flush returns it too
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
	err := srt.each(func(b []byte) error {
		line := string(b)
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
		if err := rdf.ValidTermIRI(v); err != nil {
			return fmt.Errorf("cannot export %s: %w", q.NQuad(), err)
		}
	}
	return nil
}

// ExportableTerm reports whether v can be written in a quad's subject, predicate or object
// (or label) as Export writes it: a backend that formats lines itself (LineExporter) checks
// each node once with it rather than each quad with CheckExportQuad.
func ExportableTerm(v quad.Value) bool {
	return quad.IsValidValue(v) && rdf.ValidTermIRI(v) == nil
}

// CheckExportQuad is the error Export gives for a quad it cannot write (an incomplete quad,
// an invalid IRI), or nil: a LineExporter returns it for such a quad.
func CheckExportQuad(q quad.Quad) error { return validQuad(q) }

// lineSorter is an external merge sort of text lines that drops duplicates. A chunk's lines
// are appended to one byte slice and sorted as (offset, length) pairs: a string a line cost
// an allocation each, and the garbage collector a scan of a million pointers. A full chunk
// is sorted and written in the background while the next one fills (two chunks of half
// chunkBytes each), and its run is front-coded (each line as the length of the prefix it
// shares with the one before, and the rest): sorted N-Quads lines repeat their subject and
// often their predicate, so a run is a fraction of the lines' size. Sorting and writing the
// runs was half of a 1M export's time.
type lineSorter struct {
	chunkBytes int
	dir        string
	arena      []byte    // the chunk's lines, back to back
	lines      []lineRef // where each line of the chunk is in arena
	runs       []string  // temporary files, each a sorted run
	n          int       // lines added, duplicates included
	// The other chunk's buffers, being written by a background spill until pending
	// answers.
	spareArena []byte
	spareLines []lineRef
	pending    chan error
}

type lineRef struct{ off, n uint32 }

// count is the number of lines added (an upper bound on the distinct ones).
func (l *lineSorter) count() int { return l.n }

func (l *lineSorter) add(line string) error {
	return l.addBytes([]byte(line))
}

// addBytes adds a copy of line; line may be reused once it returns.
func (l *lineSorter) addBytes(line []byte) error {
	if len(l.arena)+len(line) > math.MaxUint32 {
		if err := l.spill(); err != nil {
			return err
		}
	}
	chunk := max(l.chunkBytes/2, 1)
	if need := len(l.arena) + len(line); need > cap(l.arena) {
		// Double, up to the chunk's size: append's growth of a large slice is a quarter
		// at a time, each a copy of the whole.
		c := min(max(2*cap(l.arena), 4096, need), max(chunk, need))
		l.arena = append(make([]byte, 0, c), l.arena...)
	}
	l.n++
	l.lines = append(l.lines, lineRef{off: uint32(len(l.arena)), n: uint32(len(line))})
	l.arena = append(l.arena, line...)
	if len(l.arena)+8*len(l.lines) >= chunk {
		return l.spill()
	}
	return nil
}

func lineAt(arena []byte, r lineRef) []byte { return arena[r.off : r.off+r.n : r.off+r.n] }

func sortLines(arena []byte, lines []lineRef) {
	slices.SortFunc(lines, func(a, b lineRef) int { return bytes.Compare(lineAt(arena, a), lineAt(arena, b)) })
}

// wait waits for the background spill, if one runs, and returns its error.
func (l *lineSorter) wait() error {
	if l.pending == nil {
		return nil
	}
	err := <-l.pending
	l.pending = nil
	return err
}

// spill starts writing the chunk to a new run in the background, after the previous one
// is written; the file is created first, so that a directory it cannot write in is an
// error at once.
func (l *lineSorter) spill() error {
	if err := l.wait(); err != nil {
		return err
	}
	f, err := os.CreateTemp(l.dir, "medkg-export-*.run")
	if err != nil {
		return fmt.Errorf("spill sorted run: %w", err)
	}
	l.runs = append(l.runs, f.Name())
	arena, lines := l.arena, l.lines
	l.arena, l.lines, l.spareArena, l.spareLines = l.spareArena[:0], l.spareLines[:0], arena, lines
	done := make(chan error, 1)
	l.pending = done
	go func() { done <- writeRun(f, arena, lines) }()
	return nil
}

// writeRun sorts the lines and writes them without duplicates to f, and closes it: for each
// line the uvarints of the prefix length it shares with the line before and of the rest,
// then the rest.
func writeRun(f *os.File, arena []byte, lines []lineRef) error {
	sortLines(arena, lines)
	bw := bufio.NewWriterSize(f, 256<<10)
	var prev []byte
	var hdr [2 * binary.MaxVarintLen64]byte
	for i, r := range lines {
		line := lineAt(arena, r)
		if i > 0 && bytes.Equal(line, prev) {
			continue
		}
		shared := commonPrefix(prev, line)
		h := binary.AppendUvarint(hdr[:0], uint64(shared))
		h = binary.AppendUvarint(h, uint64(len(line)-shared))
		bw.Write(h)
		bw.Write(line[shared:])
		prev = line
	}
	err := bw.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("spill sorted run: %w", err)
	}
	return nil
}

func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for i+8 <= n && binary.LittleEndian.Uint64(a[i:]) == binary.LittleEndian.Uint64(b[i:]) {
		i += 8
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

// each calls fn with every distinct line in sorted order; the line is valid only until fn
// returns.
func (l *lineSorter) each(fn func([]byte) error) error {
	if len(l.runs) == 0 {
		sortLines(l.arena, l.lines)
		var prev []byte
		for i, r := range l.lines {
			line := lineAt(l.arena, r)
			if i > 0 && bytes.Equal(line, prev) {
				continue
			}
			prev = line
			if err := fn(line); err != nil {
				return err
			}
		}
		return nil
	}
	if len(l.lines) > 0 {
		if err := l.spill(); err != nil {
			return err
		}
	}
	if err := l.wait(); err != nil {
		return err
	}
	l.arena, l.lines, l.spareArena, l.spareLines = nil, nil, nil, nil // the merge needs only the runs' buffers
	h := &runHeap{}
	for _, name := range l.runs {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		r := &run{name: name, r: bufio.NewReaderSize(f, 256<<10)}
		if ok, err := r.next(); err != nil {
			return err
		} else if ok {
			heap.Push(h, r)
		}
	}
	var prev []byte
	first := true
	for h.Len() > 0 {
		r := (*h)[0]
		if first || !bytes.Equal(r.line, prev) {
			if err := fn(r.line); err != nil {
				return err
			}
			prev, first = append(prev[:0], r.line...), false
		}
		if ok, err := r.next(); err != nil {
			return err
		} else if ok {
			heap.Fix(h, 0)
		} else {
			heap.Pop(h)
		}
	}
	return nil
}

func (l *lineSorter) cleanup() {
	l.wait()
	for _, name := range l.runs {
		os.Remove(name)
	}
}

// run reads a spilled run back, line by line.
type run struct {
	name string
	r    *bufio.Reader
	line []byte
}

// next reads the next line into r.line; false at the run's end.
func (r *run) next() (bool, error) {
	shared, err := binary.ReadUvarint(r.r)
	if err == io.EOF {
		return false, nil
	}
	rest, err2 := binary.ReadUvarint(r.r)
	if err != nil || err2 != nil || shared > uint64(len(r.line)) || rest > math.MaxUint32 {
		return false, fmt.Errorf("export: sorted run %s is damaged", r.name)
	}
	n := int(shared) + int(rest)
	r.line = slices.Grow(r.line[:shared], int(rest))[:n]
	if _, err := io.ReadFull(r.r, r.line[shared:]); err != nil {
		return false, fmt.Errorf("export: sorted run %s is damaged: %w", r.name, err)
	}
	return true, nil
}

type runHeap []*run

func (h runHeap) Len() int           { return len(h) }
func (h runHeap) Less(i, j int) bool { return bytes.Compare(h[i].line, h[j].line) < 0 }
func (h runHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)        { *h = append(*h, x.(*run)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
