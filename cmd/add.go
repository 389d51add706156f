package cmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
)

type addOptions struct {
	extractOptions
	force bool
	load  bool
}

func newAddCmd(g *globals) *cobra.Command {
	o := &addOptions{extractOptions: extractOptions{globals: g}}
	c := &cobra.Command{
		Use:   "add ARTICLE.txt",
		Short: "Add an article in two steps: draft its facts for review, then load them",
		Long: `Add is the workflow for a new article (docs/facts.md, "Adding an article"):

  1. medkg add DIR/articles/NAME.txt drafts the facts (as medkg extract does) into
     DIR/articles/NAME.yaml beside the article, checks that the draft loads, and prints what
     to review: the new entities it proposes and the facts below the review confidence.
     It refuses to overwrite an existing NAME.yaml unless --force is given.
  2. You review and edit NAME.yaml: fix or delete wrong facts, add what the rules missed,
     move the new entities to registry.yaml if you like.
  3. medkg add --load DIR/articles/NAME.txt checks the whole fact directory DIR and loads it
     into the store (the same as medkg load DIR). It does not draft again, and it refuses
     while NAME.yaml still has lines marked CHECK (unless --force).

DIR is a fact directory laid out like seeds/ (registry.yaml, articles/); its registry is the
one names are resolved against. medkg load --dry-run DIR checks it at any time.`,
		Example: `  medkg add facts/articles/005_new.txt          # draft facts/articles/005_new.yaml
  $EDITOR facts/articles/005_new.yaml            # review
  medkg add --load facts/articles/005_new.txt    # check facts/ and load it`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.article = args[0]
			return runAdd(c.Context(), o)
		},
	}
	o.flags(c)
	c.Flags().BoolVar(&o.force, "force", false, "draft again over an existing fact file (your review edits are lost); with --load, load facts still marked CHECK")
	c.Flags().BoolVar(&o.load, "load", false, "after review: check the fact directory and load it into the store")
	return c
}

// draftPath is the fact file beside an article: NAME.txt → NAME.yaml.
func draftPath(article string) string {
	return strings.TrimSuffix(article, filepath.Ext(article)) + ".yaml"
}

func runAdd(ctx context.Context, o *addOptions) error {
	if filepath.Ext(o.article) != ".txt" {
		return usageError{fmt.Errorf("article %s: name the article's text file NAME.txt (the fact file will be NAME.yaml beside it)", o.article)}
	}
	dir := factDir(o.article)
	if dir == "" {
		return usageError{fmt.Errorf("article %s is not in a fact directory: put it in DIR/articles/ beside DIR/registry.yaml (see docs/facts.md; medkg load DIR reads that layout)", o.article)}
	}
	yamlPath := draftPath(o.article)
	_, statErr := os.Stat(yamlPath)
	exists := statErr == nil
	if o.load {
		if !exists {
			return usageError{fmt.Errorf("%s does not exist: draft it first with medkg add %s, review it, then load", yamlPath, o.article)}
		}
		if !o.force {
			marks, err := checkMarks(yamlPath)
			if err != nil {
				return err
			}
			if len(marks) > 0 {
				return refuseUnreviewed(yamlPath, o.article, marks)
			}
		}
		return runLoad(ctx, &loadOptions{globals: o.globals, dir: dir})
	}
	if exists && !o.force {
		return fmt.Errorf("%s exists: review and edit it, then load with medkg add --load %s (or --force to draft it again, losing your edits)", yamlPath, o.article)
	}
	if statErr != nil && !errors.Is(statErr, fs.ErrNotExist) {
		return statErr
	}
	d, err := o.draft()
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := d.WriteYAML(&b, filepath.Base(o.article), true); err != nil {
		return err
	}
	if err := os.WriteFile(yamlPath, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write the draft: %w", err)
	}
	summarize(o.io.Err, yamlPath, d)
	// The draft must load as written; a problem here is the extractor's, or the directory's.
	if _, _, err := readFacts(dir, o.base); err != nil {
		return fmt.Errorf("the draft is written but the fact directory does not check: %w", err)
	}
	fmt.Fprintf(o.io.Err, "next: review %s, then: medkg add --load %s\n", yamlPath, o.article)
	return nil
}
