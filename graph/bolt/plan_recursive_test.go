package bolt

import (
	"slices"
	"testing"

	"github.com/cayleygraph/cayley/graph/iterator"
	"github.com/cayleygraph/cayley/query/path"
	"github.com/cayleygraph/cayley/query/shape"
	"github.com/cayleygraph/quad"
)

// TestRecursiveParts pins the reflection the followRecursive hook relies on: it must read
// back what iterator.NewRecursive was given in the Cayley version medkg requires (if a new
// version renames the fields, the hook falls back to Cayley's plan, and this test says so).
func TestRecursiveParts(t *testing.T) {
	t.Parallel()
	called := false
	morph := func(it iterator.Shape) iterator.Shape { called = true; return it }
	r := iterator.NewRecursive(iterator.NewFixed(), morph, 3)
	r.AddDepthTag("d1")
	r.AddDepthTag("d2")
	m, depth, tags, ok := recursiveParts(r)
	if !ok {
		t.Fatal("recursiveParts cannot read iterator.Recursive: the followRecursive hook is off")
	}
	if depth != 3 || !slices.Equal(tags, []string{"d1", "d2"}) {
		t.Errorf("depth %d, tags %q; want 3, [d1 d2]", depth, tags)
	}
	m(iterator.NewFixed())
	if !called {
		t.Error("the morphism read back is not the one given")
	}
}

// TestRecursionShapeDetected: the shape Gizmo's followRecursive makes is the one the hook
// looks for.
func TestRecursionShapeDetected(t *testing.T) {
	t.Parallel()
	p := path.StartMorphism().FollowRecursive(path.StartMorphism().In(quad.IRI("p")), 0, nil)
	s := p.ShapeFrom(shape.AllNodes{})
	if !isRecursionShape(s) {
		t.Fatalf("followRecursive's shape is %T, not %s.%s", s, recursionShapePkg, recursionShapeName)
	}
}
