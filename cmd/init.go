package cmd

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/medkg/medkg/graph"
)

type initOptions struct {
	*globals
}

func newInitCmd(g *globals) *cobra.Command {
	o := &initOptions{globals: g}
	return &cobra.Command{
		Use:   "init",
		Short: "Create an empty store (or check that one is there)",
		Long: `Init creates the store: for bbolt, the directory and Cayley's buckets; for PostgreSQL
(--backend postgres), Cayley's tables (nodes, quads) and their indexes in the connection's
database and schema, plus an index on graph labels that Cayley does not create. Running it
on an existing store changes nothing but adds missing indexes. load and import create the
store on first use too; init lets an administrator create it, with rights that readers need
not have, before anyone loads.`,
		Example: `  medkg init
  PGPASSWORD=... medkg init --backend postgres --address 'postgres://medkg@db.example.org/medkg'`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error { return runInit(c.Context(), o) },
	}
}

func runInit(ctx context.Context, o *initOptions) error {
	st, err := graph.Init(ctx, o.storeOptions(false))
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := st.Size(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(o.io.Err, "store %s is ready (%s backend, %d quads)\n", st.Path(), o.backend, n)
	return st.Close()
}
