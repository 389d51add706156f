package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/spf13/cobra"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/loader"
)

type exportOptions struct {
	*globals
	out    string
	graph  string
	format string
	vocab  bool
}

func newExportCmd(g *globals) *cobra.Command {
	o := &exportOptions{globals: g}
	c := &cobra.Command{
		Use:   "export",
		Short: "Write the store as sorted N-Quads (or Turtle, TriG, JSON-LD, GraphML, Graphviz)",
		Long: `Export writes every quad of the store, sorted, so that the same store always gives the
same bytes. N-Quads streams in bounded memory however large the store.

--graph restricts the export to one named graph: an article (its file name without .txt, or
its IRI), or "background" for the curated background. Turtle has no named graphs: it takes
one graph (--graph); TriG and the other formats take the whole store. Graphviz refuses more
than a thousand quads, which dot cannot lay out in reasonable time.

--vocabulary writes the medkg vocabulary instead (RDFS: classes, properties, their
superclasses, domains, ranges and labels; docs/vocabulary.md), in any format, with no store.`,
		Example: `  medkg export > medkg.nq
  medkg export --graph 004_9e3b36c867778e8f
  medkg export --format jsonld --out medkg.jsonld
  medkg export --format trig > medkg.trig
  medkg export --vocabulary --format turtle > medkg-vocab.ttl`,
		Args: maxArgs(0),
		RunE: func(c *cobra.Command, _ []string) error {
			return runExport(c.Context(), o)
		},
	}
	c.Flags().StringVarP(&o.out, "out", "O", "", "write to FILE (atomically) instead of stdout")
	c.Flags().StringVar(&o.graph, "graph", "", "export only this graph: an article id or IRI, or \"background\"")
	c.Flags().StringVar(&o.format, "format", "nquads", "output format: "+strings.Join(graph.Formats, ", "))
	c.Flags().BoolVar(&o.vocab, "vocabulary", false, "write the medkg vocabulary (RDFS), not the store")
	return c
}

// graphLabel turns what a user typed for --graph into the graph's IRI.
func (g *globals) graphLabel(name string) quad.IRI {
	v := loader.NewVocab(g.base)
	switch {
	case name == "background":
		return v.Background()
	case strings.Contains(name, ":"):
		return quad.IRI(strings.TrimSuffix(strings.TrimPrefix(name, "<"), ">"))
	}
	return v.Article(strings.TrimSuffix(name, ".txt"))
}

func runExport(ctx context.Context, o *exportOptions) error {
	opts := graph.ExportOptions{Format: o.format, Prefixes: loader.QueryPrefixes(o.base)}
	if o.vocab {
		if o.graph != "" {
			return usageError{fmt.Errorf("--vocabulary and --graph: the vocabulary is not a graph of the store")}
		}
		return o.writeOut(func(w io.Writer) (int, error) {
			return graph.ExportQuads(w, loader.Vocabulary(o.base), opts)
		})
	}
	st, err := o.open(true)
	if err != nil {
		return err
	}
	defer st.Close()
	if o.graph != "" {
		opts.Label = o.graphLabel(o.graph)
	}
	n, err := 0, error(nil)
	err = o.writeOut(func(w io.Writer) (int, error) {
		n, err = st.Export(ctx, w, opts)
		if err == nil && o.graph != "" && n == 0 {
			err = fmt.Errorf("graph %s: %w", opts.Label, errNotFound)
		}
		return n, err
	})
	return err
}

// writeOut runs write against stdout or --out (atomically), and reports the count.
func (o *exportOptions) writeOut(write func(io.Writer) (int, error)) error {
	var w io.Writer = o.io.Out
	var tmp *os.File
	var err error
	switch {
	case o.out == "":
	case !regularOrMissing(o.out):
		// A device, pipe or socket (/dev/null, a FIFO): write straight to it. Renaming a
		// temporary file over it would replace the device node with a regular file.
		f, err := os.OpenFile(o.out, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	default:
		// Write beside the target and rename, so a failed export never leaves half a file.
		tmp, err = os.CreateTemp(filepath.Dir(o.out), "."+filepath.Base(o.out)+".*")
		if err != nil {
			return err
		}
		defer os.Remove(tmp.Name())
		w = tmp
	}
	n, err := write(w)
	if err != nil {
		if tmp != nil {
			tmp.Close()
		}
		if errors.Is(err, errNotFound) {
			return err
		}
		return fmt.Errorf("export: %w", err)
	}
	if tmp != nil {
		if err := tmp.Close(); err != nil {
			return err
		}
		if err := os.Rename(tmp.Name(), o.out); err != nil {
			return err
		}
	}
	fmt.Fprintf(o.io.Err, "exported %d quads\n", n)
	return nil
}

// regularOrMissing reports whether path is a regular file or does not exist yet: only then
// may export replace it by renaming a finished temporary file over it.
func regularOrMissing(path string) bool {
	fi, err := os.Stat(path)
	return err != nil || fi.Mode().IsRegular()
}
