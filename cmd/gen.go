package cmd

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/medkg/medkg/internal/gen"
	"github.com/medkg/medkg/loader"
)

type genOptions struct {
	*globals
	quads  int64
	seed   uint64
	out    string
	output string
}

func newGenCmd(g *globals) *cobra.Command {
	o := &genOptions{globals: g}
	c := &cobra.Command{
		Use:   "gen --quads N [--seed S] [--out FILE]",
		Short: "Generate a synthetic corpus of about N quads, shaped like the real graph",
		Long: `Gen writes a synthetic, deterministic corpus in medkg's quad model as N-Quads, for
benchmarks and load tests: the same --quads, --seed and --base always give the same bytes.

The corpus has the shape of the real graph: academies and universities with organizations
under them several levels deep (schema:parentOrganization), companies and hospitals,
centres (medkg:Center) co-founded by 2 to 8 of them (schema:founder), people with posts
(org:Membership), places in a six-level schema:containedInPlace hierarchy (country,
province, city, district, subdistrict, park), dated signing events and entity names. It is
written as articles: each a named graph holding its schema:NewsArticle node and one
rdf:Statement claim per fact it states, with a quote or the registry as evidence; the facts
themselves are written once, in the default graph, by the article that introduces them, and
follow-up articles state some again. A curated background graph holds the roles and the
publishers. The stored queries work on it: the first organization,
` + "`" + `<base>id/org-0` + "`" + ` ("` + gen.OrgName(0) + `"), is an academy for centres-cofounded-by.

The count lands within a few per cent of N (for N of a few thousand or more). Output
streams in constant memory at any size; a FILE ending in .gz is gzip-compressed.`,
		Example: `  medkg gen --quads 1000000 --seed 1 --out corpus-1m.nq
  medkg gen --quads 10000 | medkg import -`,
		Args: maxArgs(0),
		RunE: func(c *cobra.Command, _ []string) error {
			if err := outputOrFile(c, o.io.Err, &o.output, &o.out, genFormats); err != nil {
				return err
			}
			if o.quads <= 0 {
				return usageError{errors.New("--quads must be a positive number of quads")}
			}
			return runGen(c.Context(), o)
		},
	}
	c.Flags().Int64Var(&o.quads, "quads", 0, "about how many quads to write")
	c.Flags().Uint64Var(&o.seed, "seed", 1, "seed of the pseudo-random choices")
	c.Flags().StringVar(&o.out, "out", "", "write to FILE instead of stdout (.gz: compressed)")
	c.Flags().StringVarP(&o.output, "output", "o", "nquads", "output format: nquads")
	return c
}

// genFormats are gen's output formats.
var genFormats = []string{"nquads"}

func runGen(ctx context.Context, o *genOptions) error {
	if err := loader.CheckBase(o.base); err != nil {
		return usageError{err}
	}
	start := time.Now()
	c := gen.Plan(o.quads, o.seed, o.base)
	w, commit, abort, err := createOutput(o.out, o.io.Out)
	if err != nil {
		return err
	}
	defer abort()
	var zw *gzip.Writer
	if strings.HasSuffix(o.out, ".gz") {
		zw = gzip.NewWriter(w)
		w = zw
	}
	n, err := c.Write(ctx, w)
	if err == nil && zw != nil {
		err = zw.Close()
	}
	if err == nil {
		err = commit()
	}
	if err != nil {
		return err
	}
	dest := o.out
	if dest == "" {
		dest = "stdout"
	}
	cs := c.Stats()
	fmt.Fprintf(o.io.Err, "generated %d quads (%d articles, %d organizations, %d centres, %d places, %d people, %d events) to %s in %s\n",
		n, cs.Articles, cs.Organizations, cs.Centres, cs.Places, cs.People, cs.Events, dest, time.Since(start).Round(time.Millisecond))
	return nil
}
