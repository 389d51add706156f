package cmd

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/medkg/medkg/kg"
)

// errNotFound is returned when what was asked for is not in the store (kg.ErrNotFound).
var errNotFound = kg.ErrNotFound

// table writes aligned columns for people to read; numbers are right-aligned.
//
// tabwriter writes each cell and its padding to its writer separately: straight to stdout
// that was a system call each, 206k of them for `stats` at 1M, most of its time. So the
// table writes through a buffer of its own, emptied by flush.
type table struct {
	tw *tabwriter.Writer
	bw *bufio.Writer
}

func newTable(w io.Writer, header ...string) *table {
	t := newKVTable(w)
	t.row(anySlice(header)...)
	return t
}

func (t *table) row(cells ...any) {
	s := make([]string, len(cells))
	for i, c := range cells {
		s[i] = termSafe(fmt.Sprint(c)) // a cell cannot move the cursor or break the columns
	}
	fmt.Fprintln(t.tw, strings.Join(s, "\t"))
}

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func (t *table) flush() error {
	if err := t.tw.Flush(); err != nil {
		return err
	}
	return t.bw.Flush()
}

// newKVTable is a table with no header, for aligned "key  value" blocks.
func newKVTable(w io.Writer) *table {
	bw := bufio.NewWriterSize(w, 64<<10)
	return &table{tw: tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0), bw: bw}
}

// errNoMatch reports that a lookup found nothing (kg.NotFound).
func errNoMatch(format string, args ...any) error { return kg.NotFound(format, args...) }
