package cmd

import (
	"strings"
	"testing"

	"github.com/dop251/goja"

	"github.com/medkg/medkg/loader"
)

// FuzzParsePath checks the path syntax: any arguments either give an error or a script that
// compiles, in which every IRI and tag appears only as a JSON string.
func FuzzParsePath(f *testing.F) {
	for _, s := range []string{
		"<parentOrganization*\x00@member\x00<founder\x00:Center",
		">schema:founder+\x00:schema:Organization",
		`><https://example.org/a"b>`,
		"@x\x00@x",
		"<<https://example.org/p>\x00>bogus",
		`:Center\x00@a");g.emit(1);//`,
	} {
		f.Add(s)
	}
	v := loader.NewVocab(loader.DefaultBase)
	prefixes := loader.QueryPrefixes(loader.DefaultBase)
	f.Fuzz(func(t *testing.T, joined string) {
		steps, err := parsePath(v, prefixes, strings.Split(joined, "\x00"))
		if err != nil {
			return
		}
		script := pathScript(`g.V("<https://example.org/medkg/id/cas>")`, steps)
		if _, err := goja.Compile("", script, false); err != nil {
			t.Fatalf("script does not compile: %v\n%s", err, script)
		}
		if n := strings.Count(script, "\n"); n != len(steps)+2 {
			t.Fatalf("script has %d statements for %d steps:\n%s", n, len(steps), script)
		}
		for _, s := range steps {
			if s.kind == stepTag && !strings.Contains(script, jsString(s.tag)) {
				t.Fatalf("tag %q not written as a JSON string:\n%s", s.tag, script)
			}
		}
	})
}
