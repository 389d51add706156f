package graph

import (
	"io"

	"github.com/cayleygraph/quad"
)

// WriteQuads writes qs in one of Formats, sorted by N-Quads line and without duplicates, as
// Export writes a store: for a handful of quads held in memory, such as the description of
// one resource that serve answers at its IRI. prefixes shorten IRIs where the format uses
// them (Turtle, TriG, JSON-LD's context); none is fine. It returns the number of quads
// written. It is ExportQuads with the format and prefixes as arguments.
func WriteQuads(w io.Writer, format string, qs []quad.Quad, prefixes ...map[string]string) (int, error) {
	o := ExportOptions{Format: format}
	if len(prefixes) > 0 {
		o.Prefixes = prefixes[0]
	}
	return ExportQuads(w, qs, o)
}
