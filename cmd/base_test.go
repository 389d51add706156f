package cmd

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestBaseFixedByFirstLoad: a store loaded with --base keeps that base; later commands take
// it without the flag, and a different --base is a usage error that names the store's.
func TestBaseFixedByFirstLoad(t *testing.T) {
	t.Setenv(EnvBase, "")
	const base = "https://kg.example.net/med/"
	db := filepath.Join(t.TempDir(), "db")
	runOK(t, db, "--base", base, "load")
	// Without --base: the store's base.
	out := mustRun(t, db, "show", "Mindray", "-o", "json")
	if !strings.Contains(out, `"id": "`+base+`id/mindray"`) {
		t.Errorf("show without --base does not use the store's base:\n%.300s", out)
	}
	if out := mustRun(t, db, "query", "-e", `g.V(g.IRI("id:cas")).in(g.IRI("schema:parentOrganization")).all()`, "-o", "json"); !strings.Contains(out, base+"id/") {
		t.Errorf("id: prefix is not under the store's base:\n%.300s", out)
	}
	// The same base again is fine; reloading changes nothing.
	runOK(t, db, "--base", base, "load")
	runOK(t, db, "load")
	// Another base: a usage error naming both, for reads and writes alike.
	for _, args := range [][]string{{"--base", seedBase, "load"}, {"--base", seedBase, "show", "Mindray"}, {"--base", seedBase, "serve", "--addr", "127.0.0.1:0"}} {
		_, stderr, code := run(t, db, args...)
		if code != ExitUsage || !strings.Contains(stderr, base) || !strings.Contains(stderr, seedBase) {
			t.Errorf("medkg %q: exit %d, want %d naming both bases: %s", args, code, ExitUsage, stderr)
		}
	}
	t.Setenv(EnvBase, seedBase)
	if _, stderr, code := run(t, db, "stats"); code != ExitUsage || !strings.Contains(stderr, "$"+EnvBase) {
		t.Errorf("$%s that differs: exit %d: %s", EnvBase, code, stderr)
	}
	// Only the loaded store is bound: an empty one takes whatever base it is given.
	t.Setenv(EnvBase, "")
	other := filepath.Join(t.TempDir(), "db")
	runOK(t, other, "--base", "https://a.example/", "load")
	if out, _, _ := run(t, other, "export", "--graph", art004); !strings.Contains(out, "<https://a.example/article/"+art004+">") {
		t.Errorf("export of the new store:\n%.300s", out)
	}
}
