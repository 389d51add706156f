package cmd

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/spf13/cobra"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/rdf"
)

// sourceName is the import's name: --source, or the file's.
func (o *importOptions) sourceName() (string, error) {
	name := o.source
	if name == "" {
		if o.file == "-" {
			return "", usageError{errors.New("give --source NAME to import standard input: every import is a source with a name")}
		}
		name = loader.SourceNameOf(o.file)
	}
	if err := loader.CheckSourceName(name); err != nil {
		if o.source == "" {
			return "", usageError{fmt.Errorf("%w; name it with --source", err)}
		}
		return "", usageError{fmt.Errorf("--source: %w", err)}
	}
	return name, nil
}

// reifyImport makes the import a source: each default-graph quad that no graph of the file
// states is stated in the import's own graph.
func reifyImport(r rdf.Checked, base, name string, stated func(quad.Quad) bool) (*rdf.Reified, error) {
	v := loader.NewVocab(base)
	return rdf.Reify(r, v.Import(name), loader.ProvWasDerivedFrom, v.ImportHead(name), stated)
}

// statedSet gathers, in the import's first pass, the facts the file itself states in a named
// graph (rdf:subject, rdf:predicate and rdf:object of one node in one graph), as medkg's own
// export and generated corpora do for every fact. Those facts are supported by those graphs,
// sources of their own, so the import records a statement only for the facts the file asserts
// bare: an export imported again is the same store, and an import costs 4 quads more only
// for a fact nothing else in the file vouches for.
type statedSet struct {
	parts map[[2]string]*[3]quad.Value // statement node and graph → subject, predicate, object
	facts map[[16]byte]bool
}

func newStatedSet() *statedSet { return &statedSet{parts: map[[2]string]*[3]quad.Value{}} }

func (s *statedSet) add(q quad.Quad) {
	i := -1
	switch q.Predicate {
	case loader.RDFSubject:
		i = 0
	case loader.RDFPredicate:
		i = 1
	case loader.RDFObject:
		i = 2
	}
	if i < 0 || q.Label == nil {
		return
	}
	k := [2]string{q.Subject.String(), q.Label.String()}
	p := s.parts[k]
	if p == nil {
		p = new([3]quad.Value)
		s.parts[k] = p
	}
	p[i] = q.Object
}

// done turns what add saw into the test Reify asks: is this default-graph fact stated?
func (s *statedSet) done() func(quad.Quad) bool {
	s.facts = make(map[[16]byte]bool, len(s.parts))
	for _, p := range s.parts {
		if p[0] != nil && p[1] != nil && p[2] != nil {
			s.facts[factKey(p[0], p[1], p[2])] = true
		}
	}
	s.parts = nil
	return func(q quad.Quad) bool { return s.facts[factKey(q.Subject, q.Predicate, q.Object)] }
}

func factKey(s, p, o quad.Value) [16]byte {
	h := sha256.Sum256([]byte(s.String() + "\x00" + p.String() + "\x00" + o.String()))
	return [16]byte(h[:16])
}

type sourcesOptions struct {
	*globals
	output string
}

func newSourcesCmd(g *globals) *cobra.Command {
	o := &sourcesOptions{globals: g}
	c := &cobra.Command{
		Use:   "sources",
		Short: "List the sources: the background, articles and imports, with their counts",
		Long: `Sources lists every source in the store: the curated background, each article and each
import, with the facts of the shared graph it states and the quads of its own graph. A fact
stays while any source states it; 'medkg remove ID' retracts a source by the ID shown here.`,
		Example: `  medkg sources
  medkg sources -o json`,
		Args: maxArgs(0),
		RunE: func(c *cobra.Command, _ []string) error { return runSources(c.Context(), o) },
	}
	c.Flags().StringVarP(&o.output, "output", "o", outTable, "output format: table or json")
	return c
}

// sourceInfo is one row of `medkg sources`.
type sourceInfo struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"` // background, article or import
	IRI   string `json:"iri"`
	Facts int    `json:"facts"` // statements of shared facts in its graph
	Quads int    `json:"quads"` // quads in its graph
}

var kindOrder = map[string]int{"background": 0, "article": 1, "import": 2}

func runSources(ctx context.Context, o *sourcesOptions) error {
	if err := checkOutput(o.output, outTable, outJSON); err != nil {
		return err
	}
	st, err := o.open(true)
	if err != nil {
		return err
	}
	defer st.Close()
	list, err := listSources(ctx, st, o.base)
	if err != nil {
		return err
	}
	if o.output == outJSON {
		return rdf.WriteJSON(o.io.Out, list)
	}
	t := newTable(o.io.Out, "SOURCE", "KIND", "FACTS", "QUADS")
	for _, s := range list {
		t.row(s.ID, s.Kind, s.Facts, s.Quads)
	}
	return t.flush()
}

// listSources finds each source by the type its own graph gives it (schema:NewsArticle, or
// schema:Dataset for the background and imports), sorted by kind and id.
func listSources(ctx context.Context, st *graph.Store, base string) ([]sourceInfo, error) {
	v := loader.NewVocab(base)
	seen := map[quad.IRI]bool{}
	if err := st.Quads(ctx, quad.Predicate, loader.RDFType, func(q quad.Quad) error {
		if q.Label != nil && q.Label == q.Subject && (q.Object == loader.SchemaNewsArticle || q.Object == loader.SchemaDataset) {
			if iri, ok := q.Subject.(quad.IRI); ok {
				seen[iri] = true
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	list := make([]sourceInfo, 0, len(seen))
	for iri := range seen {
		s := sourceInfo{IRI: string(iri), Kind: "article", ID: strings.TrimPrefix(string(iri), v.Base+"article/")}
		switch {
		case iri == v.Background():
			s.Kind, s.ID = "background", "background"
		case strings.HasPrefix(string(iri), v.Base+"import/"):
			s.Kind, s.ID = "import", strings.TrimPrefix(string(iri), v.Base)
		}
		qs, err := st.Graph(ctx, iri)
		if err != nil {
			return nil, err
		}
		s.Quads = len(qs)
		for _, q := range qs {
			if q.Predicate == loader.RDFSubject {
				s.Facts++
			}
		}
		list = append(list, s)
	}
	sort.Slice(list, func(i, j int) bool {
		if a, b := kindOrder[list[i].Kind], kindOrder[list[j].Kind]; a != b {
			return a < b
		}
		return list[i].ID < list[j].ID
	})
	return list, nil
}
