// Package cmd holds medkg's cobra commands, one file per command. Each command fills an
// options struct in RunE and hands it to a run function that writes to injected writers, so
// that tests drive the commands exactly as the binary does.
package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/kg"
	"github.com/medkg/medkg/loader"
)

// IO is where a command reads and writes: data on Out, progress and errors on Err.
type IO struct {
	In       io.Reader
	Out, Err io.Writer
}

// globals are the flags every command shares.
type globals struct {
	io          IO
	db          string
	backend     string
	address     string
	base        string
	baseChosen  bool // --base or $MEDKG_BASE was given: the store's base must be this one
	lockTimeout time.Duration
	ctx         context.Context // the command's, set before it runs: Ctrl-C cancels a connect
}

// Environment variables that set the global flags' defaults.
const (
	EnvDB      = "MEDKG_DB"
	EnvBase    = "MEDKG_BASE"
	EnvBackend = "MEDKG_BACKEND"
	EnvAddress = "MEDKG_ADDRESS"
)

// defaultBackend is $MEDKG_BACKEND, else bbolt.
func defaultBackend() string {
	if v := os.Getenv(EnvBackend); v != "" {
		return v
	}
	return graph.BackendBolt
}

// defaultDB is $MEDKG_DB, else the XDG data directory, so that every shell of a user finds
// the same store wherever it runs.
func defaultDB() string {
	if v := os.Getenv(EnvDB); v != "" {
		return v
	}
	if v := os.Getenv("XDG_DATA_HOME"); v != "" {
		return filepath.Join(v, "medkg", "store")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "share", "medkg", "store")
	}
	return "medkg-store"
}

func defaultBase() string {
	if v := os.Getenv(EnvBase); v != "" {
		return v
	}
	return loader.DefaultBase
}

// NewRoot builds the medkg command tree.
func NewRoot(stdio IO) *cobra.Command {
	g := &globals{io: stdio}
	root := &cobra.Command{
		Use:   "medkg",
		Short: "A knowledge graph of China's medical-device innovation ecosystem, from news articles",
		Long: `medkg turns curated facts from news articles into RDF quads in an embedded Cayley store,
each fact traceable to the sentence that states it, and exports them as N-Quads.

The store is a bbolt directory: --db, or $MEDKG_DB, or $XDG_DATA_HOME/medkg/store.
With --backend postgres it is a PostgreSQL database instead: --address or $MEDKG_ADDRESS
is the connection string (postgres://user@host:5432/db?sslmode=disable, or host=... pairs);
the password comes from $PGPASSWORD or ~/.pgpass, never the command line.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(stdio.In)
	root.SetOut(stdio.Out)
	root.SetErr(stdio.Err)
	pf := root.PersistentFlags()
	pf.StringVar(&g.db, "db", defaultDB(), "store directory (env "+EnvDB+")")
	pf.StringVar(&g.backend, "backend", defaultBackend(), "where the graph is stored: bbolt or postgres (env "+EnvBackend+")")
	pf.StringVar(&g.address, "address", os.Getenv(EnvAddress), "PostgreSQL connection string for --backend postgres (env "+EnvAddress+"; password from $PGPASSWORD or ~/.pgpass)")
	pf.StringVar(&g.base, "base", defaultBase(), "base IRI of the IRIs medkg mints (env "+EnvBase+")")
	pf.DurationVar(&g.lockTimeout, "lock-timeout", 2*time.Second, "how long to wait for a store another process holds")
	root.PersistentPreRunE = func(c *cobra.Command, _ []string) error {
		g.ctx = c.Context()
		g.baseChosen = c.Flags().Changed("base") || os.Getenv(EnvBase) != ""
		if !slices.Contains(graph.Backends, g.backend) {
			return usageError{fmt.Errorf("unknown --backend %q: use one of %s", g.backend, strings.Join(graph.Backends, ", "))}
		}
		return nil
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })

	root.AddCommand(
		newInitCmd(g),
		newLoadCmd(g),
		newExportCmd(g),
		newStatsCmd(g),
		newQueriesCmd(g),
		newQueryCmd(g),
		newSearchCmd(g),
		newShowCmd(g),
		newPathCmd(g),
		newReplCmd(g),
		newRemoveCmd(g), newSourcesCmd(g),
		newReindexCmd(g),
		newImportCmd(g),
		newGenCmd(g),
		newServeCmd(g), newDrawCmd(g),
		newExtractCmd(g),
		newAddCmd(g),
		newEvalCmd(g),
	)
	return root
}

// open opens the store; read-only commands share it with other readers.
func (g *globals) open(readOnly bool) (*graph.Store, error) {
	ctx := g.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	st, err := graph.Open(ctx, g.storeOptions(readOnly))
	if err != nil {
		return nil, err
	}
	if err := g.settleBase(ctx, st); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// storeOptions says which store the flags name.
func (g *globals) storeOptions(readOnly bool) graph.Options {
	return graph.Options{Backend: g.backend, Path: g.db, Address: g.address, ReadOnly: readOnly, LockTimeout: g.lockTimeout, Index: &kg.StoreIndex}
}

// Main runs medkg with args and returns the process's exit code.
func Main(ctx context.Context, args []string, stdio IO) int {
	root := NewRoot(stdio)
	root.SetArgs(args)
	c, err := root.ExecuteContextC(ctx)
	if err != nil && strings.HasPrefix(err.Error(), "unknown command") {
		err = usageError{err}
	}
	if err != nil {
		fmt.Fprintln(stdio.Err, "medkg:", err)
		if errors.As(err, new(usageError)) && c != nil {
			if h := usageHint(c); h != "" {
				fmt.Fprintln(stdio.Err, "hint:", h)
			}
			fmt.Fprintf(stdio.Err, "usage: %s\nRun '%s --help' for more.\n", c.UseLine(), c.CommandPath())
		}
	}
	return ExitCode(err)
}

// reKeyValue is an argument that looks like a parameter: key=value.
var reKeyValue = regexp.MustCompile(`^[a-z][a-z0-9-]*=`)

// usageHint names the likely mistake behind a usage error, from what c was given: a stored
// query's parameter given without --param.
func usageHint(c *cobra.Command) string {
	if c.Flags().Lookup("param") == nil {
		return ""
	}
	var fixes []string
	for _, a := range c.Flags().Args() {
		if reKeyValue.MatchString(a) {
			fixes = append(fixes, "--param "+shellQuote(a))
		}
	}
	if len(fixes) == 0 {
		return ""
	}
	return "a stored query's parameters go with --param: " + strings.Join(fixes, " ")
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_=.,/:@+", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Exit codes, documented in the README.
const (
	ExitOK      = 0
	ExitError   = 1 // anything else: I/O, a failed write
	ExitUsage   = 2 // bad flags or arguments
	ExitData    = 3 // invalid input files: fact files, articles
	ExitLocked  = 4 // the store is held by another process
	ExitNoData  = 5 // no store, or nothing matched what was asked for
	ExitTimeout = 6 // a query ran past --timeout
	ExitConnect = 7 // the database server cannot be reached or refused the credentials
	ExitMemory  = 8 // a query's heap grew past --max-memory
)

// usageError marks errors in how medkg was called.
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

// dataError reports problems in input files; its message lists them one per line.
type dataError struct {
	msg string
	ps  loader.Problems
}

func (e dataError) Error() string { return e.msg }
func (e dataError) Unwrap() error {
	if e.ps == nil {
		return nil
	}
	return e.ps
}

// problemsIn reports the loader's Problems in err, wrapped or not, as invalid input (exit 3)
// found in what ("the gold facts", a registry's path); it is nil when err holds none, so
// that the caller handles other errors its own way.
func problemsIn(err error, what string) error {
	var ps loader.Problems
	if !errors.As(err, &ps) {
		return nil
	}
	return dataError{fmt.Sprintf("%d problem(s) in %s:\n%s", len(ps), what, ps.Error()), ps}
}

// ExitCode maps an error to the process's exit code, in this one place.
func ExitCode(err error) int {
	var usage usageError
	var problems loader.Problems
	var data dataError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &usage):
		return ExitUsage
	case errors.As(err, &problems), errors.As(err, &data):
		return ExitData
	case errors.Is(err, graph.ErrLocked):
		return ExitLocked
	case errors.Is(err, graph.ErrTimeout):
		return ExitTimeout
	case errors.Is(err, graph.ErrMemory):
		return ExitMemory
	case errors.Is(err, graph.ErrConnect):
		return ExitConnect
	case errors.Is(err, graph.ErrNoStore), errors.Is(err, errNotFound):
		return ExitNoData
	}
	return ExitError
}
