package bolt

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph"
)

// TestNameKeysCountWhatIsThere: a name added again (Cayley skips it) is not counted twice in
// namekeys, and deleting one that is not there does not count down: after adding a name
// twice and deleting it once, its key is gone, and a key shared by two names stays while
// one of them does.
func TestNameKeysCountWhatIsThere(t *testing.T) {
	ctx := context.Background()
	name := quad.IRI("https://schema.org/name")
	spec := graph.IndexSpec{Names: []quad.IRI{name}, NameKey: strings.ToLower, NameKeyID: "lower"}
	b, err := open(ctx, graph.Options{Path: filepath.Join(t.TempDir(), "s"), Index: &spec})
	if err != nil {
		t.Fatal(err)
	}
	s := b.(*store)
	defer s.Close()
	acme := quad.Quad{Subject: quad.IRI("https://example.org/acme"), Predicate: name, Object: quad.String("Acme")}
	other := quad.Quad{Subject: quad.IRI("https://example.org/other"), Predicate: name, Object: quad.String("ACME")}
	apply := func(q quad.Quad, a cgraph.Procedure) {
		t.Helper()
		err := s.kv.inBatch(ctx, func() error {
			return s.applyIndexed(ctx, []cgraph.Delta{{Quad: q, Action: a}}, cgraph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	keys := func() string {
		t.Helper()
		var ks []string
		if err := s.NameKeys(ctx, func(k string) error { ks = append(ks, k); return nil }); err != nil {
			t.Fatal(err)
		}
		return strings.Join(ks, ",")
	}
	for _, step := range []struct {
		q    quad.Quad
		a    cgraph.Procedure
		want string
	}{
		{acme, cgraph.Add, "acme"},
		{acme, cgraph.Add, "acme"}, // already there
		{other, cgraph.Add, "acme"},
		{other, cgraph.Delete, "acme"},
		{other, cgraph.Delete, "acme"}, // already gone
		{acme, cgraph.Delete, ""},
	} {
		apply(step.q, step.a)
		if got := keys(); got != step.want {
			t.Fatalf("after %v %s: name keys %q, want %q", step.a, step.q.Object, got, step.want)
		}
	}
}
