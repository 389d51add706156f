package rdf

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// FuzzTurtle: ParseTurtle never panics; what it accepts, TrigWriter writes and ParseTurtle
// reads back as the same quads (blank nodes as blanks), and every IRI it returns is valid.
// Seeded with the W3C suites' files.
func FuzzTurtle(f *testing.F) {
	for _, dir := range []string{"testdata/turtle-w3c", "testdata/trig-w3c"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.t*"))
		for i, file := range files {
			if i%4 != 0 { // a quarter of them: enough variety, a quick seed run
				continue
			}
			data, err := os.ReadFile(file)
			if err == nil {
				f.Add(data, strings.HasSuffix(file, ".trig"))
			}
		}
	}
	f.Fuzz(func(t *testing.T, doc []byte, trig bool) {
		qs, err := ParseTurtle(doc, "http://example.org/base/", trig)
		if err != nil {
			if _, ok := err.(*TurtleError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		for _, q := range qs {
			if !q.IsValid() {
				t.Fatalf("incomplete quad %v", q)
			}
			if err := ValidQuadIRIs(q); err != nil {
				t.Fatalf("quad %v: %v", q, err)
			}
		}
		var buf bytes.Buffer
		w := NewTrigWriter(&buf, trig, map[string]string{"ex": "http://example.org/"})
		if _, err := w.WriteQuads(qs); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			return // a blank node label Turtle cannot write: refused, not mangled
		}
		back, err := ParseTurtle(buf.Bytes(), "", trig)
		if err != nil {
			t.Fatalf("re-read of our own output: %v\n%s", err, buf.String())
		}
		// A graph is a set: a triple the document states twice is written (and read back) once.
		if a, b := slices.Compact(canonLines(back)), slices.Compact(canonLines(qs)); strings.Join(a, "\n") != strings.Join(b, "\n") {
			t.Fatalf("round trip differs:\n%s\nwant\n%s", strings.Join(a, "\n"), strings.Join(b, "\n"))
		}
	})
}
