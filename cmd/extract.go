package cmd

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/loader/extract"
	"github.com/medkg/medkg/seeds"
)

// extractOptions are the flags `medkg extract` and `medkg add` share.
type extractOptions struct {
	*globals
	article   string
	published string
	publisher string
	registry  string // a registry.yaml; empty: the fact directory's, else the embedded seeds'
	out       string
	explain   bool
}

func (o *extractOptions) flags(c *cobra.Command) {
	f := c.Flags()
	f.StringVar(&o.published, "published", "", "publication date YYYY-MM-DD (default: read from the article's head)")
	f.StringVar(&o.publisher, "publisher", "", "publisher: a registry id or name (default: read from the article's head)")
	f.StringVar(&o.registry, "registry", "", "registry to resolve names against (default: registry.yaml of the fact directory holding the article, else the embedded seeds')")
}

func newExtractCmd(g *globals) *cobra.Command {
	o := &extractOptions{globals: g}
	c := &cobra.Command{
		Use:   "extract ARTICLE.txt",
		Short: "Draft a fact file from an article's raw text, for review",
		Long: `Extract reads an article's text and writes a draft fact file (the format medkg load reads,
see docs/facts.md): names the registry knows are resolved to their entities; organizations,
people and places it does not know are proposed under entities: for review; relations,
posts, dates and figures are read off the constructions news articles use. Every fact has
its quote, and a comment with its confidence and the rule that produced it (--explain adds
the mentions found and how each date resolves).

It runs offline and deterministically, with rules only. docs/extraction.md gives the rules
and their measured precision and recall (medkg eval). A draft is a first draft: review it.`,
		Example: `  medkg extract articles/005_new.txt > articles/005_new.yaml
  medkg extract --published 2024-03-15 --publisher shenzhen-daily --explain new.txt
  medkg add articles/005_new.txt       # draft beside the article, then review and load`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.article = args[0]
			return runExtract(o)
		},
	}
	o.flags(c)
	c.Flags().StringVar(&o.out, "out", "", "write the draft to this file instead of stdout")
	c.Flags().BoolVar(&o.explain, "explain", false, "also list the mentions found and how dates resolve, as comments")
	return c
}

func runExtract(o *extractOptions) error {
	d, err := o.draft()
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := d.WriteYAML(&b, filepath.Base(o.article), o.explain); err != nil {
		return err
	}
	if o.out == "" {
		_, err := o.io.Out.Write(b.Bytes())
		return err
	}
	if err := os.WriteFile(o.out, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write the draft: %w", err)
	}
	summarize(o.io.Err, o.out, d)
	return nil
}

// draft reads the article and the registry and extracts.
func (o *extractOptions) draft() (*extract.Draft, error) {
	var opt extract.Options
	if o.published != "" {
		t, err := time.Parse("2006-01-02", o.published)
		if err != nil {
			return nil, usageError{fmt.Errorf("--published %q: give the date as YYYY-MM-DD", o.published)}
		}
		opt.Published = t
	}
	opt.Publisher = o.publisher
	data, err := os.ReadFile(o.article)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, usageError{fmt.Errorf("article %s: no such file", o.article)}
		}
		return nil, fmt.Errorf("read the article: %w", err)
	}
	if err := extract.CheckText(o.article, data); err != nil {
		return nil, dataError{msg: err.Error()}
	}
	reg, err := o.readRegistry()
	if err != nil {
		return nil, err
	}
	d, err := extract.Extract(string(data), extract.FromRegistry(reg), opt)
	if err != nil {
		return nil, dataError{msg: fmt.Sprintf("%s: %v", o.article, err)}
	}
	return d, nil
}

// factDir returns the fact directory an article sits in (DIR/articles/NAME.txt with
// DIR/registry.yaml), or "".
func factDir(article string) string {
	abs, err := filepath.Abs(article)
	if err != nil {
		return ""
	}
	dir := filepath.Dir(abs)
	if filepath.Base(dir) != loader.ArticlesDir {
		return ""
	}
	root := filepath.Dir(dir)
	if _, err := os.Stat(filepath.Join(root, loader.RegistryFile)); err != nil {
		return ""
	}
	return root
}

// readRegistry reads --registry, else the registry of the article's fact directory with the
// new entities its other drafts declare, else the embedded seeds' registry.
func (o *extractOptions) readRegistry() (*loader.Registry, error) {
	var reg *loader.Registry
	var err error
	switch dir := factDir(o.article); {
	case o.registry != "":
		reg, err = loader.ReadRegistry(os.DirFS(filepath.Dir(o.registry)), filepath.Base(o.registry))
	case dir != "":
		own := path.Join(loader.ArticlesDir, filepath.Base(draftPath(o.article)))
		reg, err = loader.ReadDirRegistry(os.DirFS(dir), own)
	default:
		reg, err = loader.ReadRegistry(seeds.FS, loader.RegistryFile)
	}
	if err != nil {
		if perr := problemsIn(err, "the registry"); perr != nil {
			return nil, perr
		}
		return nil, err
	}
	return reg, nil
}

// summarize tells the reviewer, on stderr, what to check in the draft.
func summarize(w io.Writer, file string, d *extract.Draft) {
	low := 0
	for _, f := range d.Facts {
		if f.Confidence < extract.ReviewThreshold {
			low++
		}
	}
	fmt.Fprintf(w, "%s: %d facts drafted (%d below confidence %.2f, marked CHECK), %d new entities\n",
		file, len(d.Facts), low, extract.ReviewThreshold, len(d.Entities))
	if len(d.Entities) > 0 {
		fmt.Fprintln(w, "new entities to check (already in the registry under another spelling? name whole? type right?):")
		t := newTable(w, "  id", "type", "name", "similar in the registry")
		for _, e := range d.Entities {
			sim := e.Similar
			if sim == "" {
				sim = "-"
			}
			t.row("  "+e.ID, e.Type, e.Name, sim)
		}
		t.flush()
	}
	if low > 0 {
		fmt.Fprintln(w, "facts to check closely:")
		t := newTable(w, "  rule", "confidence", "quote")
		for _, f := range d.Facts {
			if f.Confidence < extract.ReviewThreshold {
				q := f.Quote
				if r := []rune(q); len(r) > 70 {
					q = string(r[:67]) + "..."
				}
				t.row("  "+f.Rule, fmt.Sprintf("%.2f", f.Confidence), strings.Join(strings.Fields(q), " "))
			}
		}
		t.flush()
	}
	for _, n := range d.Notes {
		fmt.Fprintln(w, "note:", n)
	}
}
