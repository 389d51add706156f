package cmd

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/loader"
)

// TestExitCodes pins the exit code and message of each kind of failure, through Main.
func TestExitCodes(t *testing.T) {
	t.Parallel()
	loaded, _ := loadedSeeds(t)
	badDir := t.TempDir()
	os.MkdirAll(filepath.Join(badDir, "articles"), 0o755)
	os.WriteFile(filepath.Join(badDir, "registry.yaml"), []byte("entities: [\n"), 0o644)

	tests := []struct {
		name    string
		db      string
		args    []string
		code    int
		stderr  string
		stdoutE bool // stdout must be empty
	}{
		{"help", loaded, []string{"--help"}, ExitOK, "", false},
		{"unknown flag", loaded, []string{"export", "--nope"}, ExitUsage, "unknown flag: --nope", true},
		{"unknown command", loaded, []string{"frobnicate"}, ExitUsage, `unknown command "frobnicate"`, true},
		{"too many args", loaded, []string{"load", "a", "b"}, ExitUsage, "accepts at most 1 arg", true},
		{"missing fact dir", loaded, []string{"load", filepath.Join(badDir, "nope")}, ExitUsage, "fact directory", true},
		{"bad fact files", loaded, []string{"load", badDir}, ExitData, "registry.yaml:1: malformed YAML", true},
		{"no store", filepath.Join(t.TempDir(), "none"), []string{"export"}, ExitNoData, "run `medkg load` to create it", true},
		{"unknown graph", loaded, []string{"export", "--graph", "nope"}, ExitNoData, "not found", true},
		{"bad format", loaded, []string{"export", "--format", "rdfxml"}, ExitUsage, `unknown output format "rdfxml"`, true},
		{"bad output", loaded, []string{"export", "-o", "rdfxml"}, ExitUsage, "usage: medkg export [flags]", true},
		{"param without --param", loaded, []string{"query", "founders-of", "centre=Mindray"}, ExitUsage, "hint: a stored query's parameters go with --param: --param centre=Mindray\nusage: medkg query", true},
		{"usage line", loaded, []string{"load", "a", "b"}, ExitUsage, "usage: medkg load", true},
		{"bad base", loaded, []string{"--base", "not an iri", "load", "--dry-run"}, ExitError, "base IRI", true},
		{"unknown backend", loaded, []string{"--backend", "sqlite", "stats"}, ExitUsage, `unknown --backend "sqlite": use one of bbolt, postgres`, true},
		{"server unreachable", loaded, []string{"--backend", "postgres", "--address", "postgres://ana:s3cret-pw@127.0.0.1:1/kg", "stats"}, ExitConnect, "cannot reach PostgreSQL at ana@127.0.0.1:1/kg", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, stderr, code := run(t, tt.db, tt.args...)
			if code != tt.code {
				t.Errorf("exit code %d, want %d; stderr: %s", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr %q does not contain %q", stderr, tt.stderr)
			}
			if strings.Contains(stderr, "s3cret-pw") {
				t.Errorf("stderr shows the password: %q", stderr)
			}
			if tt.stdoutE && out != "" {
				t.Errorf("stdout should be empty on error, got %q", out)
			}
		})
	}
}

func TestExitCodeMapping(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		want int
	}{
		{nil, ExitOK},
		{fmt.Errorf("x"), ExitError},
		{usageError{fmt.Errorf("x")}, ExitUsage},
		{fmt.Errorf("wrapped: %w", loader.Problems{{File: "f", Line: 1, Msg: "m"}}), ExitData},
		{fmt.Errorf("open: %w", graph.ErrLocked), ExitLocked},
		{fmt.Errorf("open: %w", graph.ErrNoStore), ExitNoData},
		{fmt.Errorf("graph: %w", errNotFound), ExitNoData},
		{fmt.Errorf("open: %w", graph.ErrConnect), ExitConnect},
	}
	for _, tt := range tests {
		if got := ExitCode(tt.err); got != tt.want {
			t.Errorf("ExitCode(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}
