package rdf

import (
	"bytes"
	"encoding/json"
	"io"
)

// Object is a JSON object that keeps its keys in the order given, for deterministic output
// (JSON-LD documents, query rows in the order of their columns, entity views). Values are
// marshalled without HTML escaping; an encoder that writes an Object decides that for the
// whole document, since it re-compacts what MarshalJSON returns.
type Object []Field

// Field is one key and value of an Object.
type Field struct {
	Key   string
	Value any
}

// MarshalJSON writes the fields in order.
func (o Object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(f.Key) // keys escaped as they always were
		if err != nil {
			return nil, err
		}
		v, err := marshalNoEscape(f.Value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// WriteJSON writes v indented by two spaces, with a final newline and without HTML
// escaping ("R&D" and "<IRI>" stay as they are): stable bytes for programs and diffs.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// marshalNoEscape is json.Marshal without HTML escaping.
func marshalNoEscape(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}
