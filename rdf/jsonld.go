package rdf

import (
	"fmt"
	"sort"

	"github.com/piprate/json-gold/ld"
)

// CompactJSONLD compacts an expanded JSON-LD document with a context made of prefixes
// (name → namespace), by json-gold's conformant compaction algorithm: the same quads, with
// "schema:founder" and {"@id": "id:siat"} for full IRIs (the seeds' export: 794 KB expanded).
// Literals keep their lexical form and datatype ({"@value": "007", "@type": "xsd:integer"}),
// since the expanded input writes none as a JSON number. json-gold returns maps, which
// encoding/json writes with sorted keys: the output is deterministic.
func CompactJSONLD(expanded any, prefixes map[string]string) (any, error) {
	ctx := map[string]any{}
	names := make([]string, 0, len(prefixes))
	for n := range prefixes {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		ctx[n] = prefixes[n]
	}
	opts := ld.NewJsonLdOptions("")
	// Keep the document a {"@context", "@graph"} object even with one node, so readers find
	// nodes in one place.
	opts.CompactArrays = true
	out, err := ld.NewJsonLdProcessor().Compact(expanded, map[string]any{"@context": ctx}, opts)
	if err != nil {
		return nil, fmt.Errorf("compact JSON-LD: %w", err)
	}
	return out, nil
}

// JSONLDToNQuads turns a JSON-LD document (any form) into N-Quads by json-gold's
// conformant toRDF algorithm, for a strict N-Quads reader to check and read.
func JSONLDToNQuads(doc any) (string, error) {
	opts := ld.NewJsonLdOptions("")
	opts.Format = "application/n-quads"
	out, err := ld.NewJsonLdProcessor().ToRDF(doc, opts)
	if err != nil {
		return "", fmt.Errorf("JSON-LD to RDF: %w", err)
	}
	s, _ := out.(string)
	return s, nil
}
