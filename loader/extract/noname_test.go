package extract_test

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/loader/extract"
)

// No rule names an entity of the real news set (issue 12): the rule files (the package's
// non-test sources) may hold generic words and what the seeds' registry holds, never a
// distinctive word of a name from a dev or test article ("Ningbo", "Tencent", "CNITECH").
func TestRulesNameNoNewsEntity(t *testing.T) {
	gold, err := os.ReadDir(filepath.Join("testdata", "news", "gold"))
	if err != nil {
		t.Fatal(err)
	}
	files := []string{filepath.Join("testdata", "news", "registry.yaml")}
	for _, g := range gold {
		files = append(files, filepath.Join("testdata", "news", "gold", g.Name()))
	}
	seeds := map[string]bool{}
	_, reg := seedArticles(t)
	for _, e := range reg {
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			for _, w := range words(n) {
				seeds[w] = true
			}
		}
	}
	distinct := map[string]bool{}
	reName := regexp.MustCompile(`(?m)(?:name|aliases): *(.+)$|^ *- ([A-Z].+)$`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range reName.FindAllStringSubmatch(string(b), -1) {
			for _, w := range words(m[1] + " " + m[2]) {
				if len(w) > 2 && !seeds[w] && !loader.IsGenericName(w) && w[0] >= 'A' && w[0] <= 'Z' {
					distinct[w] = true
				}
			}
		}
	}
	if len(distinct) < 50 {
		t.Fatalf("only %d distinctive words read from the gold: the test reads nothing", len(distinct))
	}
	srcs, _ := filepath.Glob("*.go")
	var found []string
	for _, src := range srcs {
		if strings.HasSuffix(src, "_test.go") {
			continue
		}
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range words(stripComments(string(b))) {
			if distinct[w] && !generic[w] {
				found = append(found, src+": "+w)
			}
		}
	}
	sort.Strings(found)
	if len(found) > 0 {
		t.Errorf("rule files name words of the news set's entities:\n%s", strings.Join(found, "\n"))
	}
	_ = extract.NameKey
}

// generic are words of news names that are ordinary words a rule may use: a title, a kind
// of medium.
var generic = map[string]bool{"Dean": true, "Network": true}

// stripComments drops // comments: examples in comments are documentation, not rules (those
// from the seeds' time name real places; new ones use invented names).
func stripComments(src string) string {
	var b strings.Builder
	for _, ln := range strings.Split(src, "\n") {
		if i := strings.Index(ln, "//"); i >= 0 && !strings.Contains(ln[:i], "`") && strings.Count(ln[:i], "\"")%2 == 0 {
			ln = ln[:i]
		}
		b.WriteString(ln + "\n")
	}
	return b.String()
}

func words(s string) []string {
	return regexp.MustCompile(`[A-Za-z][A-Za-z'’\-]*`).FindAllString(s, -1)
}
