package loader

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

// TestYAMLErrorLine: a YAML syntax error is reported on the line of the fault, not where the
// enclosing mapping began (issue 14, item 8: a fault on line 20 of a seed fact file was
// reported as 16, one on line 40 as 36).
func TestYAMLErrorLine(t *testing.T) {
	seed, err := os.ReadFile("../seeds/articles/004_9e3b36c867778e8f.yaml")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(seed), "\n")
	faults := []struct{ name, line string }{
		{"a key indented too little", "   quote: misaligned\n"},
		{"a list item inside a mapping", "    - stray\n"},
		{"a second colon", "    quote: a: b\n"},
		{"a tab", "\tquote: x\n"},
		{"an unclosed flow list", "    about: [a, b\n"},
	}
	for _, f := range faults {
		for _, at := range []int{20, 40} {
			edited := append([]string{}, lines...)
			edited[at-1] = f.line
			fsys := fstest.MapFS{"a.yaml": {Data: []byte(strings.Join(edited, ""))}}
			var ps Problems
			if _, ok := parseYAML(fsys, "a.yaml", &ps); ok {
				t.Errorf("%s on line %d: parsed", f.name, at)
				continue
			}
			if len(ps) != 1 || ps[0].Line != at {
				t.Errorf("%s on line %d: got %v", f.name, at, ps)
			}
		}
	}
}
