package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 13: eval --registry dropped EvaluateUnseen's error (a new err declared inside the
// case) and then dereferenced a nil result. An article the extractor rejects must give its
// error, exit 3, not a panic.
func TestEvalRegistryError(t *testing.T) {
	dir := t.TempDir()
	facts := filepath.Join(dir, "facts")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(facts, "articles"), 0o755))
	reg := "entities:\n  - id: hilltop\n    type: CollegeOrUniversity\n    name: Hilltop University\n"
	must(os.WriteFile(filepath.Join(facts, "registry.yaml"), []byte(reg), 0o644))
	must(os.WriteFile(filepath.Join(facts, "articles", "001_a.yaml"), []byte("article: {}\nfacts: []\n"), 0o644))
	must(os.WriteFile(filepath.Join(facts, "articles", "001_a.txt"), []byte("Hilltop University opened.\n\x01 a control character\n"), 0o644))
	_, stderr, code := run(t, filepath.Join(dir, "db"), "eval", "--registry", filepath.Join(facts, "registry.yaml"), facts)
	if code != ExitData || !strings.Contains(stderr, "control character") {
		t.Errorf("eval --registry on a bad article: exit %d, %q; want exit %d naming the control character", code, stderr, ExitData)
	}
}

// eval --news needs the real news texts; without them it says where it looked.
func TestEvalNewsMissing(t *testing.T) {
	t.Setenv("MEDKG_NEWS", filepath.Join(t.TempDir(), "nowhere"))
	_, stderr, code := run(t, filepath.Join(t.TempDir(), "db"), "eval", "--news", "dev", "--gold", filepath.Join("..", "loader", "extract", "testdata", "news"))
	if code != ExitUsage || !strings.Contains(stderr, "real news texts are not in") {
		t.Errorf("exit %d, %q; want a usage error saying where the texts are not", code, stderr)
	}
}

// docs/extraction.md shows the tables medkg eval --news prints now, for both splits.
func TestExtractionDocNewsCurrent(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "extraction.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, split := range []string{"test", "dev"} {
		out, stderr, code := run(t, filepath.Join(t.TempDir(), "db"), "eval", "--news", split, "--gold", filepath.Join("..", "loader", "extract", "testdata", "news"))
		if code != ExitOK {
			t.Fatalf("eval --news %s: exit %d: %s", split, code, stderr)
		}
		if !strings.Contains(string(doc), "```\n"+out+"```") {
			t.Errorf("docs/extraction.md does not show the current medkg eval --news %s table:\n%s", split, out)
		}
	}
}
