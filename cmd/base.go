package cmd

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/loader"
)

// A store's base is fixed by its first load: every IRI medkg mints then sits under it, and
// a later load, query or serve with another base would mint IRIs that match nothing, or
// serve /id/cas as an IRI the store does not hold. The base is read back from the store's
// own articles (and the background), not kept beside them, so that it cannot disagree with
// the data, and a store exported and imported elsewhere keeps it.

// errStopScan ends a scan early once it has found what it looked for.
var errStopScan = errors.New("stop")

// storeBase returns the base under which the store's articles (or its background) were
// minted, and false for a store medkg has not loaded (empty, or imported quads only).
func storeBase(ctx context.Context, st *graph.Store) (string, bool, error) {
	base := ""
	find := func(class quad.IRI, suffix func(string) (string, bool)) error {
		err := st.QuadsWith(ctx, quad.Object, class, loader.RDFType, func(q quad.Quad) error {
			iri, ok := q.Subject.(quad.IRI)
			if !ok || q.Label != q.Subject {
				return nil // a source's own graph types it
			}
			if b, ok := suffix(string(iri)); ok && loader.CheckBase(b) == nil {
				base = b
				return errStopScan
			}
			return nil
		})
		if errors.Is(err, errStopScan) {
			return nil
		}
		return err
	}
	article := func(s string) (string, bool) {
		i := strings.LastIndex(s, "article/")
		if i < 0 || strings.Contains(s[i+len("article/"):], "/") {
			return "", false
		}
		return s[:i], true
	}
	background := func(s string) (string, bool) { return strings.CutSuffix(s, "graph/background") }
	if err := find(loader.SchemaNewsArticle, article); err != nil || base != "" {
		return base, base != "", err
	}
	err := find(loader.SchemaDataset, background)
	return base, base != "", err
}

// settleBase makes the base of this run the store's: taken from the store when neither
// --base nor $MEDKG_BASE chose one, and a usage error when they chose another.
func (g *globals) settleBase(ctx context.Context, st *graph.Store) error {
	if g.baseChosen {
		if err := loader.CheckBase(g.base); err != nil {
			return usageError{err}
		}
	}
	b, ok, err := storeBase(ctx, st)
	if err != nil || !ok || b == g.base {
		return err
	}
	if !g.baseChosen {
		g.base = b
		return nil
	}
	return usageError{fmt.Errorf("the store %s holds IRIs under the base %s (fixed by its first load), not %s: "+
		"drop --base and $%s, or give --base %s; to use another base, load into a new store (--db)",
		st.Path(), b, g.base, EnvBase, b)}
}
