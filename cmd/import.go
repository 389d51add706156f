package cmd

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/spf13/cobra"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/rdf"
)

type importOptions struct {
	*globals
	file      string
	graph     string
	skipBad   bool
	commit    int
	commitSet bool // --commit-every was given
	progress  bool
	source    string // --source: the import's name as a source (default: from the file's name)
	format    string
	baseIRI   string
	bulk      bool // --bulk: write an empty store's import directly
}

func newImportCmd(g *globals) *cobra.Command {
	o := &importOptions{globals: g}
	c := &cobra.Command{
		Use:   "import FILE[.gz]",
		Short: "Add quads from an RDF file (N-Quads, N-Triples, Turtle, TriG, JSON-LD) written by another tool",
		Long: `Import reads N-Quads (gzip-compressed or not; - for standard input) with a strict parser
that follows the W3C grammar, and adds its quads, keeping the file's graph labels; --graph
puts the file's triples (statements with no graph) in that graph. Quads already in the store
are skipped.

Turtle (.ttl), TriG (.trig) and JSON-LD (.jsonld, .json) are read too, by extension or
--format: Turtle and TriG by a strict parser of the W3C grammars (relative IRIs resolve
against @base, or --base-iri), JSON-LD by json-gold; each is turned into N-Quads and then
goes the same way. A syntax error in them ends reading: nothing is written.

The file is read twice. The first pass checks every line: a bad line is reported with its
line and column, and then nothing from the file is written, unless --skip-bad is given: then
the bad lines are reported and skipped and the rest is written. The second pass writes.

Writing commits a transaction every --commit-every quads (default 10000), which keeps memory
flat and the write fast however large the file. An interruption or a crash during the
second pass therefore leaves the quads of the transactions committed so far in the store
(whole quads, never half of one; the store stays consistent), and the error says how many.
Importing the same file again finishes the job, since quads already present are skipped.
--commit-every 0 writes the whole file in one transaction instead: all or nothing, at a cost
in memory and time that grows faster than the file (fine for small files).

Into a bbolt store that holds nothing yet (new, or just initialised), the second pass
instead writes the whole store at once, in a new file beside it that takes the store's place
only when complete: about twice as fast, and all or nothing, whatever --commit-every says
(an interruption or a crash leaves the store empty). --bulk=false writes transaction by
transaction there too.

On PostgreSQL (--backend postgres) the whole file is one transaction by default, all or
nothing, since the server keeps it on disk; into an empty store, Cayley's four quad indexes
are then built once at the end rather than row by row.

Progress goes to stderr: a bar when stderr is a terminal, a line every few seconds when not
(--progress=false for none).

An import is a source, as an article is: named after its file (other.nq.gz is import/other)
or by --source NAME, its graph holds a statement of each fact of the default graph it
asserts. Removing an article then keeps the facts an import also asserts, and 'medkg remove
import/NAME' retracts what only the import asserted; 'medkg sources' lists them.`,
		Example: `  medkg import other.nq.gz
  medkg import oxigraph-dump.trig
  medkg import --format turtle --base-iri https://example.org/data/ data.txt
  medkg import --graph https://example.org/dataset/wikidata triples.nt`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.file = args[0]
			o.commitSet = c.Flags().Changed("commit-every")
			return runImport(c.Context(), o)
		},
	}
	c.Flags().StringVar(&o.graph, "graph", "", "the graph IRI for the file's triples")
	c.Flags().BoolVar(&o.skipBad, "skip-bad", false, "skip bad lines (reporting each) instead of writing nothing")
	c.Flags().IntVar(&o.commit, "commit-every", graph.ImportCommit, "commit a transaction every N quads; 0: the whole file in one transaction")
	c.Flags().BoolVar(&o.progress, "progress", true, "show progress on stderr")
	c.Flags().StringVar(&o.source, "source", "", "name the import as a source (default: the file's name without .nq/.gz; required for -)")
	c.Flags().StringVar(&o.format, "format", "auto", "input syntax: auto (by extension), "+strings.Join(importFormats, ", "))
	c.Flags().StringVar(&o.baseIRI, "base-iri", "", "base IRI for relative IRIs in Turtle or TriG")
	c.Flags().BoolVar(&o.bulk, "bulk", true, "into an empty bbolt store, write the whole store at once (--bulk=false: transaction by transaction)")
	return c
}

// maxReported bounds how many bad lines are printed; the count is always given.
const maxReported = 50

func runImport(ctx context.Context, o *importOptions) error {
	start := time.Now()
	if o.graph != "" {
		if err := rdf.ValidIRI(o.graph); err != nil {
			return usageError{fmt.Errorf("--graph: %w", err)}
		}
	}
	if o.commit < 0 {
		return usageError{errors.New("--commit-every must be 0 (one transaction) or a positive number of quads")}
	}
	src, err := o.sourceName()
	if err != nil {
		return err
	}
	format, err := importFormatOf(o.format, o.file)
	if err != nil {
		return err
	}
	path, cleanup, err := o.seekable()
	if err != nil {
		return err
	}
	defer cleanup()
	if format == "turtle" || format == "trig" || format == "jsonld" {
		nq, done, err := o.toNQuads(path, format)
		if err != nil {
			return err
		}
		defer done()
		path = nq
	}

	// First pass: check every line, so that a bad file writes nothing.
	var bad []*rdf.SyntaxError
	var good int64
	var check *progress
	if o.progress {
		check = newProgress(o.io.Err, "quads checked", 0)
	}
	stated := newStatedSet()
	if err := scanFile(ctx, path, func(q quad.Quad, err *rdf.SyntaxError) {
		if err != nil {
			bad = append(bad, err)
			return
		}
		stated.add(q)
		good++
		if good%4096 == 0 {
			check.set(good)
		}
	}); err != nil {
		return err
	}
	check.done()
	for i, e := range bad {
		if i == maxReported {
			fmt.Fprintf(o.io.Err, "%s: ... and %d more bad lines\n", o.file, len(bad)-maxReported)
			break
		}
		fmt.Fprintf(o.io.Err, "%s:%d:%d: %s\n", o.file, e.Line, e.Col, e.Msg)
	}
	if len(bad) > 0 && !o.skipBad {
		return dataError{msg: fmt.Sprintf("%s has %d bad line(s); nothing was imported (--skip-bad imports the rest)", o.file, len(bad))}
	}

	st, err := o.open(false)
	if err != nil {
		return err
	}
	defer st.Close()

	// Second pass: a goroutine parses while this one writes. Parsing is about a tenth of the
	// time the kv side takes per quad, and taking it off the writer's path saved as much
	// (BENCHMARKS.md).
	f, nr, err := openNQuads(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var r rdf.Checked = rdf.SkipSyntaxErrors(nr) // reported in the first pass
	if o.graph != "" {
		if r, err = rdf.InGraph(r, quad.IRI(o.graph)); err != nil {
			return usageError{fmt.Errorf("--graph: %w", err)}
		}
	}
	reified, err := reifyImport(r, o.base, src, stated.done())
	if err != nil {
		return err
	}
	ahead := rdf.ReadAhead(ctx, reified, importChunk)
	defer ahead.Close() // let the reader finish before its file is removed
	var bar *progress
	opts := graph.ImportOptions{Commit: o.commit, NoBulk: !o.bulk}
	switch {
	case !o.commitSet:
		opts.Commit = 0 // the backend's default (graph.ImportCommitter)
	case o.commit == 0:
		opts.Commit = -1 // one transaction
	}
	if o.progress {
		bar = newProgress(o.io.Err, "quads", good)
		opts.Progress = func(n int) { bar.set(int64(n)) }
	}
	n, err := st.Import(ctx, ahead, opts)
	bar.done()
	ahead.Close()
	if err != nil {
		return err
	}
	el := time.Since(start)
	fmt.Fprintf(o.io.Err, "imported %d quads from %s (%d bad lines skipped) as source import/%s (+%d quads stating its facts) in %s (%s quads/s)\n",
		n-reified.Added(), o.file, len(bad), src, reified.Added(), el.Round(time.Millisecond), humanCount(int64(float64(n)/max(el.Seconds(), 1e-9))))
	return st.Close()
}

// importChunk is how many parsed quads go from the reader to the writer at a time.
const importChunk = 4096

// seekable returns a path to read twice: the file itself, or standard input spooled to a
// temporary file.
func (o *importOptions) seekable() (string, func(), error) {
	if o.file != "-" {
		if _, err := os.Stat(o.file); err != nil {
			return "", nil, usageError{err}
		}
		return o.file, func() {}, nil
	}
	tmp, err := os.CreateTemp("", "medkg-import-*.nq")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { os.Remove(tmp.Name()) }
	if _, err := io.Copy(tmp, o.io.In); err != nil {
		tmp.Close()
		cleanup()
		return "", nil, err
	}
	if err := tmp.Close(); err != nil {
		cleanup()
		return "", nil, err
	}
	return tmp.Name(), cleanup, nil
}

// openNQuads opens an N-Quads file, decompressing it when it starts with gzip's magic.
func openNQuads(path string) (io.Closer, *rdf.NQuadsReader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	br := bufio.NewReaderSize(f, 1<<20)
	var r io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		r = zr
	}
	return f, rdf.NewNQuadsReader(pathErrors{r, path}), nil
}

// pathErrors names the file in a read error (a gzip checksum, an I/O error).
type pathErrors struct {
	r    io.Reader
	path string
}

func (p pathErrors) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("%s: %w", p.path, err)
	}
	return n, err
}

// scanFile calls fn with each quad or syntax error of the file, until the end or until ctx
// is cancelled (Ctrl-C during the first pass).
func scanFile(ctx context.Context, path string, fn func(quad.Quad, *rdf.SyntaxError)) error {
	f, r, err := openNQuads(path)
	if err != nil {
		return err
	}
	defer f.Close()
	for n := 0; ; n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return interrupted{"import interrupted while checking the file; nothing was written", err}
			}
		}
		q, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		var syn *rdf.SyntaxError
		if err != nil && !errors.As(err, &syn) {
			return err
		}
		fn(q, syn)
	}
}
