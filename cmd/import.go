package cmd

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/spf13/cobra"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/loader"
)

type importOptions struct {
	*globals
	file    string
	graph   string
	skipBad bool
}

func newImportCmd(g *globals) *cobra.Command {
	o := &importOptions{globals: g}
	c := &cobra.Command{
		Use:   "import FILE.nq[.gz]",
		Short: "Add quads from an N-Quads file written by another RDF tool",
		Long: `Import reads N-Quads (gzip-compressed or not; - for standard input) with a strict parser
that follows the W3C grammar, and adds every quad in one transaction, keeping the file's
graph labels; --graph puts the file's triples (statements with no graph) in that graph.

A bad line is reported with its line and column, and then nothing from the file is written,
unless --skip-bad is given: then the bad lines are reported and skipped and the rest is
written. Imported quads carry no claims: medkg remove retracts articles, not imports.`,
		Example: `  medkg import other.nq.gz
  medkg import --graph https://example.org/dataset/wikidata triples.nt`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.file = args[0]
			return runImport(c.Context(), o)
		},
	}
	c.Flags().StringVar(&o.graph, "graph", "", "the graph IRI for the file's triples")
	c.Flags().BoolVar(&o.skipBad, "skip-bad", false, "skip bad lines (reporting each) instead of writing nothing")
	return c
}

// maxReported bounds how many bad lines are printed; the count is always given.
const maxReported = 50

func runImport(ctx context.Context, o *importOptions) error {
	start := time.Now()
	var label quad.Value
	if o.graph != "" {
		if err := graph.ValidIRI(o.graph); err != nil {
			return usageError{fmt.Errorf("--graph: %w", err)}
		}
		label = quad.IRI(o.graph)
	}
	path, cleanup, err := o.seekable()
	if err != nil {
		return err
	}
	defer cleanup()

	// First pass: check every line, so that a bad file writes nothing.
	var bad []*loader.SyntaxError
	if err := scanFile(path, func(_ quad.Quad, err *loader.SyntaxError) {
		if err != nil {
			bad = append(bad, err)
		}
	}); err != nil {
		return err
	}
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
	f, r, err := openNQuads(path)
	if err != nil {
		return err
	}
	defer f.Close()
	n, err := st.Import(ctx, func() (quad.Quad, error) {
		for {
			q, err := r.Read()
			var syn *loader.SyntaxError
			if errors.As(err, &syn) {
				continue // reported in the first pass
			}
			if err == nil && q.Label == nil && label != nil {
				q.Label = label
			}
			return q, err
		}
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(o.io.Err, "imported %d quads from %s (%d bad lines skipped) in %s\n", n, o.file, len(bad), time.Since(start).Round(time.Millisecond))
	return st.Close()
}

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
func openNQuads(path string) (io.Closer, *loader.NQuadsReader, error) {
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
	return f, loader.NewNQuadsReader(r), nil
}

// scanFile calls fn with each quad or syntax error of the file.
func scanFile(path string, fn func(quad.Quad, *loader.SyntaxError)) error {
	f, r, err := openNQuads(path)
	if err != nil {
		return err
	}
	defer f.Close()
	for {
		q, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		var syn *loader.SyntaxError
		if err != nil && !errors.As(err, &syn) {
			return fmt.Errorf("%s: %w", path, err)
		}
		fn(q, syn)
	}
}
