package cmd

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/kg"
)

type reindexOptions struct {
	*globals
}

func newReindexCmd(g *globals) *cobra.Command {
	o := &reindexOptions{globals: g}
	return &cobra.Command{
		Use:   "reindex",
		Short: "Build the store's name index and counts from its quads",
		Long: `Reindex rebuilds what search and stats read instead of every quad: the names and aliases,
the nodes of each type, and each graph's quad, claim and mention counts. A store created by
this medkg keeps them up to date in every load, import and remove, so reindex is needed
only for a store written by an older medkg (search and stats then read every quad and say
so), or after an import of quads the store already had (stats says so). It reads every
quad, about as long as an export. bbolt stores only: on PostgreSQL search and stats read
the tables.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error { return runReindex(c.Context(), o) },
	}
}

func runReindex(ctx context.Context, o *reindexOptions) error {
	st, err := o.open(false)
	if err != nil {
		return err
	}
	defer st.Close()
	t0 := time.Now()
	if err := st.Reindex(ctx, kg.StoreIndex); errors.Is(err, graph.ErrNoIndex) {
		return fmt.Errorf("the %s backend keeps no index to build: search and stats read its tables", st.Backend())
	} else if err != nil {
		return err
	}
	fmt.Fprintf(o.io.Err, "reindexed %s in %s\n", st.Path(), time.Since(t0).Round(time.Millisecond))
	return st.Close()
}

// noteIndex tells the user, on stderr, when a store whose backend keeps an index has none
// (or stale counts, when counts is set) and the command is reading every quad instead.
func noteIndex(g *globals, st *graph.Store, counts bool) {
	if !st.KeepsIndex() {
		return
	}
	err := st.IndexState(context.Background())
	switch {
	case errors.Is(err, graph.ErrNoIndex):
		fmt.Fprintln(g.io.Err, "medkg: note: this store has no name index or counts (written by an older medkg), so this reads every quad; `medkg reindex` builds them once")
	case counts && errors.Is(err, graph.ErrIndexStale):
		fmt.Fprintf(g.io.Err, "medkg: note: %v; counting every quad instead\n", err)
	}
}
