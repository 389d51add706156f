package graph

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/medkg/medkg/rdf"
)

// WriteQuads writes qs in one of Formats, sorted by N-Quads line and without duplicates, as
// Export writes a store: for a handful of quads held in memory, such as the description of
// one resource that serve answers at its IRI. It returns the number of quads written.
func WriteQuads(w io.Writer, format string, qs []quad.Quad) (int, error) {
	if format == "" {
		format = "nquads"
	}
	if !slices.Contains(Formats, format) {
		return 0, fmt.Errorf("unknown format %q: use one of %s", format, strings.Join(Formats, ", "))
	}
	lines := make([]string, 0, len(qs))
	for _, q := range qs {
		if err := validQuad(q); err != nil {
			return 0, err
		}
		lines = append(lines, rdf.NQuadLine(q))
	}
	sort.Strings(lines)
	lines = slices.Compact(lines)
	if format == "nquads" {
		var b strings.Builder
		for _, l := range lines {
			b.WriteString(l + "\n")
		}
		_, err := io.WriteString(w, b.String())
		return len(lines), err
	}
	var fw quad.WriteCloser
	if format == "jsonld" {
		fw = newJSONLDWriter(w)
	} else if f := quad.FormatByName(format); f != nil && f.Writer != nil {
		fw = f.Writer(w)
	} else {
		return 0, fmt.Errorf("format %q: no writer for a list of quads", format)
	}
	parsed := make([]quad.Quad, 0, len(lines))
	for _, l := range lines {
		q, err := nquads.ParseRaw(l) // as Export: Parse would turn "007"^^xsd:integer into 7
		if err != nil {
			fw.Close()
			return 0, err
		}
		parsed = append(parsed, q)
	}
	if _, err := fw.WriteQuads(parsed); err != nil {
		fw.Close()
		return 0, err
	}
	return len(lines), fw.Close()
}
