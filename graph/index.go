package graph

import (
	"context"
	"errors"

	"github.com/cayleygraph/quad"
)

// The maintained index: what search and stats read instead of every quad (`medkg search`
// and `stats` read 1.7 s and 38 s of quads at 1M without it). A backend that keeps one
// (graph/bolt) writes it in the same transaction as every write (Import, Replace, Remove),
// so it is never rebuilt per process; one that does not (graph/postgres) returns ErrNoIndex
// and callers read the quads.

// IndexSpec says what a store's maintained index holds. It is stored with the index when a
// store is created (Options.Index) or reindexed, and every later write keeps to the stored
// one, whatever the writing process was given.
type IndexSpec struct {
	// Names are the predicates whose default-graph quads with an IRI subject are listed
	// (names and aliases, for search): NameEntries.
	Names []quad.IRI `json:"names"`
	// Type is the predicate (rdf:type) whose quads with an IRI subject and object are
	// listed, for the default graph and for a graph's node typing itself: TypeEntries.
	Type quad.IRI `json:"type"`
	// Counted are predicates counted per named graph, beside the graph's quads: GraphCounts.
	Counted []quad.IRI `json:"counted"`
	// NameKey folds a name for comparison (case, spaces, quotes: kg.NameKey); the index keeps
	// each name under its folded form (NameEntry.Key), so that search reads it sorted and
	// folded instead of folding every name per process. A function cannot be stored, so
	// NameKeyID names it: an index whose stored NameKeyID differs from the opening process's
	// folds names some other way, and counts as no index (ErrNoIndex) until Reindex. nil
	// keeps names as they are.
	// SelfTypes are types counted per named graph when the graph's own node has them in the
	// graph (<g> Type T <g>): GraphCount.SelfTyped, so that the graphs of a kind (articles)
	// are found with their counts.
	SelfTypes []quad.IRI          `json:"self_types,omitempty"`
	NameKey   func(string) string `json:"-"`
	NameKeyID string              `json:"name_key,omitempty"`
}

// Fold is the spec's NameKey applied to s (s itself without one).
func (s *IndexSpec) Fold(text string) string {
	if s.NameKey == nil {
		return text
	}
	return s.NameKey(text)
}

// ErrNoIndex means the store has no maintained index: it was written by a medkg before the
// index (Reindex builds one), or its backend keeps none (PostgreSQL). Callers read the quads.
var ErrNoIndex = errors.New("no maintained index")

// ErrIndexStale means the graph counts of the maintained index are not exact (an import
// handed the store quads it already had, which cannot be told apart per graph); names and
// types still are. Reindex recounts.
var ErrIndexStale = errors.New("the maintained graph counts are out of date")

// NameEntry is one quad of an IndexSpec.Names predicate in the default graph.
type NameEntry struct {
	Subject   quad.IRI
	Predicate quad.IRI
	Text      string // the object's lexical form: no quotes, language tag or datatype (Lexical)
	Key       string // Text folded by the index's IndexSpec.NameKey
}

// TypeEntry is one type quad of the maintained index: Graph is "" for the default graph,
// else the graph that Subject itself names.
type TypeEntry struct {
	Type, Graph, Subject quad.IRI
}

// GraphCount is what the maintained index counts of one named graph (IRI-labelled).
type GraphCount struct {
	Graph   quad.IRI
	Quads   int64
	Counted map[quad.IRI]int64 // quads of each IndexSpec.Counted predicate
	// SelfTyped holds, for each IndexSpec.SelfTypes type, 1 if the graph's node has it in
	// the graph, else 0; a type the stored spec does not count has no entry.
	SelfTyped map[quad.IRI]int64
}

// Indexer is a Backend that keeps a maintained index.
type Indexer interface {
	// IndexState is nil, ErrNoIndex, or ErrIndexStale (wrapped, with the reason).
	IndexState(ctx context.Context) error
	NameEntries(ctx context.Context, fn func(NameEntry) error) error
	// NameKeys calls fn for each distinct NameEntry.Key, in order.
	NameKeys(ctx context.Context, fn func(key string) error) error
	// NameEntriesOf is NameEntries of some keys only: a range of the index per key, in the
	// order of keys.
	NameEntriesOf(ctx context.Context, keys []string, fn func(NameEntry) error) error
	TypeEntries(ctx context.Context, fn func(TypeEntry) error) error
	// TypeEntriesOf is TypeEntries of one type only: a range of the index.
	TypeEntriesOf(ctx context.Context, typ quad.IRI, fn func(TypeEntry) error) error
	// TypeCounts calls fn with the number of default-graph type quads of each type, kept as
	// numbers; like GraphCounts, ErrIndexStale (wrapped) before calling fn when they are not
	// exact (the type entries still are).
	TypeCounts(ctx context.Context, fn func(typ quad.IRI, n int64) error) error
	// GraphCounts returns ErrIndexStale (wrapped) before calling fn when the counts are not
	// exact.
	GraphCounts(ctx context.Context, fn func(GraphCount) error) error
	// Reindex builds the index from the quads in the store, replacing any it had.
	Reindex(ctx context.Context, spec IndexSpec) error
}

func (s *Store) indexer() (Indexer, error) {
	if s.b == nil {
		return nil, errClosed
	}
	ix, ok := s.b.(Indexer)
	if !ok {
		return nil, ErrNoIndex
	}
	return ix, nil
}

// KeepsIndex reports whether the store's backend keeps a maintained index at all (bbolt
// does, PostgreSQL does not): where it does, ErrNoIndex means this store lacks one and
// Reindex builds it; where it does not, there is nothing to build.
func (s *Store) KeepsIndex() bool {
	_, ok := s.b.(Indexer)
	return ok
}

// IndexState reports whether the store has a maintained index and whether its graph counts
// are exact: nil, ErrNoIndex, or ErrIndexStale (wrapped, with the reason).
func (s *Store) IndexState(ctx context.Context) error {
	ix, err := s.indexer()
	if err != nil {
		return err
	}
	return ix.IndexState(ctx)
}

// NameEntries calls fn for each name quad of the maintained index, in no particular order;
// ErrNoIndex if there is none.
func (s *Store) NameEntries(ctx context.Context, fn func(NameEntry) error) error {
	ix, err := s.indexer()
	if err != nil {
		return err
	}
	return ix.NameEntries(ctx, fn)
}

// NameKeys calls fn for each distinct folded key of the names in the maintained index, in
// order; ErrNoIndex if there is none.
func (s *Store) NameKeys(ctx context.Context, fn func(key string) error) error {
	ix, err := s.indexer()
	if err != nil {
		return err
	}
	return ix.NameKeys(ctx, fn)
}

// NameEntriesOf calls fn for each name quad of the maintained index whose folded key is one
// of keys; ErrNoIndex if there is none.
func (s *Store) NameEntriesOf(ctx context.Context, keys []string, fn func(NameEntry) error) error {
	ix, err := s.indexer()
	if err != nil {
		return err
	}
	return ix.NameEntriesOf(ctx, keys, fn)
}

// TypeEntries calls fn for each type quad of the maintained index, in no particular order;
// ErrNoIndex if there is none.
func (s *Store) TypeEntries(ctx context.Context, fn func(TypeEntry) error) error {
	ix, err := s.indexer()
	if err != nil {
		return err
	}
	return ix.TypeEntries(ctx, fn)
}

// TypeEntriesOf calls fn for each type quad of typ in the maintained index; ErrNoIndex if
// there is none.
func (s *Store) TypeEntriesOf(ctx context.Context, typ quad.IRI, fn func(TypeEntry) error) error {
	ix, err := s.indexer()
	if err != nil {
		return err
	}
	return ix.TypeEntriesOf(ctx, typ, fn)
}

// TypeCounts calls fn with the number of nodes of each type in the default graph, in order
// of type; ErrNoIndex if there is no index, ErrIndexStale (wrapped) if its counts are not
// exact.
func (s *Store) TypeCounts(ctx context.Context, fn func(typ quad.IRI, n int64) error) error {
	ix, err := s.indexer()
	if err != nil {
		return err
	}
	return ix.TypeCounts(ctx, fn)
}

// GraphCounts calls fn for each named graph that holds quads; ErrNoIndex if there is no
// index, ErrIndexStale (wrapped) if its counts are not exact.
func (s *Store) GraphCounts(ctx context.Context, fn func(GraphCount) error) error {
	ix, err := s.indexer()
	if err != nil {
		return err
	}
	return ix.GraphCounts(ctx, fn)
}

// Reindex builds the maintained index from every quad in the store: for a store written by
// a medkg before the index, or whose counts went stale. It reads every quad, about as long
// as an export. ErrNoIndex on a backend that keeps none.
func (s *Store) Reindex(ctx context.Context, spec IndexSpec) error {
	if s.opts.ReadOnly {
		return ErrReadOnly
	}
	ix, err := s.indexer()
	if err != nil {
		return err
	}
	return ix.Reindex(ctx, spec)
}
