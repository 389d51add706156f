package cmd

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/medkg/medkg/loader"
)

// TestProblemsErrorWrapped: the loader's Problems are recognised wrapped too (errors.As, not
// a type assertion, which let a wrapped one through as a bare error: no file paths under
// the directory the user named, no "nothing was written").
func TestProblemsErrorWrapped(t *testing.T) {
	t.Parallel()
	ps := loader.Problems{{File: "articles/x.yaml", Line: 3, Msg: "unknown entity"}}
	for _, err := range []error{ps, fmt.Errorf("reading facts: %w", ps)} {
		got := problemsError(err, "facts")
		if !strings.Contains(got.Error(), "facts/articles/x.yaml:3") || !strings.Contains(got.Error(), "nothing was written") {
			t.Errorf("problemsError(%v) = %q", err, got)
		}
		if ExitCode(got) != ExitData {
			t.Errorf("exit %d, want %d", ExitCode(got), ExitData)
		}
	}
	if ps[0].File != "articles/x.yaml" {
		t.Errorf("the caller's problems were changed: %v", ps[0])
	}
	other := errors.New("disk on fire")
	if got := problemsError(other, "facts"); got != other {
		t.Errorf("problemsError(other) = %v", got)
	}
}

// TestProblemsIn: eval's and extract's reading of a registry or gold facts recognise the
// loader's Problems wrapped too (they used type assertions, which sent a wrapped one on as a
// bare error: "usage" exit 2 or exit 1 instead of invalid input, exit 3, with the count).
func TestProblemsIn(t *testing.T) {
	t.Parallel()
	ps := loader.Problems{{File: "registry.yaml", Line: 7, Msg: "duplicate id"}}
	for _, err := range []error{ps, fmt.Errorf("reading the registry: %w", ps)} {
		got := problemsIn(err, "the registry")
		if got == nil {
			t.Fatalf("problemsIn(%v) = nil", err)
		}
		if !strings.Contains(got.Error(), "1 problem(s) in the registry:\nregistry.yaml:7") {
			t.Errorf("problemsIn(%v) = %q", err, got)
		}
		if ExitCode(got) != ExitData {
			t.Errorf("exit %d, want %d", ExitCode(got), ExitData)
		}
	}
	if got := problemsIn(errors.New("disk on fire"), "the registry"); got != nil {
		t.Errorf("problemsIn(other) = %v, want nil", got)
	}
}
