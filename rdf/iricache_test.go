package rdf

import (
	"fmt"
	"strings"
	"testing"
	"unsafe"

	"github.com/cayleygraph/quad"
)

// TestIRICache: every IRI comes back as itself, through evictions (more IRIs than slots),
// and an IRI asked for twice in a row comes back as the same string, not a copy.
func TestIRICache(t *testing.T) {
	var c iriCache
	for round := 0; round < 2; round++ {
		for i := 0; i < 3*len(c.slots); i++ {
			b := []byte(fmt.Sprintf("https://example.org/medkg/id/org-%d", i))
			v := c.value(b)
			if v != quad.IRI(b) {
				t.Fatalf("value(%q) = %#v", b, v)
			}
			b[len(b)-1] = 'x' // the caller's buffer is reused: the value must not share it
			if v == quad.IRI(b) {
				t.Fatalf("value(%q) shares the caller's bytes", b)
			}
			b[len(b)-1] = byte('0' + i%10)
			again := c.value(b)
			if unsafe.StringData(string(again.(quad.IRI))) != unsafe.StringData(string(v.(quad.IRI))) {
				t.Fatalf("value(%q) twice in a row: two strings, want the cached one", b)
			}
		}
	}
}

// TestNQuadsReaderSharesIRIs: the reader hands out one value for an IRI its lines repeat,
// and the quads are those of the text.
func TestNQuadsReaderSharesIRIs(t *testing.T) {
	const text = "<http://ex/s> <http://ex/p> \"a\" <http://ex/g> .\n" +
		"<http://ex/s> <http://ex/p> <http://ex/o> <http://ex/g> .\n"
	r := NewNQuadsReader(strings.NewReader(text))
	q1, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	q2, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	if q1.Subject != quad.IRI("http://ex/s") || q2.Object != quad.IRI("http://ex/o") || q2.Label != quad.IRI("http://ex/g") {
		t.Fatalf("read %v and %v", q1, q2)
	}
	for _, pair := range [][2]quad.Value{{q1.Subject, q2.Subject}, {q1.Predicate, q2.Predicate}, {q1.Label, q2.Label}} {
		a, b := string(pair[0].(quad.IRI)), string(pair[1].(quad.IRI))
		if unsafe.StringData(a) != unsafe.StringData(b) {
			t.Errorf("%s: a new string on the second line, want the first line's", a)
		}
	}
}
