package rdf

import (
	"fmt"
	"sort"
	"strings"

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
// conformant toRDF algorithm, for a strict N-Quads reader to check and read. JSON-LD drops
// what it cannot turn into RDF without a word (a key that maps to no IRI, a relative @id with
// no base); here that is an error instead, so that an import loses nothing silently: the
// document is expanded in json-gold's safe mode (a dropped key fails) and every IRI of the
// expanded form must be absolute. Remote contexts are not fetched.
func JSONLDToNQuads(doc any) (string, error) {
	opts := ld.NewJsonLdOptions("")
	opts.SafeMode = true
	opts.DocumentLoader = noRemoteLoader{}
	// The safe-mode pass, through the API json-gold's Expand calls: Expand copies its
	// options without SafeMode (json-gold v0.5.0), so that it never fails on a dropped key.
	if _, err := ld.NewJsonLdApi().Expand(ld.NewContext(nil, opts), "", ld.CloneDocument(doc), opts, false, nil); err != nil {
		return "", fmt.Errorf("JSON-LD: %w", err)
	}
	proc := ld.NewJsonLdProcessor()
	expanded, err := proc.Expand(doc, opts)
	if err != nil {
		return "", fmt.Errorf("JSON-LD: %w", err)
	}
	if err := checkExpanded(expanded, ""); err != nil {
		return "", fmt.Errorf("JSON-LD: %w", err)
	}
	opts.Format = "application/n-quads"
	out, err := proc.ToRDF(expanded, opts)
	if err != nil {
		return "", fmt.Errorf("JSON-LD to RDF: %w", err)
	}
	s, _ := out.(string)
	return s, nil
}

// noRemoteLoader refuses to fetch a remote @context: an import reads the file it is given,
// not the network.
type noRemoteLoader struct{}

func (noRemoteLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	return nil, fmt.Errorf("remote context <%s> is not fetched: put the context in the document", u)
}

// checkExpanded walks expanded JSON-LD: every property, @id and @type must be an absolute
// IRI (or a blank node), since toRDF would drop the statement otherwise.
func checkExpanded(v any, where string) error {
	iri := func(s, what string) error {
		if strings.HasPrefix(s, "_:") {
			return nil
		}
		if err := ValidIRI(s); err != nil {
			return fmt.Errorf("%s%s %q is not an absolute IRI (no @base, or a term with no definition): %v", where, what, s, err)
		}
		return nil
	}
	switch v := v.(type) {
	case []any:
		for _, x := range v {
			if err := checkExpanded(x, where); err != nil {
				return err
			}
		}
	case map[string]any:
		if _, isValue := v["@value"]; isValue {
			if t, ok := v["@type"].(string); ok {
				return iri(t, "datatype")
			}
			return nil
		}
		for k, x := range v {
			switch k {
			case "@id":
				if s, ok := x.(string); ok {
					if err := iri(s, "@id"); err != nil {
						return err
					}
				}
			case "@type":
				ts, _ := x.([]any)
				for _, t := range ts {
					if s, ok := t.(string); ok {
						if err := iri(s, "@type"); err != nil {
							return err
						}
					}
				}
			default:
				if !strings.HasPrefix(k, "@") {
					if err := iri(k, "property"); err != nil {
						return err
					}
				}
				if err := checkExpanded(x, where); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
