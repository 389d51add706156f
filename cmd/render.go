package cmd

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/medkg/medkg/kg"
	"github.com/medkg/medkg/rdf"
)

// Output formats of query-like commands.
const (
	outTable  = "table"
	outJSON   = "json"
	outCSV    = "csv"
	outNQuads = "nquads"
)

func checkOutput(o string, allowed ...string) error {
	for _, a := range allowed {
		if o == a {
			return nil
		}
	}
	return usageError{fmt.Errorf("unknown output %q: use %s", o, strings.Join(allowed, ", "))}
}

// writeResults prints res in the given format: the output formats of every command that
// prints query rows (query, path, repl).
func writeResults(w io.Writer, r *kg.Renderer, res *kg.Results, format string) error {
	switch format {
	case outJSON:
		return rdf.WriteJSON(w, r.JSON(res))
	case outCSV:
		cw := csv.NewWriter(w)
		cw.Write(res.Cols)
		for _, row := range res.Rows {
			rec := make([]string, len(row))
			for j, cell := range row {
				rec[j] = r.CellText(cell)
			}
			cw.Write(rec)
		}
		cw.Flush()
		return cw.Error()
	case outNQuads:
		return r.WriteSubgraph(w, res)
	}
	if len(res.Cols) == 0 {
		return nil
	}
	header := make([]string, len(res.Cols))
	for j, c := range res.Cols {
		header[j] = strings.ToUpper(c)
		if c == kg.SourceColumn {
			header[j] = "ARTICLES"
		}
	}
	t := newTable(w, header...)
	for _, row := range res.Rows {
		cells := make([]any, len(row))
		for j, cell := range row {
			cells[j] = r.CellText(cell)
		}
		t.row(cells...)
	}
	return t.flush()
}
