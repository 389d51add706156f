package cmd

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

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
	var fsys fs.FS = seeds.FS
	prefix := "seeds"
	if o.dir != "" {
		st, err := os.Stat(o.dir)
		if err != nil {
			return usageError{fmt.Errorf("fact directory: %w", err)}
		}
		if !st.IsDir() {
			return usageError{fmt.Errorf("%s is not a directory: give a directory laid out like seeds/ (registry.yaml, articles/)", o.dir)}
		}
		fsys, prefix = os.DirFS(o.dir), o.dir
	}
	set, err := loader.Load(fsys, o.base)
	if err != nil {
		if ps, ok := err.(loader.Problems); ok {
			for i := range ps {
				ps[i].File = filepath.Join(prefix, ps[i].File)
			}
			return dataError{fmt.Sprintf("%d problem(s) in %s; nothing was written:\n%s", len(ps), prefix, ps.Error()), ps}
		}
		return err
	}
	facts := 0
	for _, src := range set.Sources {
		facts += src.Facts
	}
	articles := len(set.Sources)
	if len(set.Sources) > 0 && set.Sources[0].ID == "background" {
		articles--
	}
	if o.dryRun {
		fmt.Fprintf(o.io.Err, "%s: ok: %d articles, %d entities, %d facts checked; store not touched\n",
			prefix, articles, len(set.Registry.Entities()), facts)
		return nil
	}

	st, err := o.open(false)
	if err != nil {
		return err
	}
	defer st.Close()
	changed := 0
	for _, src := range set.Sources {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("interrupted before %s; sources before it are loaded whole, it and later ones untouched: %w", src.ID, err)
		}
		ch, err := st.Replace(ctx, src.IRI, src.Own, src.Shared)
		if err != nil {
			return fmt.Errorf("load %s (nothing of it was written): %w", src.File, err)
		}
		status := "unchanged"
		if !ch.Unchanged() {
			changed++
			status = fmt.Sprintf("+%d -%d quads in its graph, +%d -%d shared", ch.OwnAdded, ch.OwnRemoved, ch.SharedAdded, ch.SharedRemoved)
		}
		fmt.Fprintf(o.io.Err, "%-24s %3d facts  %s\n", src.ID, src.Facts, status)
	}
	size, err := st.Size(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(o.io.Err, "loaded %d articles (%d changed), %d entities, %d facts; store %s holds %d quads (%s)\n",
		articles, changed, len(set.Registry.Entities()), facts, o.db, size, time.Since(start).Round(time.Millisecond))
	return st.Close()
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
