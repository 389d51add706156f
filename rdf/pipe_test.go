package rdf

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
)

// TestCheckedWrappers: skipping bad lines, naming a graph and reading ahead keep every good
// quad in order, end in io.EOF, and are still Checked (so Import trusts them).
func TestCheckedWrappers(t *testing.T) {
	t.Parallel()
	var in strings.Builder
	var want []quad.Quad
	for i := range 10000 {
		if i%1000 == 7 {
			in.WriteString("not a statement\n")
		}
		q := quad.Quad{Subject: quad.IRI(fmt.Sprintf("http://ex/s%d", i)), Predicate: quad.IRI("http://ex/p"), Object: quad.String("o")}
		if i%2 == 0 {
			q.Label = quad.IRI("http://ex/other")
		}
		in.WriteString(q.NQuad() + "\n")
		if q.Label == nil {
			q.Label = quad.IRI("http://ex/g")
		}
		want = append(want, q)
	}
	g, err := InGraph(SkipSyntaxErrors(NewNQuadsReader(strings.NewReader(in.String()))), "http://ex/g")
	if err != nil {
		t.Fatal(err)
	}
	ahead := ReadAhead(context.Background(), g, 333)
	defer ahead.Close()
	var r Reader = ahead
	if _, ok := r.(Checked); !ok {
		t.Fatal("ReadAhead of a checked reader is not Checked")
	}
	for i, w := range want {
		q, err := r.Read()
		if err != nil || q != w {
			t.Fatalf("quad %d: %v, %v; want %v", i, q, err, w)
		}
	}
	for range 2 {
		if _, err := r.Read(); err != io.EOF {
			t.Fatalf("after the last quad: %v, want io.EOF", err)
		}
	}
	if _, err := InGraph(g, "no scheme"); err == nil {
		t.Error("InGraph accepted a relative IRI")
	}
	var f Reader = ReaderFunc(func() (quad.Quad, error) { return quad.Quad{}, io.EOF })
	if _, ok := f.(Checked); ok {
		t.Error("a ReaderFunc claims to be Checked")
	}
}

// TestReadAheadStops: an error from the reader arrives after the quads before it, and Close
// stops a reader that nobody drains.
func TestReadAheadStops(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	n := 0
	src := &fakeChecked{next: func() (quad.Quad, error) {
		n++
		if n == 5 {
			return quad.Quad{}, boom
		}
		return quad.Quad{Subject: quad.IRI("http://ex/s"), Predicate: quad.IRI("http://ex/p"), Object: quad.Int(n)}, nil
	}}
	p := ReadAhead(context.Background(), src, 2)
	for i := 1; i < 5; i++ {
		if q, err := p.Read(); err != nil || q.Object != quad.Int(i) {
			t.Fatalf("read %d: %v %v", i, q, err)
		}
	}
	if _, err := p.Read(); !errors.Is(err, boom) {
		t.Fatalf("got %v, want boom", err)
	}
	p.Close()

	endless := &fakeChecked{next: func() (quad.Quad, error) {
		return quad.Quad{Subject: quad.IRI("http://ex/s"), Predicate: quad.IRI("http://ex/p"), Object: quad.String("o")}, nil
	}}
	p = ReadAhead(context.Background(), endless, 10)
	p.Read()
	p.Close() // must return
}

type fakeChecked struct{ next func() (quad.Quad, error) }

func (f *fakeChecked) Read() (quad.Quad, error) { return f.next() }
func (*fakeChecked) checked()                   {}

// TestObject: keys in order, values unescaped; an escaping encoder still escapes the whole.
func TestObject(t *testing.T) {
	t.Parallel()
	o := Object{{Key: "z", Value: "R&D <x>"}, {Key: "a", Value: []Object{{{Key: "n", Value: 1}}}}}
	var b strings.Builder
	if err := WriteJSON(&b, o); err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"z\": \"R&D <x>\",\n  \"a\": [\n    {\n      \"n\": 1\n    }\n  ]\n}\n"
	if b.String() != want {
		t.Errorf("WriteJSON = %q, want %q", b.String(), want)
	}
}
