package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestConcurrentLoadsPostgres runs two real `medkg load` processes at once against one
// PostgreSQL store, each with a different set of the seed articles (both with the shared
// registry and background, so they write many of the same nodes and facts). Both must end
// with their sets complete and no quad twice: the store must equal, byte for byte, one load
// of all the articles, and hold as many quads as its export has lines.
func TestConcurrentLoadsPostgres(t *testing.T) {
	server := os.Getenv(envTestPostgres)
	if server == "" {
		t.Skip(envTestPostgres + " is not set (scripts/pgtest runs this test against a throwaway server)")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "medkg")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	all := writeSeeds(t, filepath.Join(dir, "all"), false)
	names, _ := filepath.Glob(filepath.Join(all, "articles", "*.yaml"))
	if len(names) < 4 {
		t.Fatalf("only %d seed articles", len(names))
	}
	sets := [2]string{writeSeeds(t, filepath.Join(dir, "a"), false), writeSeeds(t, filepath.Join(dir, "b"), false)}
	for i, name := range names { // articles alternate between the sets
		id := strings.TrimSuffix(filepath.Base(name), ".yaml")
		drop := sets[1-i%2]
		for _, ext := range []string{".yaml", ".txt"} {
			if err := os.Remove(filepath.Join(drop, "articles", id+ext)); err != nil {
				t.Fatal(err)
			}
		}
	}
	medkg := func(dsn string, args ...string) *exec.Cmd {
		c := exec.Command(bin, append([]string{"--backend", "postgres", "--lock-timeout", "30s"}, args...)...)
		c.Env = append(os.Environ(), "MEDKG_ADDRESS="+dsn)
		return c
	}
	export := func(dsn string) (string, int) {
		out, err := medkg(dsn, "export").Output()
		if err != nil {
			t.Fatalf("export: %v", err)
		}
		stats, err := medkg(dsn, "stats", "-o", "json").Output()
		if err != nil {
			t.Fatalf("stats: %v", err)
		}
		var n int
		if i := bytes.Index(stats, []byte(`"quads":`)); i >= 0 {
			fmt.Sscanf(string(stats[i+len(`"quads":`):]), "%d", &n)
		}
		return string(out), n
	}

	refDSN, drop, err := newSchema(server)
	if err != nil {
		t.Fatal(err)
	}
	defer drop()
	if out, err := medkg(refDSN, "load", all).CombinedOutput(); err != nil {
		t.Fatalf("load: %v\n%s", err, out)
	}
	want, _ := export(refDSN)

	for round := range 3 {
		dsn, drop, err := newSchema(server)
		if err != nil {
			t.Fatal(err)
		}
		defer drop()
		var cmds [2]*exec.Cmd
		var outs [2]bytes.Buffer
		for i, set := range sets {
			cmds[i] = medkg(dsn, "load", set)
			cmds[i].Stdout, cmds[i].Stderr = &outs[i], &outs[i]
			if err := cmds[i].Start(); err != nil {
				t.Fatal(err)
			}
		}
		for i, c := range cmds {
			if err := c.Wait(); err != nil {
				t.Fatalf("round %d: load %d: %v\n%s", round, i, err, outs[i].String())
			}
		}
		got, n := export(dsn)
		if got != want {
			t.Errorf("round %d: the store after two concurrent loads differs from one load of all the articles", round)
		}
		if lines := strings.Count(got, "\n"); n != lines {
			t.Errorf("round %d: store holds %d quads, its export %d distinct lines", round, n, lines)
		}
	}
}
