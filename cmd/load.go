package cmd

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/seeds"
)

type loadOptions struct {
	*globals
	dir    string // empty: the embedded seeds
	dryRun bool
}

func newLoadCmd(g *globals) *cobra.Command {
	o := &loadOptions{globals: g}
	c := &cobra.Command{
		Use:   "load [DIR]",
		Short: "Check fact files and load them into the store",
		Long: `Load reads a fact directory (registry.yaml, background.yaml, articles/*.yaml beside each
article's .txt; see docs/facts.md), checks every fact against its article, and writes each
article's graph in one transaction. With no DIR it loads the embedded seed articles.

Loading is idempotent: loading the same files again changes nothing. Reloading an edited
article replaces its graph whole. Any problem in any file is reported as file:line, and then
nothing at all is written.`,
		Example: `  medkg load                   # the five embedded seed articles
  medkg load ./my-articles     # a directory laid out like seeds/
  medkg load --dry-run ./my-articles`,
		Args: maxArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.dir = args[0]
			}
			return runLoad(c.Context(), o)
		},
	}
	c.Flags().BoolVar(&o.dryRun, "dry-run", false, "check the fact files and report; do not touch the store")
	return c
}

func runLoad(ctx context.Context, o *loadOptions) error {
	start := time.Now()
	var st *graph.Store
	if !o.dryRun {
		// Opened first: the store's base (see settleBase) is the base the facts are read with.
		var err error
		if st, err = o.open(false); err != nil {
			return err
		}
		defer st.Close()
	}
	set, prefix, err := readFactsCtx(ctx, o.dir, o.base)
	if err != nil {
		return err
	}
	for _, w := range set.Warnings {
		fmt.Fprintf(o.io.Err, "medkg: warning: %s: %s\n", filepath.Join(prefix, w.File), w.Msg)
	}
	facts, articles := set.counts()
	if o.dryRun {
		warnAliases(o.io.Err, set.Registry)
		fmt.Fprintf(o.io.Err, "%s: ok: %d articles, %d entities, %d facts checked; store not touched\n",
			prefix, articles, len(set.Registry.Entities()), facts)
		return nil
	}
	results, err := writeSources(ctx, st, set.Sources)
	for _, r := range results {
		fmt.Fprintf(o.io.Err, "%-24s %3d facts  %s\n", r.ID, r.Facts, r.Status)
	}
	if err != nil {
		return err
	}
	changed := 0
	for _, r := range results {
		if r.Changed {
			changed++
		}
	}
	size, err := st.Size(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(o.io.Err, "loaded %d articles (%d changed), %d entities, %d facts; store %s holds %d quads (%s)\n",
		articles, changed, len(set.Registry.Entities()), facts, st.Path(), size, time.Since(start).Round(time.Millisecond))
	return st.Close()
}

// factSet is a checked fact directory.
type factSet struct{ *loader.Set }

// counts are the fact items and the articles (the background is not an article).
func (s factSet) counts() (facts, articles int) {
	for _, src := range s.Sources {
		facts += src.Facts
		if src.ID != "background" {
			articles++
		}
	}
	return facts, articles
}

// readFacts reads and checks the fact directory dir (the embedded seeds when empty); every
// problem is reported at once, with paths as the user wrote them.
func readFacts(dir, base string, ctx ...context.Context) (factSet, string, error) {
	var fsys fs.FS = seeds.FS
	prefix := "seeds"
	if dir != "" {
		st, err := os.Stat(dir)
		if err != nil {
			return factSet{}, "", usageError{fmt.Errorf("fact directory: %w", err)}
		}
		if !st.IsDir() {
			return factSet{}, "", usageError{fmt.Errorf("%s is not a directory: give a directory laid out like seeds/ (registry.yaml, articles/)", dir)}
		}
		fsys, prefix = os.DirFS(dir), dir
	}
	if len(ctx) > 0 {
		fsys = ctxFS{ctx[0], fsys}
	}
	set, err := loader.Load(fsys, base)
	if err != nil {
		return factSet{}, "", problemsError(err, prefix)
	}
	return factSet{set}, prefix, nil
}

// problemsError turns the loader's Problems, wrapped or not, into invalid input (exit 3)
// with every path under prefix, as the user wrote it; any other error is returned as is.
func problemsError(err error, prefix string) error {
	var ps loader.Problems
	if !errors.As(err, &ps) {
		return err
	}
	ps = slices.Clone(ps)
	for i := range ps {
		ps[i].File = filepath.Join(prefix, ps[i].File)
	}
	return dataError{fmt.Sprintf("%d problem(s) in %s; nothing was written:\n%s", len(ps), prefix, ps.Error()), ps}
}

// sourceResult is what loading one source did.
type sourceResult struct {
	ID      string `json:"id"`
	Facts   int    `json:"facts"`
	Changed bool   `json:"changed"`
	Status  string `json:"status"`
}

// writeSources replaces each source in the store, one transaction each, stopping at the
// first failure (which writes nothing of that source) or when ctx is cancelled.
func writeSources(ctx context.Context, st *graph.Store, sources []*loader.Source) ([]sourceResult, error) {
	var out []sourceResult
	for _, src := range sources {
		if err := ctx.Err(); err != nil {
			return out, fmt.Errorf("interrupted before %s; sources before it are loaded whole, it and later ones untouched: %w", src.ID, err)
		}
		ch, err := st.Replace(ctx, src.IRI, src.Own, src.Shared)
		if err != nil {
			return out, fmt.Errorf("load %s (nothing of it was written): %w", src.File, err)
		}
		r := sourceResult{ID: src.ID, Facts: src.Facts, Changed: !ch.Unchanged(), Status: "unchanged"}
		if r.Changed {
			r.Status = fmt.Sprintf("+%d -%d quads in its graph, +%d -%d shared", ch.OwnAdded, ch.OwnRemoved, ch.SharedAdded, ch.SharedRemoved)
		}
		out = append(out, r)
	}
	return out, nil
}

// maxArgs is cobra.MaximumNArgs reporting as a usage error.
func maxArgs(n int) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if err := cobra.MaximumNArgs(n)(c, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}

// exactArgs is cobra.ExactArgs reporting as a usage error.
func exactArgs(n int) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if err := cobra.ExactArgs(n)(c, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}
