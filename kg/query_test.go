package kg

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/queries"
)

type fakeResolver map[string]quad.IRI

func (f fakeResolver) Resolve(_ context.Context, text string) (quad.IRI, error) {
	if iri, ok := f[text]; ok {
		return iri, nil
	}
	return "", NotFound("no entity is called %q", text)
}

// TestRunStored: entity parameters go through the resolver given (the CLI's and the
// server's differ), an unknown one is a *ParamError naming the parameter and wrapping
// ErrNotFound, and the rows are those of the script bound by hand.
func TestRunStored(t *testing.T) {
	t.Parallel()
	st := seedStore(t)
	ctx := context.Background()
	q, err := queries.Get("founders-of")
	if err != nil {
		t.Fatal(err)
	}
	b := Bounds{Limit: 1000, Timeout: time.Minute}
	centre := entityIRI("nhmaii-center")
	vals, err := q.Values([]string{"centre=the centre"})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := RunStored(ctx, st, seedBase, q, vals, fakeResolver{"the centre": quad.IRI(centre)}, b)
	if err != nil {
		t.Fatal(err)
	}
	prelude, err := q.Bind(map[string]string{"centre": "<" + centre + ">"})
	if err != nil {
		t.Fatal(err)
	}
	want, err := Run(ctx, st, seedBase, q.Script, prelude, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 || len(rows) != len(want) {
		t.Fatalf("RunStored gave %d rows, the script bound by hand %d", len(rows), len(want))
	}

	vals, _ = q.Values([]string{"centre=Nobody"})
	_, err = RunStored(ctx, st, seedBase, q, vals, fakeResolver{}, b)
	var pe *ParamError
	if !errors.As(err, &pe) || pe.Param != "centre" || !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown entity: %v, want a *ParamError for centre wrapping ErrNotFound", err)
	}
}
