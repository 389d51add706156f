package cmd

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/loader/extract"
	"github.com/medkg/medkg/seeds"
)

type evalOptions struct {
	*globals
	dir    string
	output string
	errors bool
	full   bool
	known  string // a registry to extract with: DIR's is then only the answer key
	news   string // a split of the real news set: dev, test or all
	gold   string // the news set's gold facts (registry.yaml, split.txt, gold/)
}

func newEvalCmd(g *globals) *cobra.Command {
	o := &evalOptions{globals: g}
	c := &cobra.Command{
		Use:   "eval [DIR]",
		Short: "Measure medkg extract against curated fact files, leave-one-out",
		Long: `Eval extracts each article of a fact directory (the embedded seeds when DIR is not given)
with the registry stripped of every name only that article prints, so that what the
article alone taught the registry must be found again as new entities. It matches the
draft's new entities to registry entities by name, compares the draft with the curated
fact file, and prints precision and recall per type: entities by kind, relations by
predicate, posts, dates and figures. "core" sums organizations, posts and founders. The
protocol is in docs/extraction.md.

With --registry FILE, the articles are unseen ones: each is extracted with FILE (say, the
seeds' registry) as a user drafting a new article would, and DIR's registry serves only to
match the draft's new entities to the curated ones by name.

With --news dev|test|all, the articles are the real news set: texts from ../shared/news
beside the repository ($MEDKG_NEWS overrides), gold facts and split from --gold (default
loader/extract/testdata/news), each extracted with the seeds' registry.`,
		Example: `  medkg eval
  medkg eval --errors       # also every miss (FN) and wrong proposal (FP)
  medkg eval -o json
  medkg eval --registry seeds/registry.yaml loader/extract/testdata/unseen
  medkg eval --news dev     # the real news set's dev split (texts in ../shared/news)
  medkg eval --news test    # its held-out test split: score once per change of approach`,
		Args: maxArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.dir = args[0]
			}
			return runEval(o)
		},
	}
	c.Flags().StringVarP(&o.output, "output", "o", "table", "output format: table or json")
	c.Flags().BoolVar(&o.errors, "errors", false, "list every miss and wrong proposal after the table")
	c.Flags().BoolVar(&o.full, "full-registry", false, "do not hold the registry out (a reference: the names are then all known)")
	c.Flags().StringVar(&o.known, "registry", "", "extract with this registry.yaml instead (DIR's registry is then only the answer key)")
	c.Flags().StringVar(&o.news, "news", "", "score a split of the real news set: dev, test or all")
	c.Flags().StringVar(&o.gold, "gold", filepath.Join("loader", "extract", "testdata", "news"), "with --news: the folder of its gold facts and split")
	return c
}

// EvalRow is one line of `medkg eval -o json`.
type EvalRow struct {
	Type      string  `json:"type"`
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
}

func runEval(o *evalOptions) error {
	if err := checkOutput(o.output, outTable, outJSON); err != nil {
		return err
	}
	if o.news != "" {
		return runEvalNews(o)
	}
	var fsys fs.FS = seeds.FS
	if o.dir != "" {
		if st, err := os.Stat(o.dir); err != nil || !st.IsDir() {
			return usageError{fmt.Errorf("%s is not a fact directory", o.dir)}
		}
		fsys = os.DirFS(o.dir)
	}
	arts, reg, err := extract.Seeds(fsys)
	if err != nil {
		if perr := problemsIn(err, "the fact directory"); perr != nil {
			return perr
		}
		return err
	}
	var ev *extract.Eval
	how := "leave-one-out"
	switch {
	case o.known != "" && o.full:
		return usageError{fmt.Errorf("--registry and --full-registry exclude each other")}
	case o.known != "":
		if st, err := os.Stat(o.known); err != nil || st.IsDir() {
			return usageError{fmt.Errorf("--registry %s: not a registry file", o.known)}
		}
		// known and rerr, not a new err: a `:=` here would shadow the err below, dropping
		// EvaluateUnseen's error and leaving ev nil (issue 13).
		known, rerr := loader.ReadRegistry(os.DirFS(filepath.Dir(o.known)), filepath.Base(o.known))
		if rerr != nil {
			if perr := problemsIn(rerr, o.known); perr != nil {
				return perr
			}
			return usageError{fmt.Errorf("--registry: %w", rerr)}
		}
		ev, err = extract.EvaluateUnseen(arts, extract.FromRegistry(known), reg)
		how = "unseen, extracted with " + o.known
	default:
		ev, err = extract.Evaluate(arts, reg, o.full)
		if o.full {
			how = "whole registry, not held out"
		}
	}
	if err != nil {
		return dataError{msg: err.Error()}
	}
	return printEval(o, ev, len(arts), how, extract.Core)
}

// runEvalNews scores a split of the real news set, each article extracted with the seeds'
// registry (what a user drafting a new article has).
func runEvalNews(o *evalOptions) error {
	if o.dir != "" || o.known != "" || o.full {
		return usageError{fmt.Errorf("--news takes no DIR, --registry or --full-registry")}
	}
	split := o.news
	switch split {
	case "dev", "test":
	case "all":
		split = ""
	default:
		return usageError{fmt.Errorf("--news %s: want dev, test or all", o.news)}
	}
	newsDir, err := extract.FindNewsDir(".")
	if err != nil {
		return usageError{err}
	}
	arts, key, err := extract.News(os.DirFS(o.gold), newsDir, split)
	if err != nil {
		if perr := problemsIn(err, "the gold facts"); perr != nil {
			return perr
		}
		return usageError{err}
	}
	_, known, err := extract.Seeds(seeds.FS)
	if err != nil {
		return err
	}
	ev, err := extract.EvaluateUnseen(arts, known, key)
	if err != nil {
		return dataError{msg: err.Error()}
	}
	return printEval(o, ev, len(arts), "real news, "+o.news+" split, extracted with the seeds' registry", extract.NewsCore)
}

func printEval(o *evalOptions, ev *extract.Eval, n int, how string, core []string) error {
	var rows []EvalRow
	add := func(name string, s extract.Score) {
		rows = append(rows, EvalRow{name, s.TP, s.FP, s.FN, round2(s.Precision()), round2(s.Recall())})
	}
	for _, t := range ev.Types() {
		add(t, *ev.Scores[t])
	}
	add("core", ev.Sum(core...))
	add("all", ev.Sum())
	if o.output == outJSON {
		enc := json.NewEncoder(o.io.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"articles": n, "scores": rows, "errors": ev.Errors})
	}
	t := newTable(o.io.Out, "type", "tp", "fp", "fn", "precision", "recall")
	for _, r := range rows {
		t.row(r.Type, r.TP, r.FP, r.FN, fmt.Sprintf("%.2f", r.Precision), fmt.Sprintf("%.2f", r.Recall))
	}
	if err := t.flush(); err != nil {
		return err
	}
	if o.errors {
		fmt.Fprintln(o.io.Out)
		for _, e := range ev.Errors {
			fmt.Fprintln(o.io.Out, e)
		}
	}
	fmt.Fprintf(o.io.Err, "%d articles, %s; core = %s\n", n, how, strings.Join(core, " + "))
	return nil
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }
