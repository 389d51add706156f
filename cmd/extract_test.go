package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/medkg/medkg/seeds"
)

// Bad articles get a clear message naming the file, and the exit code of their kind.
func TestExtractBadInput(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "db")
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"empty", []string{"extract", write("empty.txt", nil)}, ExitData, "empty.txt: not an article: the file is empty"},
		{"blank", []string{"extract", write("blank.txt", []byte("\n \n"))}, ExitData, "blank.txt: not an article: the file is empty"},
		{"binary", []string{"extract", write("binary.txt", []byte("\x7fELF\x02\x01\x00\x00"))}, ExitData, "binary.txt: not an article: binary or not UTF-8"},
		{"latin-1", []string{"extract", write("latin1.txt", []byte("Caf\xe9 Lab opens"))}, ExitData, "latin1.txt: not an article: binary or not UTF-8"},
		{"missing", []string{"extract", filepath.Join(dir, "nowhere.txt")}, ExitUsage, "nowhere.txt: no such file"},
		{"bad date", []string{"extract", "--published", "2024-13-01", write("ok.txt", []byte("An article.\n"))}, ExitUsage, "give the date as YYYY-MM-DD"},
		{"control character", []string{"extract", write("fuzz.txt", []byte("An article.\n0000\u009dB Co\n"))}, ExitData, "fuzz.txt:2: not an article: control character U+009D"},
		{"add outside a fact directory", []string{"add", write("loose.txt", []byte("An article.\n"))}, ExitUsage, "not in a fact directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, stderr, code := run(t, db, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.msg) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tt.code, tt.msg)
			}
			if out != "" {
				t.Errorf("stdout = %q, want nothing", out)
			}
		})
	}
}

// medkg add drafts a seed article again into a copy of the seeds (its curated file removed),
// and the copy checks and loads with the draft in place of the curated file.
func TestAddSeedArticle(t *testing.T) {
	dir := t.TempDir()
	facts := filepath.Join(dir, "facts")
	if err := seeds.WriteTo(facts); err != nil {
		t.Fatal(err)
	}
	const art = "004_9e3b36c867778e8f"
	if err := os.Remove(filepath.Join(facts, "articles", art+".yaml")); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "db")
	txt := filepath.Join(facts, "articles", art+".txt")
	_, stderr, code := run(t, db, "add", txt)
	if code != ExitOK {
		t.Fatalf("add: exit %d: %s", code, stderr)
	}
	draft, err := os.ReadFile(filepath.Join(facts, "articles", art+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"  - s: nhmaii-center\n    p: approvedBy\n    o: miit\n", "  - person: zheng-hairong\n    role: director\n    org: nhmaii-center\n"} {
		if !strings.Contains(string(draft), want) {
			t.Errorf("draft lacks\n%s", want)
		}
	}
	if _, stderr, code := run(t, db, "add", txt); code != ExitError || !strings.Contains(stderr, "exists") {
		t.Errorf("second add: exit %d, %s; want a refusal (exit 1)", code, stderr)
	}
	// The draft has facts marked CHECK: add --load refuses them unreviewed (issue 12,
	// item 9), naming each line, and loads them with --force.
	if _, stderr, code := run(t, db, "add", "--load", txt); code != ExitError || !strings.Contains(stderr, "marked CHECK") || !strings.Contains(stderr, art+".yaml:") {
		t.Fatalf("add --load with CHECK marks: exit %d: %s; want a refusal naming the lines", code, stderr)
	}
	if _, stderr, code := run(t, db, "add", "--load", "--force", txt); code != ExitOK || !strings.Contains(stderr, "loaded 5 articles") {
		t.Fatalf("add --load --force: exit %d: %s", code, stderr)
	}
	out, _, code := run(t, db, "show", "Zheng Hairong")
	if code != ExitOK || !strings.Contains(out, "director") {
		t.Errorf("show Zheng Hairong after add --load: exit %d\n%s", code, out)
	}
}

// docs/extraction.md shows the table medkg eval prints now: a change to the extractor that
// moves a figure must update the page.
func TestExtractionDocCurrent(t *testing.T) {
	out, stderr, code := run(t, filepath.Join(t.TempDir(), "db"), "eval")
	if code != ExitOK {
		t.Fatalf("eval: exit %d: %s", code, stderr)
	}
	doc, err := os.ReadFile(filepath.Join("..", "docs", "extraction.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "```\n"+out+"```") {
		t.Errorf("docs/extraction.md does not show the current medkg eval table:\n%s", out)
	}
}

// docs/extraction.md shows the tables medkg eval prints now for the unseen test sets, and
// a bad --registry is a usage error.
func TestExtractionDocUnseenCurrent(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "extraction.md"))
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "db")
	for _, set := range []string{"unseen", "unseen-after"} {
		dir := filepath.Join("..", "loader", "extract", "testdata", set)
		out, stderr, code := run(t, db, "eval", "--registry", filepath.Join("..", "seeds", "registry.yaml"), dir)
		if code != ExitOK {
			t.Fatalf("eval %s: exit %d: %s", set, code, stderr)
		}
		if !strings.Contains(stderr, "unseen, extracted with") {
			t.Errorf("eval %s: stderr %q does not say how it extracted", set, stderr)
		}
		if !strings.Contains(string(doc), "```\n"+out+"```") {
			t.Errorf("docs/extraction.md does not show the current table for %s:\n%s", set, out)
		}
	}
	if _, stderr, code := run(t, db, "eval", "--registry", "nowhere.yaml"); code != ExitUsage || !strings.Contains(stderr, "not a registry file") {
		t.Errorf("eval --registry nowhere.yaml: exit %d, %q; want usage error", code, stderr)
	}
	if _, _, code := run(t, db, "eval", "--registry", filepath.Join("..", "seeds", "registry.yaml"), "--full-registry"); code != ExitUsage {
		t.Errorf("eval --registry with --full-registry: exit %d, want usage error", code)
	}
}
