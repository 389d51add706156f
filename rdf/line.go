package rdf

import (
	"strings"

	"github.com/cayleygraph/quad"
)

// NQuadLine is q.NQuad() without fmt, and without its end of line: the same bytes (each
// term's String, the label omitted when empty). The export sorts these lines, so it is
// what makes the export's order; q must be complete and its IRIs valid (ValidQuad).
func NQuadLine(q quad.Quad) string {
	var b strings.Builder
	parts := [4]string{q.Subject.String(), q.Predicate.String(), q.Object.String(), ""}
	if q.Label != nil {
		parts[3] = q.Label.String()
	}
	n := len(parts[0]) + len(parts[1]) + len(parts[2]) + len(parts[3]) + 6
	b.Grow(n)
	for i, p := range parts {
		if i < 3 || p != "" {
			b.WriteString(p)
			b.WriteByte(' ')
		}
	}
	b.WriteByte('.')
	return b.String()
}
