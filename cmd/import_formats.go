package cmd

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/medkg/medkg/rdf"
)

// importFormats are the syntaxes import reads; N-Triples is N-Quads without graphs.
var importFormats = []string{"nquads", "ntriples", "turtle", "trig", "jsonld"}

// importFormatOf is the format --format names, or the one the file's extension implies
// (.gz aside); N-Quads when neither says.
func importFormatOf(flag, file string) (string, error) {
	if flag != "" && flag != "auto" {
		for _, f := range importFormats {
			if f == flag {
				return f, nil
			}
		}
		return "", usageError{fmt.Errorf("unknown --format %q: use one of %s", flag, strings.Join(importFormats, ", "))}
	}
	ext := strings.ToLower(filepath.Ext(strings.TrimSuffix(strings.ToLower(file), ".gz")))
	switch ext {
	case ".ttl", ".turtle":
		return "turtle", nil
	case ".trig":
		return "trig", nil
	case ".jsonld", ".json":
		return "jsonld", nil
	case ".nt":
		return "ntriples", nil
	}
	return "nquads", nil
}

// toNQuads converts a Turtle, TriG or JSON-LD file to a temporary N-Quads file that the
// strict N-Quads path then checks and imports as any other: a syntax error is reported with
// its line and column in the original and nothing is written. Turtle and TriG are read by
// rdf.ParseTurtle, JSON-LD by json-gold's toRDF; the whole document is held in memory.
func (o *importOptions) toNQuads(path, format string) (string, func(), error) {
	data, err := readMaybeGzip(path)
	if err != nil {
		return "", nil, err
	}
	var lines []string
	switch format {
	case "turtle", "trig":
		qs, err := rdf.ParseTurtle(data, o.baseIRI, format == "trig")
		if err != nil {
			if te, ok := err.(*rdf.TurtleError); ok {
				return "", nil, dataError{msg: fmt.Sprintf("%s:%d:%d: %s; nothing was imported", o.file, te.Line, te.Col, te.Msg)}
			}
			return "", nil, err
		}
		for _, q := range qs {
			if err := rdf.ValidQuadIRIs(q); err != nil {
				return "", nil, dataError{msg: fmt.Sprintf("%s: %v; nothing was imported", o.file, err)}
			}
			lines = append(lines, q.NQuad())
		}
	case "jsonld":
		var doc any
		if err := json.Unmarshal(data, &doc); err != nil {
			return "", nil, dataError{msg: fmt.Sprintf("%s: not JSON: %v; nothing was imported", o.file, err)}
		}
		nq, err := rdf.JSONLDToNQuads(doc)
		if err != nil {
			return "", nil, dataError{msg: fmt.Sprintf("%s: %v; nothing was imported", o.file, err)}
		}
		lines = strings.Split(strings.TrimSuffix(nq, "\n"), "\n")
	}
	tmp, err := os.CreateTemp("", "medkg-import-*.nq")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { os.Remove(tmp.Name()) }
	bw := bufio.NewWriter(tmp)
	for _, l := range lines {
		if l != "" {
			bw.WriteString(l + "\n")
		}
	}
	err = bw.Flush()
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		cleanup()
		return "", nil, err
	}
	return tmp.Name(), cleanup, nil
}

func readMaybeGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	br := bufio.NewReader(f)
	var r io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		r = zr
	}
	return io.ReadAll(r)
}
