package rdf

import "github.com/cayleygraph/quad"

// Reader yields quads one at a time: io.EOF at the end. A reader may return an error for one
// bad statement and go on after it (as NQuadsReader does with a *SyntaxError); a consumer
// that wants all or nothing stops at the first error.
type Reader interface {
	Read() (quad.Quad, error)
}

// ReaderFunc makes a function a Reader. Its quads are not known to be checked: a store
// checks each one as the export will (complete, every IRI valid) before writing it.
type ReaderFunc func() (quad.Quad, error)

// Read calls f.
func (f ReaderFunc) Read() (quad.Quad, error) { return f() }

// Checked is a Reader whose every quad was checked while it was parsed: complete, and every
// IRI (terms and datatypes) valid by ValidIRI, so a consumer need not check it again. Only
// this package's strict readers can be Checked: the method that marks them is unexported.
type Checked interface {
	Reader
	checked()
}

func (*NQuadsReader) checked() {}
