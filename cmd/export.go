package cmd

import (
	"context"
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
}

func newExportCmd(g *globals) *cobra.Command {
	o := &exportOptions{globals: g}
	c := &cobra.Command{
		Use:   "export",
		Short: "Write the store as sorted N-Quads (or JSON-LD, GraphML, Graphviz)",
		Long: `Export writes every quad of the store, sorted, so that the same store always gives the
same bytes. N-Quads streams in bounded memory however large the store.

--graph restricts the export to one named graph: an article (its file name without .txt, or
its IRI), or "background" for the curated background.`,
		Example: `  medkg export > medkg.nq
  medkg export --graph 004_9e3b36c867778e8f
  medkg export --format jsonld --out medkg.jsonld`,
		Args: maxArgs(0),
		RunE: func(c *cobra.Command, _ []string) error {
			return runExport(c.Context(), o)
		},
	}
	c.Flags().StringVarP(&o.out, "out", "O", "", "write to FILE (atomically) instead of stdout")
	c.Flags().StringVar(&o.graph, "graph", "", "export only this graph: an article id or IRI, or \"background\"")
	c.Flags().StringVar(&o.format, "format", "nquads", "output format: "+strings.Join(graph.Formats, ", "))
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
	case strings.HasPrefix(name, "import/"): // an import, as medkg sources names it
		return v.Import(strings.TrimPrefix(name, "import/"))
	}
	return v.Article(strings.TrimSuffix(name, ".txt"))
}

func runExport(ctx context.Context, o *exportOptions) error {
	st, err := o.open(true)
	if err != nil {
		return err
	}
	defer st.Close()
	opts := graph.ExportOptions{Format: o.format}
	if o.graph != "" {
		opts.Label = o.graphLabel(o.graph)
	}
	var w io.Writer = o.io.Out
	var tmp *os.File
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
	n, err := st.Export(ctx, w, opts)
	if err != nil {
		if tmp != nil {
			tmp.Close()
		}
		return fmt.Errorf("export: %w", err)
	}
	if o.graph != "" && n == 0 {
		return fmt.Errorf("graph %s: %w", opts.Label, errNotFound)
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
