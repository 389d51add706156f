package kg

import (
	"context"
	"errors"
	"testing"

	"github.com/cayleygraph/quad"
)

// TestResolveEntity: the resolver that skips the name index answers as the index does, for
// IRIs, short IRIs, exact names and aliases, other spellings, typos and unknown IRIs.
func TestResolveEntity(t *testing.T) {
	t.Parallel()
	st := seedStore(t)
	ctx := context.Background()
	idx, err := LoadIndex(ctx, st, seedBase)
	if err != nil {
		t.Fatal(err)
	}
	// The fast path is taken for names as stored: found without the index.
	for _, name := range []string{"Chinese Academy of Sciences", "CAS"} {
		if iris, err := exactNameOf(ctx, st, name); err != nil || len(iris) != 1 || iris[0] != quad.IRI(entityIRI("cas")) {
			t.Fatalf("exactNameOf(%q) = %q, %v; want the one entity cas", name, iris, err)
		}
	}
	for _, text := range []string{
		"<" + entityIRI("cas") + ">",
		entityIRI("mindray"),
		"id/cas",
		"id:cas",
		"Chinese Academy of Sciences", // a name as stored
		"CAS",                         // an alias as stored
		"cas",                         // another case: through the index
		"chinese academy of sciences",
		"Mindray",
		"Mindary", // a typo: not found, with suggestions
		"<" + entityIRI("no-such-entity") + ">",
		"id/no-such-entity",
		"Nobody At All",
	} {
		t.Run(text, func(t *testing.T) {
			want, wantErr := idx.ResolveIn(st, text)
			got, gotErr := ResolveEntity(ctx, st, seedBase, text)
			if got != want || (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
				t.Fatalf("ResolveEntity(%q) = %q, %v; the index says %q, %v", text, got, gotErr, want, wantErr)
			}
			if errors.Is(gotErr, ErrNotFound) != errors.Is(wantErr, ErrNotFound) {
				t.Fatalf("ResolveEntity(%q): not found %v, the index's %v", text, errors.Is(gotErr, ErrNotFound), errors.Is(wantErr, ErrNotFound))
			}
		})
	}
}
