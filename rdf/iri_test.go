package rdf

import (
	"fmt"
	"strings"
	"testing"
)

func TestValidIRI(t *testing.T) {
	t.Parallel()
	cases := []struct {
		iri   string
		valid bool
	}{
		{"http://example.org/a", true},
		{"https://example.org/a?b=c&d#e", true},
		{"https://example.org/%20encoded", true},
		{"urn:isbn:0451450523", true},
		{"urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66", true},
		{"mailto:someone@example.org", true},
		{"http://www.w3.org/2001/XMLSchema#date", true},
		{"https://example.org/éà", true},
		{"x-y.z+w:rest", true},
		{"", false},
		{"example.org/a", false},
		{"/relative/path", false},
		{":no-scheme", false},
		{"1http://example.org/", false},
		{"ht tp://example.org/", false},
		{"-http://example.org/", false},
		{"http://example.org/a b", false},
		{"http://example.org/a\tb", false},
		{"http://example.org/a\nb", false},
		{"http://example.org/<a>", false},
		{"http://example.org/a>", false},
		{`http://example.org/"a"`, false},
		{"http://example.org/{a}", false},
		{"http://example.org/a}", false},
		{`http://example.org/a\b`, false},
		{"http://example.org/a|b", false},
		{"http://example.org/a^b", false},
		{"http://example.org/a`b", false},
		{"http://example.org/\x00", false},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%q", tc.iri), func(t *testing.T) {
			err := ValidIRI(tc.iri)
			if tc.valid && err != nil {
				t.Errorf("ValidIRI(%q) = %v, want valid", tc.iri, err)
			}
			if !tc.valid {
				if err == nil {
					t.Errorf("ValidIRI(%q) accepted it", tc.iri)
				} else if !strings.Contains(err.Error(), tc.iri) {
					t.Errorf("ValidIRI(%q): error %q does not quote the IRI", tc.iri, err)
				}
			}
		})
	}
}
