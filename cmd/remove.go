package cmd

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
)

type removeOptions struct {
	*globals
	sources []string
}

func newRemoveCmd(g *globals) *cobra.Command {
	o := &removeOptions{globals: g}
	c := &cobra.Command{
		Use:   "remove SOURCE...",
		Short: "Retract sources (articles, imports, the background): their graphs and every fact only they supported",
		Long: `Remove deletes an article's graph (its metadata and claims) and every fact, name and node
that no other loaded article or the background still supports; facts that another source
also states stay (an import is a source too). Each source is removed in one transaction.
SOURCE is as 'medkg sources' lists it: an article's id (its file name without .txt),
import/NAME, "background", or the source's IRI.`,
		Example: `  medkg remove 004_9e3b36c867778e8f
  medkg remove import/other
  medkg remove background`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{fmt.Errorf("name at least one source to remove (medkg sources lists them)")}
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			o.sources = args
			return runRemove(c.Context(), o)
		},
	}
	return c
}

func runRemove(ctx context.Context, o *removeOptions) error {
	st, err := o.open(false)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, name := range o.sources {
		label := o.graphLabel(name)
		existing, err := st.Graph(ctx, label)
		if err != nil {
			return err
		}
		if len(existing) == 0 {
			return fmt.Errorf("no source %s in the store (`medkg sources` lists them): %w", label, errNotFound)
		}
		ch, err := st.Replace(ctx, label, nil, nil)
		if err != nil {
			return fmt.Errorf("remove %s (nothing of it was removed): %w", name, err)
		}
		fmt.Fprintf(o.io.Err, "removed %s: -%d quads in its graph, -%d shared facts no other source supports\n", name, ch.OwnRemoved, ch.SharedRemoved)
	}
	return st.Close()
}
